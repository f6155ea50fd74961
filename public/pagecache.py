"""Whole-page cache for anonymous readers, exact about publication schedules.

Every cacheable request asks the database one small question (``page_state``):
the current content version, the next scheduled publication moment in any
language and, for a page found in the cache, the newest version among the
scopes it shows. A page is stored under its address with the version read
before rendering it. A list (home, sections, feeds, sitemaps...) is valid
while the version is the same: any write readers can see (any path: admin,
``QuerySet.update()``, bulk loads, raw SQL, a restore) changes it at the
moment it commits. An article or site page is valid while none of its scopes
(``article:12``, ``tag:3``, ``site``..., recorded while it rendered) has
changed since: the triggers record them (core migration 0003), so a
correction drops the pages that show the piece and no others. No entry lives
past the next moment, so a scheduled version appears on time. Writes to
drafts change nothing (articles migration 0015): that bound is why a
scheduled version may be edited without a change, and a write that brings a
moment earlier does change the version and the scopes it will show in. The
same bound caps the ``Cache-Control: max-age`` given to shared caches (a
reverse proxy or CDN).

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
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.db import DatabaseError
from django.db.models.signals import post_init
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re, patch_cache_control, set_response_etag

from articles.models import Article
from articles.visibility import public_q
from authors.models import Author
from core.db.compiled import Compiled, StandIns, fetch_one
from core.db.content_version import recorder, recording
from core.db.orm import sql_of
from core.i18n import LANGUAGE_CODES, column
from frontpage.models import Placement
from photos.models import Photo
from public.middleware import accepts_gzip
from quotes.models import Quote
from tags.models import Tag

HEADER = "X-Page-Cache"
# What a page shows, as scopes (core/db/content_version.py); "lists": anything public.
SCOPES_HEADER = "X-Scopes"
# The root icons too: they need no content version, and their long max-age
# must not be cut to HTTP_CACHE_SECONDS.
# The partner API answers each partner for itself and keeps its own cache (newswire/api.py).
SKIPPED_PREFIXES = ("/admin/", "/i18n/", "/api/", "/favicon.ico", "/apple-touch-icon.png")
_FAR = datetime(9999, 1, 1, tzinfo=UTC)
_state = None


def _state_statement():
    """One prepared statement: the version, the next moment per language (and
    the next end of a front-page placement), and the newest version among
    ``scopes``.

    The moments are the querysets' own SQL (the visibility rule's columns and
    predicates), so each is an index probe on the partial "public" indexes;
    the scopes are primary-key probes.
    """
    global _state
    if _state is None:
        stand_ins = StandIns()
        now = stand_ins.moment("now")  # bound per request
        scopes = stand_ins.texts("scopes")
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
            f"LEAST({', '.join(parts)}), "
            "(SELECT max(version) FROM turan_content_scope WHERE scope = ANY(%s))"
        )
        params.append(scopes)
        _state = Compiled(sql, params, stand_ins).prepare("turan_content_state")
    return _state


def page_state(now, scopes=()):
    """Return ``(version, next_moment, newest)``: the content version, the next
    scheduled moment after ``now`` (None: none) and the newest version of
    ``scopes`` (None: none of them ever changed), in one query."""
    version, next_moment, newest = _state_statement().run(
        fetch_one, {"now": now, "scopes": list(scopes)}
    )
    return version or 0, next_moment, newest


def content_state(now=None):
    """Return ``(version, next_moment)``; ``next_moment`` is None when nothing is scheduled."""
    version, next_moment, _newest = page_state(now or timezone.now())
    return version, next_moment


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


class Entry(NamedTuple):
    """A stored page: stored as a plain tuple (any cache backend pickles it)."""

    response: HttpResponse
    expires: float  # a timestamp: never past the next moment known when rendered
    version: int  # the content version read before rendering
    scopes: tuple | None  # what the page shows; None: anything public (a list page)

    def valid(self, version, newest):
        """Whether the page still is what rendering it now would give."""
        if self.scopes is None:
            return self.version == version
        # Versions are handed out in commit order (core migration 0003): a
        # scope changed after the page read its version has a greater one.
        return self.version <= version and (newest is None or newest <= self.version)


# Pages that show one piece (an article, a site page): they depend on the
# scopes they show. Every other page lists, and any public write may change it.
SCOPED_VIEWS = frozenset({"articles:detail", "articles:detail-short", "pages:page"})
# Instances made while a page renders say what it shows.
SCOPED_MODELS = {Article: "article", Tag: "tag", Author: "author", Quote: "quote", Photo: "photo"}


def page_scopes(request, shown):
    """The scopes a page shows, or None for a page that lists (see ``Entry``).

    ``site`` (sections, site pages: the header and footer of every page) and
    ``sections:<code>`` (which sections the header links in the page's
    language) are always among them.
    """
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in SCOPED_VIEWS:
        return None
    return tuple(sorted(shown | {"site", f"sections:{translation.get_language()}"}))


def _shown(sender, instance, **kwargs):
    found = recorder()
    if found is not None and instance.pk is not None:
        found.add(f"{SCOPED_MODELS[sender]}:{instance.pk}")


def track_instances():
    """Record the scope of every instance of ``SCOPED_MODELS`` made while a page renders."""
    for model, kind in SCOPED_MODELS.items():
        post_init.connect(_shown, sender=model, dispatch_uid=f"page-cache-{kind}")


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
        page_seconds = settings.PAGE_CACHE_SECONDS
        cache = caches[settings.PAGE_CACHE_ALIAS]
        key = self._key(request)
        cached = cache.get(key) if page_seconds else None
        if cached is not None and (
            len(cached) != len(Entry._fields) or cached[1] <= now.timestamp()
        ):
            cached = None
        if cached is not None:
            cached = Entry(*cached)
        try:
            # Whether any of the page's scopes changed: in the same one query.
            scopes = cached.scopes if cached is not None else None
            version, next_moment, newest = page_state(now, scopes or ())
        except DatabaseError:
            # No answer from the database: let the view run (and fail) as usual.
            return self.get_response(request)
        remaining = seconds_until(next_moment, now)
        # What the page shows is that version's, until the next scheduled
        # moment: others may memoise by the two too (articles.selectors.memoised).
        request.content_version = version
        request.content_until = next_moment

        if cached is not None and cached.valid(version, newest):
            response = cached.response
            response[HEADER] = "hit"
            self._public(response, remaining)
            return response

        with recording() as shown:
            response = self.get_response(request)
        if not _storable(response):
            return response
        scopes = page_scopes(request, shown)
        # For an edge that bans by tag (docs/architecture.md, "Scopes").
        response[SCOPES_HEADER] = " ".join(scopes) if scopes is not None else "lists"
        self._public(response, remaining)
        lifetime = _bounded(page_seconds, remaining)
        if page_seconds and request.method == "GET":
            response[HEADER] = "miss"
            # Rendering may have crossed the moment: then the page may be stale already.
            lifetime = _bounded(lifetime, seconds_until(next_moment, timezone.now()))
            if lifetime >= 1:
                set_response_etag(response)
                entry = Entry(response, now.timestamp() + lifetime, version, scopes)
                cache.set(key, tuple(entry), lifetime)
        return response

    def _applies(self, request):
        return (
            request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(SKIPPED_PREFIXES)
        )

    def _key(self, request):
        url = request.build_absolute_uri()  # with the normalised query string
        digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        language = translation.get_language()
        # Pages are stored as sent: gzipped (ReaderGZipMiddleware, inside) or not.
        encoding = "gzip" if accepts_gzip(request) else "identity"
        # One entry per address: a newer rendering replaces the one it outdates.
        return f"page:{settings.RELEASE}:{language}:{encoding}:{digest}"

    def _public(self, response, remaining):
        seconds = _bounded(settings.HTTP_CACHE_SECONDS, remaining)
        if seconds >= 1:
            edge = {}
            if settings.EDGE_CACHE_SECONDS:
                # A purged edge (public/edge.py) may keep the page long; never
                # past the next scheduled moment, nor stale across it.
                edge["s_maxage"] = _bounded(settings.EDGE_CACHE_SECONDS, remaining)
                if remaining is None:
                    edge["stale_while_revalidate"] = 30
            patch_cache_control(response, public=True, max_age=seconds, **edge)
        else:
            patch_cache_control(response, no_cache=True)
