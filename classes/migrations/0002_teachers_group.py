"""The "Enseignants" group: teachers' accounts. It holds no permission: a teacher's rights come
from owning sessions (classes.views), never from the admin, which teachers cannot open (not staff).
The name is stable: code (classes.models.TEACHERS_GROUP) and docs refer to it."""

from django.db import migrations

GROUP_NAME = "Enseignants"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=GROUP_NAME)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("classes", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
