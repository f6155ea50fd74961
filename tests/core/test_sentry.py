"""Error reports to Sentry: only with SENTRY_DSN, and without personal data.

Sentry is set up by the settings, once per process, so each case runs in a
fresh interpreter; the reports go to a real HTTP server started here.
"""

import gzip
import http.server
import os
import secrets
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import pytest

from core.sentry import scrub

BASE_DIR = Path(__file__).resolve().parents[2]

SETTINGS = """
from turan.settings_test import *  # noqa

ROOT_URLCONF = "sentry_urls"
# No database needed to read the session cookie the request sends.
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
"""

URLS = """
from django.urls import path


class NewsdeskExplosion(Exception):
    pass


def explode(request):
    raise NewsdeskExplosion("the wire feed broke")


urlpatterns = [path("boom/", explode)]
"""

# Through the WSGI application, as gunicorn calls it (the test client skips
# the WSGI layer, where Sentry reads headers and addresses). The secrets come
# from the environment: the script's text is in sys.argv, which reports carry.
REQUEST = """
import os
import wsgiref.util

import sentry_sdk
from django.core.wsgi import get_wsgi_application

environ = {
    "PATH_INFO": "/boom/",
    "HTTP_HOST": "testserver",
    "REMOTE_ADDR": os.environ["TEST_CLIENT_IP"],
    "HTTP_X_FORWARDED_FOR": os.environ["TEST_FORWARDED_FOR"],
    "HTTP_COOKIE": "sessionid=" + os.environ["TEST_SESSION"],
    "HTTP_AUTHORIZATION": "Bearer " + os.environ["TEST_TOKEN"],
    "HTTP_X_REQUEST_ID": "nginx-5e1",
}
wsgiref.util.setup_testing_defaults(environ)
statuses = []
body = get_wsgi_application()(environ, lambda status, headers: statuses.append(status))
b"".join(body)
print(statuses[0].split()[0])
sentry_sdk.flush(timeout=10)
"""

STATE = """
import sys
from django.conf import settings
settings.INSTALLED_APPS  # shell carries on without settings that fail to load
print("imported" if "sentry_sdk" in sys.modules else "not imported")
import sentry_sdk
client = sentry_sdk.get_client()
print("active" if client.is_active() else "inactive")
if client.is_active():
    options = client.options
    print(options["send_default_pii"], options["environment"], options["release"],
          options["traces_sample_rate"], options["before_send"].__name__)
"""


class Collector(http.server.BaseHTTPRequestHandler):
    """Keeps the body of every POST (an envelope), as sent before compression."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        else:
            assert not encoding, f"cannot read {encoding!r}"
        self.server.envelopes.append((self.path, body.decode()))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    server.envelopes = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def run(tmp_path, script, **env):
    (tmp_path / "sentry_settings.py").write_text(SETTINGS)
    (tmp_path / "sentry_urls.py").write_text(URLS)
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SENTRY_")
        and key not in {"DEBUG", "RELEASE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(
        DJANGO_SETTINGS_MODULE="sentry_settings",
        PYTHONPATH=os.pathsep.join([str(tmp_path), str(BASE_DIR)]),
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_error_in_a_view_is_reported_without_cookies_credentials_or_addresses(
    tmp_path, sentry_server
):
    session, token = secrets.token_hex(16), secrets.token_hex(12)
    port = sentry_server.server_address[1]

    result = run(
        tmp_path,
        REQUEST,
        TEST_SESSION=session,
        TEST_TOKEN=token,
        TEST_CLIENT_IP="203.0.113.77",
        TEST_FORWARDED_FOR="198.51.100.23",
        SENTRY_DSN=f"http://public@127.0.0.1:{port}/1",
        SENTRY_ENVIRONMENT="staging",
        RELEASE="2025.05.1",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["500"]
    assert sentry_server.envelopes, "no report arrived"
    paths = {path for path, _body in sentry_server.envelopes}
    assert paths == {"/api/1/envelope/"}
    sent = "\n".join(body for _path, body in sentry_server.envelopes)
    assert "NewsdeskExplosion" in sent
    assert '"url":"http://testserver/boom/"' in sent  # the request is described
    assert "the wire feed broke" in sent
    assert '"staging"' in sent and '"2025.05.1"' in sent
    for private in (session, token, "203.0.113.77", "198.51.100.23"):
        assert private not in sent


def test_without_a_dsn_sentry_is_not_even_imported(tmp_path):
    result = run(tmp_path, STATE)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["not", "imported", "inactive"]


def test_with_a_dsn_sentry_is_set_up_from_the_environment(tmp_path, sentry_server):
    port = sentry_server.server_address[1]

    result = run(
        tmp_path,
        STATE,
        SENTRY_DSN=f"http://public@127.0.0.1:{port}/1",
        SENTRY_TRACES_SAMPLE_RATE="0.25",
        RELEASE="2025.05.1",
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["imported", "active"]
    assert lines[2].split() == ["False", "production", "2025.05.1", "0.25", "scrub"]


@pytest.mark.parametrize("rate", ["often", "1.5", "-0.1"])
def test_a_traces_sample_rate_outside_0_to_1_is_refused(tmp_path, rate):
    result = run(
        tmp_path,
        STATE,
        SENTRY_DSN="http://public@127.0.0.1:9/1",
        **{"SENTRY_TRACES_SAMPLE_RATE": rate},
    )

    assert result.returncode != 0
    assert "SENTRY_TRACES_SAMPLE_RATE must be a number from 0 to 1" in result.stderr


def test_scrub_drops_cookies_credentials_and_the_users_address_and_email():
    event = {
        "exception": {"values": [{"type": "NewsdeskExplosion"}]},
        "request": {
            "url": "https://turan.az/en/",
            "cookies": {"sessionid": "s3cret"},
            "headers": {
                "Cookie": "sessionid=s3cret",
                "Authorization": "Bearer t0ken",
                "X-Forwarded-For": "198.51.100.23",
                "User-Agent": "Firefox",
            },
            "env": {"REMOTE_ADDR": "203.0.113.77", "SERVER_NAME": "turan.az"},
        },
        "user": {"id": "7", "ip_address": "203.0.113.77", "email": "leyla@turan.az"},
    }

    scrubbed = scrub(event)

    assert "cookies" not in scrubbed["request"]
    assert scrubbed["request"]["headers"] == {"User-Agent": "Firefox"}
    assert scrubbed["request"]["env"] == {"SERVER_NAME": "turan.az"}
    assert scrubbed["user"] == {"id": "7"}
    assert scrubbed["exception"] == {"values": [{"type": "NewsdeskExplosion"}]}
    assert "user" not in scrub({"user": {"ip_address": "{{auto}}"}})
    assert scrub({"message": "no request"}) == {"message": "no request"}
