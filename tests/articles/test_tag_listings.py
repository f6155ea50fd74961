"""Related articles follow every change of a related article's visibility.

The article page finds related articles from the tags' own rows, which carry
the moment each language version became public (``TagListing``, kept by the
database's triggers). Whatever path changes an article — a save, a bulk
``update()``, tags added later — the page must show what the visibility rule
says at that moment.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, TagListing
from core.i18n import LANGUAGE_CODES
from tags.models import Tag


def related_titles(client, article, language="en"):
    html = client.get(article.get_absolute_url(language)).text
    if 'class="related"' not in html:
        return []
    block = html.split('class="related"')[1].split("</section>")[0]
    return re.findall(rf'<a href="/{language}/article/\d+/[^"]+/">([^<]+)</a>', block)


@pytest.fixture
def person(db):
    return Tag.objects.create(
        kind=Tag.Kind.PERSON, name_en="Lala Huseynova", name_ru="Лала Гусейнова"
    )


@pytest.fixture
def topic(db):
    return Tag.objects.create(kind=Tag.Kind.TOPIC, name_en="Water", name_ru="Вода")


@pytest.fixture
def story(make_article, person):
    article = make_article(public=("en", "ru"), title_en="The page")
    article.tags.add(person)
    return article


def test_a_version_published_after_tagging_appears(client, story, make_article, person):
    other = make_article(title_en="Later news")
    other.tags.add(person)
    assert related_titles(client, story) == []

    other.published_at_en = timezone.now() - timedelta(minutes=1)
    other.save()

    assert related_titles(client, story) == ["Later news"]


def test_unpublished_emptied_and_rescheduled_versions_disappear(
    client, story, make_article, person
):
    other = make_article(public=("en",), title_en="Shared story")
    other.tags.add(person)
    assert related_titles(client, story) == ["Shared story"]

    other.published_at_en = None
    other.save()
    assert related_titles(client, story) == []

    other.published_at_en = timezone.now() - timedelta(hours=2)
    other.save()
    assert related_titles(client, story) == ["Shared story"]

    other.body_en = ""
    other.save()
    assert related_titles(client, story) == []

    other.body_en = "<p>Back.</p>"
    other.published_at_en = timezone.now() + timedelta(hours=1)
    other.save()
    assert related_titles(client, story) == []


def test_a_scheduled_version_appears_at_its_moment(client, story, make_article, person):
    moment = timezone.now() + timedelta(hours=1)
    other = make_article(title_en="Scheduled story", published_at_en=moment)
    other.tags.add(person)

    assert related_titles(client, story) == []
    with time_machine.travel(moment + timedelta(seconds=1)):
        assert related_titles(client, story) == ["Scheduled story"]


def test_bulk_updates_and_tags_added_later_count_too(client, story, make_article, person):
    first = make_article(public=("en",), title_en="First")
    second = make_article(public=("en",), title_en="Second")
    first.tags.add(person)
    assert related_titles(client, story) == ["First"]

    second.tags.add(person)  # a row inserted after publication
    Article.objects.filter(pk=first.pk).update(published_at_en=None)  # no save(), no signal

    assert related_titles(client, story) == ["Second"]


def test_related_versions_are_per_language(client, story, make_article, person):
    other = make_article(public=("ru",), title_ru="Только по-русски", title_en="English draft")
    other.tags.add(person)

    assert related_titles(client, story, "en") == []
    assert related_titles(client, story, "ru") == ["Только по-русски"]


def test_every_listing_holds_the_visibility_rule(make_article, person, topic):
    now = timezone.now()
    articles = [
        make_article(public=("ru", "az", "en")),
        make_article(public=("en",), title_az="", published_at_az=now),
        make_article(published_at_ru=now + timedelta(days=1), body_ru=""),
        make_article(),
    ]
    place = Tag.objects.create(kind=Tag.Kind.PLACE, name_en="Baku")
    for article in articles:
        article.tags.add(person, topic, place)
    Article.objects.filter(pk=articles[0].pk).update(title_ru="")
    articles[3].published_at_en = now
    articles[3].save()

    listings = TagListing.objects.filter(article__in=articles)
    assert listings.count() == 12
    for listing in listings:
        article = Article.objects.get(pk=listing.article_id)
        for code in LANGUAGE_CODES:
            has_content = bool(getattr(article, f"title_{code}")) and bool(
                getattr(article, f"body_{code}")
            )
            expected = getattr(article, f"published_at_{code}") if has_content else None
            assert getattr(listing, f"public_from_{code}") == expected, (article.pk, code)


def test_the_newest_four_across_subjects_whatever_each_subject_holds(
    client, make_article, person, topic
):
    now = timezone.now()
    story = make_article(title_en="The page", published_at_en=now)  # the newest of all
    story.tags.add(person, topic)
    for hours in range(1, 7):  # the person's: newer than all but one of the topic's
        make_article(
            title_en=f"Person {hours}", published_at_en=now - timedelta(hours=hours)
        ).tags.add(person)
    make_article(title_en="Topic newest", published_at_en=now - timedelta(minutes=30)).tags.add(
        topic
    )
    make_article(title_en="Topic old", published_at_en=now - timedelta(days=3)).tags.add(topic)
    make_article(title_en="Both", published_at_en=now - timedelta(hours=2, minutes=30)).tags.add(
        person, topic
    )

    assert related_titles(client, story) == ["Topic newest", "Person 1", "Person 2", "Both"]
