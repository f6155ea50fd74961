"""``manage.py explain_queries``: every article query of the public pages can be
served by an index (sequential scans priced out, so one remains only where no
index can serve), and the check fails when a needed index is gone."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from authors.models import Author
from tags.models import Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(make_article):
    author = Author.objects.create(name_en="Leyla Mammadova", slug="leyla")
    tag = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Jens Stoltenberg", slug="jens")
    for _number in range(3):
        article = make_article(public=("ru", "az", "en"))
        article.tags.add(tag)
        article.bylines.create(author=author)


def explain(*args):
    out = StringIO()
    call_command("explain_queries", "--price-out-seqscan", *args, stdout=out)
    return out.getvalue()


def test_every_page_query_can_use_an_index(archive):
    output = explain()

    assert "SEQ SCAN" not in output
    for page in ("/en/", "/az/archive/", "/ru/feed/", "/en/search/?q=NATO", "/sitemap-en.xml"):
        assert f" {page} #1: " in output
    assert "Index Scan using article_published_en" in output or (
        "Bitmap Index Scan on article_published_en" in output
    )
    assert "0 with a sequential scan" in output


def test_every_kind_of_search_is_explained(archive):
    """A word, the word misspelt, and a tagged person's name alone and in a
    section: each kind of search runs statements of its own."""
    output = explain()

    for query in ("q=NATO", "q=NTAO", "q=Jens+Stoltenberg", "q=Jens+Stoltenberg&section="):
        assert f" /en/search/?{query}" in output
    # The name alone reads the tags' own rows, in a section the articles.
    name = [line for line in output.splitlines() if "/en/search/?q=Jens+Stoltenberg #" in line]
    assert any("articles_article_tags" in line or "article_tags_public_en" in line for line in name)


def test_a_dropped_index_fails_the_check(archive):
    with connection.cursor() as cursor:  # rolled back with the test's transaction
        cursor.execute("DROP INDEX article_published_en; DROP INDEX article_public_en")

    with pytest.raises(CommandError, match="Sequential scan of the article table: .*/en/"):
        explain()
