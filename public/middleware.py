import logging

from django.conf import settings
from django.db import DatabaseError, DataError, connections
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from core import compression

logger = logging.getLogger(__name__)

# Long enough to outlast a reader's habits; Django's default is a session cookie.
ONE_YEAR = 365 * 24 * 60 * 60


class RememberLanguageMiddleware:
    """Remember the language of the public page a reader opened last.

    ``/`` (LocaleMiddleware) sends a reader to the language in this cookie, so
    a reader who switched to Azerbaijani comes back to Azerbaijani. The cookie
    is written only when it changes, so most responses carry no Set-Cookie
    and stay cacheable by shared caches.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in {"GET", "HEAD"} or response.status_code >= 400:
            return response
        language = translation.get_language_from_path(request.path_info)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE or ONE_YEAR,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
            )
        return response


class BadInputMiddleware:
    """Answer input the database refuses (a NUL byte, a number out of range)
    with the 400 page in the reader's language instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DataError):
            from public.views import bad_request

            return bad_request(request, exception)
        return None


class DatabaseOutageMiddleware:
    """Answer a view that could not reach the database with the 503 page.

    The broken connection is closed at once, so the next request opens a
    fresh one and the site recovers by itself when the server is back
    (CONN_HEALTH_CHECKS also drops a dead persistent connection before reuse).
    Errors raised before the view (a middleware reading the session) reach
    the 500 handler, which answers them with the same page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from core.db import DATABASE_DOWN
        from public.views import service_unavailable

        if not isinstance(exception, DATABASE_DOWN):
            return None
        logger.error("Database unavailable: %s", exception)
        _drop_broken_connections()
        return service_unavailable(request, exception)


def _drop_broken_connections():
    for connection in connections.all(initialized_only=True):
        try:
            if connection.connection is not None and not connection.is_usable():
                connection.close()
        except DatabaseError:
            pass


class PrivateWhenSettingCookiesMiddleware:
    """Mark a response that sets a cookie ``private``, never ``public``.

    A shared cache (a proxy or CDN) that stored it would hand the cookie (the
    reader's language, a CSRF token) to every other reader of that address.
    The page cache never stores such responses; this covers cookies set
    further out, such as the remembered language on a cached page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.cookies and "public" in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True)
            # s-maxage speaks to shared caches alone, which keep none of this.
            response.headers["Cache-Control"] = ", ".join(
                directive
                for directive in (part.strip() for part in response["Cache-Control"].split(","))
                if not directive.startswith("s-maxage")
            )
        return response


#: Where requests may carry a body: the admin (forms, uploads), Django's
#: set_language view, the newsletter's forms and the most-read beacon
#: (newsletter/). Every other address is read-only.
BODY_PREFIXES = (
    "/admin/",
    "/i18n/",
    *(f"/{code}/{place}/" for code, _name in settings.LANGUAGES for place in ("newsletter", "r")),
)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
API_PREFIX = "/api/"


class RequestBodyMiddleware:
    """Refuse request bodies before anything reads them.

    A POST to a public page used to have its multipart body parsed, and large
    files spooled to disk, before CSRF refused it. Public addresses now answer
    405 at once; elsewhere a body over ``MAX_REQUEST_BODY`` (an upload plus the
    form around it) is a 413, both without reading a byte of it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("HTTP_X_TURAN_BODY_TOO_LARGE"):
            # nginx refused the body already (deploy/nginx/turan.conf): its page, localized.
            return _refusal(request, 413)
        if request.method not in SAFE_METHODS:
            if not request.path_info.startswith(BODY_PREFIXES):
                return _refusal(request, 405, allow="GET, HEAD")
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return _refusal(request, 400)
            if length > settings.MAX_REQUEST_BODY:
                return _refusal(request, 413)
        return self.get_response(request)


def _refusal(request, status, allow=None):
    """The 400 page, under ``status``, in the language of the address (this runs
    before LocaleMiddleware has chosen one); the partner API's JSON error under /api/."""
    from public.views import bad_request, error_language

    if request.path_info.startswith(API_PREFIX):
        from newswire.errors import json_error

        response = json_error(status, "refused", "The API answers GET and HEAD only.")
        if allow:
            response["Allow"] = allow
        return response

    with translation.override(error_language(request)):
        response = bad_request(request)
    response.status_code = status
    if allow:
        response["Allow"] = allow
    return response


def accepts_gzip(request):
    """Whether the reader's client takes gzip (Django's own test of Accept-Encoding)."""
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def compressible(request):
    """Whether a response to ``request`` may be compressed: readers' pages, not staff's.

    Compressing a page that holds a secret next to text an attacker chose lets
    the attacker guess the secret from the sizes (BREACH). Readers' pages hold
    none; the admin's and a signed-in editor's do, and stay as they are.
    """
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and not request.path.startswith(
        "/admin/"
    )


class ReaderGZipMiddleware(GZipMiddleware):
    """Django's gzip, for readers' responses only, inside the page cache.

    Inside it, a page is compressed once and stored so (the page cache keys the
    two variants apart, public/pagecache.py); every such response says
    ``Vary: Accept-Encoding``, compressed or not, so shared caches keep both
    apart too. nginx in front leaves these responses as they are.

    A response that names the pieces its body is made of (the feeds:
    ``core.compression.PIECES``) is compressed from each piece's kept stream,
    so an unchanged entry is not compressed again.
    """

    def process_response(self, request, response):
        # Taken off in any case: the page cache would store them beside the body.
        pieces = response.__dict__.pop(compression.PIECES, None)
        if not compressible(request):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if (
            pieces is not None
            and not response.streaming
            and not response.has_header("Content-Encoding")
            and len(response.content) >= 200
            and re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
            # Only when nothing rewrote the body since it was cut.
            and b"".join(this.data for this in pieces) == response.content
        ):
            return self.from_pieces(response, pieces)
        return super().process_response(request, response)

    def from_pieces(self, response, pieces):
        """What ``GZipMiddleware`` does to a body, from its pieces."""
        compressed = compression.gzip_of(pieces, max_random_bytes=self.max_random_bytes)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response
