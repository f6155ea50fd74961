"""Every indexable page that is not an article: canonical address, hreflang for
the languages the page exists in, its own description, Open Graph and Twitter
with the default share image, and clean pagination links."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from PIL import Image

from articles.models import Byline
from authors.models import Author
from core import brand
from pages.models import Page
from quotes.models import Quote
from tags.models import Tag
from tests.articles.test_seo import Head

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
BAKU = ZoneInfo("Asia/Baku")
SHARE = "/static/brand/share.png"


@pytest.fixture
def site(make_article, make_section):
    """An article public in ru and en (not az), with a section, a person, a topic and an author."""
    section = make_section(slug="analytics")
    person = Tag.objects.create(
        kind=Tag.Kind.PERSON, slug="arif", name_ru="Ариф Керимов", name_en="Arif Karimov"
    )
    topic = Tag.objects.create(kind=Tag.Kind.TOPIC, slug="energy", name_en="Energy")
    author = Author.objects.create(
        slug="leyla",
        name_ru="Лейла Алиева",
        name_en="Leyla Aliyeva",
        bio_en="Leyla covers energy. She has written for us since 2009 and lives in Baku.",
    )
    published = datetime(2017, 11, 25, 12, 51, tzinfo=BAKU)
    article = make_article(
        section=section, published_at_ru=published, published_at_en=published, body_az=""
    )
    article.tags.add(person, topic)
    Byline.objects.create(article=article, author=author)
    quote = Quote.objects.create(speaker=person, text_en="Words.", text_ru="Слова.")
    body = f'<p>Text.</p><figure data-quote="{quote.pk}"></figure>'
    article.body_ru = article.body_en = body
    article.save()
    return {"section": section, "person": person, "topic": topic, "author": author}


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.text), response.text


def alternates(page):
    return {
        link["hreflang"]: link["href"]
        for link in page.links
        if link.get("rel") == "alternate" and "hreflang" in link
    }


def canonical(page):
    found = [link["href"] for link in page.links if link.get("rel") == "canonical"]
    assert len(found) == 1, found
    return found[0]


EVERYWHERE = {
    "/en/": "Independent analysis of politics, economy and society in Azerbaijan and the region.",
    "/en/quotes/": "The words of politicians, officials and experts quoted in our articles.",
    "/en/archive/": "Every article of Turan Analytics by year, month and day of publication.",
    "/en/archive/2017/": "The articles of Turan Analytics published in 2017, month by month.",
    "/en/archive/2017/11/": "The articles of Turan Analytics published in November 2017.",
    "/en/corrections/": "Every correction and update of our articles, newest first.",
}


@pytest.mark.parametrize("url", EVERYWHERE)
def test_pages_in_every_language_name_all_three_and_a_default(client, site, url):
    page, _html = head(client, url)
    path, _, query = url.partition("?")
    suffix = f"?{query}" if query else ""

    assert canonical(page) == BASE + url
    assert alternates(page) == {
        "ru": BASE + path.replace("/en/", "/ru/", 1) + suffix,
        "az": BASE + path.replace("/en/", "/az/", 1) + suffix,
        "en": BASE + url,
        # The address without a language redirects each reader to theirs.
        "x-default": BASE + path.replace("/en/", "/", 1) + suffix,
    }
    assert page.one("description") == EVERYWHERE[url]
    assert page.one("og:description") == EVERYWHERE[url]
    assert page.one("twitter:description") == EVERYWHERE[url]
    assert page.one("og:url") == BASE + url
    assert page.one("og:type") == "website"
    assert page.one("og:locale") == "en_GB"
    assert sorted(page.all("og:locale:alternate")) == ["az_AZ", "ru_RU"]


def test_subject_pages_name_only_the_languages_they_exist_in(client, site):
    # The article is public in ru and en: no Azerbaijani section, tag or author page.
    for url in ("/en/section/analytics/", "/en/tag/arif/", "/en/author/leyla/"):
        page, _html = head(client, url)
        assert canonical(page) == BASE + url
        assert alternates(page) == {
            "ru": BASE + url.replace("/en/", "/ru/"),
            "en": BASE + url,
        }, url
        assert client.get(url.replace("/en/", "/az/")).status_code == 404
        assert page.all("og:locale:alternate") == ["ru_RU"]
    # A speaker's page of the quotes archive: the languages their quotes are public in.
    page, _html = head(client, "/en/quotes/?speaker=arif")
    assert canonical(page) == BASE + "/en/quotes/?speaker=arif"
    assert alternates(page) == {
        "ru": BASE + "/ru/quotes/?speaker=arif",
        "en": BASE + "/en/quotes/?speaker=arif",
    }


def test_a_topic_named_in_one_language_has_a_page_in_each_public_version(client, site):
    page, _html = head(client, "/ru/tag/energy/")

    assert set(alternates(page)) == {"ru", "en"}


def test_each_page_type_has_its_own_description(client, site):
    descriptions = {
        "/en/section/analytics/": (
            "The latest analysis and commentary of Turan Analytics in the section “Analytics”."
        ),
        "/en/tag/arif/": "Arif Karimov: articles of Turan Analytics about them, and their quotes.",
        "/en/tag/energy/": "Energy: articles of Turan Analytics on the topic.",
        # The author's own words where there are some: the bio's first sentences.
        "/en/author/leyla/": "Leyla covers energy. She has written for us since 2009 and lives in Baku.",
        "/ru/author/leyla/": "Туран Аналитика: статьи автора Лейла Алиева.",
        "/en/quotes/?speaker=arif": (
            "What Arif Karimov said, as quoted in the articles of Turan Analytics."
        ),
    }
    seen = {}
    for url, expected in descriptions.items():
        page, _html = head(client, url)
        assert page.one("description") == expected, url
        seen[url] = expected
    for url in EVERYWHERE:
        page, _html = head(client, url)
        seen[url] = page.one("description")
    assert len(set(seen.values())) == len(seen)


@pytest.mark.parametrize("code", ["ru", "az"])
def test_descriptions_are_translated(client, site, code):
    page, _html = head(client, f"/{code}/archive/")

    assert (
        page.one("description")
        == {
            "ru": "Туран Аналитика: все статьи по годам, месяцам и дням публикации.",
            "az": "Turan Analitika: bütün məqalələr nəşr ilinə, ayına və gününə görə.",
        }[code]
    )


@pytest.mark.parametrize("url", ["/en/", "/en/section/analytics/", "/en/tag/arif/", "/en/quotes/"])
def test_share_tags_fall_back_to_the_brand_image(client, site, settings, url):
    page, _html = head(client, url)

    assert page.one("og:image") == BASE + SHARE
    assert page.one("og:image:width") == "1200"
    assert page.one("og:image:height") == "630"
    assert page.one("og:image:alt") == "Turan Analytics"
    assert page.one("twitter:card") == "summary_large_image"
    assert page.one("twitter:image") == BASE + SHARE
    assert page.one("og:site_name") == "Turan Analytics"


def test_share_titles_are_the_page_titles_without_the_site(client, site):
    for url, title in {
        "/en/": "Turan Analytics",
        "/en/section/analytics/": "Analytics",
        "/en/tag/arif/": "Arif Karimov",
        "/en/quotes/?speaker=arif": "Quotes: Arif Karimov",
        "/en/archive/2017/11/": "November 2017 · Archive",
        "/en/corrections/": "Updates and corrections",
    }.items():
        page, html = head(client, url)
        assert page.one("og:title") == title, url
        assert page.one("twitter:title") == title, url
        expected = title if url == "/en/" else f"{title} — Turan Analytics"
        assert f"<title>{expected}</title>" in html, url


def test_the_share_image_is_the_size_the_tags_say():
    path, width, height = brand.SHARE_IMAGE
    from django.contrib.staticfiles import finders

    with Image.open(finders.find(path)) as image:
        assert image.size == (width, height) == (1200, 630)


def test_a_later_page_is_its_own_canonical_and_links_back_to_the_clean_first(
    client, make_article, make_section
):
    section = make_section(slug="analytics")
    now = timezone.now()
    for number in range(21):
        make_article(section=section, published_at_en=now - timedelta(minutes=number + 1))

    page, html = head(client, "/en/section/analytics/?page=2&utm_source=x")

    assert canonical(page) == BASE + "/en/section/analytics/?page=2"
    # Another language has another number of pages: only page 1 names alternates.
    assert alternates(page) == {}
    assert page.one("og:title") == "Analytics · page 2"
    assert page.one("description").endswith(" Page 2 of 2")
    assert 'rel="prev" href="/en/section/analytics/"' in html
    assert 'href="?"' not in html and 'href="?page=1' not in html

    first, html = head(client, "/en/section/analytics/?page=1")
    assert canonical(first) == BASE + "/en/section/analytics/"
    assert 'rel="next" href="/en/section/analytics/?page=2"' in html


def test_site_pages_describe_themselves(client):
    Page.objects.create(
        kind=Page.Kind.ABOUT,
        title_en="About us",
        body_en="<p>We write from Baku. Since 1990.</p>",
        title_ru="О нас",
        body_ru="<p>Мы пишем из Баку.</p>",
    )

    page, _html = head(client, "/en/page/about/")

    assert page.one("description") == "We write from Baku. Since 1990."
    assert page.one("og:title") == "About us"
    assert canonical(page) == BASE + "/en/page/about/"
    assert set(alternates(page)) == {"ru", "en"}


def test_search_is_not_indexed_and_names_no_canonical(client, site):
    page, html = head(client, "/en/search/?q=nato")

    assert '<meta name="robots" content="noindex, follow">' in html
    assert [link for link in page.links if link.get("rel") == "canonical"] == []
    assert alternates(page) == {}


def test_every_page_declares_both_colour_schemes(client, site):
    for url in ("/en/", "/en/search/?q=x", "/en/section/analytics/"):
        _page, html = head(client, url)
        assert '<meta name="color-scheme" content="light dark">' in html


@pytest.mark.parametrize("code", ["ru", "az", "en"])
def test_home_describes_the_newsroom_as_a_news_media_organisation(client, site, code):
    Page.objects.create(
        kind=Page.Kind.STANDARDS,
        **{f"title_{code}": "Standards", f"body_{code}": "<p>Two people check every fact.</p>"},
    )

    page, _html = head(client, f"/{code}/")
    organisation = page.of_type("NewsMediaOrganization")

    assert organisation["@context"] == "https://schema.org"
    assert organisation["url"] == f"{BASE}/{code}/"
    assert organisation["name"] == {"ru": "Туран Аналитика", "az": "Turan Analitika"}.get(
        code, "Turan Analytics"
    )
    assert organisation["logo"] == {
        "@type": "ImageObject",
        "url": f"{BASE}/static/brand/logo-wide.png",
        "width": 240,
        "height": 120,
    }
    assert organisation["publishingPrinciples"] == f"{BASE}/{code}/page/editorial-standards/"
    assert organisation["description"] == page.one("description")


def test_only_home_carries_the_organisation(client, site):
    page, _html = head(client, "/en/section/analytics/")

    assert [data for data in page.json_ld if data["@type"] == "NewsMediaOrganization"] == []


def test_the_publisher_logo_is_the_size_the_json_ld_says():
    from django.contrib.staticfiles import finders

    path, width, height = brand.PUBLISHER_LOGO
    with Image.open(finders.find(path)) as image:
        assert image.size == (width, height)
