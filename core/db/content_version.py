"""The content version: one number that changes whenever published content may have.

The page cache keys every page on it (public/pagecache.py). Every table of the
content apps carries a deferred constraint trigger (core/migrations/0001 and
0002), so any write (admin, ``QuerySet.update()``, bulk loads, raw SQL, a
restore) that can change what readers see changes it at the moment it
commits: on most tables every write, on articles and their companions only a
write that touches a version public (or about to be) in some language. Each
content app's migrations decide every table of theirs: triggers
(``core.db.operations.ContentVersionTriggers``), or none because its writes
never reach readers (``NoContentVersionTriggers``: revisions, workflow
state). The system check below names any table left undecided.

Besides the one version, the triggers record *scopes* (core migration 0003):
which part of public output a write changed (``article:12``, ``tag:3``,
``listing:3:az``, ``site``...), each with the version of its last change.
While the page cache renders a page, ``recording()`` collects the scopes the
page shows (``depends_on()``; public/pagecache.py adds every article, tag,
author, quote and photo instance made meanwhile), so the page stays valid
until a write changes one of them.
"""

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.core import checks

# Apps whose tables hold what readers see; every table of theirs gets the trigger.
CONTENT_APPS = ("articles", "authors", "frontpage", "pages", "photos", "quotes", "tags")


# The scopes the page being rendered shows: a set while the page cache records.
_recorded = ContextVar("turan_scopes", default=None)


@contextmanager
def recording():
    """Collect, into the set it yields, the scopes ``depends_on()`` names meanwhile."""
    scopes = set()
    token = _recorded.set(scopes)
    try:
        yield scopes
    finally:
        _recorded.reset(token)


def depends_on(*scopes):
    """Say that what is being rendered shows ``scopes`` (no-op when nobody records)."""
    found = _recorded.get()
    if found is not None:
        found.update(scopes)


def recorder():
    """The set of scopes being recorded, or None."""
    return _recorded.get()


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


def triggered_tables(loader=None, kinds=None):
    """``{app label: tables}`` that each app's migrations decide, with
    ``ContentVersionTriggers`` or ``NoContentVersionTriggers`` (or only the
    operation classes in ``kinds``).

    Read from the migration files, without a database.
    """
    from django.db.migrations.loader import MigrationLoader

    from core.db.operations import ContentVersionTriggers, NoContentVersionTriggers

    kinds = kinds or (ContentVersionTriggers, NoContentVersionTriggers)
    loader = loader or MigrationLoader(None, ignore_no_migrations=True)
    tables = defaultdict(set)
    for (label, _name), migration in loader.graph.nodes.items():
        for operation in migration.operations:
            if isinstance(operation, kinds):
                tables[label].update(operation.tables)
    return tables


def bookkeeping_tables(loader=None):
    """The tables that ``NoContentVersionTriggers`` left without triggers, of every app."""
    from core.db.operations import NoContentVersionTriggers

    decided = triggered_tables(loader, kinds=(NoContentVersionTriggers,))
    return sorted(set().union(*decided.values()))


def check_content_triggers(app_configs=None, **kwargs):
    """An error for every table of a content app that no migration of the app decides."""
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
                f"migration of {label!r} (or NoContentVersionTriggers([{table!r}]) if "
                "no write to it can change what readers see)."
            ),
            obj=table,
            id="core.E001",
        )
        for label in labels
        for table in content_tables(label)
        if table not in triggered.get(label, ())
    ]


def read_state(moment_querysets=()):
    """``(version, next_moment)`` in one query: the content version, and the
    least value the one-column, one-row ``moment_querysets`` give (None when
    none does). The page cache prepares its own statement for this; other
    readers (the partner API) pass their querysets here."""
    from core.db.orm import sql_of
    from core.db.routing import reading_connection

    parts, params = [], []
    for queryset in moment_querysets:
        sql, subparams = sql_of(queryset)
        parts.append(f"({sql})")
        params.extend(subparams)
    least = f"LEAST({', '.join(parts)})" if parts else "NULL::timestamptz"
    with reading_connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT version FROM turan_content_version WHERE id = 1), {least}", params
        )
        version, next_moment = cursor.fetchone()
    return version or 0, next_moment
