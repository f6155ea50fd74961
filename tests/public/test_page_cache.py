"""The page cache: served to anonymous readers, never stale past an edit or a
scheduled moment, never to staff, and bounding what shared caches keep."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

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
    assert set(CONTENT_APPS) == {"articles", "authors", "frontpage", "pages", "quotes", "tags"}
    assert "frontpage_placement" in triggered


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


# The query string: only what the view reads keys the page (and reaches the view).


def entries():
    return len(caches[settings.PAGE_CACHE_ALIAS]._cache)  # the test settings' local memory


def test_tracking_parameters_are_served_the_cached_page(client, make_article):
    article = make_article(public=("en",))
    url = article.get_absolute_url("en")
    first = client.get(url)

    tracked = client.get(f"{url}?utm_source=telegram&utm_medium=social&fbclid=IwAR0x&gclid=abc")

    assert tracked["X-Page-Cache"] == "hit"
    assert tracked.content == first.content


def test_the_view_never_sees_parameters_it_does_not_read(client, make_article):
    make_article(public=("en",))
    first = client.get("/en/?utm_campaign=first-reader")
    assert first["X-Page-Cache"] == "miss"
    # The language links carry the query string along: not this one, which
    # the next reader (served this page from the cache) never sent.
    assert "first-reader" not in first.text
    searched = client.get("/en/search/?q=nato&utm_campaign=first-reader")
    assert "q=nato" in searched.text and "first-reader" not in searched.text


def test_a_flood_of_unique_query_strings_adds_no_entry(client, make_article):
    article = make_article(public=("en",))
    url = article.get_absolute_url("en")
    client.get(url)
    client.get("/en/")
    count = entries()

    for number in range(1000):
        path = url if number % 2 else "/en/"
        response = client.get(f"{path}?utm_source=x{number}&nocache={number}&_={number}")
        assert response["X-Page-Cache"] == "hit"

    assert entries() == count


def test_parameters_a_view_reads_still_vary_the_page(client, make_article, make_section):
    section = make_section(slug="analytics", name_en="Analytics")
    for number in range(21):
        make_article(public=("en",), section=section, title_en=f"Piece number {number}")
    with translation.override("en"):
        listing = section.get_absolute_url()

    assert client.get(listing)["X-Page-Cache"] == "miss"
    second = client.get(f"{listing}?page=2&utm_source=x")
    assert second["X-Page-Cache"] == "miss"
    assert "Piece number 0" in second.text
    assert client.get(f"{listing}?page=2")["X-Page-Cache"] == "hit"

    assert client.get("/en/search/?q=piece")["X-Page-Cache"] == "miss"
    assert client.get("/en/search/?q=number")["X-Page-Cache"] == "miss"
    assert client.get("/en/search/?gclid=1&q=piece")["X-Page-Cache"] == "hit"
    # Empty values read as absent, and the order of parameters is no part of the key.
    assert client.get("/en/search/")["X-Page-Cache"] == "miss"
    assert client.get("/en/search/?q=&from=")["X-Page-Cache"] == "hit"
    assert client.get("/en/search/?section=analytics&q=piece")["X-Page-Cache"] == "miss"
    assert client.get("/en/search/?q=piece&section=analytics")["X-Page-Cache"] == "hit"


def test_repeated_values_keep_their_order(rf):
    from public.pagecache import normalized_query

    request = rf.get("/en/search/?q=b&utm_source=x&q=a&section=&page=2")
    with translation.override("en"):
        assert normalized_query(request) == "page=2&q=b&q=a"
    assert normalized_query(rf.get("/en/no-such-page/?q=oil")) == ""


def test_a_raw_utf8_query_string_keeps_its_words(client, make_article):
    # What a WSGI server passes for ?q=газ sent unencoded: the bytes, read as Latin-1.
    make_article(public=("ru",), title_ru="Газовый коридор", body_ru="<p>Газ идёт.</p>")
    response = client.get("/ru/search/", QUERY_STRING="q=газ".encode().decode("latin-1"))

    assert response.status_code == 200
    assert "Газовый коридор" in response.text
