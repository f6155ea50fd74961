"""The links the newsletter mails: a pending signup, and a subscription's unsubscribe.

A signup is stored nowhere until it is confirmed, so the confirmation link
carries the request itself (address, language, sections), dated
(``NEWSLETTER_CONFIRM_MAX_AGE``). Signing alone would leave the address
readable in the link, and links end up in access logs and mail scanners'
reports, so the request is sealed with Fernet (the ``cryptography`` package:
AES-128-CBC with an HMAC-SHA256 over it, and a timestamp checked against the
link's lifetime), under a key derived from ``SECRET_KEY`` with its own salt.

An unsubscribe link names the subscription's id and a mark of its address,
signed without expiry: it works for as long as the subscription exists, and
not for a later one that happens to get the same id.
"""

import hmac
import json
from base64 import urlsafe_b64encode

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


class BadToken(Exception):
    """A link that was altered, is not ours, or has expired."""


def _fernet():
    key = salted_hmac(CONFIRM_SALT + ".key", "fernet", algorithm="sha256").digest()
    return Fernet(urlsafe_b64encode(key))


def confirmation_token(email, language, sections):
    payload = json.dumps({"e": email, "l": language, "s": sorted(sections)}).encode()
    return _fernet().encrypt(payload).decode()


def read_confirmation(token):
    """``(email, language, section ids)`` from a confirmation token, or BadToken."""
    try:
        payload = _fernet().decrypt(token.encode(), ttl=settings.NEWSLETTER_CONFIRM_MAX_AGE)
        request = json.loads(payload)
        return request["e"], request["l"], [int(pk) for pk in request["s"]]
    except (InvalidToken, UnicodeError, ValueError, KeyError, TypeError) as error:
        raise BadToken from error


def _mark(email):
    return salted_hmac(UNSUBSCRIBE_SALT, email.lower(), algorithm="sha256").hexdigest()[:16]


def unsubscribe_token(subscriber):
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(f"{subscriber.pk}.{_mark(subscriber.email)}")


def read_unsubscribe(token):
    """``(subscriber id, address mark)`` from an unsubscribe token, or BadToken."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
        pk, mark = value.split(".", 1)
        return int(pk), mark
    except (signing.BadSignature, ValueError) as error:
        raise BadToken from error


def matches(subscriber, mark):
    return hmac.compare_digest(_mark(subscriber.email), mark)
