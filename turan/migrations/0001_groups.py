"""The newsroom's two staff roles, as groups with permissions.

Journalists write: they add, change and view articles, bylines, tags, authors
and quotes, and see the sections. Editors also delete, manage sections and
publish (``articles.publish_article``: publish, schedule and unpublish
language versions).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

JOURNALIST = "Journalist"
EDITOR = "Editor"

WRITTEN = [
    ("articles", "article"),
    ("articles", "byline"),
    ("tags", "tag"),
    ("authors", "author"),
    ("quotes", "quote"),
]

JOURNALIST_PERMISSIONS = [
    *(
        (app_label, f"{action}_{model}")
        for app_label, model in WRITTEN
        for action in ("add", "change", "view")
    ),
    ("articles", "view_section"),
]

EDITOR_PERMISSIONS = [
    *JOURNALIST_PERMISSIONS,
    *((app_label, f"delete_{model}") for app_label, model in WRITTEN),
    ("articles", "add_section"),
    ("articles", "change_section"),
    ("articles", "delete_section"),
    ("articles", "publish_article"),
]


def ensure_permissions(apps):
    """Create content types and permissions now: post_migrate, which normally
    does it, runs only after every migration, and a fresh database has none."""
    for app_config in apps.get_app_configs():
        # Migration state app configs are stubs without models_module, which
        # create_permissions checks before doing anything.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ((JOURNALIST, JOURNALIST_PERMISSIONS), (EDITOR, EDITOR_PERMISSIONS)):
        permissions = []
        for app_label, codename in wanted:
            try:
                permissions.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
            except Permission.DoesNotExist:
                raise RuntimeError(f"Permission {app_label}.{codename} does not exist.") from None
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[JOURNALIST, EDITOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0001_initial"),
        ("authors", "0001_initial"),
        ("quotes", "0001_initial"),
        ("tags", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
