"""Error reports to Sentry, without readers' or staff members' personal data.

Imported by the settings only when ``SENTRY_DSN`` is set: without it,
sentry_sdk is never loaded.
"""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

#: Request headers that identify a person or carry a credential.
PRIVATE_HEADERS = {"authorization", "cookie", "proxy-authorization", "x-forwarded-for"}
PRIVATE_ENV = {"REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP"}
PRIVATE_USER = {"ip_address", "email", "username"}


def scrub(event, hint=None):
    """Drop cookies, credentials and addresses from an event before it leaves."""
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("cookies", None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            for name in [name for name in headers if name.lower() in PRIVATE_HEADERS]:
                del headers[name]
        env = request.get("env")
        if isinstance(env, dict):
            for name in PRIVATE_ENV & set(env):
                del env[name]
    user = event.get("user")
    if isinstance(user, dict):
        for field in PRIVATE_USER:
            user.pop(field, None)
        if not user:
            event.pop("user")
    return event


def init(dsn, environment, release, traces_sample_rate):
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        environment=environment,
        release=release or None,
        traces_sample_rate=traces_sample_rate,
        before_send=scrub,
        before_send_transaction=scrub,
    )
