"""Migration operations of the database machinery."""

from django.db import router
from django.db.migrations.operations.base import Operation

# core/migrations/0001_content_version.py creates the function.
_CREATE = (
    'DROP TRIGGER IF EXISTS turan_content_changed ON "{table}"',
    'CREATE CONSTRAINT TRIGGER turan_content_changed AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION turan_content_changed()",
    'DROP TRIGGER IF EXISTS turan_content_truncated ON "{table}"',
    'CREATE TRIGGER turan_content_truncated AFTER TRUNCATE ON "{table}" '
    "FOR EACH STATEMENT EXECUTE FUNCTION turan_content_changed()",
)
_DROP = (
    'DROP TRIGGER IF EXISTS turan_content_changed ON "{table}"',
    'DROP TRIGGER IF EXISTS turan_content_truncated ON "{table}"',
)


class ContentVersionTriggers(Operation):
    """Make every write to ``tables`` change the content version (core/db/content_version.py).

    Each table gets a deferred constraint trigger (rows inserted, updated or
    deleted) and a statement trigger (TRUNCATE), both calling
    ``turan_content_changed()``. Idempotent: a trigger already there is
    replaced, so a database whose triggers came from elsewhere migrates as
    well. Every table of a content app must be named in one of that app's
    migrations; a system check (``core.E001``) says which is not.
    """

    reversible = True
    reduces_to_sql = True

    def __init__(self, tables):
        self.tables = tuple(tables)

    def state_forwards(self, app_label, state):
        pass  # triggers are no part of the models' state

    def _run(self, app_label, schema_editor, statements):
        if not router.allow_migrate(schema_editor.connection.alias, app_label):
            return
        for table in self.tables:
            for sql in statements:
                schema_editor.execute(sql.format(table=table), params=None)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(app_label, schema_editor, _CREATE)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(app_label, schema_editor, _DROP)

    def describe(self):
        return f"Make writes to {', '.join(self.tables)} change the content version"

    @property
    def migration_name_fragment(self):
        return "content_version_triggers"
