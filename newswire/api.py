"""The partner API under /api/v1/ (django-ninja): items, one item, the change feed.

Every answer is computed for the asking partner's scope (languages, sections,
embargoed items) and kept in the cache under the same content version that
keys readers' pages (plus, for partners receiving embargoed items, the last
change number, since drafts and scheduled versions do not move the content
version), never past the next scheduled moment. ``ETag`` is the body's digest;
``If-None-Match`` with it answers 304.
"""

import base64
import binascii
import gzip
import hashlib
import json
import re
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from django.db import DataError
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_datetime
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from articles.models import PublicationStatus
from articles.visibility import status_q
from core.dates import BAKU
from core.db.content_version import read_state
from core.i18n import LANGUAGE_CODES, column
from newswire import ninjs, selectors
from newswire.access import PartnerKey
from newswire.errors import ApiError, bad_parameter, json_error, not_found, response_for
from newswire.models import VersionChange

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
_SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")

api = NinjaAPI(
    title="Turan newswire",
    version="1",
    description=(
        "Articles of the Turan analytical service as IPTC ninjs 3.1 items, one per "
        "language version. Send your key as `Authorization: Bearer <key>`. See docs/api.md."
    ),
    urls_namespace="newswire",
    auth=PartnerKey(),
)


@api.exception_handler(ApiError)
def _api_error(request, exc):
    return response_for(exc)


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    return json_error(
        401,
        "unauthorized",
        "A valid key is required: Authorization: Bearer <key>.",
        headers={"WWW-Authenticate": 'Bearer realm="newswire"'},
    )


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    error = exc.errors[0] if exc.errors else {}
    location = error.get("loc") or ()
    parameter = str(location[-1]) if location else None
    return json_error(400, "invalid_parameter", error.get("msg", "Invalid request."), parameter)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return json_error(exc.status_code, "error", str(exc))


@api.exception_handler(DataError)
def _data_error(request, exc):
    # A value the database refuses (a NUL byte, say) that no check above caught.
    return json_error(400, "invalid_parameter", "A value of the request cannot be read.")


# Reading the query string


def _query(request, allowed):
    """The query parameters, each once; any other name is refused."""
    values = {}
    for name in request.GET:
        if name not in allowed:
            raise bad_parameter(name, f"Unknown parameter {name!r}.")
        given = request.GET.getlist(name)
        if len(given) > 1:
            raise bad_parameter(name, "Give this parameter once.")
        values[name] = given[0]
    return values


def _language(value, scope, parameter="language"):
    if value is None:
        return None
    if value not in LANGUAGE_CODES:
        raise bad_parameter(parameter, f"One of {', '.join(LANGUAGE_CODES)}.")
    if value not in scope.languages:
        raise not_found()
    return value


def _slug(value, parameter, max_length):
    if value is None:
        return None
    if not value or len(value) > max_length or not set(value) <= _SLUG_CHARS:
        raise bad_parameter(parameter, "A slug: letters, digits, - and _.")
    return value


def _limit(value):
    if value is None:
        return DEFAULT_LIMIT
    if not value.isascii() or not value.isdigit() or len(value) > 4:
        raise bad_parameter("limit", f"A whole number from 1 to {MAX_LIMIT}.")
    number = int(value)
    if not 1 <= number <= MAX_LIMIT:
        raise bad_parameter("limit", f"A whole number from 1 to {MAX_LIMIT}.")
    return number


def _moment(value, parameter):
    if value is None:
        return None
    try:
        moment = parse_datetime(value) if len(value) <= 40 else None
    except ValueError:
        moment = None
    if moment is None:
        raise bad_parameter(parameter, "An ISO 8601 moment, e.g. 2026-05-01T12:00:00+04:00.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, BAKU)
    if not _representable(moment):
        raise bad_parameter(parameter, "A moment between the years 1 and 9999 in UTC.")
    return moment


def _representable(moment):
    try:
        moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return False
    return True


def encode_cursor(entry):
    raw = json.dumps([entry.key.isoformat(), entry.article_id, entry.language])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(value):
    if value is None:
        return None
    try:
        if len(value) > 200:
            raise ValueError
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        key, article_id, language = json.loads(raw)
        moment = datetime.fromisoformat(key)
        if (
            timezone.is_naive(moment)
            or not _representable(moment)
            or not isinstance(article_id, int)
            or isinstance(article_id, bool)
            or not 0 < article_id < 2**63
            or language not in LANGUAGE_CODES
        ):
            raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, RecursionError):
        raise bad_parameter("cursor", "Not a cursor this API gave.") from None
    return moment, article_id, language


# Scope, cache, answers

GZIP = re.compile(r"\bgzip\b")


def _scope(request):
    key = request.auth
    sections = list(key.partner.sections.values_list("pk", "slug"))
    return selectors.Scope.of(key.partner, sections)


def _cached(request, scope, build):
    """Answer with ``build(now)``'s JSON, from the cache when it holds this state."""
    now = timezone.now()
    moments = [_next_moment(code) for code in scope.languages]
    version, next_moment = read_state(moments)
    changes = ""
    if scope.embargo:
        last = VersionChange.objects.order_by("-sequence").values_list("sequence", flat=True)[:1]
        changes = str(next(iter(last), 0))
    query = "&".join(sorted(f"{name}={value}" for name, value in request.GET.items()))
    digest = hashlib.sha256(
        "|".join(
            (settings.RELEASE, str(version), changes, *scope.key(), request.path, query)
        ).encode("utf-8", "surrogatepass")
    ).hexdigest()
    cache = caches[settings.PAGE_CACHE_ALIAS]
    cache_key = f"newswire:{digest}"
    stored = cache.get(cache_key)
    if stored is not None and stored[2] > now.timestamp():
        body, etag, _expires, packed = stored
    else:
        body = json.dumps(build(now), ensure_ascii=False).encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        # Compressed once with the answer, not once per request (a page of
        # items with their bodies is ~100 KB of JSON).
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        lifetime = settings.NEWSWIRE_CACHE_SECONDS
        if next_moment is not None:
            lifetime = min(lifetime, int((next_moment - timezone.now()).total_seconds()))
        if lifetime >= 1:
            cache.set(cache_key, (body, etag, now.timestamp() + lifetime, packed), lifetime)
    compressed = bool(GZIP.search(request.headers.get("Accept-Encoding", "")))
    # The compressed answer is another representation: a weak tag, as Django's
    # gzip would make it; either form the client sends back matches.
    sent = f"W/{etag}" if compressed else etag
    asked = request.headers.get("If-None-Match", "")
    if etag in [tag.strip().removeprefix("W/") for tag in asked.split(",")]:
        response = HttpResponseNotModified()
    elif compressed:
        response = HttpResponse(packed, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = sent
    patch_vary_headers(response, ("Accept-Encoding",))
    # Each partner's own answer: revalidated every time, kept by no shared cache.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Authorization",))
    return response


def _next_moment(code):
    moment = column("published_at", code)
    from articles.models import Article

    return (
        Article.objects.filter(status_q(code, PublicationStatus.SCHEDULED))
        .order_by(moment)
        .values(moment)[:1]
    )


def _absolute(request):
    return request.build_absolute_uri


def _serialise(request, scope, entries, now):
    articles = selectors.articles_for(entries, now)
    absolute = _absolute(request)
    items = []
    for entry in entries:
        article = articles.get(entry.article_id)
        if entry.usable and article is not None:
            items.append(
                ninjs.item(
                    article,
                    entry.language,
                    version=entry.sequence,
                    changed_at=entry.key,
                    absolute=absolute,
                    now=now,
                    languages=scope.languages,
                )
            )
        else:
            items.append(
                ninjs.canceled(
                    entry.article_id, entry.language, version=entry.sequence, changed_at=entry.key
                )
            )
    return items


def _page(request, scope, *, canceled):
    allowed = {"language", "cursor", "limit", "updated_since"}
    if not canceled:
        allowed |= {"section", "tag"}
    else:
        allowed |= {"section"}
    values = _query(request, allowed)
    language = _language(values.get("language"), scope)
    section = _slug(values.get("section"), "section", 60)
    if section is not None and scope.section_slugs and section not in scope.section_slugs:
        raise not_found()
    tag = _slug(values.get("tag"), "tag", 120)
    since = _moment(values.get("updated_since"), "updated_since")
    after = decode_cursor(values.get("cursor"))
    limit = _limit(values.get("limit"))

    def build(now):
        found = selectors.entries(
            scope,
            now,
            language=language,
            section=section,
            tag=tag,
            since=since,
            after=after,
            canceled=canceled,
            limit=limit + 1,
        )
        page, more = found[:limit], len(found) > limit
        cursor = encode_cursor(page[-1]) if page else values.get("cursor")
        return {
            "items": _serialise(request, scope, page, now),
            # Where to go on from: now (``more``), or later, to poll for what comes.
            "cursor": cursor,
            "more": more,
        }

    return _cached(request, scope, build)


@api.get("/items", summary="Items, oldest change first", tags=["items"])
def items(request):
    """The versions you receive, as ninjs items, in change order (`versionCreated`).

    Query parameters: `language`, `section` (slug), `tag` (slug), `updated_since`
    (ISO 8601), `limit` (1–100, 20), `cursor` (from the previous answer). The
    answer's `cursor` continues the list; `more` says whether items follow now.
    """
    return _page(request, _scope(request), canceled=False)


@api.get("/changes", summary="Changes, with take-down notices", tags=["items"])
def changes(request):
    """Like `/items`, and a version that stopped being distributed (unpublished,
    withdrawn, deleted) comes as `pubStatus: canceled`: remove it."""
    return _page(request, _scope(request), canceled=True)


@api.get("/items/{article_id}/{language}", summary="One item", tags=["items"])
def item(request, article_id: str, language: str):
    """One version: the item, its take-down notice if you may hold it, or 404."""
    scope = _scope(request)
    _query(request, set())
    if not article_id.isascii() or not article_id.isdigit() or len(article_id) > 18:
        raise bad_parameter("article_id", "A whole number.")
    code = _language(language, scope)
    number = int(article_id)

    def build(now):
        found = selectors.entries(scope, now, language=code, article_id=number, canceled=True)
        if not found:
            raise not_found()
        return _serialise(request, scope, found, now)[0]

    return _cached(request, scope, build)
