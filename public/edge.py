"""Purging the edge (Varnish, a CDN) when what readers see changes.

Turan's own page cache needs no purge: its keys hold the content version.
An edge cache in front keys on the address alone, so it must be told. The
purger (``manage.py edge_purger``, one per site is enough, more do no harm)
reads the content version every ``EDGE_PURGE_INTERVAL`` seconds from the
primary and from the read replica, and when either moved:

- sends ``BAN`` to each of ``EDGE_PURGE_URL`` (deploy/varnish/turan.vcl bans
  every page: a content version is the whole site's);
- POSTs ``{"purge": "all", "version": N}`` to ``CDN_PURGE_URL``, with
  ``CDN_PURGE_AUTHORIZATION`` as its ``Authorization`` header.

The version only moves on writes readers can see (articles migration 0015),
so drafts and autosaves purge nothing. Watching the replica too matters: a
page the edge fetched again while the replica lagged was rendered from the
old version, and is banned again once the replica has the new one. A purge
that fails is tried again on the next pass.
"""

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.db import DatabaseError, connections

from core.db.routing import PRIMARY, replica_alias

logger = logging.getLogger(__name__)


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


def purge(version):
    """Purge every configured edge; return True when all of them took it."""
    done = True
    for url in settings.EDGE_PURGE_URLS:
        try:
            _send(urllib.request.Request(url, method="BAN"))
        except (urllib.error.URLError, OSError) as error:
            logger.warning("Edge purge of %s failed: %s", url, error)
            done = False
    if settings.CDN_PURGE_URL:
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
    """One pass at a time: ``step()`` purges when a version moved since the last purge."""

    def __init__(self):
        self.seen = None

    def step(self):
        current = versions()
        if self.seen is not None and all(value is None for value in current):
            return False
        if self.seen is None:
            self.seen = current
            return False
        moved = any(
            now is not None and now != before
            for now, before in zip(current, self.seen, strict=True)
        )
        if moved and purge(max(value for value in current if value is not None)):
            self.seen = tuple(
                now if now is not None else before
                for now, before in zip(current, self.seen, strict=True)
            )
            return True
        return False
