"""Every dimension and role that exists gets its content key: its slug of today.

From now on ``load_content`` finds them by this key, so an editor may change a slug
without the next load creating a second copy (a role) or failing (a dimension).
"""

from django.db import migrations
from django.db.models import F


def fill(apps, schema_editor):
    for name in ("Dimension", "Role"):
        apps.get_model("careers", name).objects.filter(content_key="").update(content_key=F("slug"))


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0006_content_key"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
