"""The links the newsletter mails: a pending signup, and a subscription's unsubscribe.

A signup is stored nowhere until it is confirmed, so the confirmation link
carries the request itself (address, language, sections), signed and dated
(``NEWSLETTER_CONFIRM_MAX_AGE``). Signing alone would leave the address
readable in the link, and links end up in access logs and mail scanners'
reports, so the request is also encrypted: a keystream of HMAC-SHA256 blocks
over a random nonce (counter mode over a PRF), then signed by Django's
``TimestampSigner`` over the nonce and ciphertext (encrypt-then-MAC). Both keys
are derived from ``SECRET_KEY`` with their own salts.

An unsubscribe link names the subscription's id and a mark of its address,
signed without expiry: it works for as long as the subscription exists, and
not for a later one that happens to get the same id.
"""

import hashlib
import hmac
import json
import secrets
from base64 import urlsafe_b64decode, urlsafe_b64encode

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
NONCE_BYTES = 16


class BadToken(Exception):
    """A link that was altered, is not ours, or has expired."""


def _key():
    return salted_hmac(CONFIRM_SALT + ".key", "keystream", algorithm="sha256").digest()


def _keystream(nonce, length):
    key, blocks = _key(), []
    for counter in range((length + 31) // 32):
        blocks.append(hmac.new(key, nonce + counter.to_bytes(8, "big"), hashlib.sha256).digest())
    return b"".join(blocks)[:length]


def _b64(data):
    return urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text):
    return urlsafe_b64decode(text + "=" * (-len(text) % 4))


def confirmation_token(email, language, sections):
    payload = json.dumps({"e": email, "l": language, "s": sorted(sections)}).encode()
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = bytes(a ^ b for a, b in zip(payload, _keystream(nonce, len(payload)), strict=True))
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(_b64(nonce + sealed))


def read_confirmation(token):
    """``(email, language, section ids)`` from a confirmation token, or BadToken."""
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            token, max_age=settings.NEWSLETTER_CONFIRM_MAX_AGE
        )
        data = _unb64(value)
        nonce, sealed = data[:NONCE_BYTES], data[NONCE_BYTES:]
        payload = bytes(a ^ b for a, b in zip(sealed, _keystream(nonce, len(sealed)), strict=True))
        request = json.loads(payload)
        return request["e"], request["l"], [int(pk) for pk in request["s"]]
    except (signing.BadSignature, ValueError, KeyError, TypeError) as error:
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
