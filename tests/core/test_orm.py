"""core/db/orm.py: the only code that touches Django's ORM internals."""

import django
import pytest
from django.db import connection
from django.db.models import F, TextField
from django.db.models.functions import Upper

from articles.models import Article, Byline
from authors.models import Author
from core.db import orm
from tags.models import Tag

pytestmark = pytest.mark.django_db


def test_written_for_this_django():
    assert django.VERSION[:2] == (5, 2), (
        "core/db/orm.py sets private attributes of querysets and model instances "
        "(_result_cache, _prefetch_done, _prefetched_objects_cache, set_cached_value, "
        "the SQL compiler): re-check each against the new Django, then update this version."
    )


def test_set_prefetched_serves_the_objects_without_a_query(make_article, django_assert_num_queries):
    article = Article.objects.get(pk=make_article().pk)
    tags = [Tag(pk=1, name_en="Baku"), Tag(pk=2, name_en="Ganja")]

    orm.set_prefetched(article, "tags", tags)

    with django_assert_num_queries(0):
        assert list(article.tags.all()) == tags
        assert article.tags.count() == 2
        assert article.tags.exists()


def test_set_prefetched_replaces_what_was_prefetched(make_article, django_assert_num_queries):
    make_article().tags.add(Tag.objects.create(name_en="Baku"))
    article = Article.objects.prefetch_related("tags").get()
    assert [tag.name_en for tag in article.tags.all()] == ["Baku"]

    orm.set_prefetched(article, "tags", [])

    with django_assert_num_queries(0):
        assert list(article.tags.all()) == []


def test_set_prefetched_on_a_reverse_foreign_key(make_article, django_assert_num_queries):
    article = Article.objects.get(pk=make_article().pk)
    byline = Byline(article=article, author=Author(name_en="Leyla"), position=0)

    orm.set_prefetched(article, "bylines", [byline])

    with django_assert_num_queries(0):
        assert list(article.bylines.all()) == [byline]


def test_set_results_makes_a_queryset_evaluated(django_assert_num_queries):
    tags = [Tag(pk=7, name_en="Shusha")]
    queryset = orm.set_results(Tag.objects.all(), tags)

    with django_assert_num_queries(0):
        assert list(queryset) == tags
        assert len(queryset) == 1 and queryset.exists()


def test_set_related_answers_a_foreign_key_without_a_query(make_article, django_assert_num_queries):
    byline = Byline(position=0)
    author = Author(pk=5, name_en="Rauf")
    article = make_article()

    orm.set_related(byline, "author", author)
    orm.set_related(byline, "article", article)

    with django_assert_num_queries(0):
        assert byline.author is author
        assert byline.article is article


def test_sql_of_runs_as_the_queryset_does(make_article):
    make_article(title_en="First")
    make_article(title_en="Second")
    queryset = Article.objects.filter(title_en__startswith="S").values_list("title_en")

    sql, params = orm.sql_of(queryset)

    assert "%s" in sql and "S%" in params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert cursor.fetchall() == list(queryset)


def test_expression_sql_is_over_the_querysets_own_table(make_article):
    make_article(title_en="Shown")
    sql, params, table = orm.expression_sql(Article.objects.all(), Upper(F("title_en")))

    assert table == connection.ops.quote_name(Article._meta.db_table)
    assert f"{table}." in sql
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql} FROM {table}", params)
        assert cursor.fetchall() == [("SHOWN",)]


def test_table_column_reads_a_column_of_the_querys_table_in_and_out_of_subqueries(
    make_article,
):
    first = make_article(title_en="Column")
    make_article(title_en="Other")
    column = orm.TableColumn("title_en", TextField())

    assert list(Article.objects.annotate(raw=column).filter(raw="Column").values_list("pk")) == [
        (first.pk,)
    ]
    inner = Article.objects.annotate(raw=column).filter(raw="Column").values("pk")
    assert list(Article.objects.filter(pk__in=inner).values_list("pk", flat=True)) == [first.pk]
    assert column == orm.TableColumn("title_en", TextField())
    assert hash(column) == hash(orm.TableColumn("title_en", TextField()))
    assert column != orm.TableColumn("title_ru", TextField())
