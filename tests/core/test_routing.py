"""The read-replica router: who reads from which server, on real PostgreSQL.

"replica" is a second alias of the test database (turan/settings_test.py):
each alias has its own connection, so the queries each one ran say where a
request read. Its lag against a real standby is tested by tests/cluster/.
"""

from contextlib import contextmanager

import pytest
import time_machine
from django.db import connections
from django.test.utils import CaptureQueriesContext

from core.db import DATABASE_DOWN, routing
from public.replica import WROTE_COOKIE

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica(settings):
    settings.DATABASE_READ_REPLICA = "replica"
    settings.REPLICA_CHECK_SECONDS = 0
    routing.forget_replica_state()
    yield "replica"
    routing.forget_replica_state()
    connections["replica"].close()


class Queries:
    """The SQL each alias ran inside the block."""

    def __init__(self, *aliases):
        self.aliases = aliases or ("default", "replica")

    def __enter__(self):
        self.captures = {alias: CaptureQueriesContext(connections[alias]) for alias in self.aliases}
        for capture in self.captures.values():
            capture.__enter__()
        return self

    def __exit__(self, *exc_info):
        for capture in self.captures.values():
            capture.__exit__(*exc_info)

    def sql(self, alias):
        # The router's own lag check is not one of the page's queries.
        return [
            query["sql"]
            for query in self.captures[alias].captured_queries
            if "pg_is_in_recovery" not in query["sql"] and query["sql"] != "SELECT 1"
        ]


@pytest.fixture
def article(make_article):
    return make_article(public=("ru", "az", "en"))


def test_a_readers_page_reads_only_from_the_replica(client, replica, article):
    for path in ("/en/", article.get_absolute_url("en")):
        with Queries() as queries:
            response = client.get(path)

        assert response.status_code == 200
        assert queries.sql("default") == []
        # The content version the page is cached under came from the same server.
        assert any("turan_content_state" in sql for sql in queries.sql("replica"))
        assert len(queries.sql("replica")) >= 2


def test_a_cached_page_costs_one_query_on_the_replica(client, replica, article):
    client.get("/en/")
    with Queries() as queries:
        response = client.get("/en/")

    assert response["X-Page-Cache"] == "hit"
    assert queries.sql("default") == []
    assert len(queries.sql("replica")) == 1


def test_search_reads_from_the_replica(client, replica, article):
    with Queries() as queries:
        response = client.get("/en/search/", {"q": "NATO"})

    assert response.status_code == 200
    assert queries.sql("default") == []
    assert queries.sql("replica")


def test_without_a_replica_everything_reads_from_the_primary(client, settings, article):
    settings.DATABASE_READ_REPLICA = None
    with Queries() as queries:
        assert client.get("/en/").status_code == 200

    assert queries.sql("replica") == []
    assert queries.sql("default")


def test_staff_read_from_the_primary(client, replica, article, editor):
    client.force_login(editor)
    with Queries() as queries:
        assert client.get(article.get_absolute_url("en")).status_code == 200
        assert client.get("/admin/").status_code == 200

    assert queries.sql("replica") == []
    assert queries.sql("default")


def test_previews_and_share_links_read_from_the_primary(client, replica, article):
    with Queries() as queries:
        client.get(f"/en/preview/{article.pk}/")
        client.get("/ru/preview/s/not-a-token/")

    assert queries.sql("replica") == []


def test_a_client_that_wrote_reads_its_writes_from_the_primary(client, replica, settings, article):
    settings.REPLICA_READ_YOUR_WRITES = 10
    with time_machine.travel("2026-12-03 12:00:00Z", tick=False):
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/en/"})
        assert WROTE_COOKIE in response.cookies
        with Queries() as queries:
            assert client.get("/en/").status_code == 200
        assert queries.sql("replica") == []

    # Once the stamp is older than REPLICA_READ_YOUR_WRITES, the replica again.
    with time_machine.travel("2026-12-03 12:00:11Z", tick=False), Queries() as queries:
        assert client.get("/en/").status_code == 200
    assert queries.sql("default") == []


def test_a_forged_write_stamp_is_ignored(client, replica, article):
    client.cookies[WROTE_COOKIE] = "1733227200"
    with Queries() as queries:
        client.get("/en/")

    assert queries.sql("default") == []


def test_a_replica_that_fails_under_a_request_is_replaced_by_the_primary(
    client, replica, settings, article
):
    settings.REPLICA_CHECK_SECONDS = 60
    settings_dict = connections["replica"].settings_dict
    saved = settings_dict["PORT"]
    connections["replica"].close()
    client.get("/en/")  # checked once while it answers
    try:
        # The replica's server goes away after the check: the next request meets it.
        settings_dict["PORT"] = "1"
        connections["replica"].close()
        with Queries("default") as queries:
            response = client.get(article.get_absolute_url("en"))
        assert response.status_code == 200
        assert queries.sql("default")
        # And the router stopped reading it.
        assert routing.replica_state().usable is False
        assert "unreachable" in routing.replica_state().reason
    finally:
        settings_dict["PORT"] = saved
        connections["replica"].close()
    routing.forget_replica_state()
    with Queries() as queries:
        client.get("/en/")
    assert queries.sql("default") == []


def test_without_the_retry_the_failing_replica_would_answer_503(client, replica, settings, article):
    """The request above is answered 200 only because it ran again on the primary."""
    settings.REPLICA_CHECK_SECONDS = 60
    client.get("/en/")
    settings_dict = connections["replica"].settings_dict
    saved = settings_dict["PORT"]
    try:
        settings_dict["PORT"] = "1"
        connections["replica"].close()
        with routing.reading_from("replica"):
            from django.test import RequestFactory

            from public.replica import ReplicaMiddleware

            seen = []

            def view(request):
                from public.views import service_unavailable

                seen.append(routing.reading_alias())
                response = service_unavailable(request)
                if routing.reading_alias() == "default":
                    response.status_code = 200
                return response

            response = ReplicaMiddleware(view)(RequestFactory().get("/en/"))
        assert seen == ["replica", "default"]
        assert response.status_code == 200
    finally:
        settings_dict["PORT"] = saved
        connections["replica"].close()


def test_the_check_reads_lag_from_the_server(replica):
    in_recovery, lag = routing.measure_lag("replica")
    # The test database is a primary: nothing to replay, no lag.
    assert in_recovery is False
    assert lag == 0
    usable, lag, reason = routing.check_replica("replica")
    assert (usable, lag, reason) == (True, 0.0, "current")


def test_the_replica_is_checked_at_most_once_per_interval(replica, settings):
    settings.REPLICA_CHECK_SECONDS = 60
    routing.forget_replica_state()
    with CaptureQueriesContext(connections["replica"]) as queries:
        for _ in range(5):
            assert routing.replica_usable()
    assert sum("pg_is_in_recovery" in q["sql"] for q in queries.captured_queries) == 1


def test_writes_and_migrations_go_to_the_primary():
    router = routing.ReplicaRouter()
    with routing.reading_from("replica"):
        assert router.db_for_read(None) == "replica"
        assert router.db_for_write(None) == "default"
    assert router.db_for_read(None) == "default"
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False


@contextmanager
def primary_gone():
    """The primary's server gone (its port closed) while "replica" still answers."""
    settings_dict = connections["default"].settings_dict
    saved = settings_dict["PORT"]
    connections["default"].close()
    settings_dict["PORT"] = "1"
    try:
        yield
    finally:
        settings_dict["PORT"] = saved
        connections["default"].close()
        routing.primary_answers()  # reconnected, for the test database's teardown
        routing._primary.down = False


def test_staff_read_the_replica_read_only_while_the_primary_is_away(replica, article, editor):
    from tests.change_form import change_url, client_for, form_data

    client = client_for(editor)  # signed in before the primary went
    # The first request meets the primary away (a 503 inside, answered again
    # from the replica): the test client would raise what it met.
    client.raise_request_exception = False
    with primary_gone():
        page = client.get(change_url(article))
        assert page.status_code == 200
        assert routing.primary_away()
        assert b"The database is read-only for a while" in page.content

        # A save is refused; the form comes back with what was typed, from the replica.
        data = form_data(page, title_en="Typed while away")
        response = client.post(change_url(article), data)
        assert response.status_code == 200
        assert b'value="Typed while away"' in response.content
        assert b"nothing was saved" in response.content
    article.refresh_from_db()
    assert article.title_en != "Typed while away"


def test_the_read_only_banner_speaks_the_admin_language(replica, article, editor):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="az", raise_request_exception=False)
    client.force_login(editor)
    with primary_gone():
        page = client.get("/admin/")
    assert page.status_code == 200
    assert "Verilənlər bazası hələlik yalnız oxumaq üçündür" in page.content.decode()


def test_staff_write_again_once_the_primary_answers(replica, article, editor, settings):
    from tests.change_form import change_url, client_for

    client = client_for(editor)
    routing.primary_failed()  # a request met it away a moment ago
    settings.REPLICA_CHECK_SECONDS = 0  # and it is looked at again now: it answers
    page = client.get(change_url(article))
    assert b"The database is read-only" not in page.content
    assert not routing.primary_away()


def test_a_session_saved_while_the_database_refuses_is_kept_in_the_cache(replica):
    from core.sessions import SessionStore

    session = SessionStore()
    session["seen"] = 1
    session.save()  # a new session: in the database and the cache
    with primary_gone():
        session["seen"] = 2
        session.save()  # the primary refuses: the cache keeps it
        assert SessionStore(session.session_key)["seen"] == 2
        with pytest.raises(DATABASE_DOWN):
            SessionStore().save(must_create=True)  # no new session without the database
    session.save()  # back: written to the database again
    assert SessionStore(session.session_key).load()["seen"] == 2


def test_a_session_deleted_meanwhile_is_not_saved_back_into_the_cache(replica):
    from django.contrib.sessions.backends.base import UpdateError

    from core.sessions import SessionStore

    session = SessionStore()
    session["seen"] = 1
    session.save()
    SessionStore(session.session_key).delete()  # signed out elsewhere
    session["seen"] = 2
    with pytest.raises(UpdateError):
        session.save()
