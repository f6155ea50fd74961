from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone, translation

from articles.models import Article, PublicationStatus

pytestmark = pytest.mark.django_db


def test_public_is_per_language(make_article):
    article = make_article(public=("ru",))

    assert list(Article.objects.public("ru")) == [article]
    assert list(Article.objects.public("az")) == []
    assert list(Article.objects.public("en")) == []


def test_scheduled_version_appears_at_its_moment(make_article):
    moment = timezone.now() + timedelta(days=1)
    article = make_article(public=("ru",), published_at_en=moment)

    with time_machine.travel(moment - timedelta(seconds=1), tick=False):
        assert not Article.objects.public("en").exists()
        assert Article.objects.public("ru").exists()
    with time_machine.travel(moment, tick=False):
        assert list(Article.objects.public("en")) == [article]


def test_explicit_moment_argument(make_article):
    moment = timezone.now() + timedelta(hours=5)
    make_article(published_at_az=moment)

    assert not Article.objects.public("az").exists()
    assert Article.objects.public("az", at=moment).exists()
    assert not Article.objects.public("az", at=moment - timedelta(microseconds=1)).exists()


@pytest.mark.parametrize("missing", ["title_en", "body_en"])
def test_version_without_content_is_never_public(make_article, missing):
    make_article(public=("en",), **{missing: ""})

    assert not Article.objects.public("en").exists()


def test_body_of_an_empty_paragraph_is_no_content(make_article):
    make_article(public=("en",), body_en="<p> </p>")

    assert not Article.objects.public("en").exists()


def test_active_language_does_not_change_which_columns_are_read(make_article):
    make_article(public=("ru",))

    with translation.override("en"):
        assert Article.objects.public("ru").count() == 1
        assert Article.objects.public("en").count() == 0
        # Without an argument the active language decides.
        assert Article.objects.public().count() == 0
    with translation.override("ru"):
        assert Article.objects.public().count() == 1


def test_public_is_newest_first_in_that_language(make_article):
    now = timezone.now()
    older = make_article(published_at_ru=now - timedelta(days=2), published_at_en=now)
    newer = make_article(
        published_at_ru=now - timedelta(days=1), published_at_en=now - timedelta(days=3)
    )

    assert list(Article.objects.public("ru")) == [newer, older]
    assert list(Article.objects.public("en")) == [older, newer]


def test_with_public_languages_annotates_every_language(make_article):
    article = make_article(public=("ru", "az"), published_at_en=timezone.now() + timedelta(hours=1))

    annotated = Article.objects.with_public_languages().get(pk=article.pk)

    assert annotated.public_languages() == ["ru", "az"]


def test_unknown_language_is_refused(make_article):
    with pytest.raises(ValueError):
        Article.objects.public("de")


def test_publication_status_per_language(make_article):
    now = timezone.now()
    article = make_article(
        published_at_ru=now - timedelta(minutes=1),
        published_at_az=now + timedelta(minutes=1),
        title_en="",
    )

    assert article.publication_status("ru") == PublicationStatus.PUBLIC
    assert article.publication_status("az") == PublicationStatus.SCHEDULED
    assert article.publication_status("en") == PublicationStatus.MISSING
    article.published_at_az = None
    assert article.publication_status("az") == PublicationStatus.DRAFT
