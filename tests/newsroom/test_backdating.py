"""A moment typed in the past publishes at once, backdated: the server asks too.

The browser asks before saving (tests/browser/test_editorial.py); these hold
for any client, without the page's script.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.change_form import change_url, client_for, open_form


@pytest.fixture
def article(make_article):
    return make_article()


def post_moment(client, article, day, time, **extra):
    data = open_form(
        client,
        article,
        schedule_en="at",
        published_at_en_0=day,
        published_at_en_1=time,
        title_en="Typed a moment ago",
        **extra,
    )
    return client.post(change_url(article), data)


def test_a_past_moment_is_refused_on_its_field_and_keeps_what_was_typed(editor, article):
    client = client_for(editor)
    client.cookies["turan_admin_language"] = "en"

    response = post_moment(client, article, "2017-11-25", "09:30")

    assert response.status_code == 200
    form = response.context["adminform"].form
    [message] = form.errors["published_at_en"]
    assert "lies in the past" in message and "Yes, publish backdated" in message
    page = response.content.decode()
    assert 'value="Typed a moment ago"' in page and 'value="2017-11-25"' in page
    article.refresh_from_db()
    assert article.published_at_en is None and article.title_en != "Typed a moment ago"


def test_ticking_publish_backdated_saves_it(editor, article):
    response = post_moment(client_for(editor), article, "2017-11-25", "09:30", backdate_en="on")

    assert response.status_code == 302
    saved = timezone.localtime(Article.objects.get(pk=article.pk).published_at_en)
    assert saved.strftime("%Y-%m-%d %H:%M") == "2017-11-25 09:30"


def test_the_refusal_speaks_the_admins_language(editor, article):
    client = client_for(editor)
    client.cookies["turan_admin_language"] = "ru"

    response = post_moment(client, article, "25.11.2017", "09:30")

    [message] = response.context["adminform"].form.errors["published_at_en"]
    assert "уже прошёл" in message and "Да, опубликовать задним числом" in message


def test_a_stored_past_moment_sent_back_unchanged_needs_no_tick(editor, make_article):
    article = make_article(public=("en",))
    moment = timezone.localtime(article.published_at_en)
    assert moment < timezone.now() - timedelta(minutes=5)
    client = client_for(editor)
    client.cookies["turan_admin_language"] = "en"

    response = post_moment(
        client, article, moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M:%S")
    )

    assert response.status_code == 302


def test_a_moment_just_now_is_not_the_past(editor, article):
    client = client_for(editor)
    client.cookies["turan_admin_language"] = "en"
    now = timezone.localtime() - timedelta(seconds=20)

    response = post_moment(client, article, now.strftime("%Y-%m-%d"), now.strftime("%H:%M:%S"))

    assert response.status_code == 302
