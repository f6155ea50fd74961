"""Liveness and readiness for probes: ``/healthz`` and ``/readyz``.

Answered before any other middleware but the request id's (core/logs.py),
for two reasons. A load balancer or Kubernetes probe sends the node's address
as ``Host``, which is not in ALLOWED_HOSTS: anything that calls
``request.get_host()`` (SecurityMiddleware's SSL redirect, CommonMiddleware,
CSRF) would turn it into a 400, and the SSL redirect would answer a plain-HTTP
probe with a 301. And a probe must learn about this process, not about a
session, a language or a cached page.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

LIVE = "/healthz"
READY = "/readyz"


def alive():
    """None: the process answers, which is all liveness asks."""
    return None


def ready():
    """None when the database and the cache both answer, else why not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Not ready: the database is unreachable: %s", error)
        # A broken persistent connection is dropped, so the next probe reconnects.
        connection.close_if_unusable_or_obsolete()
        return "database unavailable"
    key, token = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache = caches[settings.PAGE_CACHE_ALIAS]
    try:
        cache.set(key, token, 10)
        answered = cache.get(key)
        cache.delete(key)
    except Exception as error:  # each backend has its own errors (redis, pymemcache)
        logger.warning("Not ready: the cache is unreachable: %s", error)
        return "cache unavailable"
    if answered != token:
        # pymemcache may swallow a connection error and answer None.
        logger.warning("Not ready: the cache did not return what was stored.")
        return "cache unavailable"
    return None


CHECKS = {LIVE: alive, READY: ready}


class HealthMiddleware:
    """Answer GET and HEAD on the probes' paths; everything else passes on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        check = CHECKS.get(request.path_info)
        if check is None or request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        problem = check()
        response = HttpResponse(
            "ok" if problem is None else problem,
            status=200 if problem is None else 503,
            content_type="text/plain; charset=utf-8",
        )
        if request.method == "HEAD":
            response.content = b""
        # A stored answer would tell a probe about the past.
        add_never_cache_headers(response)
        return response
