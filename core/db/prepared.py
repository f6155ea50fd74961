"""Server-side prepared statements for the queries every request runs.

Some queries are asked on every request and cost PostgreSQL more to plan than
to answer: the article page's (one large statement) and the page cache's
state. Their SQL is compiled by the ORM once per process with stand-in values
for what varies (the moment, the id); ``Statement`` turns it into a
``PREPARE`` whose only parameters are those values, and PostgreSQL then plans
it once per connection.

Every other value is a constant of the query and is written into it as a
literal: a generic plan cannot prove that ``title > $1`` implies a partial
index's ``title > ''``, so with constants as parameters PostgreSQL either
re-planned every execution or could not use the indexes built for the query.

Prepared statements live in a database session: this needs a direct
connection or a pooler in session mode (docs/architecture.md).
"""

import re
from datetime import datetime
from weakref import WeakKeyDictionary

from django.db import connection
from psycopg.sql import Literal

# Connections on which statements are prepared: {psycopg connection: {names}}.
_prepared = WeakKeyDictionary()


def _type(value):
    return "timestamptz" if isinstance(value, datetime) else "bigint"


class Statement:
    """``sql`` (with ``params``) prepared as ``name``; ``stand_ins`` become ``$1, $2…``.

    ``stand_ins`` are values found among ``params`` by equality (a moment or
    an id no request can mean); each is bound anew by ``execute()``.
    """

    def __init__(self, name, sql, params, stand_ins):
        positions = {value: number for number, value in enumerate(stand_ins, start=1)}
        missing = set(positions) - {p for p in params if isinstance(p, datetime | int)}
        if missing:  # pragma: no cover - a changed query shape
            raise RuntimeError(f"{name}: no parameter to rebind for {missing}")
        values = iter(params)

        def replace(match):
            if match[0] == "%%":
                return "%"
            value = next(values)
            if isinstance(value, datetime | int) and value in positions:
                return f"${positions[value]}"
            return Literal(value).as_string()

        body = re.sub(r"%%|%s", replace, sql)
        types = ", ".join(_type(value) for value in stand_ins)
        self.name = name
        self.prepare = f"PREPARE {name} ({types}) AS {body}"
        self.sql = f"EXECUTE {name}({', '.join(['%s'] * len(stand_ins))})"

    def execute_sql(self):
        """The SQL that runs the statement, preparing it first on a new connection."""
        connection.ensure_connection()
        raw = connection.connection
        names = _prepared.get(raw)
        if names is None:
            # Straight to the driver: a session's setup, not one of the page's
            # queries. The session may hold statements already (this module was
            # loaded again): preparing one twice is an error.
            rows = raw.execute("SELECT name FROM pg_prepared_statements").fetchall()
            names = _prepared[raw] = {row[0] for row in rows}
        if self.name not in names:
            raw.execute(self.prepare)
            names.add(self.name)
        return self.sql
