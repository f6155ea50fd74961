"""Probes: /healthz and /readyz answer whatever the Host, over plain HTTP, never cached."""

import urllib.error
import urllib.request

import pytest
from django.test import Client

from tests.outage_server import OutageSite, free_port

# What load balancers and Kubernetes send as Host: the node's address, or a
# name that is no site's.
PROBE_HOSTS = ["10.0.3.7", "10.0.3.7:8000", "[fd00::17]", "node-7.cluster.internal"]


def test_healthz_answers_ok_without_the_database(client):
    # No database marker: any query would fail the test.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_answers_ok_when_the_database_and_the_cache_answer(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_head_probes_get_the_status_without_a_body(client, path):
    response = client.head(path)

    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.django_db
@pytest.mark.parametrize("host", PROBE_HOSTS)
def test_probes_answer_any_host_while_pages_still_refuse_it(client, host):
    assert client.get("/healthz", headers={"host": host}).status_code == 200
    assert client.get("/readyz", headers={"host": host}).status_code == 200
    assert client.get("/en/", headers={"host": host}).status_code == 400
    assert client.get("/robots.txt", headers={"host": host}).status_code == 400


@pytest.mark.django_db
def test_probes_over_plain_http_are_not_redirected_to_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # its middleware reads the setting on the first request

    assert client.get("/en/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_only_the_exact_paths_and_safe_methods_are_probes(client):
    assert client.get("/healthz/").status_code == 404
    assert client.get("/en/healthz").status_code == 404
    assert client.post("/readyz").status_code == 405


@pytest.mark.django_db
def test_readyz_answers_503_when_the_cache_is_unreachable(client, settings):
    # A Redis server nobody listens for: the connection is refused.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.content == b"cache unavailable"
    assert "no-store" in response["Cache-Control"]
    assert client.get("/healthz").status_code == 200


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = OutageSite(tmp_path_factory.mktemp("probes"))
    try:
        yield site.start()
    finally:
        site.close()


def probe(site, path, host="10.0.3.7"):
    request = urllib.request.Request(site.url + path, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_readyz_follows_the_database_through_an_outage(site):
    """A real server on a cluster of its own, stopped under it and started again."""
    assert probe(site, "/readyz") == (200, "ok")

    site.database_down()
    try:
        assert probe(site, "/readyz") == (503, "database unavailable")
        assert probe(site, "/readyz") == (503, "database unavailable")
        assert probe(site, "/healthz") == (200, "ok")
        # Readers still get the 503 page, in their language, from the usual path.
        status, body = probe(site, "/en/", host="127.0.0.1")
        assert status == 503 and "Back in a few minutes" in body
    finally:
        site.database_up()

    assert probe(site, "/readyz") == (200, "ok")
    assert probe(site, "/en/", host="127.0.0.1")[0] == 200
