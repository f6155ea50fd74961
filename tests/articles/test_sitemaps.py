import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Correction
from articles.sitemaps import ArticleSitemap
from tags.models import Tag
from tests.edits import edited_article, expected_modified

pytestmark = pytest.mark.django_db

BAKU = ZoneInfo("Asia/Baku")
BASE = "http://testserver"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
HOSTILE = "</script><script>alert(1)</script> & <b>bold</b>"


def fetch(client, url):
    """GET a sitemap by absolute or local URL and return its parsed root (well-formed or fail)."""
    parts = urlsplit(url)
    response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def entries(root):
    """``{loc: {hreflang: href}}`` for every <url> of a sitemap."""
    return {
        url.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link[@rel='alternate']", NS)
        }
        for url in root.findall("sm:url", NS)
    }


def index_locations(client):
    root = fetch(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    return [node.text for node in root.findall("sm:sitemap/sm:loc", NS)]


def all_article_entries(client):
    result = {}
    for location in index_locations(client):
        if location.endswith(("/sitemap-ru.xml", "/sitemap-az.xml", "/sitemap-en.xml")):
            result.update(entries(fetch(client, location)))
    return result


def url(article, code):
    return BASE + article.get_absolute_url(code)


def test_index_points_to_every_sitemap_with_absolute_urls(client):
    assert index_locations(client) == [
        f"{BASE}/sitemap-{name}.xml"
        for name in ("pages", "ru", "az", "en", "news-ru", "news-az", "news-en")
    ]
    for location in index_locations(client):
        fetch(client, location)


def test_unknown_sitemap_is_404(client):
    assert client.get("/sitemap-de.xml").status_code == 404
    assert client.get("/sitemap-ru.xml?p=9").status_code == 404


def test_language_sitemap_lists_only_public_versions_of_that_language(client, make_article):
    both = make_article(public=("ru", "en"))
    russian = make_article(public=("ru",))
    scheduled = make_article(public=("ru",), published_at_en=timezone.now() + timedelta(hours=1))
    no_body = make_article(public=("ru", "en"), body_en="")
    make_article()  # a draft everywhere

    english = entries(fetch(client, "/sitemap-en.xml"))
    russian_map = entries(fetch(client, "/sitemap-ru.xml"))

    assert set(english) == {url(both, "en")}
    assert set(russian_map) == {url(a, "ru") for a in (both, russian, scheduled, no_body)}
    assert entries(fetch(client, "/sitemap-az.xml")) == {}
    assert url(scheduled, "en") not in str(russian_map)
    assert url(no_body, "en") not in str(russian_map)


def test_alternates_name_exactly_the_public_versions_and_are_reciprocal(client, make_article):
    make_article(public=("ru", "az", "en"))
    make_article(public=("ru", "en"), published_at_az=timezone.now() + timedelta(hours=2))
    make_article(public=("az",), original_language="az")
    make_article(public=("en", "az"), original_language="ru")  # original not public

    found = all_article_entries(client)

    assert len(found) == 3 + 2 + 1 + 2
    for loc, links in found.items():
        languages = {code: href for code, href in links.items() if code != "x-default"}
        # The entry names itself, and every version it names is itself listed…
        assert loc in languages.values()
        for href in languages.values():
            assert href in found
            # …and names the same set back, with the same x-default.
            assert found[href] == links
        assert links["x-default"] in languages.values()


def test_x_default_is_the_original_if_public_else_the_first_public(client, make_article):
    original_public = make_article(public=("ru", "az", "en"), original_language="en")
    original_hidden = make_article(public=("az", "en"), original_language="ru")

    found = all_article_entries(client)

    assert found[url(original_public, "ru")]["x-default"] == url(original_public, "en")
    assert found[url(original_hidden, "en")]["x-default"] == url(original_hidden, "az")
    assert url(original_hidden, "ru") not in str(found)


def test_scheduled_version_enters_the_sitemap_at_its_moment(client, make_article):
    moment = timezone.now() + timedelta(days=1)
    article = make_article(public=("ru",), published_at_en=moment)

    with time_machine.travel(moment - timedelta(seconds=1), tick=False):
        assert set(entries(fetch(client, "/sitemap-ru.xml"))[url(article, "ru")]) == {
            "ru",
            "x-default",
        }
        assert entries(fetch(client, "/sitemap-en.xml")) == {}
    with time_machine.travel(moment, tick=False):
        assert set(entries(fetch(client, "/sitemap-ru.xml"))[url(article, "ru")]) == {
            "ru",
            "en",
            "x-default",
        }
        assert set(entries(fetch(client, "/sitemap-en.xml"))) == {url(article, "en")}


def test_entries_carry_the_versions_last_change(client, make_article):
    moment = datetime(2017, 11, 25, 12, 51, tzinfo=BAKU)
    make_article(published_at_en=moment)

    root = fetch(client, "/sitemap-en.xml")
    lastmod = root.find("sm:url/sm:lastmod", NS).text

    assert datetime.fromisoformat(lastmod) >= moment
    assert lastmod.endswith("+04:00")


@pytest.mark.parametrize("correct_english", [True, False], ids=["corrected", "unmarked"])
def test_lastmod_follows_only_the_versions_marked_changes(client, make_article, correct_english):
    """An English correction moves the English entry's ``<lastmod>`` (and the
    English sitemap's in the index) and not the Russian ones; unmarked edits (to
    either language) move none."""
    article = edited_article(make_article, correct_english=correct_english)
    index = fetch(client, "/sitemap.xml")

    for code, moment in expected_modified(correct_english).items():
        root = fetch(client, f"/sitemap-{code}.xml")
        [entry] = root.findall("sm:url", NS)
        assert entry.findtext("sm:loc", namespaces=NS) == url(article, code)
        assert datetime.fromisoformat(entry.findtext("sm:lastmod", namespaces=NS)) == moment
        [listed] = [
            node
            for node in index.findall("sm:sitemap", NS)
            if node.findtext("sm:loc", namespaces=NS) == f"{BASE}/sitemap-{code}.xml"
        ]
        assert datetime.fromisoformat(listed.findtext("sm:lastmod", namespaces=NS)) == moment


def test_pages_sitemap_lists_home_and_sections_in_every_language(client, make_section):
    make_section(name_en="Politics", slug="politics")

    found = entries(fetch(client, "/sitemap-pages.xml"))

    assert set(found) == {
        f"{BASE}/{code}/{path}" for code in ("ru", "az", "en") for path in ("", "section/politics/")
    }
    assert found[f"{BASE}/az/section/politics/"] == {
        "ru": f"{BASE}/ru/section/politics/",
        "az": f"{BASE}/az/section/politics/",
        "en": f"{BASE}/en/section/politics/",
        "x-default": f"{BASE}/section/politics/",
    }
    # The x-default address sends a reader to their language.
    response = client.get("/section/politics/", HTTP_ACCEPT_LANGUAGE="az")
    assert response.status_code == 302 and response["Location"] == "/az/section/politics/"


def test_long_sitemaps_are_paginated_in_the_index(client, make_article, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for _number in range(3):
        make_article(public=("en",))

    assert f"{BASE}/sitemap-en.xml?p=2" in index_locations(client)
    assert len(entries(fetch(client, "/sitemap-en.xml"))) == 2
    assert len(entries(fetch(client, "/sitemap-en.xml?p=2"))) == 1


def test_sitemap_pages_cover_every_article_once_newest_first(client, make_article, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    now = timezone.now()
    made = [make_article(published_at_en=now - timedelta(hours=hours)) for hours in range(1, 6)]

    pages = [
        [url.findtext("sm:loc", namespaces=NS) for url in fetch(client, path).findall("sm:url", NS)]
        for path in ("/sitemap-en.xml", "/sitemap-en.xml?p=2", "/sitemap-en.xml?p=3")
    ]

    assert [len(page) for page in pages] == [2, 2, 1]
    assert sum(pages, []) == [url(article, "en") for article in made]
    assert client.get("/sitemap-en.xml?p=4").status_code == 404


def news_items(client, code):
    root = fetch(client, f"/sitemap-news-{code}.xml")
    return {
        url.findtext("sm:loc", namespaces=NS): url.find("news:news", NS)
        for url in root.findall("sm:url", NS)
    }


def test_news_sitemap_holds_the_last_48_hours_of_public_versions(client, make_article):
    now = timezone.now()
    fresh = make_article(published_at_en=now - timedelta(hours=47))
    make_article(published_at_en=now - timedelta(hours=49))
    make_article(published_at_en=now + timedelta(hours=1))
    make_article(published_at_en=now - timedelta(hours=1), body_en="")
    make_article(published_at_ru=now - timedelta(hours=1))

    items = news_items(client, "en")

    assert list(items) == [url(fresh, "en")]
    news = items[url(fresh, "en")]
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Turan Analytics"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == fresh.title_en
    published = datetime.fromisoformat(news.findtext("news:publication_date", namespaces=NS))
    assert published == fresh.published_at_en.replace(microsecond=0)
    assert published.utcoffset() == timedelta(hours=4)


@pytest.mark.parametrize("code", ["ru", "az", "en"])
def test_news_sitemap_names_its_language(client, make_article, code):
    make_article(public=(code,))

    news = next(iter(news_items(client, code).values()))

    assert news.findtext("news:publication/news:language", namespaces=NS) == code


def test_news_sitemap_leaves_with_the_48_hours(client, make_article):
    article = make_article(public=("ru",))

    with time_machine.travel(article.published_at_ru + timedelta(hours=48, seconds=1)):
        assert news_items(client, "ru") == {}


def test_hostile_title_stays_text_in_the_news_sitemap(client, make_article):
    make_article(public=("en",), title_en=HOSTILE + "\x0b")

    response = client.get("/sitemap-news-en.xml")
    news = next(iter(news_items(client, "en").values()))

    assert b"<script" not in response.content
    assert news.findtext("news:title", namespaces=NS) == HOSTILE


def test_robots_txt_points_to_the_sitemap_index(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert lines[0] == "User-agent: *"


def populate(make_article, count):
    now = timezone.now()
    for number in range(count):
        article = make_article(
            public=("ru", "en"),
            published_at_az=now - timedelta(hours=1) if number % 2 else None,
        )
        article.tags.add(*(Tag.objects.create(name_en=f"T{number}-{i}") for i in range(3)))
        for code in ("ru", "en"):
            Correction.objects.create(article=article, language=code, kind="update", note="N.")


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        ("/sitemap.xml", 14),
        ("/sitemap-pages.xml", 2),
        ("/sitemap-ru.xml", 3),
        ("/sitemap-az.xml", 3),
        ("/sitemap-en.xml", 3),
        ("/sitemap-news-ru.xml", 3),
        ("/sitemap-news-az.xml", 3),
        ("/robots.txt", 1),
    ],
)
def test_sitemap_query_count_is_constant(
    client, make_article, path, budget, django_assert_max_num_queries
):
    populate(make_article, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    populate(make_article, 28)
    with django_assert_max_num_queries(budget), CaptureQueriesContext(connection) as many:
        assert client.get(path).status_code == 200

    assert len(many) == len(few)
