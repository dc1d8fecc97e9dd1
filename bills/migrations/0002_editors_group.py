"""Create the Editors group: staff who keep bills and provisions current, but manage no users."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"

# Editors add, change and delete a bill's parts; the reference lists they only view.
EDITABLE = ["bill", "provision", "sponsor", "action", "source", "relatedbill"]
VIEW_ONLY = ["jurisdiction", "party", "category", "categorygroup"]


def create_editors(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{verb}_{model}" for model in EDITABLE for verb in ("add", "change", "delete", "view")]
    codenames += [f"view_{model}" for model in VIEW_ONLY]
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(Permission.objects.filter(content_type__app_label="bills", codename__in=codenames))


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bills", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
