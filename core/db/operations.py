"""Migration operations of the database machinery."""

import re

from django.db import router
from django.db.migrations.operations.base import Operation

# core/migrations/0001_content_version.py creates the function.
_ALWAYS = "turan_content_changed"
_CREATE = (
    'DROP TRIGGER IF EXISTS turan_content_changed ON "{table}"',
    'CREATE CONSTRAINT TRIGGER turan_content_changed AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {function}({arguments})",
    'DROP TRIGGER IF EXISTS turan_content_truncated ON "{table}"',
    'CREATE TRIGGER turan_content_truncated AFTER TRUNCATE ON "{table}" '
    "FOR EACH STATEMENT EXECUTE FUNCTION turan_content_changed()",
)
_DROP = (
    'DROP TRIGGER IF EXISTS turan_content_changed ON "{table}"',
    'DROP TRIGGER IF EXISTS turan_content_truncated ON "{table}"',
)


def _arguments(scopes):
    for scope in scopes:
        if not re.fullmatch(r"[a-z]+(:[a-z_]+)?", scope):
            raise ValueError(f"Not a scope: {scope!r} (a word, or kind:column).")
    return ", ".join(f"'{scope}'" for scope in scopes)


def trigger_sql(tables, function=_ALWAYS, scopes=()):
    """The statements ``ContentVersionTriggers(tables, function, scopes)`` runs, as one script."""
    arguments = _arguments(scopes)
    return "".join(
        sql.format(table=table, function=function, arguments=arguments) + ";\n"
        for table in tables
        for sql in _CREATE
    )


def _run(app_label, schema_editor, tables, statements, function=_ALWAYS, scopes=()):
    if not router.allow_migrate(schema_editor.connection.alias, app_label):
        return
    arguments = _arguments(scopes)
    for table in tables:
        for sql in statements:
            schema_editor.execute(
                sql.format(table=table, function=function, arguments=arguments), params=None
            )


class ContentVersionTriggers(Operation):
    """Make writes to ``tables`` change the content version (core/db/content_version.py).

    Each table gets a deferred constraint trigger (rows inserted, updated or
    deleted) and a statement trigger (TRUNCATE). The row trigger calls
    ``function``: by default ``turan_content_changed()``, which changes the
    version on every write; a table whose writes often cannot reach readers
    (articles: drafts) names its own, which decides from ``OLD`` and ``NEW``
    and calls ``turan_content_bump()`` when they can. A TRUNCATE always
    changes it.

    ``scopes`` (core migration 0003) say which part of public output a write
    to the table changes, passed to the default function as its arguments:
    ``"tag:id"`` is the scope ``tag:<id>`` of the row written (before and
    after the write), a plain word (``"site"``) is that scope, ``"lists"``
    only the content version. Without them a write changes the scope
    ``site``, which every cached page depends on. Idempotent: a trigger already there is replaced, so a
    database whose triggers came from elsewhere migrates as well. Every table
    of a content app must be named in one of that app's migrations, here or
    in ``NoContentVersionTriggers``; a system check (``core.E001``) says
    which is not.
    """

    reversible = True
    reduces_to_sql = True

    def __init__(self, tables, function=_ALWAYS, scopes=()):
        self.tables = tuple(tables)
        self.function = function
        self.scopes = tuple(scopes)
        _arguments(self.scopes)

    def deconstruct(self):
        kwargs = {} if self.function == _ALWAYS else {"function": self.function}
        if self.scopes:
            kwargs["scopes"] = list(self.scopes)
        return (self.__class__.__name__, (list(self.tables),), kwargs)

    def state_forwards(self, app_label, state):
        pass  # triggers are no part of the models' state

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        _run(app_label, schema_editor, self.tables, _CREATE, self.function, self.scopes)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        _run(app_label, schema_editor, self.tables, _DROP)

    def describe(self):
        how = "" if self.function == _ALWAYS else f" when {self.function}() says so"
        scoped = f" (scopes {', '.join(self.scopes)})" if self.scopes else ""
        return f"Make writes to {', '.join(self.tables)} change the content version{how}{scoped}"

    @property
    def migration_name_fragment(self):
        return "content_version_triggers"


class NoContentVersionTriggers(Operation):
    """Declare that writes to ``tables`` never reach readers: they change no version.

    For a content app's bookkeeping (revisions, workflow state): its triggers
    are dropped, and ``core.E001`` counts the table as decided. Backwards, the
    unconditional triggers come back.
    """

    reversible = True
    reduces_to_sql = True

    def __init__(self, tables):
        self.tables = tuple(tables)

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        _run(app_label, schema_editor, self.tables, _DROP)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        _run(app_label, schema_editor, self.tables, _CREATE)

    def describe(self):
        return f"Let writes to {', '.join(self.tables)} leave the content version alone"

    @property
    def migration_name_fragment(self):
        return "no_content_version_triggers"
