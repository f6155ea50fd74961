"""`make serve`'s stack, started as it starts it: nginx in front of gunicorn and PostgreSQL.

Everything here goes through nginx on a loopback port, as readers' requests do.
"""

import gzip
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.deploy.stack import nginx_installed

pytestmark = pytest.mark.skipif(
    not nginx_installed(), reason="nginx is missing (make test installs it with apt where it may)"
)
GZIP = {"Accept-Encoding": "gzip, br"}


def staff(stack):
    return {"Cookie": f"sessionid={stack.content['session']}"}


def test_a_public_image_and_its_renditions_are_kept_long_and_served_by_nginx(stack):
    for name in stack.content["public"]:
        status, headers, body = stack.get(f"/media/{name}")
        assert status == 200, name
        assert body[:3] == b"\xff\xd8\xff" or body[:4] == b"RIFF"
        assert "max-age=31536000" in headers["Cache-Control"]
        assert "immutable" in headers["Cache-Control"]
        # Asked again, nginx answers from what it kept: no Python for this hit.
        assert stack.get(f"/media/{name}")[1]["X-Media-Cache"] == "HIT"


def test_a_non_public_versions_image_is_for_staff_only(stack):
    media_root = Path(stack.content["media_root"])
    for name in stack.content["embargoed"]:
        assert stack.get(f"/media/{name}")[0] == 404, name
        status, headers, body = stack.get(f"/media/{name}", **staff(stack))
        assert status == 200, name
        assert body == (media_root / name).read_bytes()
        assert "no-store" in headers["Cache-Control"]
        # Never kept: readers still get the 404 after staff looked.
        assert stack.get(f"/media/{name}")[0] == 404


@pytest.mark.parametrize(
    "path", ["/en/", "ARTICLE", "/en/feed/", "/sitemap.xml", "/sitemap-en.xml"]
)
def test_pages_feeds_and_sitemaps_come_compressed(stack, path):
    path = stack.content["article"] if path == "ARTICLE" else path
    status, headers, body = stack.get(path, **GZIP)
    plain = stack.get(path)[2]

    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == plain
    assert "Accept-Encoding" in headers["Vary"]


def test_the_root_redirects_to_a_language(stack):
    status, headers, _ = stack.get("/", **GZIP)
    assert status == 302
    assert headers["Location"].rstrip("/").split("/")[-1] in {"ru", "az", "en"}


def test_static_files_are_compressed_and_immutable(stack):
    page = stack.get("/en/")[2].decode()
    stylesheet = page.split('rel="stylesheet" href="')[1].split('"')[0]

    status, headers, body = stack.get(stylesheet, **GZIP)

    assert status == 200
    assert headers["Content-Encoding"] in {"br", "gzip"}
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


def slow_client(port, stop):
    """Sends a header line every half second and never finishes its request."""
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall(b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        while not stop.is_set():
            try:
                connection.sendall(b"X-Slow: 1\r\n")
            except OSError:
                return
            stop.wait(0.5)


def test_slow_clients_do_not_hold_up_other_readers(stack):
    stop = threading.Event()
    clients = [threading.Thread(target=slow_client, args=(stack.port, stop)) for _ in range(3)]
    for client in clients:
        client.start()
    try:
        time.sleep(1.5)  # Longer than a worker would wait for them without nginx.
        started = time.monotonic()
        status = stack.get(stack.content["article"])[0]
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        for client in clients:
            client.join()

    assert status == 200
    assert elapsed < 1.0


def test_a_60_mb_post_is_refused_before_its_body_reaches_the_app(stack):
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", stack.port), timeout=10) as connection:
        connection.sendall(
            b"POST /en/search/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 62914560\r\n"
            b"Content-Type: application/octet-stream\r\nAccept-Language: az\r\n\r\n"
        )
        connection.sendall(b"x" * 65536)
        answer = b""
        while b"</html>" not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk

    assert answer.startswith(b"HTTP/1.1 413")
    assert time.monotonic() - started < 5
    # The reader's page, in the address's language, not nginx's own.
    assert b'<html lang="en"' in answer
    # The app saw no POST and no body: nginx asked it for the page only.
    app_lines = stack.app_lines("/en/search/ ")
    assert app_lines and all('"GET /en/search/ ' in line and '" 413 ' in line for line in app_lines)


def test_a_raw_utf8_request_line_gets_the_page(stack):
    with socket.create_connection(("127.0.0.1", stack.port), timeout=10) as connection:
        connection.sendall(
            "GET /ru/search/?q=газ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        )
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk

    assert answer.startswith(b"HTTP/1.1 200")
    assert "газ".encode() in answer


def test_the_client_address_and_scheme_reach_the_app_through_nginx(stack):
    status, headers, _ = stack.get("/en/", **{"X-Forwarded-For": "203.0.113.9"})
    assert status == 200
    # The access logs carry time, request id, seconds and the page cache's answer.
    gunicorn_lines = stack.app_lines("203.0.113.9")
    assert gunicorn_lines, stack.server_log()[-2000:]
    assert "page-cache=" in gunicorn_lines[-1] and "s page-cache" in gunicorn_lines[-1]
    # nginx appended its peer, the rightmost entry: the one TRUSTED_PROXY_COUNT=1 takes.
    assert "203.0.113.9, 127.0.0.1" in gunicorn_lines[-1]


def test_probes_answer_through_nginx_for_any_host(stack):
    for path in ("/healthz", "/readyz"):
        status, headers, body = stack.get(path, Host="10.0.0.5")
        assert (status, body) == (200, b"ok"), path
        assert "no-store" in headers["Cache-Control"]


def test_with_the_database_stopped_readiness_fails_and_pages_answer_503(stack):
    stack.cluster.stop()
    try:
        assert stack.get("/healthz")[0] == 200
        status, _, body = stack.get("/readyz")
        assert (status, body) == (503, b"database unavailable")
        status, headers, page = stack.get(stack.content["article"])
        assert status == 503
        assert headers["Retry-After"]
        assert b"Back in a few minutes" in page
    finally:
        stack.cluster.start()
    deadline = time.monotonic() + 20
    while stack.get("/readyz")[0] != 200:
        assert time.monotonic() < deadline, "the site did not come back with its database"
        time.sleep(0.5)
    assert stack.get(stack.content["article"])[0] == 200


def test_the_newswire_worker_runs_beside_the_servers_and_delivers(stack):
    from tests.newswire.test_push import Receiver

    receiver = Receiver()
    try:
        stack.manage(
            "shell",
            "-c",
            f"""
from datetime import timedelta
from django.utils import timezone
from articles.models import Article, Section
from newswire.models import Partner, Webhook
partner = Partner.objects.create(name="Stack Wire", languages=["en"])
Webhook.objects.create(partner=partner, url="{receiver.url}")
Article.objects.create(
    section=Section.objects.first(), title_en="Pushed", body_en="<p>Now.</p>",
    published_at_en=timezone.now() + timedelta(seconds=1),
)
""",
        )
        [request] = receiver.wait(1, seconds=20)
        assert request["headers"]["X-Turan-Event"] == "published"
        assert b'"Pushed"' in request["body"]
    finally:
        receiver.close()
