"""The page cache: served to anonymous readers, never stale past an edit or a
scheduled moment, never to staff, and bounding what shared caches keep."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction
from core.db.content_version import CONTENT_APPS, bookkeeping_tables, content_tables
from public.pagecache import content_state
from tags.models import Tag

pytestmark = pytest.mark.django_db


def max_age(response):
    match = re.search(r"max-age=(\d+)", response["Cache-Control"])
    return int(match[1])


def test_second_visit_is_served_from_the_cache_with_one_query(client, make_article):
    article = make_article(public=("en",))
    url = article.get_absolute_url("en")

    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 1  # the content version and the next moment
    assert "public" in second["Cache-Control"]


def test_an_edit_shows_at_once(client, make_article):
    article = make_article(public=("en",))
    url = article.get_absolute_url("en")
    assert "Contacts and Differences" in client.get(url).text

    article.title_en = "A Rewritten Headline"
    article.save()

    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "A Rewritten Headline" in response.text
    assert "A Rewritten Headline" in client.get("/en/").text


def test_an_unpublished_version_disappears_at_once(client, make_article):
    article = make_article(public=("en",))
    url = article.get_absolute_url("en")
    assert client.get(url).status_code == 200
    assert article.title_en in client.get("/en/").text

    Article.objects.filter(pk=article.pk).update(published_at_en=None)

    assert client.get(url).status_code == 404
    assert article.title_en not in client.get("/en/").text
    assert article.title_en not in client.get("/en/feed/").text


@pytest.mark.parametrize(
    "write",
    [
        lambda article: Correction.objects.create(
            article=article, language="en", kind="correction", note="A date was wrong."
        ),
        lambda article: article.tags.add(Tag.objects.create(name_en="Energy Security")),
        lambda article: Tag.objects.filter(pk__in=article.tags.all()).update(name_en="Renamed"),
        lambda article: connection.cursor().execute(
            "UPDATE articles_article SET title_en = 'Raw SQL headline' WHERE id = %s", [article.pk]
        ),
    ],
    ids=["correction", "tag-added", "queryset-update", "raw-sql"],
)
def test_every_write_path_changes_the_content_version(make_article, write):
    article = make_article(public=("en",))
    article.tags.add(Tag.objects.create(name_en="Oil"))
    before, _moment = content_state()

    write(article)

    assert content_state()[0] != before


def test_every_content_table_has_the_trigger():
    # Their triggers come from the migrations; revisions and workflow state have none.
    tables = set(content_tables()) - set(bookkeeping_tables())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'turan_content_changed'"
        )
        triggered = {name for (name,) in cursor.fetchall()}
    assert {"articles_article", "articles_article_tags", "tags_tag", "quotes_quote"} <= triggered
    assert tables <= triggered
    assert not triggered & set(bookkeeping_tables())
    assert {"articles_articlerevision", "articles_translationstate"} == set(bookkeeping_tables())
    assert set(CONTENT_APPS) == {"articles", "authors", "quotes", "tags"}


def test_a_scheduled_version_appears_at_its_moment(client, make_article):
    moment = timezone.now().replace(microsecond=0) + timedelta(minutes=3)
    article = make_article(public=("ru",), published_at_en=moment)
    ru_url, en_url = article.get_absolute_url("ru"), article.get_absolute_url("en")

    before = client.get(ru_url)
    assert before["X-Page-Cache"] == "miss"
    assert en_url not in before.text  # no English tab yet
    assert client.get(en_url).status_code == 404
    # Neither Turan's cache nor a shared one may keep the page past the moment.
    assert max_age(before) <= 180
    assert client.get(ru_url)["X-Page-Cache"] == "hit"

    with time_machine.travel(moment - timedelta(seconds=2), tick=False):
        assert client.get(ru_url)["X-Page-Cache"] == "hit"
    with time_machine.travel(moment, tick=False):
        after = client.get(ru_url)
        assert after["X-Page-Cache"] == "miss"
        assert en_url in after.text
        assert client.get(en_url).status_code == 200
        assert article.title_en in client.get("/en/").text


def test_cache_control_is_bounded_by_the_next_moment_in_any_language(
    client, make_article, settings
):
    settings.HTTP_CACHE_SECONDS = 60
    article = make_article(public=("en",))
    assert max_age(client.get(article.get_absolute_url("en"))) == 60

    make_article(published_at_az=timezone.now() + timedelta(seconds=25), slug_az="sabah")
    assert 20 <= max_age(client.get(article.get_absolute_url("en"))) <= 25


def test_staff_never_get_cached_pages(client, admin_client, make_article):
    article = make_article(public=("en",))
    url = article.get_absolute_url("en")
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    staff = admin_client.get(url)
    assert "X-Page-Cache" not in staff
    assert "private" in staff["Cache-Control"]
    assert "public" not in staff["Cache-Control"]


def test_previews_are_never_cached(admin_client, client, make_article):
    article = make_article(published_at_en=timezone.now() + timedelta(days=1))
    preview = f"/en/preview/{article.pk}/"
    assert admin_client.get(preview).status_code == 200
    response = client.get(preview)
    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_the_language_cookie_is_set_on_cached_pages_too(client, make_article):
    article = make_article(public=("en",))
    url = article.get_absolute_url("en")
    client.cookies.clear()
    first = client.get(url)
    assert "django_language" in first.cookies
    assert first["X-Page-Cache"] == "miss"
    # The reader's cookie is still set by a page served from the cache.
    client.cookies.clear()
    client.get(url)
    client.cookies.clear()
    from_cache = client.get(url)
    assert from_cache["X-Page-Cache"] == "hit"
    assert from_cache.cookies["django_language"].value == "en"


def test_conditional_request_on_a_cached_page_answers_304(client, make_article):
    article = make_article(public=("en",))
    url = article.get_absolute_url("en")
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304


def test_pages_outside_a_language_prefix_are_kept_per_language(client, make_article):
    make_article(public=("ru", "en"))
    english = client.get("/sitemap.xml", headers={"accept-language": "en"})
    russian = client.get("/sitemap.xml", headers={"accept-language": "ru"})
    assert english["X-Page-Cache"] == russian["X-Page-Cache"] == "miss"


def test_errors_are_not_cached(client):
    assert client.get("/en/no-such-page/").status_code == 404
    assert "X-Page-Cache" not in client.get("/en/no-such-page/")


def test_the_page_cache_can_be_turned_off(client, make_article, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article(public=("en",))
    url = article.get_absolute_url("en")
    client.get(url)
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert "public" in response["Cache-Control"]  # shared caches still may keep it
