"""Every questionnaire that exists gets its content key: its title of today, as a slug.

``load_content`` finds the files' questionnaire by this key (the slug of the files' title),
so renaming a questionnaire in admin no longer makes the next load publish a new copy.
"""

from django.db import migrations
from django.utils.text import slugify


def fill(apps, schema_editor):
    Questionnaire = apps.get_model("quiz", "Questionnaire")
    for questionnaire in Questionnaire.objects.filter(content_key=""):
        questionnaire.content_key = slugify(questionnaire.title)[:120]
        questionnaire.save(update_fields=["content_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0005_questionnaire_content_key"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
