import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Byline, Correction
from articles.sitemaps import ArticleSitemap
from authors.models import Author
from quotes.models import Quote
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


def absent(client, path):
    """An empty sitemap is no sitemap: a 404, and not in the index."""
    return client.get(path).status_code == 404 and BASE + path not in index_locations(client)


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


def test_index_points_to_every_sitemap_with_absolute_urls(client, make_article):
    article = make_article(public=("ru", "az", "en"))
    person = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Arif Karimov", slug="arif")
    article.tags.add(person)
    Byline.objects.create(article=article, author=Author.objects.create(name_en="A", slug="a"))
    quote = Quote.objects.create(speaker=person, text_en="Words.")
    for code in ("ru", "az", "en"):
        setattr(article, f"body_{code}", f'<p>Text.</p><figure data-quote="{quote.pk}"></figure>')
    article.save()

    assert index_locations(client) == [
        f"{BASE}/sitemap-{name}.xml"
        for name in (
            "pages",
            *("ru", "az", "en"),
            *("tags", "authors", "quotes"),
            *("news-ru", "news-az", "news-en"),
        )
    ]
    for location in index_locations(client):
        fetch(client, location)


def test_sitemaps_with_nothing_in_them_are_left_out_of_the_index(client, make_article):
    make_article(published_at_en=timezone.now() - timedelta(days=3))

    # Russian and Azerbaijani have nothing; nothing English is News (48 hours).
    assert index_locations(client) == [f"{BASE}/sitemap-{name}.xml" for name in ("pages", "en")]
    # The schema wants at least one <url>: an empty sitemap is not there at all.
    for name in ("ru", "news-en", "tags", "authors", "quotes"):
        assert client.get(f"/sitemap-{name}.xml").status_code == 404, name


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
    assert absent(client, "/sitemap-az.xml")
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
        assert absent(client, "/sitemap-en.xml")
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


def test_pages_sitemap_lists_each_section_in_the_languages_it_has(
    client, make_article, make_section
):
    politics = make_section(name_en="Politics", slug="politics")
    make_section(name_en="Empty", slug="empty")
    make_article(section=politics, public=("ru", "en"))

    found = entries(fetch(client, "/sitemap-pages.xml"))

    everywhere = ("", "latest/", "quotes/")
    assert set(found) == {
        *(f"{BASE}/{code}/{path}" for code in ("ru", "az", "en") for path in everywhere),
        f"{BASE}/ru/section/politics/",
        f"{BASE}/en/section/politics/",
    }
    # Azerbaijani has nothing in the section (its page is a 404): not named,
    # and no x-default, which would send an Azerbaijani reader there.
    assert found[f"{BASE}/en/section/politics/"] == {
        "ru": f"{BASE}/ru/section/politics/",
        "en": f"{BASE}/en/section/politics/",
    }
    assert client.get("/az/section/politics/").status_code == 404
    assert found[f"{BASE}/az/latest/"] == {
        "ru": f"{BASE}/ru/latest/",
        "az": f"{BASE}/az/latest/",
        "en": f"{BASE}/en/latest/",
        "x-default": f"{BASE}/latest/",
    }
    # The x-default address sends a reader to their language.
    response = client.get("/latest/", HTTP_ACCEPT_LANGUAGE="az")
    assert response.status_code == 302 and response["Location"] == "/az/latest/"


def test_the_pages_sitemap_matches_each_pages_own_hreflang(client, make_article, make_section):
    from tests.public.test_page_metadata import Head, alternates

    politics = make_section(name_en="Politics", slug="politics")
    make_article(section=politics, public=("ru", "en"))

    for loc, links in entries(fetch(client, "/sitemap-pages.xml")).items():
        page = Head(client.get(loc.removeprefix(BASE)).text)
        assert alternates(page) == links, loc


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
        assert absent(client, "/sitemap-news-ru.xml")
        assert f"{BASE}/sitemap-news-ru.xml" not in index_locations(client)


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
        # The index: pages, the article pages' starts and marks, News, the
        # three subject sitemaps (was 14 with seven sitemaps, Django's count
        # and aggregate for each).
        ("/sitemap.xml", 8),
        ("/sitemap-tags.xml", 2),
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


def index_lastmods(client):
    root = fetch(client, "/sitemap.xml")
    return {
        node.findtext("sm:loc", namespaces=NS): datetime.fromisoformat(
            node.findtext("sm:lastmod", namespaces=NS)
        )
        for node in root.findall("sm:sitemap", NS)
        if node.find("sm:lastmod", NS) is not None
    }


def test_each_page_of_a_language_sitemap_has_its_own_lastmod(client, make_article, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    start = datetime(2011, 5, 1, 10, 0, tzinfo=BAKU)
    made = [make_article(published_at_en=start - timedelta(days=30 * n)) for n in range(5)]
    # The fourth article (page 2) is corrected later than anything on page 1 was published.
    corrected = datetime(2012, 1, 9, 8, 30, tzinfo=BAKU)
    with time_machine.travel(corrected, tick=False):
        Correction.objects.create(article=made[3], language="en", kind="correction", note="N.")

    lastmods = index_lastmods(client)

    assert lastmods[f"{BASE}/sitemap-en.xml"] == made[0].published_at_en
    assert lastmods[f"{BASE}/sitemap-en.xml?p=2"] == corrected
    assert lastmods[f"{BASE}/sitemap-en.xml?p=3"] == made[4].published_at_en
    # Each page's own entries agree: the index's lastmod is the newest of them.
    for page in ("", "?p=2", "?p=3"):
        root = fetch(client, f"/sitemap-en.xml{page}")
        newest = max(
            datetime.fromisoformat(node.findtext("sm:lastmod", namespaces=NS))
            for node in root.findall("sm:url", NS)
        )
        assert newest == lastmods[f"{BASE}/sitemap-en.xml{page}"]


def quoted(article, quote):
    for code in ("ru", "az", "en"):
        setattr(article, f"body_{code}", f'<p>Text.</p><figure data-quote="{quote.pk}"></figure>')
    article.save()


def test_tag_author_and_speaker_pages_are_listed_in_their_languages(client, make_article):
    article = make_article(public=("ru", "en"))
    person = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Arif Karimov", slug="arif")
    topic = Tag.objects.create(kind=Tag.Kind.TOPIC, name_en="Energy", slug="energy")
    Tag.objects.create(kind=Tag.Kind.TOPIC, name_en="Unused", slug="unused")
    article.tags.add(person, topic)
    author = Author.objects.create(name_en="Leyla", slug="leyla")
    Byline.objects.create(article=article, author=author)
    quoted(article, Quote.objects.create(speaker=person, text_en="Words."))
    draft = make_article()
    draft.tags.add(Tag.objects.create(name_en="Secret merger", slug="secret"))

    tags = entries(fetch(client, "/sitemap-tags.xml"))
    authors = entries(fetch(client, "/sitemap-authors.xml"))
    speakers = entries(fetch(client, "/sitemap-quotes.xml"))

    def both(path):
        return {code: f"{BASE}/{code}/{path}" for code in ("ru", "en")}

    assert tags == {
        **{location: both("tag/arif/") for location in both("tag/arif/").values()},
        **{location: both("tag/energy/") for location in both("tag/energy/").values()},
    }
    assert authors == {
        location: both("author/leyla/") for location in both("author/leyla/").values()
    }
    assert speakers == {
        location: both("quotes/?speaker=arif") for location in both("quotes/?speaker=arif").values()
    }
    # Every listed page answers, and names the same languages in its head.
    from tests.public.test_page_metadata import Head, alternates

    for found in (tags, authors, speakers):
        for location, links in found.items():
            response = client.get(location.removeprefix(BASE))
            assert response.status_code == 200, location
            assert alternates(Head(response.text)) == links, location


SITEMAP_CHILDREN = ("loc", "lastmod", "changefreq", "priority")


def test_every_sitemap_has_the_shape_the_schema_wants(client, make_article):
    """sitemaps.org's sitemap.xsd and siteindex.xsd, checked by hand (no XSD
    validator is installed): a root in the namespace with at least one child,
    each child a <url>/<sitemap> whose <loc> comes first and is absolute, the
    optional elements in schema order, lastmod a W3C datetime."""
    article = make_article(public=("ru", "az", "en"))
    person = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Arif Karimov", slug="arif")
    article.tags.add(person)
    Byline.objects.create(article=article, author=Author.objects.create(name_en="L", slug="l"))
    quoted(article, Quote.objects.create(speaker=person, text_en="Words."))
    sm = NS["sm"]

    index = fetch(client, "/sitemap.xml")
    assert index.tag == f"{{{sm}}}sitemapindex" and len(index)
    for node in index:
        assert node.tag == f"{{{sm}}}sitemap"
        assert [child.tag for child in node] in (
            [f"{{{sm}}}loc", f"{{{sm}}}lastmod"],
            [f"{{{sm}}}loc"],
        )
        if (lastmod := node.findtext("sm:lastmod", namespaces=NS)) is not None:
            assert datetime.fromisoformat(lastmod).tzinfo is not None

        root = fetch(client, node.findtext("sm:loc", namespaces=NS))
        assert root.tag == f"{{{sm}}}urlset" and len(root)
        for url_node in root:
            assert url_node.tag == f"{{{sm}}}url"
            own = [
                child.tag.split("}")[1] for child in url_node if child.tag.startswith(f"{{{sm}}}")
            ]
            assert own[0] == "loc"
            assert own == sorted(own, key=SITEMAP_CHILDREN.index)
            assert url_node.findtext("sm:loc", namespaces=NS).startswith(f"{BASE}/")
            if (lastmod := url_node.findtext("sm:lastmod", namespaces=NS)) is not None:
                assert datetime.fromisoformat(lastmod).tzinfo is not None
            for other in url_node:
                assert other.tag.split("}")[0][1:] in NS.values()
