"""Which server a request reads from: the replica for readers, the primary for the rest.

Anonymous GET and HEAD requests to public addresses read from the read replica
(``DATABASE_REPLICA_URL``) while it is usable (core/db/routing.py). The
primary serves everything else: staff (a session cookie), every method but
GET and HEAD, the admin, previews and share links, the language switch, and
any client within ``REPLICA_READ_YOUR_WRITES`` seconds after it sent a write
(a signed cookie set on the response to its POST): so whoever saved sees what
they saved, even on a replica a little behind.

One request reads from one server: the page cache's content version and the
page's own queries alike. A request whose replica fails under it (stopped, or
cut off) is answered from the primary instead, once, and the replica is
checked anew on the next request.

While the primary is away (a request met it so, core/db/routing.py's
``primary_away``), staff read the replica too, read-only:
``request.database_read_only`` is then true, the admin shows a banner saying
so, and a save is refused with what was typed kept on the form.
"""

import time

from django.conf import settings
from django.core import signing

from core.db.routing import (
    PRIMARY,
    forget_replica_state,
    primary_answers,
    primary_away,
    primary_failed,
    reading_from,
    replica_alias,
    replica_usable,
)
from public.edge import VERSION_HEADER

#: The cookie marking a client that wrote: its reads stay on the primary a while.
WROTE_COOKIE = "turan_wrote"
_SALT = "turan.replica.wrote"
# Addresses that never read from the replica, whoever asks.
PRIMARY_PREFIXES = ("/admin/", "/i18n/")
SAFE_METHODS = {"GET", "HEAD"}


def _previews():
    from django.urls import reverse
    from django.utils import translation

    # /<lang>/preview/…: staff previews and share links (newsroom/urls.py).
    paths = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.add(reverse("newsroom:preview", args=[1]).rsplit("/1/", 1)[0] + "/")
    return tuple(sorted(paths))


_preview_prefixes = None


def wrote_recently(request):
    """Whether the client carries a write stamp younger than REPLICA_READ_YOUR_WRITES."""
    if WROTE_COOKIE not in request.COOKIES:
        return False
    try:
        request.get_signed_cookie(
            WROTE_COOKIE, salt=_SALT, max_age=settings.REPLICA_READ_YOUR_WRITES
        )
    except (KeyError, signing.BadSignature):
        return False
    return True


def may_read_replica(request):
    """Whether ``request`` is an anonymous reader's, which a replica may answer."""
    global _preview_prefixes
    if request.method not in SAFE_METHODS:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or wrote_recently(request):
        return False
    path = request.path_info
    if path.startswith(PRIMARY_PREFIXES):
        return False
    if _preview_prefixes is None:
        _preview_prefixes = _previews()
    return not path.startswith(_preview_prefixes)


def _database_failed(response):
    return getattr(response, "database_unavailable", False)


class ReplicaMiddleware:
    """Choose the server the request reads from; stamp a client that wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._respond(request)
        version = getattr(request, "content_version", None)
        if version is not None and VERSION_HEADER not in response:
            # The edge's narrow ban (public/edge.py) finds pages of an older version by it.
            response[VERSION_HEADER] = str(version)
        return response

    def _respond(self, request):
        alias = replica_alias()
        request.database_read_only = False
        if alias is None:
            return self.get_response(request)
        reader = may_read_replica(request)
        use_replica = reader and replica_usable()
        staff_write = (
            request.method not in SAFE_METHODS and settings.SESSION_COOKIE_NAME in request.COOKIES
        )
        if staff_write and not primary_away() and not primary_answers():
            # A staff write meeting a primary that went away is not tried
            # again: so it is asked first (one query, on the connection the
            # write uses). Readers' POSTs (the most-read beacon) are not.
            primary_failed()
        if not reader and primary_away() and replica_usable():
            # Staff while the primary is away: the replica's pages, read-only
            # (the admin says so; a save is refused with the typed text kept).
            use_replica = request.database_read_only = True
        request.database_alias = alias if use_replica else PRIMARY
        with reading_from(request.database_alias):
            response = self.get_response(request)
        if not _database_failed(response):
            pass
        elif use_replica and not request.database_read_only:
            # The replica went away under this request: the primary answers it,
            # and the replica is checked again before the next one reads it.
            forget_replica_state()
            request.database_alias = PRIMARY
            with reading_from(PRIMARY):
                response = self.get_response(request)
        elif not use_replica and not primary_answers():
            # The primary went away under this request. A GET or HEAD is
            # answered again from the replica, read-only; a write is not
            # repeated (its outage page says nothing was saved).
            primary_failed()
            if request.method in SAFE_METHODS and replica_usable():
                request.database_alias, request.database_read_only = alias, True
                with reading_from(alias):
                    response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 500:
            response.set_signed_cookie(
                WROTE_COOKIE,
                str(int(time.time())),
                salt=_SALT,
                max_age=settings.REPLICA_READ_YOUR_WRITES,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
