"""Every attempt gets a second random id, for the read-only link its student shares.

Added empty, filled with a fresh UUID per existing row (a default would give them all the same
one), then made unique and required, as ``public_id`` is: Django's documented way to add a unique
field to a table that has rows.
"""

import uuid

from django.db import migrations, models

import quiz.models


def fill(apps, schema_editor):
    Attempt = apps.get_model("quiz", "Attempt")
    pending = list(Attempt.objects.filter(share_id__isnull=True).only("pk"))
    for attempt in pending:
        attempt.share_id = uuid.uuid4()
    Attempt.objects.bulk_update(pending, ["share_id"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0011_content_files_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="attempt",
            name="share_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="share id"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="attempt",
            name="share_id",
            field=models.UUIDField(
                default=quiz.models.new_public_id, editable=False, unique=True, verbose_name="share id"
            ),
        ),
    ]
