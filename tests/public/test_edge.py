"""The edge purger: a ban whenever the content version moves, never otherwise."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from public.edge import Purger, versions

pytestmark = pytest.mark.django_db(transaction=True)


class Edge(BaseHTTPRequestHandler):
    received = []
    versions = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        Edge.received.append((self.command, self.path, self.headers.get("Authorization"), body))
        Edge.versions.append(self.headers.get("X-Content-Version"))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_BAN = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def edge(settings):
    Edge.received = []
    Edge.versions = []
    server = HTTPServer(("127.0.0.1", 0), Edge)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    settings.EDGE_PURGE_URLS = [url + "/"]
    settings.CDN_PURGE_URL = url + "/cdn/purge"
    settings.CDN_PURGE_AUTHORIZATION = "Bearer cdn-token"
    yield server
    server.shutdown()
    server.server_close()


def test_a_change_readers_see_bans_the_edge_and_calls_the_cdn_hook(edge, make_section):
    purger = Purger()
    assert purger.step() is False  # the first look only learns the version
    assert purger.step() is False
    assert Edge.received == []

    make_section(name_en="Energy")
    assert purger.step() is True

    (ban, cdn) = Edge.received
    assert ban[:2] == ("BAN", "/")
    assert cdn[:3] == ("POST", "/cdn/purge", "Bearer cdn-token")
    assert json.loads(cdn[3]) == {"purge": "all", "version": versions()[0]}
    assert purger.step() is False  # nothing moved since


def test_a_draft_saved_purges_nothing(edge, make_article):
    article = make_article(public=())
    purger = Purger()
    purger.step()
    article.body_en = "<p>Still a draft.</p>"
    article.save()
    assert purger.step() is False
    assert Edge.received == []


def test_a_purge_that_failed_is_tried_again(edge, make_section, settings):
    purger = Purger()
    purger.step()
    make_section(name_en="Energy")
    settings.EDGE_PURGE_URLS = ["http://127.0.0.1:1/"]
    assert purger.step() is False
    settings.EDGE_PURGE_URLS = [f"http://127.0.0.1:{edge.server_port}/"]
    assert purger.step() is True


def test_a_narrow_ban_follows_each_purge_for_pages_fetched_meanwhile(edge, make_section, settings):
    settings.EDGE_PURGE_SETTLE = 1
    now = [100.0]
    purger = Purger(clock=lambda: now[0])
    purger.step()
    make_section(name_en="Energy")
    assert purger.step() is True
    version = versions()[0]
    assert Edge.versions == [None, None]  # the wide ban and the CDN's purge-all

    now[0] += 0.5
    assert purger.step() is False
    now[0] += 0.6
    assert purger.step() is True
    # Only the edge, and only what was rendered at another version than this one.
    assert Edge.received[2][:2] == ("BAN", "/")
    assert Edge.versions[2] == str(version)
    assert len(Edge.received) == 3
    now[0] += 5
    assert purger.step() is False


def test_pages_carry_the_version_they_were_rendered_at(client, make_article):
    article = make_article(public=("en",))
    response = client.get(article.get_absolute_url("en"), HTTP_COOKIE="django_language=en")
    assert response.status_code == 200
    assert response["X-Content-Version"] == str(versions()[0])


def test_with_a_purged_edge_pages_may_stay_there_a_day_and_be_served_stale_briefly(
    client, make_article, settings
):
    from datetime import timedelta

    from django.utils import timezone

    settings.EDGE_CACHE_SECONDS = 24 * 60 * 60
    article = make_article(public=("en",))

    def directives(response):
        return {part.strip() for part in response["Cache-Control"].split(",")}

    # A first visit sets the language cookie: kept by no shared cache at all.
    first = directives(client.get(article.get_absolute_url("en")))
    assert "private" in first and not any(part.startswith("s-maxage") for part in first)

    # A returning reader's page (the cookie sent back).
    control = directives(client.get(article.get_absolute_url("en")))
    assert {"public", "s-maxage=86400", "stale-while-revalidate=30"} <= control
    assert f"max-age={settings.HTTP_CACHE_SECONDS}" in control

    # A version scheduled an hour ahead: the edge keeps the list until then, and
    # never serves it stale past that moment.
    make_article(public=(), published_at_en=timezone.now() + timedelta(hours=1))
    control = directives(client.get("/en/"))
    maxage = next(int(part.split("=")[1]) for part in control if part.startswith("s-maxage="))
    assert 3500 <= maxage <= 3600
    assert not any(part.startswith("stale-while-revalidate") for part in control)
