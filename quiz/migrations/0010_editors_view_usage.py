"""The content editors' group may view how the quiz is used (aggregates only, no student's answers)."""

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
        group.permissions.add(*Permission.objects.filter(content_type__app_label="quiz", codename="view_usage"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(*group.permissions.filter(content_type__app_label="quiz", codename="view_usage"))


class Migration(migrations.Migration):
    dependencies = [("quiz", "0009_usage_permission_and_started_index")]

    operations = [migrations.RunPython(grant, revoke)]
