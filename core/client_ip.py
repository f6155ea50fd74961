"""The address a request came from, as the login lockout counts it.

Behind a reverse proxy, every request arrives from the proxy's address, so
counting failures per REMOTE_ADDR would let anyone lock an editor out for
everyone. With ``TRUSTED_PROXY_COUNT`` proxies in front, each appending the
address it received from to ``X-Forwarded-For``, the client is the entry that
many places from the right; entries further left are whatever the client sent
and are never trusted.
"""

from django.conf import settings


def client_ip(request):
    address = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return address
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return address
    return forwarded[-count]
