"""Whole-page cache for anonymous readers, exact about publication schedules.

Every cacheable request asks the database one small question (``content_state``):
the current content version and the next scheduled publication moment in any
language. Pages are stored under the version, so any write readers can see
(any path: admin, ``QuerySet.update()``, bulk loads, raw SQL, a restore)
changes the key of every page at the moment it commits; and no entry lives
past the next moment, so a scheduled version appears on time. Writes to
drafts change no version (articles migration 0015): that bound is why a
scheduled version may be edited without one, and a write that brings a moment
earlier does change it. The same bound caps the
``Cache-Control: max-age`` given to shared caches (a reverse proxy or CDN).

Requests from signed-in staff (a session cookie), responses that set cookies,
vary on cookies, are private or not 200 are never stored or served from here.
A page is stored as it is sent, gzipped or not (public.middleware's
ReaderGZipMiddleware sits inside), each variant under a key of its own.

The query string is cut to what the view reads before the view runs: the
parameters its view declares (``query_parameters`` on the view, plus
``page_kwarg`` on a paginated ``ListView``), sorted by name, repeated values in
their order, empty ones dropped. Anything else (``utm_*``, ``fbclid``, a
cache-buster) neither reaches the view nor the key, so it can neither bypass
the cache nor fill it with copies of one page.
"""

import hashlib
import math
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.db import DatabaseError, connection
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re, patch_cache_control, set_response_etag

from articles.models import Article
from articles.visibility import public_q
from core.db.compiled import Compiled, StandIns
from core.db.orm import sql_of
from core.i18n import LANGUAGE_CODES, column
from frontpage.models import Placement
from public.middleware import accepts_gzip

HEADER = "X-Page-Cache"
# The root icons too: they need no content version, and their long max-age
# must not be cut to HTTP_CACHE_SECONDS.
# The partner API answers each partner for itself and keeps its own cache (newswire/api.py).
SKIPPED_PREFIXES = ("/admin/", "/i18n/", "/api/", "/favicon.ico", "/apple-touch-icon.png")
_FAR = datetime(9999, 1, 1, tzinfo=UTC)
_state = None


def _state_statement():
    """One prepared statement: the version, and the next moment per language
    (and the next end of a front-page placement).

    The moments are the querysets' own SQL (the visibility rule's columns and
    predicates), so each is an index probe on the partial "public" indexes.
    """
    global _state
    if _state is None:
        stand_ins = StandIns()
        now = stand_ins.moment("now")  # bound per request
        parts, params = [], []
        for code in LANGUAGE_CODES:
            moment = column("published_at", code)
            queryset = (
                Article.objects.filter(public_q(code, _FAR), **{f"{moment}__gt": now})
                .order_by(moment)
                .values(moment)[:1]
            )
            sql, subparams = sql_of(queryset)
            parts.append(f"({sql})")
            params.extend(subparams)
        # The moment an editor's front-page placement ends changes the home page too.
        ending = Placement.objects.filter(until__gt=now).order_by("until").values("until")[:1]
        sql, subparams = sql_of(ending)
        parts.append(f"({sql})")
        params.extend(subparams)
        sql = (
            "SELECT (SELECT version FROM turan_content_version WHERE id = 1), "
            f"LEAST({', '.join(parts)})"
        )
        _state = Compiled(sql, params, stand_ins).prepare("turan_content_state")
    return _state


def content_state(now=None):
    """Return ``(version, next_moment)``; ``next_moment`` is None when nothing is scheduled."""
    version, next_moment = _state_statement().run(_fetch_one, {"now": now or timezone.now()})
    return version or 0, next_moment


def _fetch_one(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def seconds_until(moment, now):
    """Whole seconds from ``now`` until ``moment`` (None: no bound), rounded down."""
    if moment is None:
        return None
    return max(0, math.floor((moment - now).total_seconds()))


def _bounded(limit, remaining):
    return limit if remaining is None else min(limit, remaining)


def query_parameters(view):
    """The query parameters ``view`` (a resolver match's ``func``) reads."""
    view = getattr(view, "view_class", view)
    names = set(getattr(view, "query_parameters", ()))
    if getattr(view, "paginate_by", None):
        names.add(view.page_kwarg)
    return names


def normalized_query(request):
    """The request's query string with only what its view reads, in one order."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return ""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return ""
    names = query_parameters(match.func)
    if not names:
        return ""
    # A fresh parse: request.GET may be a wrapper that notes what is read. From
    # the bytes, as Django's own does: a raw UTF-8 query string (?q=газ sent
    # unencoded) reaches WSGI decoded as Latin-1.
    given = QueryDict(get_bytes_from_wsgi(request.META, "QUERY_STRING", ""))
    kept = QueryDict(mutable=True)
    for name in sorted(names):
        values = [value for value in given.getlist(name) if value]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def _storable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-cache", "no-store", "max-age=0")):
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return "cookie" not in vary and "*" not in vary


class PageCacheMiddleware:
    """Serve and store anonymous readers' pages; set Cache-Control for shared caches.

    Sits after LocaleMiddleware (the active language is part of the key, for
    the few pages outside a language prefix) and RememberLanguageMiddleware
    (whose cookie must be set on cached pages too).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # One instance serves every request, from every thread: what a request
        # needs stays in locals (and caches[] is per thread), never on self.
        if not self._applies(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                # Staff may see what readers do not; keep it out of shared caches.
                patch_cache_control(response, private=True)
            return response

        query = normalized_query(request)
        if query != request.META.get("QUERY_STRING", ""):
            # The view sees what the key says, and nothing else.
            request.META["QUERY_STRING"] = query
            request.GET = type(request.GET)(query)
        now = timezone.now()
        try:
            version, next_moment = content_state(now)
        except DatabaseError:
            # No answer from the database: let the view run (and fail) as usual.
            return self.get_response(request)
        remaining = seconds_until(next_moment, now)
        key = self._key(request, version)
        # What the page shows is that version's, until the next scheduled
        # moment: others may memoise by the two too (articles.selectors.memoised).
        request.content_version = version
        request.content_until = next_moment

        page_seconds = settings.PAGE_CACHE_SECONDS
        cache = caches[settings.PAGE_CACHE_ALIAS]
        if page_seconds:
            cached = cache.get(key)
            if cached is not None:
                response, expires = cached
                if expires > now.timestamp():
                    response[HEADER] = "hit"
                    self._public(response, remaining)
                    return response

        response = self.get_response(request)
        if not _storable(response):
            return response
        self._public(response, remaining)
        lifetime = _bounded(page_seconds, remaining)
        if page_seconds and request.method == "GET":
            response[HEADER] = "miss"
            # Rendering may have crossed the moment: then the page may be stale already.
            lifetime = _bounded(lifetime, seconds_until(next_moment, timezone.now()))
            if lifetime >= 1:
                set_response_etag(response)
                cache.set(key, (response, now.timestamp() + lifetime), lifetime)
        return response

    def _applies(self, request):
        return (
            request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(SKIPPED_PREFIXES)
        )

    def _key(self, request, version):
        url = request.build_absolute_uri()  # with the normalised query string
        digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        language = translation.get_language()
        # Pages are stored as sent: gzipped (ReaderGZipMiddleware, inside) or not.
        encoding = "gzip" if accepts_gzip(request) else "identity"
        return f"page:{settings.RELEASE}:{version}:{language}:{encoding}:{digest}"

    def _public(self, response, remaining):
        seconds = _bounded(settings.HTTP_CACHE_SECONDS, remaining)
        if seconds >= 1:
            patch_cache_control(response, public=True, max_age=seconds)
        else:
            patch_cache_control(response, no_cache=True)
