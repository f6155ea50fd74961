"""The content-version triggers: made by a migration operation, checked without a database."""

from io import StringIO
from types import SimpleNamespace

import pytest
from django.core import checks
from django.core.management import call_command
from django.db import connection, migrations
from django.utils import timezone

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
    call_command("sqlmigrate", "articles", "0021", stdout=figures)
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
    for table in ("articles_byline", "articles_article_quotes"):
        assert function_of(table) == ["turan_article_companion_changed"], table
    # The tag rows also say which tag listings a write moves (articles migration 0020).
    assert function_of("articles_article_tags") == ["turan_article_tags_changed"]
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


# Scopes (core migration 0003): which part of public output a write changed.


def scope_versions():
    with connection.cursor() as cursor:
        cursor.execute("SELECT scope, version FROM turan_content_scope")
        return dict(cursor.fetchall())


def current_version():
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM turan_content_version WHERE id = 1")
        return cursor.fetchone()[0]


def test_an_operation_with_scopes_passes_them_to_its_trigger():
    operation = ContentVersionTriggers(["tags_tag"], scopes=["tag:id"])

    assert operation.deconstruct() == (
        "ContentVersionTriggers",
        (["tags_tag"],),
        {"scopes": ["tag:id"]},
    )
    assert "(scopes tag:id)" in operation.describe()
    with pytest.raises(ValueError, match="Not a scope"):
        ContentVersionTriggers(["tags_tag"], scopes=["tag:id'); DROP TABLE x; --"])


@pytest.mark.django_db
def test_sqlmigrate_shows_each_tables_scopes():
    out = StringIO()
    call_command("sqlmigrate", "photos", "0003", stdout=out)
    sql = out.getvalue()

    assert 'ON "photos_photo" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW ' in sql
    assert "EXECUTE FUNCTION turan_content_changed('photo:id');" in sql
    assert "EXECUTE FUNCTION turan_content_changed('photo:photo_id');" in sql


@pytest.mark.django_db
def test_writes_record_the_scopes_they_change(make_article):
    from articles.models import Article, Correction
    from authors.models import Author
    from quotes.models import Quote
    from tags.models import Tag

    article = make_article(public=("en",))
    person = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Ilham Aliyev")
    article.tags.add(person)
    seen = scope_versions()
    assert seen[f"article:{article.pk}"] == seen[f"listing:{person.pk}:en"]
    assert f"listing:{person.pk}:ru" not in seen  # not public in Russian

    Tag.objects.filter(pk=person.pk).update(name_en="İlham Əliyev")
    assert scope_versions()[f"tag:{person.pk}"] == current_version()

    author = Author.objects.create(name_en="Rauf Mirqadirov")
    assert scope_versions()[f"author:{author.pk}"] == current_version()
    quote = Quote.objects.create(speaker=person, text_en="Words.")
    assert scope_versions()[f"quote:{quote.pk}"] == current_version()

    Correction.objects.create(article=article, language="en", kind="correction", note="A date.")
    assert scope_versions()[f"article:{article.pk}"] == current_version()

    # A draft: no scope moves, nor the version.
    draft = make_article()
    before, version = scope_versions(), current_version()
    Article.objects.filter(pk=draft.pk).update(title_en="Still a draft")
    draft.tags.add(person)
    assert scope_versions() == before and current_version() == version


@pytest.mark.django_db
def test_the_first_public_piece_of_a_section_records_its_languages_sections(
    make_article, make_section
):
    from articles.models import Article

    section = make_section(slug="economy")
    first = make_article(section=section)
    second = make_article(section=section)
    # Scope rows outlive the tests that commit (no model holds the table): compare, not absence.
    russian = scope_versions().get("sections:ru")

    Article.objects.filter(pk=first.pk).update(published_at_az=timezone.now())
    version = current_version()
    assert scope_versions()["sections:az"] == version
    assert scope_versions().get("sections:ru") == russian

    Article.objects.filter(pk=second.pk).update(published_at_az=timezone.now())
    assert scope_versions()["sections:az"] == version  # the section was linked already
    assert scope_versions()[f"article:{second.pk}"] == current_version() > version


@pytest.mark.django_db
def test_a_truncate_changes_the_scope_every_page_depends_on():
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE frontpage_placement")
    assert scope_versions()["site"] == current_version()


@pytest.mark.django_db(transaction=True)
def test_versions_are_given_in_commit_order(make_article):
    """A transaction that waits for another's bump gets a greater number.

    Numbered first and locked second, a waiting write would keep a number
    below one committed before it: a page rendered in between would then
    believe itself newer than that write.
    """
    import threading

    from tags.models import Tag

    tag = Tag.objects.create(name_en="Energy")
    holder = connection.get_new_connection(connection.get_connection_params())
    writer = connection.get_new_connection(connection.get_connection_params())
    try:
        holder.autocommit = writer.autocommit = False
        # As if another transaction were bumping: it holds the version row.
        holder.execute("SELECT 1 FROM turan_content_version WHERE id = 1 FOR UPDATE")
        writer.execute("UPDATE tags_tag SET name_en = 'Energy security' WHERE id = %s", [tag.pk])
        committing = threading.Thread(target=writer.commit)
        committing.start()
        for _ in range(100):  # until the writer's commit waits for the row
            waiting = holder.execute(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND pid = %s",
                [writer.info.backend_pid],
            ).fetchone()[0]
            if waiting:
                break
            committing.join(0.05)
        assert waiting, "the writer's commit did not wait for the version row"
        holder.execute("SELECT turan_scope_bump(ARRAY['site'])")
        holder.commit()
        committing.join(10)
        assert not committing.is_alive()
    finally:
        holder.close()
        writer.close()

    versions = scope_versions()
    assert versions[f"tag:{tag.pk}"] > versions["site"]
    assert current_version() == versions[f"tag:{tag.pk}"]
