"""The "Éditeurs de contenu" group: what a content editor needs in admin, nothing more.

The name is stable (code and docs refer to it); it is French because the
editors are. Members (staff users) may add, change, delete and view roles,
their profiles, salaries, career moves and training paths, and the
questionnaire with its questions, choices and effects; they may view and
change dimensions (rename, describe, reorder) but not add or delete one, since
that changes every profile. They get nothing on attempts, answers and results
(students' data, and their secret result links) nor on users and groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Éditeurs de contenu"
ALL = ("add", "change", "delete", "view")
PERMISSIONS = {
    "careers": {
        "role": ALL,
        "roleweight": ALL,
        "salaryrange": ALL,
        "careermove": ALL,
        "trainingstep": ALL,
        "dimension": ("change", "view"),
    },
    "quiz": {
        "questionnaire": ALL,
        "question": ALL,
        "choice": ALL,
        "choiceeffect": ALL,
    },
}


def create_group(apps, schema_editor):
    # Permissions are normally created after migrate (post_migrate); create them now
    # so the group gets them on a fresh database too.
    for label in PERMISSIONS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [
        (label, f"{action}_{model}")
        for label, models in PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ]
    permissions = [
        Permission.objects.get(content_type__app_label=label, codename=codename)
        for label, codename in codenames
    ]
    group.permissions.set(permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0001_initial"),
        ("careers", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
