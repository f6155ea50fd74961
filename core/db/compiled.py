"""Compiled statements: SQL the ORM builds once, bound anew on every call.

Some queries are asked on every request and cost more Python to build than
PostgreSQL needs to answer: the article page's (one large statement), the page
cache's state, and each shape of search. Their SQL is built by the ORM once
per process with **stand-ins** for what varies (the moment, an id, the
words...), and each call binds its own values to them.

One convention marks a value as bound per call: ``StandIns`` hands out values
no call can mean, one per name (text from Unicode's private use area, moments
on 1 January 1900, negative ids), and builds the query with them. One safety
check then refuses SQL that could not be bound: every stand-in must reach the
SQL as a parameter of its own, unchanged. One written into the SQL, or changed
on its way (cut, wrapped in ``%``, shifted by a day), is an error when the
statement is compiled, never a value silently left unbound.

``Compiled`` keeps the SQL and its parameters and binds values by name, the
query then being planned for its values on each execution (search relies on
that: its plans depend on the words). ``Compiled.prepare()`` makes a
server-side prepared statement of it instead, planned once per session:

Every value other than a stand-in is then a constant of the statement and is
written into it as a literal: a generic plan cannot prove that ``title > $1``
implies a partial index's ``title > ''``, so with constants as parameters
PostgreSQL either re-planned every execution or could not use the indexes
built for the query.

``Prepared.run()`` executes it the way ``settings.DATABASE_POOLER`` allows
(core/db/session.py, docs/architecture.md):

- directly or behind a pooler in session mode: SQL ``PREPARE`` once per
  session, then ``EXECUTE``. A statement the session lost (``DEALLOCATE``,
  ``DISCARD ALL``, a pooler's reset) is prepared again and run once more, inside
  a savepoint when a transaction is open, so the failure never reaches the page;
- behind a pooler in transaction mode, where the next transaction may run on
  another server connection: the same one statement with its parameters,
  planned on each execution; or, with ``DATABASE_POOLER_PREPARES`` (PgBouncer
  1.21+ with ``max_prepared_statements``), prepared by the protocol (psycopg's
  ``prepare=True``), which the pooler carries from one server connection to the
  next.
"""

import logging
import re
from datetime import UTC, date, datetime
from operator import itemgetter
from weakref import WeakKeyDictionary

from django.conf import settings
from django.db import ProgrammingError
from django.db.backends.postgresql.base import ServerBindingCursor
from psycopg.errors import InvalidSqlStatementName
from psycopg.sql import Literal

from core.db.routing import reading_connection as connection

#: What every text stand-in starts with: a character of Unicode's private use area.
TEXT_MARK = "\ue000turan-stand-in-"
# Moments are microseconds after the start of 1900, numbers count down from here.
_MOMENT_DAY = date(1900, 1, 1)
_NUMBER_TOP = -7_340_000
_MOST = 999_999

# PostgreSQL's type of each kind of stand-in, for PREPARE.
_TYPES = {
    "text": "text",
    "texts": "text[]",
    "moment": "timestamptz",
    "number": "bigint",
    "numbers": "bigint[]",
}


# How a generic statement's EXECUTE is sent (``Prepared``), and how to find it again.
GENERIC_SQL = "SET plan_cache_mode = force_generic_plan; {}; RESET plan_cache_mode"
GENERIC = re.compile(re.escape(GENERIC_SQL).replace(r"\{\}", "(EXECUTE .*)"), re.DOTALL)


class StandInError(RuntimeError):
    """The compiled SQL holds a stand-in it cannot bind."""


def _key(value):
    """A stand-in's identity among parameters: its type and value (True is not 1)."""
    if isinstance(value, list | tuple):
        return (list, tuple(value))
    return (type(value), value)


def _looks_like_stand_in(value):
    """Whether ``value`` carries a stand-in's mark (exact or changed)."""
    if isinstance(value, str):
        return TEXT_MARK in value
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return _NUMBER_TOP - _MOST <= value < _NUMBER_TOP
    if isinstance(value, date):
        return value.year == _MOMENT_DAY.year
    if isinstance(value, list | tuple):
        return any(_looks_like_stand_in(item) for item in value)
    return False


class StandIns:
    """Values no call can mean, one per name, each standing for a value bound per call.

    Build the query with them, compile it (``Compiled``), then bind a mapping of
    the same names to each call's values. A stand-in is ``required`` unless
    said otherwise: the compiled SQL must use it (a text a shape may leave out,
    such as words of a search its SQL ignores, is not).
    """

    def __init__(self):
        self._by_name = {}  # name: (value, kind, required)
        self._by_key = {}  # _key(value): name

    def _add(self, name, kind, value, required):
        if name in self._by_name:
            raise ValueError(f"Stand-in {name!r} is handed out already")
        self._by_name[name] = (value, kind, required)
        self._by_key[_key(value)] = name
        return value

    def _number(self):
        if len(self._by_name) >= _MOST:
            raise ValueError("Too many stand-ins")
        return len(self._by_name) + 1

    def text(self, name, required=True) -> str:
        return self._add(name, "text", f"{TEXT_MARK}{name}", required)

    def texts(self, name, required=True) -> list:
        """A list of texts (an array parameter), bound as a whole."""
        return self._add(name, "texts", [f"{TEXT_MARK}{name}"], required)

    def moment(self, name, required=True) -> datetime:
        value = datetime(1900, 1, 1, 0, 0, 0, self._number(), tzinfo=UTC)
        return self._add(name, "moment", value, required)

    def number(self, name, required=True) -> int:
        return self._add(name, "number", _NUMBER_TOP - self._number(), required)

    def numbers(self, name, required=True) -> list:
        """A list of numbers (an array parameter), bound as a whole."""
        return self._add(name, "numbers", [_NUMBER_TOP - self._number()], required)

    def names(self):
        return list(self._by_name)

    def kind(self, name):
        return self._by_name[name][1]

    def name_of(self, value):
        """The name of the stand-in ``value`` is, or None."""
        try:
            return self._by_key.get(_key(value))
        except TypeError:  # unhashable: no stand-in
            return None

    def check(self, sql, params, label="statement"):
        """Refuse ``sql`` unless every stand-in in it is a parameter of its own, unchanged.

        Each parameter carrying a stand-in's mark must be one of them exactly;
        each required stand-in must be among the parameters; none may be
        written into the SQL itself.
        """
        found = set()
        problems = []
        for param in params:
            name = self.name_of(param)
            if name is not None:
                found.add(name)
            elif _looks_like_stand_in(param):
                problems.append(param)
        for name, (value, kind, required) in self._by_name.items():
            if required and name not in found:
                problems.append(value)
            if kind in ("number", "numbers"):
                inlined = any(
                    str(item) in sql for item in (value if kind == "numbers" else [value])
                )
            elif kind == "moment":
                inlined = str(_MOMENT_DAY) in sql
            else:
                inlined = TEXT_MARK in sql
            if inlined:
                problems.append(value)
        if problems:
            raise StandInError(f"{label}: the SQL holds stand-ins it cannot bind: {problems}")


class Compiled:
    """``sql`` and ``params`` compiled with ``stand_ins``; ``bind()`` puts values in their places.

    Checked on creation (``StandIns.check``): a ``StandInError`` means the
    query's shape changed so that a value could no longer be bound.
    """

    def __init__(self, sql, params, stand_ins, label="statement"):
        params = tuple(params)
        stand_ins.check(sql, params, label)
        self.sql = sql
        self.params = params
        self.stand_ins = stand_ins
        self._slots = tuple(
            (position, name)
            for position, param in enumerate(params)
            if (name := stand_ins.name_of(param)) is not None
        )

    def bind(self, values):
        """The parameters with ``values[name]`` in each stand-in's place."""
        params = list(self.params)
        for position, name in self._slots:
            params[position] = values[name]
        return params

    def prepare(self, name, generic=False):
        """This statement prepared server-side as ``name`` (``Prepared``);
        ``generic``: run with its one generic plan (``Prepared``)."""
        return Prepared(name, self, generic)


# Connections on which statements are prepared: {psycopg connection: {names}}.
_prepared = WeakKeyDictionary()
# Set when statements are lost as soon as they are prepared (an undeclared
# transaction-mode pooler): the process then sends them unprepared.
_unprepared = False
logger = logging.getLogger(__name__)


class Prepared:
    """A ``Compiled`` statement as ``PREPARE name``, planned once per connection.

    Its parameters are the stand-ins used (``$1, $2…`` in the order they were
    handed out); every other value is written into it as a literal. Run it
    with ``run(fetch, values)``, which also knows poolers and lost statements.

    ``generic``: PostgreSQL plans a prepared statement for its values on each
    execution while that looks cheaper than its generic plan, and the estimate
    can say so where planning costs more than running (search's sample:
    planning 1.0–1.3 ms, running 0.3–0.5 ms, the same plan either way at
    100,000 articles). A generic statement is run in one round trip between
    ``SET plan_cache_mode = force_generic_plan`` and its ``RESET``, so it is
    planned once per session and no other statement's planning changes. (Both
    are undone with the statement when it fails: the three run as one implicit
    transaction, or inside the savepoint.) Behind a pooler in transaction mode
    the statement is sent as it is sent there otherwise.
    """

    def __init__(self, name, compiled, generic=False):
        used = {slot_name for _position, slot_name in compiled._slots}
        order = [each for each in compiled.stand_ins.names() if each in used]
        numbers = {each: number for number, each in enumerate(order, start=1)}
        slots = dict(compiled._slots)

        def render(placeholder, percent):
            """The SQL with ``placeholder(name)`` for each stand-in, literals elsewhere."""
            values = iter(enumerate(compiled.params))

            def replace(match):
                if match[0] == "%%":
                    return percent
                position, value = next(values)
                if position in slots:
                    return placeholder(slots[position])
                return Literal(value).as_string().replace("%", percent)

            return re.sub(r"%%|%s", replace, compiled.sql)

        body = render(lambda each: f"${numbers[each]}", "%")
        # Sent with its parameters: psycopg's placeholders, typed as PREPARE types them.
        direct = render(lambda each: f"%s::{_TYPES[compiled.stand_ins.kind(each)]}", "%%")
        types = ", ".join(_TYPES[compiled.stand_ins.kind(each)] for each in order)
        self.name = name
        self.generic = generic
        self.order = tuple(order)
        # What bind() returns, fetched in one call (this runs on every request).
        self._values = itemgetter(*order) if len(order) > 1 else lambda values: [values[order[0]]]
        self.prepare = f"PREPARE {name} ({types}) AS {body}"
        self.sql = f"EXECUTE {name}({', '.join(['%s'] * len(order))})"
        # The same statement with a placeholder per use of a stand-in, for a
        # connection that may not keep it prepared from one transaction to the next.
        self.direct_sql = direct
        uses = [
            slots[position] for position, _value in enumerate(compiled.params) if position in slots
        ]
        self._direct_values = (
            itemgetter(*uses) if len(uses) > 1 else lambda values: [values[uses[0]]]
        )

    def bind(self, values):
        """The ``EXECUTE``'s parameters: ``values`` by the stand-ins' names."""
        return list(self._values(values))

    def run(self, fetch, values):
        """Return ``fetch(sql, params)``, the statement run for ``values``.

        ``fetch`` executes ``sql`` with ``params`` on a cursor of ``connection``
        and reads its rows; it is called again when the session had lost the
        statement.
        """
        global _unprepared
        if _unprepared:
            return fetch(self.direct_sql, list(self._direct_values(values)))
        if settings.DATABASE_POOLER == "transaction":
            params = list(self._direct_values(values))
            if not settings.DATABASE_POOLER_PREPARES:
                return fetch(self.direct_sql, params)
            connection.ensure_connection()
            raw = connection.connection
            factory, raw.cursor_factory = raw.cursor_factory, _PreparingCursor
            try:
                return fetch(self.direct_sql, params)
            finally:
                raw.cursor_factory = factory
        params = self.bind(values)
        connection.ensure_connection()
        raw = connection.connection
        # A failed statement aborts an open transaction: run it in a savepoint.
        guarded = not raw.autocommit
        if guarded:
            raw.execute("SAVEPOINT turan_prepared")
        try:
            result = fetch(self.execute_sql(), params)
        except ProgrammingError as error:
            if not isinstance(error.__cause__, InvalidSqlStatementName):
                raise
            if guarded:
                raw.execute("ROLLBACK TO SAVEPOINT turan_prepared")
            _prepared.pop(raw, None)  # the session's statements are asked anew
            try:
                result = fetch(self.execute_sql(), params)
            except ProgrammingError as again:
                if not isinstance(again.__cause__, InvalidSqlStatementName):
                    raise
                if guarded:
                    raw.execute("ROLLBACK TO SAVEPOINT turan_prepared")
                # A transaction-mode pooler nobody told us of: this process sends
                # its statements unprepared from now on, and says what to set.
                _unprepared = True
                logger.error(
                    "Statement %s was lost again as soon as it was prepared: behind a pooler "
                    "in transaction mode, set DB_POOLER=transaction. Sending statements "
                    "unprepared until this process restarts.",
                    self.name,
                )
                result = fetch(self.direct_sql, list(self._direct_values(values)))
        if guarded:
            raw.execute("RELEASE SAVEPOINT turan_prepared")
        return result

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
        if self.generic:
            return GENERIC_SQL.format(self.sql)
        return self.sql


def forget_prepared():
    """Deallocate this session's prepared statements; each is prepared anew
    when next run. Their cached plans were made under the settings of their
    time (``enable_seqscan``, the tables' sizes then), which a check of plans
    must not inherit."""
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("DEALLOCATE ALL")
    _prepared.pop(raw, None)


def to_rows(cursor):
    """Move ``cursor`` to the first result with rows: a generic statement's
    ``SET`` comes first (``Prepared``). A ``fetch`` calls it after executing."""
    while cursor.description is None and cursor.nextset():
        pass
    return cursor


def fetch_all(sql, params):
    """All rows of ``sql`` run with ``params``: a ``fetch`` for ``Prepared.run()``."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return to_rows(cursor).fetchall()


def fetch_one(sql, params):
    """The first row of ``sql`` run with ``params``: a ``fetch`` for ``Prepared.run()``."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return to_rows(cursor).fetchone()


class _PreparingCursor(ServerBindingCursor):
    """A cursor binding server-side whose every statement psycopg prepares."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)
