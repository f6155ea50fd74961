"""The address a request came from, as the login lockout counts it.

Behind a reverse proxy, every request arrives from the proxy's address, so
counting failures per REMOTE_ADDR would let anyone lock an editor out for
everyone. With ``TRUSTED_PROXY_COUNT`` proxies in front, each appending the
address it received from to ``X-Forwarded-For``, the client is the entry that
many places from the right; entries further left are whatever the client sent
and are never trusted.

Nor is an entry that no trusted proxy wrote: walking from the peer outwards,
each address is taken from the header only while the one before it is in
``TRUSTED_PROXIES``. A server reached directly (``TRUSTED_PROXY_COUNT`` set by
mistake, or a proxy bypassed) therefore counts the peer itself, however the
client rotates its header, and says so in the log; so does a header with
fewer entries than there are proxies.
"""

import ipaddress
import logging
from functools import lru_cache

from django.conf import settings

log = logging.getLogger(__name__)


def parse_networks(values):
    """``TRUSTED_PROXIES`` as networks; ValueError names an entry that is none."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{value!r} is not an IP address or network") from None
    return tuple(networks)


@lru_cache(maxsize=8)
def _networks(values):
    return parse_networks(values)


def _address(text):
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def _trusted(peer):
    if not peer:
        # A Unix socket (gunicorn leaves REMOTE_ADDR empty): the peer is on this machine.
        return True
    address = _address(peer)
    if address is None:
        return False
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request):
    address = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return address
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not header:
        return address
    forwarded = [part.strip() for part in header.split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        log.warning(
            "X-Forwarded-For %r from %s has fewer than TRUSTED_PROXY_COUNT (%d) entries: "
            "counted as %s.",
            header[:200],
            address,
            count,
            address,
        )
        return address
    for entry in reversed(forwarded[-count:]):
        if not _trusted(address):
            log.warning(
                "%s is not a trusted proxy (TRUSTED_PROXIES) but X-Forwarded-For says %r: "
                "counted as %s.",
                address,
                header[:200],
                address,
            )
            return address
        if _address(entry) is None:
            log.warning(
                "X-Forwarded-For entry %r from %s is not an address: counted as %s.",
                entry[:60],
                address,
                address,
            )
            return address
        address = entry
    return address
