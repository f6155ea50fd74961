"""Restoring a revision: relations recorded on every revision, a restore of
one language only, and the restore page naming the relations it changes."""

import pytest
from django.urls import reverse

from articles.models import Article
from authors.models import Author
from newsroom import actions
from newsroom.models import PendingChange
from tags.models import Tag
from tests.change_form import client_for, restore_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(make_article, editor):
    article = make_article()
    tag = Tag.objects.create(kind=Tag.Kind.PLACE, name_en="Karabakh")
    author = Author.objects.create(name_en="Analytical Service Turan")
    actions.save_article(article, {"tags": [tag.pk], "authors": [author.pk]}, user=editor)
    return article, tag, author


def latest(article):
    return article.revisions.order_by("-number").first()


def test_restoring_one_language_leaves_the_others_and_the_relations(editor, tagged):
    article, tag, author = tagged
    base = latest(article)
    actions.save_article(
        article,
        {"title_en": "A New English Title", "title_ru": "Новый заголовок", "tags": []},
        user=editor,
    )

    actions.restore_revision(base, user=editor, language="en")

    article = Article.objects.get(pk=article.pk)
    assert article.title_en == "NATO and Azerbaijan: Contacts and Differences"
    assert article.title_ru == "Новый заголовок"
    assert list(article.tags.all()) == []
    assert latest(article).changed_fields == ["title_en"]


def test_the_restore_page_names_the_relations_that_change(editor, tagged):
    article, tag, author = tagged
    client = client_for(editor)

    whole = client.get(restore_url(article, 1)).content.decode()
    assert "Restoring also changes these relations: Tags, Authors." in whole

    one = client.get(restore_url(article, 1) + "?language=en").content.decode()
    assert "The section, tags, bylines and image stay as they are." in one
    assert "Only the English text is restored" in one
    assert 'name="language" value="en"' in one
    assert client.get(restore_url(article, 1) + "?language=xx").status_code == 404


def test_the_restore_page_posts_one_language(editor, make_article):
    article = make_article()
    actions.save_article(article, {"title_en": "Later", "title_az": "Sonra"}, user=editor)
    client = client_for(editor)

    assert client.post(restore_url(article, 1), {"language": "az"}).status_code == 302

    article.refresh_from_db()
    assert article.title_az.startswith("NATO və Azərbaycan")
    assert article.title_en == "Later"


def test_a_journalists_restore_of_a_live_version_waits_as_a_pending_change(
    journalist, editor, make_article
):
    article = make_article(public=("en",))
    actions.save_article(article, {"title_en": "Corrected live title"}, user=editor)

    actions.restore_revision(article.revisions.get(number=1), user=journalist)

    article.refresh_from_db()
    assert article.title_en == "Corrected live title"
    change = PendingChange.objects.get(article=article, language="en")
    assert change.fields == {"title_en": "NATO and Azerbaijan: Contacts and Differences"}
    assert {"kind": "pending", "language": "en", "fields": change.fields} in latest(article).events


def test_the_history_links_each_restore(editor, tagged):
    article, _tag, _author = tagged
    page = client_for(editor).get(reverse("admin:articles_article_history", args=[article.pk]))
    assert restore_url(article, 1) in page.content.decode()
