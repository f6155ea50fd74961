"""Purging the edge (Varnish, a CDN) when what readers see changes.

Turan's own page cache needs no purge: its keys hold the content version.
An edge cache in front keys on the address alone, so it must be told. The
purger (``manage.py edge_purger``, one per site is enough, more do no harm)
reads the content version every ``EDGE_PURGE_INTERVAL`` seconds from the
primary and from the read replica, and when the primary's moved:

- sends ``BAN`` to each of ``EDGE_PURGE_URL`` (deploy/varnish/turan.vcl bans
  every page: a content version is the whole site's);
- POSTs ``{"purge": "all", "version": N}`` to ``CDN_PURGE_URL``, with
  ``CDN_PURGE_AUTHORIZATION`` as its ``Authorization`` header.

The version only moves on writes readers can see (articles migration 0015),
so drafts and autosaves purge nothing.

**Not before the replica has it.** Readers' pages are rendered from the
replica. A ban sent the moment the primary's version moved lets the edge fetch
the page again from a replica that has not replayed the commit yet, and keep
that old page for a day. So the ban waits until the replica's version has
reached the primary's (the version row changes in the same transaction as the
rows it counts, so that is the commit replayed), or until the app nodes leave
the replica for the primary (``REPLICA_MAX_LAG`` and one
``REPLICA_CHECK_SECONDS`` later), or the replica does not answer. A ban sent
without the replica is owed again once it catches up.

**Stragglers.** A page fetched while the ban was on its way, rendered at the
old version, reaches the edge after the ban and would outlive it. Every page
carries the version it was rendered at (``X-Content-Version``,
public/replica.py), so ``EDGE_PURGE_SETTLE`` seconds after each purge a
second, narrow ban drops only pages of another version than the one purged to.

A purge that fails is tried again on the next pass.
"""

import json
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import DatabaseError, connections

from core.db.routing import PRIMARY, replica_alias

logger = logging.getLogger(__name__)

#: The header a page's content version travels in, and a narrow ban names.
VERSION_HEADER = "X-Content-Version"


def versions():
    """The content version on the primary and on the replica (None: no answer)."""
    found = []
    for alias in filter(None, (PRIMARY, replica_alias())):
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT version FROM turan_content_version WHERE id = 1")
                row = cursor.fetchone()
            found.append(row[0] if row else 0)
        except DatabaseError:
            connections[alias].close()
            found.append(None)
    return tuple(found)


def _send(request):
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status


def purge(version, keep=None):
    """Purge every configured edge; return True when all of them took it.

    With ``keep`` (a version), only pages rendered at another version go:
    the narrow ban for stragglers, which a CDN's purge-all hook does not need.
    """
    done = True
    headers = {VERSION_HEADER: str(keep)} if keep is not None else {}
    for url in settings.EDGE_PURGE_URLS:
        try:
            _send(urllib.request.Request(url, method="BAN", headers=headers))
        except (urllib.error.URLError, OSError) as error:
            logger.warning("Edge purge of %s failed: %s", url, error)
            done = False
    if settings.CDN_PURGE_URL and keep is None:
        headers = {"Content-Type": "application/json"}
        if settings.CDN_PURGE_AUTHORIZATION:
            headers["Authorization"] = settings.CDN_PURGE_AUTHORIZATION
        body = json.dumps({"purge": "all", "version": version}).encode()
        try:
            _send(urllib.request.Request(settings.CDN_PURGE_URL, data=body, headers=headers))
        except (urllib.error.URLError, OSError) as error:
            logger.warning("CDN purge failed: %s", error)
            done = False
    return done


class Purger:
    """One pass at a time: ``step()`` purges once the version readers get has moved."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.seen = None  # the primary's version last purged to (or first seen)
        self.moved_at = None  # when the primary was first seen past ``seen``
        self.owed = None  # a version purged to before the replica had it
        self.settle = None  # (when, version): the narrow ban still to send
        self.last = ""  # what the last purge was, for the log

    def _replica_given_up(self, replica, now):
        if replica is None:
            return True
        # The nodes leave a replica this far behind (core/db/routing.py).
        waited = settings.REPLICA_MAX_LAG + settings.REPLICA_CHECK_SECONDS
        return now - self.moved_at >= waited

    def step(self):
        """Purge when due; return True when a purge (wide or narrow) went out."""
        current = versions()
        primary = current[0]
        replica = current[1] if len(current) > 1 else None
        has_replica = len(current) > 1
        now = self.clock()
        if primary is None:
            # The primary is away: nothing readers see can change but by a promotion.
            return self._settle(now)
        if self.seen is None:
            self.seen = primary
            return False
        if primary != self.seen:
            self.moved_at = self.moved_at or now
            behind = has_replica and (replica is None or replica < primary)
            if behind and not self._replica_given_up(replica, now):
                return self._settle(now)
            if purge(primary):
                self.last = (
                    f"purged to version {primary} (replica at {replica}, "
                    f"{now - self.moved_at:.2f} s after the move was seen)"
                )
                self.seen, self.moved_at = primary, None
                self.owed = primary if behind and replica is not None else None
                self.settle = (now + settings.EDGE_PURGE_SETTLE, primary)
                return True
            return False
        if self.owed is not None and replica is not None and replica >= self.owed:
            # The replica came back to readers with what the edge was purged for.
            if purge(primary):
                self.last = f"purged again for the replica, now at version {replica}"
                self.owed = None
                self.settle = (now + settings.EDGE_PURGE_SETTLE, primary)
                return True
            return False
        return self._settle(now)

    def _settle(self, now):
        if self.settle is None or now < self.settle[0]:
            return False
        version = self.settle[1]
        if purge(version, keep=version):
            self.last = f"purged pages of versions other than {version}"
            self.settle = None
            return True
        return False
