"""core/db/compiled.py: SQL compiled once with stand-ins, bound anew per call."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from articles.models import Article
from core.db import compiled
from core.db.compiled import Compiled, StandInError, StandIns
from core.db.orm import sql_of

pytestmark = pytest.mark.django_db


def test_stand_ins_are_distinct_values_no_call_can_mean():
    stand_ins = StandIns()
    values = [
        stand_ins.text("query"),
        stand_ins.moment("at"),
        stand_ins.moment("until"),
        stand_ins.number("pk"),
        stand_ins.number("section"),
        stand_ins.numbers("tags"),
    ]

    assert values[0].startswith(compiled.TEXT_MARK)
    assert values[1] != values[2] and values[1].year == values[2].year == 1900
    assert values[3] != values[4] and values[3] < 0 and values[4] < 0
    assert isinstance(values[5], list) and values[5][0] < 0
    assert [stand_ins.name_of(value) for value in values] == stand_ins.names()
    assert stand_ins.name_of("query") is None and stand_ins.name_of(True) is None
    with pytest.raises(ValueError):
        stand_ins.number("pk")


def test_bind_puts_each_value_in_its_stand_ins_places():
    stand_ins = StandIns()
    at, pk = stand_ins.moment("at"), stand_ins.number("pk")
    statement = Compiled("a = %s AND b = %s AND c = %s AND d = %s", [at, 1, pk, at], stand_ins)
    moment = datetime(2026, 5, 1, tzinfo=UTC)

    assert statement.bind({"at": moment, "pk": 42}) == [moment, 1, 42, moment]
    assert statement.params == (at, 1, pk, at)  # the compiled statement is kept as it was


@pytest.mark.parametrize(
    "sql, params",
    [
        # Written into the SQL: nothing left to bind.
        ("title = '{text}' AND at = %s", ["{at}"]),
        ("id = {pk} AND at = %s", ["{at}"]),
        ("at = '1900-01-01 00:00:00.000002+00:00' AND title = %s", ["{text}"]),
        # Changed on its way: the bound value would not replace it.
        ("title LIKE %s AND at = %s", ["%{text}%", "{at}"]),
        ("at > %s", ["{at_plus_a_day}"]),
        ("day = %s AND at = %s", ["{day}", "{at}"]),
        ("id = %s AND at = %s", ["{pk_plus_one}", "{at}"]),
        # A required stand-in the SQL does not use.
        ("title = %s", ["{text}"]),
    ],
)
def test_a_stand_in_that_cannot_be_bound_is_refused(sql, params):
    stand_ins = StandIns()
    text = stand_ins.text("text", required=False)
    at = stand_ins.moment("at")
    pk = stand_ins.number("pk", required=False)
    values = {
        "{text}": text,
        "%{text}%": f"%{text}%",
        "{at}": at,
        "{at_plus_a_day}": at + timedelta(days=1),
        "{day}": at.date(),
        "{pk_plus_one}": pk + 1,
    }
    sql = sql.replace("{text}", text).replace("{pk}", str(pk))

    with pytest.raises(StandInError, match="cannot bind"):
        Compiled(sql, [values[param] for param in params], stand_ins)


def test_an_optional_stand_in_may_be_left_out():
    stand_ins = StandIns()
    stand_ins.text("word", required=False)
    at = stand_ins.moment("at")

    statement = Compiled("at = %s AND flag = %s", [at, True], stand_ins)

    assert statement.bind({"at": "now", "word": "unused"}) == ["now", True]


def test_the_orm_changing_a_stand_in_is_refused():
    stand_ins = StandIns()
    words = stand_ins.text("words")
    # icontains wraps the words in % signs: they could not be bound.
    with pytest.raises(StandInError):
        Compiled(*sql_of(Article.objects.filter(title_en__icontains=words)), stand_ins)


def test_prepared_statement_binds_the_stand_ins_and_keeps_the_rest_as_literals(make_article):
    article = make_article(public=("en",), title_en="Prepared 100%")
    stand_ins = StandIns()
    at, pk = stand_ins.moment("at"), stand_ins.number("pk")
    queryset = Article.objects.public("en", at).filter(pk=pk, title_en__endswith="100%")
    statement = Compiled(*sql_of(queryset.values_list("title_en")), stand_ins).prepare(
        "turan_test_prepared"
    )

    assert statement.prepare.startswith("PREPARE turan_test_prepared (timestamptz, bigint) AS ")
    assert "$1" in statement.prepare and "$2" in statement.prepare
    assert "%100" in statement.prepare and "%s" not in statement.prepare  # a literal
    assert statement.sql == "EXECUTE turan_test_prepared(%s, %s)"
    with connection.cursor() as cursor:
        for moment, expected in ((datetime.now(UTC), [("Prepared 100%",)]), (at, [])):
            cursor.execute(
                statement.execute_sql(), statement.bind({"pk": article.pk, "at": moment})
            )
            assert cursor.fetchall() == expected
        cursor.execute(
            "SELECT parameter_types::text FROM pg_prepared_statements WHERE name = %s",
            ["turan_test_prepared"],
        )
        assert cursor.fetchone() == ('{"timestamp with time zone",bigint}',)


def test_the_direct_statement_is_the_prepared_one_sent_with_its_parameters(make_article):
    """What runs behind a transaction-mode pooler: no name, the same SQL and answers."""
    article = make_article(public=("en",), title_en="Direct 100%")
    stand_ins = StandIns()
    at, pk = stand_ins.moment("at"), stand_ins.number("pk")
    queryset = Article.objects.public("en", at).filter(pk=pk, title_en__endswith="100%")
    statement = Compiled(*sql_of(queryset.values_list("title_en")), stand_ins).prepare(
        "turan_test_direct"
    )

    assert "%s::timestamptz" in statement.direct_sql and "%s::bigint" in statement.direct_sql
    assert "%%100" in statement.direct_sql  # the literal's % sign, escaped for psycopg
    assert "$1" not in statement.direct_sql and "EXECUTE" not in statement.direct_sql
    with connection.cursor() as cursor:
        for moment, expected in ((datetime.now(UTC), [("Direct 100%",)]), (at, [])):
            params = statement._direct_values({"pk": article.pk, "at": moment})
            cursor.execute(statement.direct_sql, list(params))
            assert cursor.fetchall() == expected
        cursor.execute("SELECT name FROM pg_prepared_statements WHERE name = 'turan_test_direct'")
        assert cursor.fetchall() == []


def _plans(name):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = %s",
            [name],
        )
        return cursor.fetchone()


def _plan_cache_mode():
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


@pytest.mark.parametrize("generic", [True, False])
def test_a_generic_statement_runs_with_its_generic_plan_and_leaves_the_session_as_it_was(
    make_article, generic
):
    """Without ``generic`` PostgreSQL plans a statement for its values at least
    its first five times (and for good where the estimates favour that, as
    for search's sample at 100,000 articles); with it, every execution uses
    the one generic plan."""
    article = make_article(public=("en",), title_en="Planned once")
    stand_ins = StandIns()
    at, pk = stand_ins.moment("at"), stand_ins.number("pk")
    queryset = Article.objects.public("en", at).filter(pk=pk)
    name = f"turan_test_generic_{generic}".lower()
    statement = Compiled(*sql_of(queryset.values_list("title_en")), stand_ins).prepare(
        name, generic=generic
    )
    for moment, expected in [(datetime.now(UTC), [("Planned once",)]), (at, [])] * 4:
        rows = statement.run(compiled.fetch_all, {"pk": article.pk, "at": moment})
        assert rows == expected
        assert _plan_cache_mode() == "auto"
    generic_plans, custom_plans = _plans(name)
    if generic:
        assert (generic_plans, custom_plans) == (8, 0)
    else:
        assert custom_plans >= 5 and generic_plans + custom_plans == 8
    at_stand_in = statement.bind({"pk": article.pk, "at": at})
    assert compiled.fetch_one(statement.execute_sql(), at_stand_in) is None


def test_a_generic_statement_lost_by_the_session_is_prepared_again_in_an_open_transaction(
    make_article,
):
    article = make_article(public=("en",), title_en="Found again")
    stand_ins = StandIns()
    at, pk = stand_ins.moment("at"), stand_ins.number("pk")
    queryset = Article.objects.public("en", at).filter(pk=pk)
    statement = Compiled(*sql_of(queryset.values_list("title_en")), stand_ins).prepare(
        "turan_test_generic_lost", generic=True
    )
    values = {"pk": article.pk, "at": datetime.now(UTC)}
    assert statement.run(compiled.fetch_all, values) == [("Found again",)]
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE turan_test_generic_lost")
    # The test runs in a transaction: the failed EXECUTE (and its SET) is
    # rolled back to the savepoint, and the statement prepared anew.
    assert statement.run(compiled.fetch_all, values) == [("Found again",)]
    assert _plan_cache_mode() == "auto"
    assert _plans("turan_test_generic_lost") == (1, 0)
