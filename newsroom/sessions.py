"""Staff sessions end after ``STAFF_SESSION_IDLE_TIMEOUT`` without a request and
``STAFF_SESSION_MAX_AGE`` after signing in, however active.

Signing in writes both moments into the session; each request checks them and
moves the idle one on (written at most once a minute, not on every request).
An ended session is signed out. On an admin address the request goes no
further: whatever it was, a save included, it is answered with the login page,
a notice saying why and ``next`` back to the same address, so the journalist
lands on the form again after signing in. Nothing of a POST is kept here:
``draft-keeper.js`` copied the typed fields into the tab's storage when the
form was submitted and offers them back on that form. Elsewhere (a public page
opened with an old cookie) the request simply goes on signed out.

Readers have no session, and a request without a session cookie is never
looked at, so the page cache (which skips requests with one) is untouched.
"""

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

SIGNED_IN = "newsroom_signed_in"
SEEN = "newsroom_seen"


@receiver(user_logged_in, dispatch_uid="newsroom_session_moments")
def stamp(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        now = int(timezone.now().timestamp())
        session[SIGNED_IN] = now
        session[SEEN] = now


def _moment(session, key):
    value = session.get(key)
    return value if isinstance(value, int | float) else None


def ending(session, now):
    """Why the session has ended ("age" or "idle"), or None while it lasts."""
    signed_in, seen = _moment(session, SIGNED_IN), _moment(session, SEEN)
    if signed_in is None or seen is None:
        return "age"  # signed in before sessions carried their moments
    if now - signed_in >= settings.STAFF_SESSION_MAX_AGE:
        return "age"
    if now - seen >= settings.STAFF_SESSION_IDLE_TIMEOUT:
        return "idle"
    return None


def notice(reason):
    if reason == "idle":
        minutes = math.ceil(settings.STAFF_SESSION_IDLE_TIMEOUT / 60)
        why = ngettext(
            "You were signed out after %(count)d minute without activity.",
            "You were signed out after %(count)d minutes without activity.",
            minutes,
        ) % {"count": minutes}
    elif settings.STAFF_SESSION_MAX_AGE % 3600:
        minutes = math.ceil(settings.STAFF_SESSION_MAX_AGE / 60)
        why = ngettext(
            "You were signed out: a session lasts at most %(count)d minute.",
            "You were signed out: a session lasts at most %(count)d minutes.",
            minutes,
        ) % {"count": minutes}
    else:
        hours = settings.STAFF_SESSION_MAX_AGE // 3600
        why = ngettext(
            "You were signed out: a session lasts at most %(count)d hour.",
            "You were signed out: a session lasts at most %(count)d hours.",
            hours,
        ) % {"count": hours}
    return " ".join(
        [
            why,
            gettext(
                "Sign in again to go on; what you typed in a form is kept in this browser "
                "and offered back on that form."
            ),
        ]
    )


class StaffSessionMiddleware:
    """After sessions, authentication and messages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session:
            now = timezone.now().timestamp()
            reason = ending(request.session, now)
            if reason:
                logout(request)
                if self._in_admin(request):
                    messages.warning(request, notice(reason))
                    return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            elif now - request.session[SEEN] >= self._refresh():
                request.session[SEEN] = int(now)
        return self.get_response(request)

    @staticmethod
    def _refresh():
        # The idle moment is exact to this, never worse than a tenth of the timeout.
        return min(60, max(1, settings.STAFF_SESSION_IDLE_TIMEOUT // 10))

    @staticmethod
    def _in_admin(request):
        path = request.path
        return path.startswith(reverse("admin:index")) and path not in {
            reverse("admin:login"),
            reverse("admin:logout"),
        }
