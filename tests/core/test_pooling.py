"""core/db/session.py and compiled.py: pooled connections, lost statements, poolers.

Pinned to Django 5.2's pool (``OPTIONS["pool"]``, psycopg_pool without a reset).
"""

import contextlib
import copy

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.utils import timezone

from core.db.session import RANDOM_PAGE_COST

PAGE_STATEMENTS = ("turan_article_page_en", "turan_content_state")


def fetch(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def page(client, article, text):
    """The article's English page, rendered now (not from the page cache)."""
    caches[settings.PAGE_CACHE_ALIAS].clear()
    response = client.get(article.get_absolute_url("en"))
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"
    assert text in response.text
    return response


def prepared_names():
    return {name for (name,) in fetch("SELECT name FROM pg_prepared_statements")}


@contextlib.contextmanager
def connected(**changes):
    """Django's connection made anew with ``changes`` to its settings, then as it was."""
    saved = copy.deepcopy(connection.settings_dict)
    connection.close()
    for key, value in changes.items():
        if key == "OPTIONS":
            connection.settings_dict["OPTIONS"] = value
        else:
            connection.settings_dict[key] = value
    try:
        yield
    finally:
        connection.close()
        connection.close_pool()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_a_statement_the_session_lost_is_prepared_again(client, make_article):
    article = make_article(public=("en",), title_en="Lost and found")
    page(client, article, "Lost and found")
    assert set(PAGE_STATEMENTS) <= prepared_names()

    fetch("DEALLOCATE ALL")  # what DISCARD ALL or a pooler's reset also does

    page(client, article, "Lost and found")
    assert set(PAGE_STATEMENTS) <= prepared_names()


@pytest.mark.django_db
def test_a_statement_lost_inside_a_transaction_is_prepared_again_in_a_savepoint(
    client, make_article
):
    article = make_article(public=("en",), title_en="Inside a transaction")
    with transaction.atomic():
        page(client, article, "Inside a transaction")
        fetch("DEALLOCATE ALL")
        page(client, article, "Inside a transaction")
        # The transaction was not aborted: it goes on and sees its own writes.
        article.title_en = "Still inside"
        article.save()
        page(client, article, "Still inside")


@pytest.mark.django_db
def test_a_direct_connection_starts_with_the_planner_cost():
    assert connection.settings_dict["OPTIONS"]["options"] == (
        f"-c random_page_cost={RANDOM_PAGE_COST}"
    )
    # A startup parameter, not a SET: the session's default is already the cost.
    assert fetch(
        "SELECT setting, reset_val, source FROM pg_settings WHERE name = 'random_page_cost'"
    ) == [(str(RANDOM_PAGE_COST), str(RANDOM_PAGE_COST), "client")]


@pytest.mark.django_db(transaction=True)
def test_pooled_connections_keep_the_planner_cost_and_the_prepared_statements(client, make_article):
    article = make_article(public=("en",), title_en="Pooled page")
    options = {**connection.settings_dict["OPTIONS"], "pool": {"min_size": 1, "max_size": 1}}
    with connected(OPTIONS=options, CONN_MAX_AGE=0):
        backends = set()
        for _request in range(3):
            page(client, article, "Pooled page")
            backends.add(fetch("SELECT pg_backend_pid()")[0][0])
            assert fetch("SHOW random_page_cost") == [(str(RANDOM_PAGE_COST),)]
            # Each request checks a connection out of the pool and back in.
            assert connection.pool is not None
            connection.close()
        assert len(backends) == 1  # one physical connection, reused
        assert set(PAGE_STATEMENTS) <= prepared_names()

        fetch("DEALLOCATE ALL")
        connection.close()
        page(client, article, "Pooled page")


@pytest.mark.django_db(transaction=True)
def test_protocol_prepared_statements_serve_the_page_in_one_statement(
    client, make_article, settings, django_assert_max_num_queries
):
    """``DB_POOLER_PREPARES``: prepared by psycopg, as PgBouncer 1.21+ carries them."""
    article = make_article(public=("en",), title_en="Prepared by the protocol")
    options = {**connection.settings_dict["OPTIONS"], "prepare_threshold": 1_000_000}
    settings.DATABASE_POOLER = "transaction"
    settings.DATABASE_POOLER_PREPARES = True
    with connected(OPTIONS=options):
        fetch("DEALLOCATE ALL")
        for _request in range(2):
            # The page's budget (tests/articles/test_views.py): the state, the
            # article, its most-read list (once per content version).
            with django_assert_max_num_queries(4):
                page(client, article, "Prepared by the protocol")
        rows = fetch("SELECT statement, from_sql FROM pg_prepared_statements")
        statements = [statement for statement, from_sql in rows if not from_sql]
        assert any("turan_content_version" in statement for statement in statements)
        assert any('"articles_article"' in statement for statement in statements)
        assert not any(from_sql for _statement, from_sql in rows)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("atomic", [False, True], ids=["autocommit", "in-a-transaction"])
def test_a_statement_lost_again_at_once_is_sent_unprepared_and_names_the_setting(
    make_article, atomic, caplog, monkeypatch
):
    """What a transaction-mode pooler without ``DB_POOLER=transaction`` looks like:
    the page still answers, and the log says what to set."""
    from articles.selectors import _compiled_page
    from core.db import compiled

    monkeypatch.setattr(compiled, "_unprepared", False)
    article = make_article(public=("en",), title_en="Lost every time")
    statement = _compiled_page("en")
    sent = []

    def lost_first(sql, params):
        sent.append(sql)
        if sql.startswith("EXECUTE"):
            fetch("DEALLOCATE ALL")
        return fetch(sql, params)

    with transaction.atomic() if atomic else contextlib.nullcontext():
        rows = statement.run(lost_first, {"at": timezone.now(), "pk": article.pk})
        assert any("Lost every time" in str(value) for value in rows[0])
        assert "set DB_POOLER=transaction" in caplog.text
        # From then on the process sends the statement unprepared, at once.
        sent.clear()
        statement.run(lost_first, {"at": timezone.now(), "pk": article.pk})
        assert len(sent) == 1 and not sent[0].startswith("EXECUTE")
        assert connection.connection.autocommit is not atomic
        assert fetch("SELECT 1") == [(1,)]


@pytest.mark.django_db(transaction=True)
def test_behind_a_session_pooler_each_session_sets_the_planner_cost(settings):
    settings.DATABASE_POOLER = "session"
    options = {
        key: value for key, value in connection.settings_dict["OPTIONS"].items() if key != "options"
    }
    with connected(OPTIONS=options):
        assert fetch(
            "SELECT setting, reset_val, source FROM pg_settings WHERE name = 'random_page_cost'"
        ) == [(str(RANDOM_PAGE_COST), "4", "session")]
