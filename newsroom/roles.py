"""The newsroom's two staff roles, as groups with permissions.

Journalists write: they add, change and view articles, bylines, tags, authors
and quotes, and see the sections. Editors also delete, manage sections and
publish (``articles.publish_article``: publish, schedule and unpublish
language versions).

The groups are created by a migration (``turan/0001_groups``) and brought up
to date after every ``migrate`` and ``flush`` (post_migrate), so permissions
of models added later reach the roles without anyone setting them by hand.
Nothing here imports models: the migration passes its historical ones.
"""

from django.contrib.auth.management import create_permissions

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
    # What is on the home page, and until when (editors choose it).
    ("frontpage", "view_placement"),
]

EDITOR_PERMISSIONS = [
    *JOURNALIST_PERMISSIONS,
    *((app_label, f"delete_{model}") for app_label, model in WRITTEN),
    ("articles", "add_section"),
    ("articles", "change_section"),
    ("articles", "delete_section"),
    ("articles", "publish_article"),
    *(("frontpage", f"{action}_placement") for action in ("add", "change", "delete")),
    # The site's own pages (About, Editorial standards…) speak for the newsroom.
    *(("pages", f"{action}_page") for action in ("add", "change", "delete", "view")),
]

ROLES = {JOURNALIST: JOURNALIST_PERMISSIONS, EDITOR: EDITOR_PERMISSIONS}


def ensure_permissions(apps):
    """Create content types and permissions now: Django creates them only after
    the last migration, and a fresh database has none before."""
    for app_config in apps.get_app_configs():
        # Migration-state app configs have no models_module, which
        # create_permissions checks before doing anything.
        stub = getattr(app_config, "models_module", None) is None
        if stub:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        if stub:
            app_config.models_module = None


def sync_groups(apps):
    """Create the role groups and give them (at least) their permissions."""
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # A migration's registry holds only the apps migrated before it; the
    # others' permissions come with the sync after the last migration.
    present = {config.label for config in apps.get_app_configs()}
    for name, wanted in ROLES.items():
        permissions = []
        for app_label, codename in wanted:
            if app_label not in present:
                continue
            try:
                permissions.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
            except Permission.DoesNotExist:
                raise RuntimeError(f"Permission {app_label}.{codename} does not exist.") from None
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)
