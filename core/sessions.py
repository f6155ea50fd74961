"""Sessions in the database, read through the shared cache, that outlive a read-only spell.

Django's ``cached_db`` engine writes the database first, then the cache. While
the primary is away (the cluster's replica serving staff read-only,
core/db/routing.py) that write fails, and with it every staff page that moves
the session on (newsroom/sessions.py does once a minute). Here the session is
then kept in the cache alone, which every app node shares, and written to the
database with the next save once the primary is back.
"""

import logging

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from core.db import DATABASE_DOWN

logger = logging.getLogger(__name__)


def _database_down(error):
    # The db backend turns any database error of an update into UpdateError;
    # the one it met says whether the server was away (rather than the
    # session deleted meanwhile, which stays an UpdateError).
    return isinstance(error, DATABASE_DOWN) or isinstance(error.__context__, DATABASE_DOWN)


class SessionStore(CachedDBStore):
    def save(self, must_create=False):
        try:
            super().save(must_create=must_create)
        except (UpdateError, *DATABASE_DOWN) as error:
            if must_create or self.session_key is None or not _database_down(error):
                # A new session (signing in) needs the database: no half a login.
                raise
            logger.warning(
                "Session kept in the cache only, the database refused it: %s",
                error.__context__ or error,
            )
            self._cache.set(self.cache_key, self._session, self.get_expiry_age())
