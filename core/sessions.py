"""Sessions in the database, read through the shared cache, that outlive a read-only spell.

Django's ``cached_db`` engine writes the database first, then the cache. While
the primary is away (the cluster's replica serving staff read-only,
core/db/routing.py) that write fails, and with it every staff page that moves
the session on (newsroom/sessions.py does once a minute). Here the session is
then kept in the cache alone, which every app node shares, and written to the
database with the next save once the primary is back.
"""

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from core.db import DATABASE_DOWN

logger = logging.getLogger(__name__)


class SessionStore(CachedDBStore):
    def save(self, must_create=False):
        try:
            super().save(must_create=must_create)
        except DATABASE_DOWN as error:
            if must_create or self.session_key is None:
                # A new session (signing in) needs the database: no half a login.
                raise
            logger.warning("Session kept in the cache only, the database refused it: %s", error)
            self._cache.set(self.cache_key, self._session, self.get_expiry_age())
