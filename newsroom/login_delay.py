"""A ceiling on sign-in attempts per account, from any addresses.

django-axes locks one username from one address; an attacker with many
addresses never meets that lock. So every attempt for a username is also
counted here, whatever its address (``LoginDelay``, a row per username): past
``LOGIN_ACCOUNT_FAILURE_LIMIT`` attempts since the account's last success, each
further one must wait ``FIRST_DELAY``, then twice as long after each attempt,
up to ``LOGIN_ACCOUNT_MAX_DELAY``. An attempt made while waiting is refused
before the password is checked (a 429 page in the staff member's language)
and does not lengthen the wait. A success deletes the row; attempts a day old
are forgotten.

A wait that strangers can renew would still keep the editor out, so a browser
that has signed in to the account before is never made to wait: the sign-in
leaves a signed cookie naming the account and a mark of its password hash
(void once the password changes). That browser's attempts still count, and
axes' lock per address still applies to it.

The count is taken when the attempt starts, under a row lock, so parallel
attempts cannot all slip through one opening.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import npgettext

from newsroom.models import LoginDelay

FIRST_DELAY = 30  # seconds, the first wait past the limit
FORGET_AFTER = timedelta(days=1)
DEVICE_COOKIE = "turan_staff_device"
DEVICE_MAX_AGE = 180 * 24 * 60 * 60
DEVICE_ACCOUNTS = 5  # accounts one browser remembers
SALT = "newsroom.login_delay.device"


def delay_after(attempts):
    """Seconds the next attempt waits once ``attempts`` were made since the last success."""
    beyond = attempts - settings.LOGIN_ACCOUNT_FAILURE_LIMIT
    if beyond < 0:
        return 0
    return min(settings.LOGIN_ACCOUNT_MAX_DELAY, FIRST_DELAY * 2 ** min(beyond, 32))


def claim(username, trusted=False):
    """Count an attempt for ``username``; the seconds to wait if it must wait instead."""
    now = timezone.now()
    with transaction.atomic():
        row, created = LoginDelay.objects.select_for_update().get_or_create(
            username=username, defaults={"last_attempt": now, "next_attempt": now}
        )
        if created:
            LoginDelay.objects.filter(last_attempt__lt=now - FORGET_AFTER).delete()
        elif row.last_attempt < now - FORGET_AFTER:
            row.attempts = 0
        elif row.next_attempt > now and not trusted:
            return (row.next_attempt - now).total_seconds()
        row.attempts += 1
        row.last_attempt = now
        row.next_attempt = now + timedelta(seconds=delay_after(row.attempts))
        row.save()
    return 0


def _mark(user):
    return salted_hmac(SALT, user.password, algorithm="sha256").hexdigest()[:32]


def _remembered(request):
    """[(username, mark), …] from the browser's cookie, newest first."""
    try:
        entries = signing.loads(
            request.COOKIES.get(DEVICE_COOKIE, ""), salt=SALT, max_age=DEVICE_MAX_AGE
        )
    except signing.BadSignature:
        return []
    if not isinstance(entries, list):
        return []
    return [
        (entry[0], entry[1])
        for entry in entries
        if isinstance(entry, list)
        and len(entry) == 2
        and all(isinstance(part, str) for part in entry)
    ]


def signed_in_before(request, username):
    """Whether this browser signed in to ``username`` with its current password."""
    mark = dict(_remembered(request)).get(username)
    if not mark:
        return False
    User = get_user_model()
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    return user is not None and constant_time_compare(mark, _mark(user))


class AccountDelayBackend:
    """Refuses an attempt that must wait; authenticates no one itself.

    Listed after axes' backend (an address it locks is not counted here) and
    before the one that checks the password. No ``get_user()``: no session is
    ever this backend's, and the test client's ``force_login`` passes it by.
    """

    def authenticate(self, request, username=None, **credentials):
        if request is None or not username:
            return None
        username = str(username)[:255]
        wait = claim(username, trusted=signed_in_before(request, username))
        if wait:
            request.login_delay_wait = wait
            raise PermissionDenied
        return None


@receiver(user_logged_in, dispatch_uid="newsroom_login_delay_reset")
def reset_on_success(sender, request, user, **kwargs):
    LoginDelay.objects.filter(username=user.get_username()).delete()
    if request is not None:
        request.login_delay_remember = user


def wait_text(seconds):
    """How long, as it ends "Try again in …" (hence the context, for inflection)."""
    if seconds < 60:
        count = max(1, math.ceil(seconds))
        text = npgettext("try again in", "%(count)d second", "%(count)d seconds", count)
    else:
        count = math.ceil(seconds / 60)
        text = npgettext("try again in", "%(count)d minute", "%(count)d minutes", count)
    return text % {"count": count}


class LoginDelayMiddleware:
    """Shows the wait for a refused attempt; remembers a browser that signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        wait = getattr(request, "login_delay_wait", None)
        if wait:
            response = render(
                request, "newsroom/login_delay.html", {"wait": wait_text(wait)}, status=429
            )
            response["Retry-After"] = str(math.ceil(wait))
        user = getattr(request, "login_delay_remember", None)
        if user is not None:
            self._remember(request, response, user)
        return response

    def _remember(self, request, response, user):
        username = user.get_username()
        entries = [[username, _mark(user)]]
        entries += [list(entry) for entry in _remembered(request) if entry[0] != username]
        response.set_cookie(
            DEVICE_COOKIE,
            signing.dumps(entries[:DEVICE_ACCOUNTS], salt=SALT),
            max_age=DEVICE_MAX_AGE,
            path=reverse("admin:index"),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
