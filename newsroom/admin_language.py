"""The admin's interface language: the staff member's own choice, kept apart
from the language readers' pages remember.

Public pages remember the language of the page opened last in Django's
language cookie (public.middleware.RememberLanguageMiddleware); a preview or
any article opened from the admin would switch the admin with it. The admin
reads its own cookie instead (``ADMIN_LANGUAGE_COOKIE``, sent for the admin's
addresses only), set by the chooser in the admin's header
(``choose_admin_language``). An admin page opened before any choice is in the
language the browser asks for (or the reader cookie), and that language is
then kept in the admin cookie, so that reading the site later changes nothing.
"""

from django.conf import settings
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from core.i18n import LANGUAGE_CODES

ADMIN_LANGUAGE_COOKIE = "turan_admin_language"
ONE_YEAR = 365 * 24 * 60 * 60


def admin_path() -> str:
    return reverse("admin:index")


def is_admin_request(request) -> bool:
    try:
        return request.path_info.startswith(admin_path())
    except NoReverseMatch:  # a URLconf without the admin: nothing is the admin's
        return False


def chosen_admin_language(request):
    """The language the staff member chose for the admin, or None."""
    code = request.COOKIES.get(ADMIN_LANGUAGE_COOKIE)
    return code if code in LANGUAGE_CODES else None


def set_admin_language_cookie(response, code):
    response.set_cookie(
        ADMIN_LANGUAGE_COOKIE,
        code,
        max_age=ONE_YEAR,
        path=admin_path(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class AdminLanguageMiddleware:
    """Activate the admin's own language on the admin's addresses (after
    LocaleMiddleware, which chose one for them from the reader cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_admin_request(request):
            return self.get_response(request)
        chosen = chosen_admin_language(request)
        if chosen is not None:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        language = translation.get_language()
        response = self.get_response(request)
        if (
            chosen is None
            and language in LANGUAGE_CODES
            and ADMIN_LANGUAGE_COOKIE not in response.cookies  # the chooser's own answer
        ):
            # Kept from now on: reading the site no longer moves it.
            set_admin_language_cookie(response, language)
        return response


def choose_admin_language(request):
    """POST ``language`` (and ``next``): the admin's interface language from now on."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not next_url.startswith(admin_path()):
        next_url = admin_path()
    response = HttpResponseRedirect(next_url)
    code = request.POST.get("language")
    if code in LANGUAGE_CODES:
        set_admin_language_cookie(response, code)
        remember_for_mail(request.user, code)
    return response


def remember_for_mail(user, code):
    """Keep the choice on the server too: mail to this person is in it (newsroom/notify.py)."""
    from newsroom.models import StaffLanguage

    if user.is_authenticated:
        StaffLanguage.objects.update_or_create(user=user, defaults={"language": code})
