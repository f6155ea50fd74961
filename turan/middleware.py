from django.conf import settings
from django.db import DataError
from django.utils import translation

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
            from turan.views import bad_request

            return bad_request(request, exception)
        return None
