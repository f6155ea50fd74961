"""The admin's front page (newsroom/dashboard.py): each role's blocks, figures
that match the lists they link to, Baku days, and a constant query count."""

import re
from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Byline, TranslationState
from authors.models import Author
from newsroom import actions, workflow
from tests.change_form import client_for

pytestmark = pytest.mark.django_db

BAKU = ZoneInfo("Asia/Baku")
INDEX = reverse("admin:index")
# 26 November 2017, 22:30 in Baku: tomorrow begins in 90 minutes (18:30 UTC).
T = datetime(2017, 11, 26, 22, 30, tzinfo=BAKU)


def blocks(response):
    return {block.key: block for block in response.context["dashboard"]}


def figure(block, label):
    [found] = [f for f in block.figures if f.label == label]
    return found


def listed(client, url):
    return {article.pk for article in client.get(url).context["cl"].result_list}


@pytest.fixture
def newsroom(make_article, journalist, editor):
    """Leyla's two drafts (one sent for review), someone else's draft, a piece
    with a missing and an outdated translation, moments today and tomorrow."""
    with time_machine.travel(T - timedelta(days=1), tick=False):
        leyla = Author.objects.create(name_en="Leyla Aliyeva", slug="leyla", user=journalist)
        mine = make_article(title_en="", body_en="", title_ru="Мой черновик")
        Byline.objects.create(article=mine, author=leyla)
        sent = make_article(title_az="", body_az="", title_ru="Отправленный")
        Byline.objects.create(article=sent, author=leyla)
        other = make_article(title_ru="Чужой")
        untranslated = make_article(title_en="", body_en="", title_ru="Без перевода")
        TranslationState.objects.filter(article=untranslated, language="az").update(outdated=True)
        today = make_article(title_ru="Сегодня", published_at_ru=T + timedelta(minutes=30))
        tomorrow = make_article(title_ru="Завтра", published_at_en=T + timedelta(hours=3))
        recent = make_article(title_ru="Вышла", published_at_ru=T - timedelta(hours=5))
    with time_machine.travel(T, tick=False):
        workflow.submit_for_review(sent, "ru", user=journalist)
    return {
        "mine": mine,
        "sent": sent,
        "other": other,
        "untranslated": untranslated,
        "today": today,
        "tomorrow": tomorrow,
        "recent": recent,
    }


def test_a_journalist_starts_with_her_drafts(newsroom, journalist):
    client = client_for(journalist)
    with time_machine.travel(T, tick=False):
        response = client.get(INDEX)
        found = blocks(response)
        assert [block.key for block in response.context["dashboard"]][0] == "drafts"
        drafts = found["drafts"]
        # "sent" waits for review in Russian, but its English is still a draft.
        assert figure(drafts, "in writing").count == 2
        assert listed(client, figure(drafts, "in writing").url) == {
            newsroom["mine"].pk,
            newsroom["sent"].pk,
        }
        assert {row.title for row in drafts.rows} == {"Мой черновик", "Отправленный"}
        waiting = found["review"]
        assert waiting.title == "Mine, waiting for review"
        assert figure(waiting, "Russian").count == 1
        assert listed(client, figure(waiting, "Russian").url) == {newsroom["sent"].pk}
    page = response.content.decode()
    assert "Мой черновик" in page and "Чужой" not in page.split('id="content-main"')[0]
    assert 'id="content-main"' in page  # the app list is still there, below


def test_an_editor_starts_with_what_waits_for_review(newsroom, editor):
    client = client_for(editor)
    with time_machine.travel(T, tick=False):
        response = client.get(INDEX)
        found = blocks(response)
        assert [block.key for block in response.context["dashboard"]][0] == "review"
        assert found["review"].title == "Submitted for review"
        assert [row.title for row in found["review"].rows] == ["Отправленный"]
        assert figure(found["review"], "Russian").count == 1
        assert figure(found["review"], "Azerbaijani").count == 0


def test_translations_to_do_per_language(newsroom, editor):
    client = client_for(editor)
    with time_machine.travel(T, tick=False):
        translate = blocks(client.get(INDEX))["translate"]
        missing_en = figure(translate, "English: missing")
        outdated_az = figure(translate, "Azerbaijani: outdated")
        assert missing_en.count == 2  # "mine" and "untranslated"
        assert listed(client, missing_en.url) == {newsroom["mine"].pk, newsroom["untranslated"].pk}
        assert figure(translate, "Azerbaijani: missing").count == 1  # "sent"
        assert outdated_az.count == 1
        assert listed(client, outdated_az.url) == {newsroom["untranslated"].pk}


def test_scheduled_today_and_tomorrow_are_baku_days(newsroom, editor):
    client = client_for(editor)
    with time_machine.travel(T, tick=False):
        found = blocks(client.get(INDEX))
        scheduled, recent = found["scheduled"], found["recent"]
        assert figure(scheduled, "today, Russian").count == 1
        assert figure(scheduled, "tomorrow, English").count == 1
        assert figure(scheduled, "today, English").count == 0
        assert listed(client, figure(scheduled, "tomorrow, English").url) == {
            newsroom["tomorrow"].pk
        }
        assert [row.title for row in scheduled.rows] == ["Сегодня", "Завтра"]
        assert [row.when for row in scheduled.rows] == ["23:00 today", "tomorrow 01:30"]
        assert figure(recent, "Russian").count == 1
        assert [row.title for row in recent.rows] == ["Вышла"]


def test_the_dashboard_links_are_to_the_article_list(newsroom, editor):
    with time_machine.travel(T, tick=False):
        page = client_for(editor).get(INDEX).content.decode()
    links = [unescape(link) for link in re.findall(r'href="([^"]+)"', page)]
    assert "/admin/articles/article/?review=ready%3Aru" in links
    assert "/admin/articles/article/?moment=tomorrow%3Aen" in links
    assert "/admin/articles/article/?outdated=az" in links
    assert "/admin/articles/article/calendar/" in links


def dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INDEX)
    assert response.status_code == 200 and response.context["dashboard"]
    return len(queries)


@pytest.mark.parametrize("role", ["journalist", "editor"])
def test_the_dashboard_costs_the_same_for_any_number_of_articles(
    request, role, make_article, journalist
):
    user = request.getfixturevalue(role)
    client = client_for(user)
    author = Author.objects.create(name_en="Leyla Aliyeva", slug="leyla", user=journalist)

    def add(count):
        for n in range(count):
            article = make_article(title_en="", body_en="")
            Byline.objects.create(article=article, author=author)
            workflow.submit_for_review(article, "ru", user=journalist)
            if n % 2:
                actions.publish_version(article, "az", user=request.getfixturevalue("editor"))

    add(2)
    few = dashboard_queries(client)
    add(12)
    many = dashboard_queries(client)

    assert many == few
    assert few <= 15
