"""Who is asking, how often: partner keys, per-key rate limits and daily counts.

Keys are random tokens of 256 bits, stored as their SHA-256 digest
(``models.digest``): with that much entropy a fast hash cannot be guessed
backwards, and a request finds its key by one indexed lookup. A slow
password hash (PBKDF2, Argon2) defends guessable secrets; on every API request
it would cost tens of milliseconds for nothing.

Limits and counts live in the database, so every worker and every server
shares them: one upsert per request adds to the key's row for the current
minute (``RateWindow``), another to the partner's row for the day
(``DailyUsage``). Both are single statements (``core.db.counters.bump``), so
concurrent requests never lose a count.
"""

import math
from datetime import timedelta

from django.utils import timezone
from ninja.security import HttpBearer

from core.dates import BAKU
from core.db.counters import bump
from newswire.errors import ApiError
from newswire.models import ApiKey, DailyUsage, RateWindow, digest

# Record the moment a key was used at most this often (one write a minute, not one a request).
LAST_USED_PRECISION = timedelta(minutes=1)
_MAX_TOKEN = 200


def check_format(request):
    """The API speaks JSON, and reads no request body."""
    accept = request.headers.get("Accept", "")
    if accept and not any(
        kind.split(";")[0].strip()
        in {"application/json", "application/*", "*/*", "application/ld+json"}
        for kind in accept.split(",")
    ):
        raise ApiError(
            400, "unsupported_format", "This API answers application/json only.", "Accept"
        )
    content_type = request.headers.get("Content-Type", "")
    if content_type and content_type.split(";")[0].strip() != "application/json":
        raise ApiError(
            400, "unsupported_format", "Requests carry no body but JSON's.", "Content-Type"
        )


class PartnerKey(HttpBearer):
    """``Authorization: Bearer <key>``: the partner's key, checked, limited and counted."""

    def __call__(self, request):
        check_format(request)
        return super().__call__(request)

    def authenticate(self, request, token):
        token = token.strip()
        if not token or len(token) > _MAX_TOKEN:
            return None
        key = (
            ApiKey.objects.select_related("partner")
            .filter(digest=digest(token), revoked_at__isnull=True, partner__is_active=True)
            .first()
        )
        if key is None:
            return None
        now = timezone.now()
        bump(DailyUsage, {"partner": key.partner_id, "day": timezone.localdate(now, BAKU)})
        limit(key, now)
        if key.last_used_at is None or now - key.last_used_at >= LAST_USED_PRECISION:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        return key


def limit(key, now):
    """Count a request with ``key`` in this minute; refuse it past the partner's limit."""
    window = now.replace(second=0, microsecond=0)
    count = bump(RateWindow, {"key": key.pk, "window": window})
    if count == 1:
        # The first request of a minute clears the key's older minutes.
        RateWindow.objects.filter(key=key, window__lt=window).delete()
    if count > key.partner.rate_limit:
        retry = max(1, math.ceil((window + timedelta(minutes=1) - now).total_seconds()))
        raise ApiError(
            429,
            "rate_limited",
            f"More than {key.partner.rate_limit} requests a minute with this key.",
            headers={"Retry-After": str(retry)},
        )
