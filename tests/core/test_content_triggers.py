"""The content-version triggers: made by a migration operation, checked without a database."""

from io import StringIO
from types import SimpleNamespace

import pytest
from django.core import checks
from django.core.management import call_command
from django.db import connection, migrations

from core.db import content_version
from core.db.content_version import (
    CONTENT_APPS,
    check_content_triggers,
    content_tables,
    triggered_tables,
)
from core.db.operations import ContentVersionTriggers


def triggers_on(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relname = %s AND t.tgname LIKE 'turan_content_%%' ORDER BY 1",
            [table],
        )
        return [name for (name,) in cursor.fetchall()]


def test_every_content_table_is_triggered_by_its_apps_migrations():
    triggered = triggered_tables()

    for label in CONTENT_APPS:
        assert set(content_tables(label)) <= triggered[label], label
    # Many-to-many tables Django makes are content tables too.
    assert {"articles_article_tags", "articles_article_quotes"} <= triggered["articles"]
    assert check_content_triggers() == []
    assert not [error for error in checks.run_checks() if error.id == "core.E001"]


def test_a_table_no_migration_triggers_is_an_error(monkeypatch):
    project = triggered_tables()
    without = {label: set(tables) for label, tables in project.items()}
    without["articles"].discard("articles_article_tags")
    monkeypatch.setattr(content_version, "triggered_tables", lambda: without)

    [error] = check_content_triggers()

    assert error.id == "core.E001" and error.level == checks.ERROR
    assert "'articles_article_tags'" in error.msg and "'articles'" in error.msg
    assert "ContentVersionTriggers(['articles_article_tags'])" in error.hint
    assert [error.id for error in checks.run_checks() if error.id == "core.E001"] == ["core.E001"]


def test_a_table_triggered_by_another_apps_migration_does_not_count(monkeypatch):
    project = triggered_tables()
    moved = {label: set(tables) for label, tables in project.items()}
    moved["authors"].discard("authors_author")
    moved["tags"].add("authors_author")
    monkeypatch.setattr(content_version, "triggered_tables", lambda: moved)

    assert [error.obj for error in check_content_triggers()] == ["authors_author"]


def test_only_the_apps_asked_for_are_checked(monkeypatch):
    from django.apps import apps

    monkeypatch.setattr(content_version, "triggered_tables", lambda: {})

    assert check_content_triggers([apps.get_app_config("newsroom")]) == []
    assert {error.obj for error in check_content_triggers([apps.get_app_config("tags")])} == {
        "tags_tag"
    }


def test_triggered_tables_are_collected_from_the_migration_graph():
    first = migrations.Migration("0001_initial", "shelf")
    first.operations = [migrations.RunSQL("SELECT 1"), ContentVersionTriggers(["shelf_book"])]
    second = migrations.Migration("0002_more", "shelf")
    second.operations = [ContentVersionTriggers(["shelf_shelf", "shelf_book_authors"])]
    loader = SimpleNamespace(
        graph=SimpleNamespace(
            nodes={("shelf", "0001_initial"): first, ("shelf", "0002_more"): second}
        )
    )

    assert triggered_tables(loader) == {
        "shelf": {"shelf_book", "shelf_shelf", "shelf_book_authors"}
    }


def test_operation_describes_itself():
    operation = ContentVersionTriggers(["tags_tag", "quotes_quote"])

    assert (
        operation.describe() == "Make writes to tags_tag, quotes_quote change the content version"
    )
    assert operation.reversible
    assert operation.deconstruct() == (
        "ContentVersionTriggers",
        (["tags_tag", "quotes_quote"],),
        {},
    )


@pytest.mark.django_db
def test_sqlmigrate_shows_the_triggers_of_every_table():
    out = StringIO()
    call_command("sqlmigrate", "articles", "0011", stdout=out)
    sql = out.getvalue()

    # Tables made after 0011 get theirs from their own migration (below).
    later = {"articles_figure"}
    for table in set(content_tables("articles")) - later:
        assert (
            "CREATE CONSTRAINT TRIGGER turan_content_changed AFTER INSERT OR UPDATE OR DELETE "
            f'ON "{table}" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
            "EXECUTE FUNCTION turan_content_changed();"
        ) in sql
        assert f'CREATE TRIGGER turan_content_truncated AFTER TRUNCATE ON "{table}"' in sql
        assert f'DROP TRIGGER IF EXISTS turan_content_changed ON "{table}";' in sql

    figures = StringIO()
    call_command("sqlmigrate", "articles", "0020", stdout=figures)
    assert (
        'AFTER INSERT OR UPDATE OR DELETE ON "articles_figure" DEFERRABLE INITIALLY DEFERRED '
        "FOR EACH ROW EXECUTE FUNCTION turan_article_companion_changed();"
    ) in figures.getvalue()
    assert 'CREATE TRIGGER turan_content_truncated AFTER TRUNCATE ON "articles_figure"' in (
        figures.getvalue()
    )

    backwards = StringIO()
    call_command("sqlmigrate", "tags", "0002", backwards=True, stdout=backwards)
    assert 'DROP TRIGGER IF EXISTS turan_content_truncated ON "tags_tag";' in backwards.getvalue()
    assert "CREATE" not in backwards.getvalue()


@pytest.mark.django_db
def test_operation_drops_and_creates_the_triggers_idempotently():
    operation = ContentVersionTriggers(["tags_tag"])
    both = ["turan_content_changed", "turan_content_truncated"]
    assert triggers_on("tags_tag") == both  # from the migration

    with connection.schema_editor() as editor:
        operation.database_backwards("tags", editor, None, None)
    assert triggers_on("tags_tag") == []

    for _ in range(2):  # a second run replaces what the first made
        with connection.schema_editor() as editor:
            operation.database_forwards("tags", editor, None, None)
        assert triggers_on("tags_tag") == both


def test_a_table_declared_without_triggers_counts_as_decided():
    from core.db.content_version import bookkeeping_tables
    from core.db.operations import NoContentVersionTriggers

    bookkeeping = migrations.Migration("0003_history", "shelf")
    bookkeeping.operations = [NoContentVersionTriggers(["shelf_history"])]
    loader = SimpleNamespace(graph=SimpleNamespace(nodes={("shelf", "0003"): bookkeeping}))

    assert triggered_tables(loader) == {"shelf": {"shelf_history"}}
    assert bookkeeping_tables(loader) == ["shelf_history"]
    assert "articles_articlerevision" in bookkeeping_tables()
    assert NoContentVersionTriggers(["shelf_history"]).describe() == (
        "Let writes to shelf_history leave the content version alone"
    )


def test_an_operation_with_its_own_function_deconstructs_with_it():
    operation = ContentVersionTriggers(["articles_article"], function="turan_article_changed")

    assert operation.deconstruct() == (
        "ContentVersionTriggers",
        (["articles_article"],),
        {"function": "turan_article_changed"},
    )
    assert "when turan_article_changed() says so" in operation.describe()


def function_of(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE c.relname = %s AND t.tgname = 'turan_content_changed'",
            [table],
        )
        return [name for (name,) in cursor.fetchall()]


@pytest.mark.django_db
def test_articles_tables_decide_with_their_own_functions():
    assert function_of("articles_article") == ["turan_article_content_changed"]
    assert function_of("articles_correction") == ["turan_correction_content_changed"]
    for table in ("articles_byline", "articles_article_tags", "articles_article_quotes"):
        assert function_of(table) == ["turan_article_companion_changed"], table
    for table in ("articles_section", "tags_tag", "authors_author", "quotes_quote"):
        assert function_of(table) == ["turan_content_changed"], table
    assert triggers_on("articles_articlerevision") == []
    assert triggers_on("articles_translationstate") == []


@pytest.mark.django_db
def test_bookkeeping_tables_get_their_triggers_back_backwards():
    from core.db.operations import NoContentVersionTriggers

    operation = NoContentVersionTriggers(["articles_translationstate"])
    with connection.schema_editor() as editor:
        operation.database_backwards("articles", editor, None, None)
    assert function_of("articles_translationstate") == ["turan_content_changed"]
    with connection.schema_editor() as editor:
        operation.database_forwards("articles", editor, None, None)
    assert triggers_on("articles_translationstate") == []
