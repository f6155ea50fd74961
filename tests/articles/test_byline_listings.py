"""Byline rows carry each version's public moment (migration 0020), kept by
triggers on every write path; an author's page and a tag's read their cards
from those rows and show exactly what ``public()`` does."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from articles import cards, selectors
from articles.models import Article, Byline, BylineListing
from authors.models import Author
from core.i18n import LANGUAGE_CODES
from newsroom import actions
from tags.models import Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(db):
    return Author.objects.create(name_en="Leyla Aliyeva", slug="leyla")


def titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return re.findall(r'class="teaser__title"><a href="[^"]+">([^<]+)</a>', response.text)


def expected(article):
    """Each language's moment as the visibility rule sees the article now."""
    article.refresh_from_db()
    return {
        code: getattr(article, f"published_at_{code}")
        if getattr(article, f"title_{code}") and getattr(article, f"body_{code}")
        else None
        for code in LANGUAGE_CODES
    }


def listed(byline):
    row = BylineListing.objects.get(pk=byline.pk)
    return {code: getattr(row, f"public_from_{code}") for code in LANGUAGE_CODES}


def test_every_write_path_keeps_the_moments(make_article, author, editor):
    now = timezone.now()
    article = make_article(public=("en",))
    byline = Byline.objects.create(article=article, author=author)
    assert listed(byline) == expected(article)

    actions.save_article(article, {"published_at_ru": now - timedelta(minutes=5)}, user=editor)
    assert listed(byline) == expected(article)
    assert listed(byline)["ru"] is not None

    Article.objects.filter(pk=article.pk).update(title_en="")
    assert listed(byline) == expected(article)
    assert listed(byline)["en"] is None

    article.refresh_from_db()
    article.title_en, article.published_at_az = "Back", now + timedelta(days=1)
    Article.objects.bulk_update([article], ["title_en", "published_at_az"])
    assert listed(byline) == expected(article)

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET published_at_en = NULL WHERE id = %s", [article.pk]
        )
    assert listed(byline) == expected(article)
    assert listed(byline)["en"] is None


def test_a_byline_added_later_or_moved_takes_its_articles_moments(make_article, author):
    public = make_article(public=("ru", "az"))
    draft = make_article()
    byline = Byline.objects.bulk_create([Byline(article=draft, author=author)])[0]
    assert listed(byline) == {"ru": None, "az": None, "en": None}

    Byline.objects.filter(pk=byline.pk).update(article=public)

    assert listed(byline) == expected(public)


def test_a_restore_brings_the_moments_back(make_article, author, editor):
    article = make_article(public=("en",))
    byline = Byline.objects.create(article=article, author=author)
    actions.save_article(article, {"body_en": article.body_en}, user=editor)
    revision = article.revisions.order_by("number").last()
    actions.save_article(article, {"body_en": ""}, user=editor)
    assert listed(byline)["en"] is None

    actions.restore_revision(revision, user=editor)

    assert listed(byline) == expected(article)
    assert listed(byline)["en"] is not None


def test_the_author_page_lists_what_public_does_newest_first_a_page_at_a_time(
    client, make_article, make_section, author, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    section = make_section()
    now = timezone.now()
    for number in range(23):
        article = make_article(
            section=section,
            title_en=f"Piece {number:02}",
            published_at_en=now - timedelta(hours=number + 1),
        )
        Byline.objects.create(article=article, author=author)
    # Not the author's, a draft, an emptied body, a scheduled one: never listed.
    make_article(section=section, public=("en",), title_en="Someone else's")
    for title, fields in [
        ("Draft", {}),
        ("Emptied", {"published_at_en": now - timedelta(minutes=30), "body_en": ""}),
        ("Scheduled", {"published_at_en": now + timedelta(minutes=30)}),
    ]:
        Byline.objects.create(article=make_article(title_en=title, **fields), author=author)

    first = titles(client, "/en/author/leyla/")
    second = titles(client, "/en/author/leyla/?page=2")

    assert first == [f"Piece {number:02}" for number in range(20)]
    assert second == ["Piece 20", "Piece 21", "Piece 22"]
    assert client.get("/en/author/leyla/?page=3").status_code == 404
    shown = [card.title for card in cards.CardList("author", "en", {"value": author.pk}, 30)[0:30]]
    assert shown == list(
        Article.objects.public("en").filter(authors=author).values_list("title_en", flat=True)
    )


def test_a_scheduled_version_joins_the_author_page_at_its_moment(
    client, make_article, author, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    moment = timezone.now() + timedelta(minutes=10)
    Byline.objects.create(article=make_article(public=("en",), title_en="Out now"), author=author)
    Byline.objects.create(
        article=make_article(title_en="Coming", published_at_en=moment), author=author
    )
    assert titles(client, "/en/author/leyla/") == ["Out now"]

    with time_machine.travel(moment + timedelta(seconds=1)):
        assert titles(client, "/en/author/leyla/") == ["Coming", "Out now"]


def test_an_author_has_pages_only_in_the_languages_of_public_versions(make_article, author):
    Byline.objects.create(article=make_article(public=("az",)), author=author)
    Byline.objects.create(article=make_article(published_at_en=timezone.now()), author=author)

    found = selectors.public_author("leyla", "az")

    assert (found.has_ru, found.has_az, found.has_en) == (False, True, True)
    Article.objects.filter(bylines__author=author).update(title_en="")
    found = selectors.public_author("leyla", "az")
    assert (found.has_ru, found.has_az, found.has_en) == (False, True, False)


def test_the_tag_page_lists_what_public_does(client, make_article, settings):
    settings.PAGE_CACHE_SECONDS = 0
    topic = Tag.objects.create(kind=Tag.Kind.TOPIC, name_en="Gas", slug="gas")
    now = timezone.now()
    for number in range(22):
        article = make_article(
            title_en=f"Gas {number:02}", published_at_en=now - timedelta(hours=number + 1)
        )
        article.tags.add(topic)
    make_article(title_en="Draft about gas").tags.add(topic)

    assert titles(client, "/en/tag/gas/") == [f"Gas {number:02}" for number in range(20)]
    assert titles(client, "/en/tag/gas/?page=2") == ["Gas 20", "Gas 21"]
