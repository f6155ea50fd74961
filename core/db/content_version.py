"""The content version: one number that changes whenever published content may have.

The page cache keys every page on it (public/pagecache.py). Every table of the
content apps carries a deferred constraint trigger calling
``turan_content_changed()`` (core/migrations/0001_content_version.py), so any
write (admin, ``QuerySet.update()``, bulk loads, raw SQL, a restore) changes
it at the moment it commits. The triggers come from each content app's
migrations (``core.db.operations.ContentVersionTriggers``); the system check
below says which table has none.
"""

from collections import defaultdict

from django.apps import apps
from django.core import checks

# Apps whose tables hold what readers see; every table of theirs gets the trigger.
CONTENT_APPS = ("articles", "authors", "quotes", "tags")


def content_tables(label=None):
    """The tables that must carry the triggers: of app ``label``, or of every content app.

    Every table a content app's models create, the many-to-many tables
    Django makes for them included.
    """
    return sorted(
        {
            model._meta.db_table
            for each in ((label,) if label else CONTENT_APPS)
            for model in apps.get_app_config(each).get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )


def triggered_tables(loader=None):
    """``{app label: tables}`` named by ``ContentVersionTriggers`` in each app's migrations.

    Read from the migration files, without a database.
    """
    from django.db.migrations.loader import MigrationLoader

    from core.db.operations import ContentVersionTriggers

    loader = loader or MigrationLoader(None, ignore_no_migrations=True)
    tables = defaultdict(set)
    for (label, _name), migration in loader.graph.nodes.items():
        for operation in migration.operations:
            if isinstance(operation, ContentVersionTriggers):
                tables[label].update(operation.tables)
    return tables


def check_content_triggers(app_configs=None, **kwargs):
    """An error for every table of a content app that no migration of the app triggers."""
    installed = {config.label for config in apps.get_app_configs()}
    labels = [label for label in CONTENT_APPS if label in installed]
    if app_configs is not None:
        chosen = {config.label for config in app_configs}
        labels = [label for label in labels if label in chosen]
    if not labels:
        return []
    triggered = triggered_tables()
    return [
        checks.Error(
            f"Table {table!r} of content app {label!r} gets no content-version trigger "
            "from the app's migrations, so writes to it would not change the version "
            "the page cache keys on.",
            hint=(
                f"Add core.db.operations.ContentVersionTriggers([{table!r}]) to a "
                f"migration of {label!r}."
            ),
            obj=table,
            id="core.E001",
        )
        for label in labels
        for table in content_tables(label)
        if table not in triggered.get(label, ())
    ]
