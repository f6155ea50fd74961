"""How often the signup form may be used: per client address and per address signed up.

Counted in the database (``core.db.counters.bump``, as the partner API counts
its keys), so every worker and node sees the same count. Keys are HMACs of the
client's IP address (``core.client_ip``, as the login lockout reads it) and of
the email address: neither is stored as it is.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.client_ip import client_ip
from core.db.counters import bump
from newsletter.models import SignupWindow

SALT = "newsletter.limits"


def _key(kind, value):
    return kind + ":" + salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:40]


def _over(key, window, limit):
    count = bump(SignupWindow, {"key": key, "window": window})
    if count == 1:
        # The first request of a window forgets the windows of days before.
        SignupWindow.objects.filter(window__lt=window - timedelta(days=1)).delete()
    return count > limit


def client_over(request, now=None):
    """Count a signup from this client; True past ``NEWSLETTER_SIGNUPS_PER_HOUR``."""
    now = now or timezone.now()
    window = now.replace(minute=0, second=0, microsecond=0)
    address = client_ip(request) or "unknown"
    return _over(_key("ip", address), window, settings.NEWSLETTER_SIGNUPS_PER_HOUR)


def address_over(email, now=None):
    """Count a confirmation mail to ``email``; True past ``NEWSLETTER_MAILS_PER_ADDRESS`` a day."""
    now = now or timezone.now()
    window = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return _over(_key("to", email), window, settings.NEWSLETTER_MAILS_PER_ADDRESS)
