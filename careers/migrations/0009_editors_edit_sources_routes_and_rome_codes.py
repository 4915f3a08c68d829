"""The content editors' group may also add, change, delete and view sources, routes and ROME codes."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Éditeurs de contenu"
MODELS = ("source", "route", "romecode")
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("careers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="careers",
            codename__in=[f"{action}_{model}" for model in MODELS for action in ACTIONS],
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="careers", codename__endswith=MODELS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0008_sources_routes_and_rome_codes"),
        ("quiz", "0002_content_editors_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
