"""Content files in and out from the admin: who may download them, who may load them.

The content editors' group may download the files (to keep them in version control), not load
them: a load changes many roles and the questionnaire at once, past the per-save quality check and
the publish confirmations; it stays with superusers and whoever is given the permission by name.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Éditeurs de contenu"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("quiz")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="quiz", codename="view_content_files")
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="quiz", codename="view_content_files")
        )


class Migration(migrations.Migration):
    dependencies = [("quiz", "0010_editors_view_usage")]

    operations = [
        migrations.AlterModelOptions(
            name="questionnaire",
            options={
                "ordering": ["-is_published", "-created_at"],
                "permissions": [
                    (
                        "view_content_files",
                        "Can download the content files (dimensions, sources, roles, questionnaire)",
                    ),
                    ("change_content_files", "Can load uploaded content files into the database"),
                ],
                "verbose_name": "questionnaire",
                "verbose_name_plural": "questionnaires",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
