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
        # in the admin's own language, whatever the reader cookie says.
        status, _headers, body = get(
            site,
            "/admin/",
            Cookie="sessionid=abcdefghijklmnopqrstuvwxyz012345; django_language=ru; "
            "turan_admin_language=az",
        )
        assert status == 503
        assert "Verilənlər bazası əlçatan deyil" in body
        assert '<html lang="az">' in body
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

    from public.views import server_error

    request = RequestFactory().get("/en/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert MAINTENANCE["en"] in response.content.decode()

    plain = server_error(RequestFactory().get("/en/"))
    assert plain.status_code == 500


@pytest.mark.django_db(transaction=True)
def test_a_save_cut_off_by_a_lost_connection_is_shown_again_with_the_typed_text(
    admin_client, make_article
):
    """The server drops the connection in the middle of the save (a restart or
    a failover); the database answers again at once, so the form comes back
    with everything typed and says nothing was saved."""
    import psycopg
    from django.db import connection

    from tests.change_form import change_url, open_form

    article = make_article(public=("ru", "en"))
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    typed = "NATO and Azerbaijan: a title typed just before the cut"
    data = open_form(admin_client, article, title_en=typed, body_en="<p>Typed body.</p>")
    cut = []

    def cut_connection(execute, sql, params, many, context):
        if sql.startswith('UPDATE "articles_article"') and not cut:
            cut.append(sql)
            settings = connection.get_connection_params()
            with psycopg.connect(
                dbname=settings["dbname"],
                user=settings.get("user"),
                host=settings.get("host"),
                port=settings.get("port"),
                autocommit=True,
            ) as other:
                backend = connection.connection.info.backend_pid
                other.execute("SELECT pg_terminate_backend(%s, 5000)", [backend])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(cut_connection):
        response = admin_client.post(change_url(article), data)

    assert cut, "the save never reached the article's UPDATE"
    assert response.status_code == 200
    page = response.content.decode()
    assert "The database was unavailable for a moment and nothing was saved." in page
    assert typed in page and "Typed body." in page
    article.refresh_from_db()
    assert article.title_en != typed

    saved = admin_client.post(change_url(article), data)
    assert saved.status_code == 302
    article.refresh_from_db()
    assert article.title_en == typed
