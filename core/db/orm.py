"""The ORM's internals, touched here and nowhere else.

A few hot paths do what Django offers no public API for: hand a page's
related objects, read in the page's one query, to the instance as if
``prefetch_related()`` had fetched them; compile a queryset's SQL once and
keep it (core/db/compiled.py); name a column of the query's own table that is
no model field. Each is a small function here, written for the Django version
that tests/core/test_orm.py pins: re-check them when upgrading Django.
"""

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Expression


def sql_of(queryset, using=DEFAULT_DB_ALIAS):
    """The SQL of ``queryset`` and its parameters (``%s`` placeholders), as it would run."""
    return queryset.query.get_compiler(using).as_sql()


def expression_sql(queryset, expression, using=DEFAULT_DB_ALIAS):
    """The SQL and parameters of ``expression`` over ``queryset``'s rows, and the
    quoted name their table has in that SQL."""
    query = queryset.query
    compiler = query.get_compiler(using)
    sql, params = compiler.compile(expression.resolve_expression(query))
    return sql, params, compiler.quote_name_unless_alias(query.get_initial_alias())


def set_results(queryset, objects):
    """Make ``queryset`` evaluated, holding ``objects``: no query when it is read."""
    queryset._result_cache = objects
    queryset._prefetch_done = True
    return queryset


def set_prefetched(instance, name, objects):
    """Hand ``objects`` to ``instance.<name>.all()`` as if ``prefetch_related(name)`` had."""
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache.pop(name, None)
    cache[name] = set_results(getattr(instance, name).get_queryset(), objects)


def set_related(instance, name, value):
    """Make ``value`` the object ``instance.<name>`` (a foreign key) gives, with no query."""
    type(instance)._meta.get_field(name).set_cached_value(instance, value)


class TableColumn(Expression):
    """``column`` of the query's own table: a column that is no model field
    (so that no other query fetches it), read as ``output_field``."""

    def __init__(self, column, output_field, alias=None):
        super().__init__(output_field=output_field)
        self.column, self.alias = column, alias

    def resolve_expression(self, query=None, *args, **kwargs):
        resolved = self.copy()
        resolved.alias = query.get_initial_alias() if query is not None else None
        return resolved

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def as_sql(self, compiler, connection):
        column = connection.ops.quote_name(self.column)
        if self.alias is None:
            return column, []
        return f"{compiler.quote_name_unless_alias(self.alias)}.{column}", []

    def get_group_by_cols(self):
        return [self]

    def __eq__(self, other):
        return isinstance(other, TableColumn) and (self.column, self.alias) == (
            other.column,
            other.alias,
        )

    def __hash__(self):
        return hash((TableColumn, self.column, self.alias))
