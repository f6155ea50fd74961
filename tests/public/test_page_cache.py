"""The page cache: served to anonymous readers, never stale past an edit or a
scheduled moment, never to staff, and bounding what shared caches keep."""

import os
import pickle
import re
import shutil
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from articles.models import Article, Byline, Correction
from authors.models import Author
from core.db.content_version import CONTENT_APPS, bookkeeping_tables, content_tables
from photos.models import Photo
from public.pagecache import content_state
from quotes.models import Quote
from tags.models import Tag
from tests.media import give_lead_photo, make_photo

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
    assert set(CONTENT_APPS) == {
        "articles",
        "authors",
        "frontpage",
        "pages",
        "photos",
        "quotes",
        "tags",
    }
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


# Scopes: a write drops the pages that show what it changed, and only those.


def cache_of(client, url):
    return client.get(url)["X-Page-Cache"]


def warm(client, *urls):
    """Render each page once and check the next visit is a hit."""
    for url in urls:
        client.get(url)
        assert cache_of(client, url) == "hit", url


LISTS = ("/en/", "/en/feed/", "/en/latest/", "/sitemap-news-en.xml")


@pytest.fixture
def person():
    return Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Leyla Mammadova", slug="leyla")


@pytest.fixture
def newsroom(make_article, make_section, person):
    """Three pieces of one section: ``shown`` and ``reader`` share a person (each
    lists the other as related), ``unrelated`` shares nothing with either."""
    section = make_section(slug="analytics")
    now = timezone.now()
    shown = make_article(
        section=section, title_en="The Shown Piece", published_at_en=now - timedelta(hours=3)
    )
    reader = make_article(
        section=section, title_en="The Reading Piece", published_at_en=now - timedelta(hours=2)
    )
    unrelated = make_article(
        section=section, title_en="An Unrelated Piece", published_at_en=now - timedelta(hours=1)
    )
    shown.tags.add(person)
    reader.tags.add(person)
    pieces = {"shown": shown, "reader": reader, "unrelated": unrelated}
    urls = {name: piece.get_absolute_url("en") for name, piece in pieces.items()}
    return SimpleNamespace(**pieces, section=section, urls=urls)


def test_a_correction_drops_the_piece_the_lists_and_the_pages_showing_it(client, newsroom):
    urls = newsroom.urls
    assert "The Shown Piece" in client.get(urls["reader"]).text  # its related articles
    warm(client, *urls.values(), *LISTS)

    Article.objects.filter(pk=newsroom.shown.pk).update(title_en="A Corrected Headline")

    for url in (urls["shown"], urls["reader"], *LISTS):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "A Corrected Headline" in response.text, url
    assert cache_of(client, urls["unrelated"]) == "hit"


def test_a_publication_drops_the_pages_whose_related_articles_it_joins(
    client, newsroom, make_article, person
):
    urls = newsroom.urls
    fresh = make_article(section=newsroom.section, title_en="A Fresh Piece")  # an English draft
    fresh.tags.add(person)
    warm(client, *urls.values(), *LISTS)

    fresh.published_at_en = timezone.now() - timedelta(seconds=5)
    fresh.save()

    assert client.get(fresh.get_absolute_url("en")).status_code == 200
    for url in (urls["shown"], urls["reader"], *LISTS):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "A Fresh Piece" in response.text, url
    assert cache_of(client, urls["unrelated"]) == "hit"


def test_a_publication_through_the_newsroom_leaves_unrelated_pieces_cached(
    client, newsroom, editor
):
    from newsroom import actions

    urls = newsroom.urls
    # The section has a piece in Azerbaijani already: its header link stays as it is.
    Article.objects.filter(pk=newsroom.reader.pk).update(published_at_az=timezone.now())
    az_url = newsroom.unrelated.get_absolute_url("az")
    assert client.get(az_url).status_code == 404
    reader_az = newsroom.reader.get_absolute_url("az")
    warm(client, urls["shown"], urls["reader"], reader_az, "/az/")

    actions.publish_version(newsroom.unrelated, "az", user=editor)

    assert client.get(az_url).status_code == 200
    assert cache_of(client, "/az/") == "miss"
    for url in (urls["shown"], urls["reader"], reader_az):
        assert cache_of(client, url) == "hit", url


def test_the_first_piece_of_a_language_drops_only_that_languages_pages(client, newsroom, editor):
    from newsroom import actions

    urls = newsroom.urls
    Article.objects.filter(pk=newsroom.reader.pk).update(published_at_ru=timezone.now())
    reader_ru = newsroom.reader.get_absolute_url("ru")
    warm(client, urls["shown"], urls["unrelated"], reader_ru)

    # The first piece in Azerbaijani: every Azerbaijani header gains the section.
    actions.publish_version(newsroom.unrelated, "az", user=editor)

    assert 'href="/az/section/analytics/"' in client.get("/az/").text
    assert cache_of(client, urls["unrelated"]) == "miss"  # the piece itself
    assert cache_of(client, urls["shown"]) == cache_of(client, reader_ru) == "hit"


def test_an_unpublication_drops_the_pages_that_listed_the_piece(client, newsroom):
    urls = newsroom.urls
    warm(client, *urls.values(), *LISTS)

    Article.objects.filter(pk=newsroom.shown.pk).update(published_at_en=None)

    assert client.get(urls["shown"]).status_code == 404
    reader = client.get(urls["reader"])
    assert reader["X-Page-Cache"] == "miss" and "The Shown Piece" not in reader.text
    assert "The Shown Piece" not in client.get("/en/").text
    assert cache_of(client, urls["unrelated"]) == "hit"


def test_a_tag_rename_drops_the_pages_that_show_the_tag(client, newsroom):
    place = Tag.objects.create(kind=Tag.Kind.PLACE, name_en="Ganja", slug="ganja")
    newsroom.shown.tags.add(place)
    urls = newsroom.urls
    warm(client, *urls.values(), "/en/", "/en/tag/ganja/")

    Tag.objects.filter(pk=place.pk).update(name_en="Gəncə")

    for url in (urls["shown"], "/en/tag/ganja/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Gəncə" in response.text, url
    assert cache_of(client, "/en/") == "miss"  # a list: any public write drops it
    # Ganja is not one of the reading piece's subjects (places make no related articles).
    assert cache_of(client, urls["reader"]) == "hit"
    assert cache_of(client, urls["unrelated"]) == "hit"


def test_an_author_rename_drops_the_pages_of_their_bylines(client, newsroom):
    author = Author.objects.create(name_en="Rauf Mirqadirov", slug="rauf")
    Byline.objects.create(article=newsroom.shown, author=author)
    urls = newsroom.urls
    warm(client, *urls.values(), "/en/author/rauf/")

    author.name_en = "Rauf Mirkadyrov"
    author.save()

    for url in (urls["shown"], "/en/author/rauf/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Rauf Mirkadyrov" in response.text, url
    assert cache_of(client, urls["unrelated"]) == "hit"
    assert cache_of(client, urls["reader"]) == "hit"  # shows the piece, not its byline


def test_a_quote_edit_drops_the_pages_that_place_it(client, newsroom, person):
    quote = Quote.objects.create(
        speaker=person, text_en="Partnership is a process.", speaker_role_en="Minister"
    )
    body = f'<p>Text.</p><figure data-quote="{quote.pk}"></figure>'
    newsroom.shown.body_en = body
    newsroom.shown.save()
    urls = newsroom.urls
    assert "Partnership is a process." in client.get(urls["shown"]).text
    warm(client, *urls.values())

    Quote.objects.filter(pk=quote.pk).update(text_en="Partnership is a long process.")

    response = client.get(urls["shown"])
    assert response["X-Page-Cache"] == "miss"
    assert "Partnership is a long process." in response.text
    assert cache_of(client, urls["unrelated"]) == "hit"


def test_a_photo_caption_edit_drops_the_pages_it_leads(client, newsroom):
    photo = give_lead_photo(newsroom.shown, caption_en="The port of Baku at dawn")
    urls = newsroom.urls
    assert "The port of Baku at dawn" in client.get(urls["shown"]).text
    warm(client, *urls.values(), "/en/")

    photo.caption_en = "The port of Alat at dawn"
    photo.save()

    response = client.get(urls["shown"])
    assert response["X-Page-Cache"] == "miss"
    assert "The port of Alat at dawn" in response.text
    assert cache_of(client, "/en/") == "miss"
    assert cache_of(client, urls["unrelated"]) == "hit"
    assert cache_of(client, urls["reader"]) == "hit"


def test_a_caption_edit_drops_the_pages_that_place_the_photo_inline(client, newsroom):
    photo = make_photo(caption_en="Grain silos at Alat")
    newsroom.shown.body_en = f'<p>Text.</p><figure data-photo="{photo.pk}"></figure>'
    newsroom.shown.save()
    urls = newsroom.urls
    assert "Grain silos at Alat" in client.get(urls["shown"]).text
    warm(client, *urls.values())

    Photo.objects.filter(pk=photo.pk).update(caption_en="Grain silos at Alat port")

    response = client.get(urls["shown"])
    assert response["X-Page-Cache"] == "miss"
    assert "Grain silos at Alat port" in response.text
    assert cache_of(client, urls["unrelated"]) == "hit"


def test_drafts_and_autosaves_drop_nothing(client, newsroom, make_article, journalist):
    from newsroom import actions

    draft = make_article(section=newsroom.section, title_en="Still a Draft")
    urls = newsroom.urls
    warm(client, *urls.values(), *LISTS)

    actions.save_article(draft, {"title_en": "Still a Draft, Rewritten"}, user=journalist)
    actions.save_article(newsroom.shown, {"lead_az": "Qaralama"}, user=journalist)

    for url in (*urls.values(), *LISTS):
        assert cache_of(client, url) == "hit", url


def test_the_first_piece_of_a_section_drops_every_page(
    client, newsroom, make_section, make_article
):
    # The header links a section once something in it is public in the page's language.
    economy = make_section(slug="economy", name_en="Economy")
    first = make_article(section=economy, title_en="Gas and Growth")
    urls = newsroom.urls
    warm(client, *urls.values())
    assert 'href="/en/section/economy/"' not in client.get(urls["unrelated"]).text

    Article.objects.filter(pk=first.pk).update(published_at_en=timezone.now())

    response = client.get(urls["unrelated"])
    assert response["X-Page-Cache"] == "miss"
    assert 'href="/en/section/economy/"' in response.text


def test_a_section_rename_drops_every_page(client, newsroom):
    urls = newsroom.urls
    warm(client, *urls.values(), "/en/")

    type(newsroom.section).objects.filter(pk=newsroom.section.pk).update(name_en="Analysis")

    for url in (*urls.values(), "/en/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Analysis" in response.text, url


def test_a_hit_on_a_piece_with_scopes_is_one_query(client, newsroom):
    url = newsroom.urls["shown"]
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response["X-Page-Cache"] == "hit"
    assert len(queries) == 1
    assert "turan_content_scope" in queries[0]["sql"] or "turan_content_state" in queries[0]["sql"]


def test_a_write_while_the_page_renders_leaves_the_stored_page_outdated(
    client, newsroom, monkeypatch
):
    from public import pagecache

    url = newsroom.urls["shown"]
    written = []

    def scopes_then_a_write(request, shown):
        # As if an editor's correction committed after the page read the piece.
        if not written:
            Article.objects.filter(pk=newsroom.shown.pk).update(title_en="Written Meanwhile")
            written.append(True)
        return page_scopes(request, shown)

    page_scopes = pagecache.page_scopes
    monkeypatch.setattr(pagecache, "page_scopes", scopes_then_a_write)

    first = client.get(url)
    assert first["X-Page-Cache"] == "miss" and "Written Meanwhile" not in first.text
    second = client.get(url)
    assert second["X-Page-Cache"] == "miss" and "Written Meanwhile" in second.text
    assert cache_of(client, url) == "hit"


def stored_entries():
    from public.pagecache import Entry

    # The test settings' local memory keeps each value pickled.
    return [
        Entry(*pickle.loads(value)) for value in caches[settings.PAGE_CACHE_ALIAS]._cache.values()
    ]


def test_a_piece_stores_the_scopes_it_shows(client, newsroom, person):
    client.get(newsroom.urls["reader"])
    [entry] = stored_entries()

    assert {
        f"article:{newsroom.reader.pk}",
        f"article:{newsroom.shown.pk}",  # its related articles
        f"tag:{person.pk}",
        f"listing:{person.pk}:en",
        "site",
    } <= set(entry.scopes)
    assert f"article:{newsroom.unrelated.pk}" not in entry.scopes

    caches[settings.PAGE_CACHE_ALIAS].clear()
    client.get("/en/")
    [listing] = stored_entries()
    assert listing.scopes is None  # a list: valid for its content version only


def test_a_version_scheduled_after_a_page_was_stored_joins_its_related_at_its_moment(
    client, newsroom, make_article, person
):
    urls = newsroom.urls
    warm(client, urls["reader"], urls["unrelated"])  # stored with no moment ahead
    moment = timezone.now().replace(microsecond=0) + timedelta(minutes=5)
    coming = make_article(section=newsroom.section, title_en="A Coming Piece")
    coming.tags.add(person)

    Article.objects.filter(pk=coming.pk).update(published_at_en=moment)

    assert cache_of(client, urls["unrelated"]) == "hit"
    before = client.get(urls["reader"])  # stored again, now until the moment
    assert before["X-Page-Cache"] == "miss" and "A Coming Piece" not in before.text
    assert max_age(before) <= 300
    with time_machine.travel(moment, tick=False):
        after = client.get(urls["reader"])
        assert after["X-Page-Cache"] == "miss"
        assert "A Coming Piece" in after.text


def test_each_page_names_its_scopes_for_an_edge(client, newsroom, person):
    url = newsroom.urls["reader"]
    first = client.get(url)
    second = client.get(url)

    scopes = first["X-Scopes"].split()
    assert second["X-Page-Cache"] == "hit" and second["X-Scopes"] == first["X-Scopes"]
    assert {f"article:{newsroom.reader.pk}", f"article:{newsroom.shown.pk}", "site"} <= set(scopes)
    assert f"listing:{person.pk}:en" in scopes and "sections:en" in scopes
    assert client.get("/en/")["X-Scopes"] == "lists"
    assert client.get("/en/feed/")["X-Scopes"] == "lists"


@pytest.mark.skipif(
    not shutil.which("redis-server") and not os.access("/usr/bin/redis-server", os.X_OK),
    reason="redis-server is missing (make servers installs it)",
)
def test_a_shared_redis_cache_keeps_scopes_and_its_outage_is_a_miss(
    client, newsroom, settings, tmp_path
):
    from tests.core.test_cache import Redis

    redis = Redis(tmp_path)
    redis.start()
    try:
        settings.CACHES = {
            **settings.CACHES,
            "pages": {
                "BACKEND": "core.cache.ResilientRedisCache",
                "LOCATION": f"redis://127.0.0.1:{redis.port}/0",
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            },
        }
        settings.PAGE_CACHE_ALIAS = "pages"
        urls = newsroom.urls
        warm(client, *urls.values(), "/en/")

        Article.objects.filter(pk=newsroom.shown.pk).update(title_en="A Corrected Headline")

        assert cache_of(client, urls["shown"]) == cache_of(client, urls["reader"]) == "miss"
        assert cache_of(client, "/en/") == "miss"
        assert cache_of(client, urls["unrelated"]) == "hit"

        redis.stop()
        response = client.get(urls["unrelated"])
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    finally:
        if redis.process.poll() is None:
            redis.stop()
