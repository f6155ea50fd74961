"""Database outages: 503 in the reader's language, then recovery without a restart.

Runs a real gunicorn server on a throwaway PostgreSQL cluster and stops that
cluster under it (tests/outage_server.py); the shared server is never touched.
"""

import urllib.error
import urllib.request

import pytest
from django.test import RequestFactory

from tests.outage_server import OutageSite


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = OutageSite(tmp_path_factory.mktemp("outage"))
    try:
        yield site.start()
    finally:
        site.close()


def get(site, path, **headers):
    request = urllib.request.Request(site.url + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


MAINTENANCE = {
    "en": "Back in a few minutes",
    "ru": "Скоро вернёмся",
    "az": "Bir neçə dəqiqəyə qayıdırıq",
}


def test_pages_answer_503_in_the_readers_language_while_the_database_is_down(site):
    status, _headers, body = get(site, "/en/")
    assert status == 200
    assert "Gas and Europe" in body
    worker = site.server.pid

    site.database_down()
    try:
        for language, heading in MAINTENANCE.items():
            status, headers, body = get(site, f"/{language}/")
            assert status == 503, body
            assert heading in body
            assert f'<html lang="{language}">' in body
            assert int(headers["Retry-After"]) > 0
            assert "no-store" in headers["Cache-Control"]
            assert "Traceback" not in body and "OperationalError" not in body
        status, _headers, body = get(site, "/az/search/?q=qaz")
        assert status == 503
        assert MAINTENANCE["az"] in body
        # A signed-in journalist (a session cookie to look up) in the admin,
        # in the interface language of the cookie.
        status, _headers, body = get(
            site, "/admin/", Cookie="sessionid=abcdefghijklmnopqrstuvwxyz012345; django_language=az"
        )
        assert status == 503
        assert "Verilənlər bazası əlçatan deyil" in body
    finally:
        site.database_up()

    # The same server process recovers by itself: no restart.
    for language, title in [("en", "Gas and Europe"), ("az", "Qaz və Avropa")]:
        status, _headers, body = get(site, f"/{language}/")
        assert status == 200, body
        assert title in body
    assert site.server.poll() is None and site.server.pid == worker


def test_a_second_outage_is_also_survived(site):
    assert get(site, "/ru/")[0] == 200
    site.database_down()
    try:
        assert get(site, "/ru/")[0] == 503
        assert get(site, "/ru/")[0] == 503
    finally:
        site.database_up()
    status, _headers, body = get(site, "/ru/")
    assert status == 200
    assert "Газ и Европа" in body


def test_an_outage_met_outside_a_view_also_gets_the_503_page():
    """A middleware that fails to reach the database ends in the 500 handler."""
    from django.db import OperationalError

    from turan.views import server_error

    request = RequestFactory().get("/en/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert MAINTENANCE["en"] in response.content.decode()

    plain = server_error(RequestFactory().get("/en/"))
    assert plain.status_code == 500
