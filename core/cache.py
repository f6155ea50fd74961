"""Redis as a cache that may go away: a miss, never an error page.

Everything Turan keeps in its cache can be had again from the database (pages
keyed by the content version, the partner API's answers, the sessions of
``cached_db``). So with Redis stopped or cut off, a read is a miss and a write
is dropped, with one warning per ``QUIET_SECONDS`` in the log; the next
command reconnects by itself, so recovery needs no restart. ``/readyz`` still
reports the outage (public/health.py stores and reads a token, and reads
nothing back).
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

QUIET_SECONDS = 30
_last_warning = 0.0


def _warn(operation, error):
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= QUIET_SECONDS:
        _last_warning = now
        logger.warning("Cache unavailable (%s): %s; serving without it.", operation, error)


def _errors():
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def _guarded(name, fallback):
    """``RedisCache.name``, answering ``fallback(*args)`` while Redis does not answer."""
    method = getattr(RedisCache, name)

    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except _errors() as error:
            _warn(name, error)
            return fallback(*args, **kwargs)

    guarded.__name__ = name
    return guarded


def _default(key, default=None, *args, **kwargs):
    return default


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering a miss while Redis does not answer."""

    get = _guarded("get", _default)
    get_many = _guarded("get_many", lambda *args, **kwargs: {})
    has_key = _guarded("has_key", lambda *args, **kwargs: False)
    add = _guarded("add", lambda *args, **kwargs: False)
    set = _guarded("set", lambda *args, **kwargs: None)
    set_many = _guarded("set_many", lambda data, *args, **kwargs: list(data))
    touch = _guarded("touch", lambda *args, **kwargs: False)
    delete = _guarded("delete", lambda *args, **kwargs: False)
    delete_many = _guarded("delete_many", lambda *args, **kwargs: None)
    incr = _guarded("incr", lambda *args, **kwargs: None)
