"""Log lines that say when, how bad, where from and for which request.

Each request gets an id: the ``X-Request-ID`` nginx sends (its ``$request_id``)
when it is a plain token, else a fresh one. It is kept in a context variable,
so every record logged while the request runs, in whichever thread serves it,
carries it, and the response echoes it, so a reader's report, the proxy's
access log and the application's lines can be matched.
"""

import contextvars
import logging
import re
import uuid

from django.core.exceptions import ImproperlyConfigured

HEADER = "X-Request-ID"
#: Outside a request (a command, a worker starting) records carry this.
NO_REQUEST = "-"
# Anything else (a newline, an escape sequence, a novel) could forge or break
# log lines, so it is replaced rather than cleaned.
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

_request_id = contextvars.ContextVar("request_id", default=NO_REQUEST)


def current_request_id():
    return _request_id.get()


class RequestIdMiddleware:
    """Give each request an id, for the log filter and the ``X-Request-ID`` header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if SAFE_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Add ``request_id`` to every record (``-`` outside a request)."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True


FIELDS = "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"
FORMATS = {
    "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": FIELDS,
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    },
}


def logging_config(log_format="text", level="WARNING"):
    """``LOGGING`` for one console handler, as text lines or JSON lines."""
    if log_format not in FORMATS:
        raise ImproperlyConfigured(
            f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {log_format!r}."
        )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "core.logs.RequestIdFilter"}},
        "formatters": {"console": FORMATS[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "console",
            }
        },
        "root": {"handlers": ["console"], "level": level},
    }
