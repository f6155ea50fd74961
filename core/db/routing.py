"""Reads from a streaming replica, writes to the primary: which server a request reads.

One request reads from one server. The alias it reads from lives in a context
variable (``reading_from()``, set per request by public/replica.py); the
router sends every ORM read there and every write to the primary, and the raw
statements of the read paths (the page cache's state, the compiled article,
card and search statements) run on ``reading_connection``, the same alias's
connection. So the content version a page is cached under and the rows it
shows come from the same server: a page rendered from a lagging replica is
stored under that replica's (older) version, never under a newer one.

Whether the replica may be read is decided per process at most once every
``REPLICA_CHECK_SECONDS`` (``replica_state()``): it must answer, and be no
more than ``REPLICA_MAX_LAG`` seconds behind the primary. Behind means: its
WAL receiver is not streaming, or it has received WAL it has not replayed;
then the lag is the age of the last transaction it replayed. A replica that
streams and has replayed all it received is current, however old its last
transaction (an idle primary writes none). When the primary does not answer
either, the replica is read whatever its lag: an old page beats an error page.
"""

import contextvars
import logging
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

PRIMARY = DEFAULT_DB_ALIAS

_reading = contextvars.ContextVar("turan_reading_alias", default=PRIMARY)


def reading_alias():
    """The alias this request (or thread) reads from."""
    return _reading.get()


@contextmanager
def reading_from(alias):
    """Read from ``alias`` inside the block (writes still go to the primary)."""
    token = _reading.set(alias)
    try:
        yield alias
    finally:
        _reading.reset(token)


class _ReadingConnection:
    """``django.db.connection`` for the alias being read: raw reads use it."""

    def __getattr__(self, name):
        return getattr(connections[_reading.get()], name)


reading_connection = _ReadingConnection()


class ReplicaRouter:
    """ORM reads to the request's alias, writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        return _reading.get()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: rows of both relate freely.
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == PRIMARY


# -- the replica's health, per process ------------------------------------------

LAG_SQL = """
SELECT pg_is_in_recovery(),
       CASE
           WHEN NOT pg_is_in_recovery() THEN 0
           WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
                AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')
               THEN 0
           ELSE EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())
       END
"""


class ReplicaState:
    """What this process last learnt of the replica: usable or not, and why."""

    def __init__(self):
        self.lock = threading.Lock()
        self.checked = None  # time.monotonic() of the last check
        self.usable = False
        self.lag = None
        self.reason = "not checked yet"

    def forget(self):
        """Check again on the next request (the replica just failed one)."""
        with self.lock:
            self.checked = None


_state = ReplicaState()


def replica_alias():
    """The replica's alias when one is configured, else None."""
    alias = getattr(settings, "DATABASE_READ_REPLICA", None)
    return alias if alias and alias in settings.DATABASES else None


def measure_lag(alias):
    """``(in_recovery, lag in seconds or None)`` asked of ``alias``'s server."""
    with connections[alias].cursor() as cursor:
        cursor.execute(LAG_SQL)
        in_recovery, lag = cursor.fetchone()
    return in_recovery, None if lag is None else float(lag)


def primary_answers():
    """Whether the primary answers a query now."""
    return _primary_answers()


def _primary_answers():
    try:
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        _close_quietly(PRIMARY)
        return False


def _close_quietly(alias):
    try:
        connections[alias].close()
    except DatabaseError:
        pass


def check_replica(alias):
    """Decide now whether ``alias`` may be read; return ``(usable, lag, reason)``."""
    limit = settings.REPLICA_MAX_LAG
    try:
        _in_recovery, lag = measure_lag(alias)
    except DatabaseError as error:
        _close_quietly(alias)
        return False, None, f"unreachable: {error}".strip()
    if lag is not None and lag <= limit:
        return True, lag, "current"
    behind = "lag unknown" if lag is None else f"{lag:.1f} s behind"
    if not _primary_answers():
        return True, lag, f"{behind}, but the primary does not answer"
    return False, lag, f"{behind} (REPLICA_MAX_LAG {limit} s)"


def replica_state(now=None):
    """This process's ``ReplicaState``, checked anew when older than REPLICA_CHECK_SECONDS.

    One thread checks; the others meanwhile keep the last answer.
    """
    alias = replica_alias()
    state = _state
    if alias is None:
        return state
    now = time.monotonic() if now is None else now
    fresh = state.checked is not None and now - state.checked < settings.REPLICA_CHECK_SECONDS
    if fresh or not state.lock.acquire(blocking=state.checked is None):
        return state
    try:
        usable, lag, reason = check_replica(alias)
        if usable != state.usable or reason != state.reason and not usable:
            log = logger.info if usable else logger.warning
            log("Read replica %s: %s.", "in use" if usable else "not used", reason)
        state.usable, state.lag, state.reason = usable, lag, reason
        state.checked = time.monotonic()
    finally:
        state.lock.release()
    return state


def replica_usable():
    """Whether an anonymous read may go to the replica now."""
    return replica_alias() is not None and replica_state().usable


def forget_replica_state():
    _state.forget()


# -- the primary's absence, per process ------------------------------------------


class PrimaryState:
    """Whether this process last found the primary away, and when it looked."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down = False
        self.checked = None


_primary = PrimaryState()


def primary_away(now=None):
    """Whether the primary was found away (by a request that met it, or a check).

    Looked at again at most every ``REPLICA_CHECK_SECONDS``: one request checks,
    the others meanwhile keep the last answer.
    """
    state = _primary
    if not state.down:
        return False
    now = time.monotonic() if now is None else now
    if now - state.checked < settings.REPLICA_CHECK_SECONDS:
        return True
    if state.lock.acquire(blocking=False):
        try:
            state.checked = time.monotonic()
            if _primary_answers():
                state.down = False
                logger.info("The primary answers again: staff may write.")
        finally:
            state.lock.release()
    return state.down


def primary_failed():
    """A request met the primary away: staff read the replica, read-only, a while."""
    state = _primary
    with state.lock:
        if not state.down:
            logger.warning("The primary does not answer: staff read the replica, read-only.")
        state.down, state.checked = True, time.monotonic()
