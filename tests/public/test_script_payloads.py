"""Script payloads in every translated text field stay words on every surface.

Each field of each model, in each language, holds markup that would run if it
reached a page raw. The raw HTML and XML of every public surface and of the
admin must carry it escaped; JSON-LD and Open Graph values must read back as
exactly the stored text.
"""

import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from io import BytesIO
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from articles.models import Article, Byline, Correction, Section
from authors.models import Author
from core.i18n import LANGUAGE_CODES
from quotes.models import Quote
from tags.models import Tag
from tests.media import make_photo

pytestmark = pytest.mark.django_db

# What runs if it reaches a page raw: a closing </script> for JSON-LD, quotes
# for attributes, an element with a handler, a script element.
PAYLOAD = "\"'><img src=x onerror=window.__pwned=1></script><script>window.__pwned=1</script>"
RAW = [b"<script>window.__pwned", b"<img src=x", b"</script><script>"]
ARTICLE_FIELDS = ("title", "lead", "caption", "search_description")


def hostile(label, code):
    """``Caspian title en "'><img…``: findable, then the payload."""
    return f"Caspian {label} {code} {PAYLOAD}"


def translated(label, *fields):
    return {f"{field}_{code}": hostile(label, code) for field in fields for code in LANGUAGE_CODES}


@pytest.fixture
def hostile_site(settings, tmp_path, django_user_model):
    """A site whose every translated text, in every language, is a script payload."""
    settings.MEDIA_ROOT = tmp_path / "media"
    section = Section.objects.create(slug="analytics", **translated("section", "name"))
    person = Tag.objects.create(
        slug="arif-karimov", kind=Tag.Kind.PERSON, **translated("person", "name")
    )
    topic = Tag.objects.create(slug="energy", kind=Tag.Kind.TOPIC, **translated("topic", "name"))
    author = Author.objects.create(
        slug="helen-morrow", **translated("author", "name"), **translated("bio", "role", "bio")
    )
    quote = Quote.objects.create(
        speaker=person,
        said_on=timezone.now().date(),
        **translated("quote", "text", "speaker_role", "place", "source"),
    )
    body = (
        f"<p>Caspian body {escape(PAYLOAD)}</p>{PAYLOAD}"
        f'<p><a href="javascript:window.__pwned=1">link</a></p>'
        f'<figure data-quote="{quote.pk}"></figure>'
    )
    moment = timezone.now() - timedelta(hours=2)
    image = BytesIO()
    Image.new("RGB", (40, 30), (40, 80, 120)).save(image, "JPEG")
    article = Article(
        section=section,
        **translated("article", *ARTICLE_FIELDS),
        **{f"body_{code}": body for code in LANGUAGE_CODES},
        **{f"published_at_{code}": moment for code in LANGUAGE_CODES},
    )
    article.lead_photo = make_photo(
        image.getvalue(), "lead.jpg", **translated("photo", "caption", "alt", "credit")
    )
    article.save()
    Byline.objects.create(article=article, author=author)
    article.tags.add(person, topic)
    for code in LANGUAGE_CODES:
        Correction.objects.create(
            article=article, language=code, kind="correction", note=hostile("note", code)
        )
    # A second revision, so that the history has a difference to show.
    article.lead_en = hostile("relead", "en")
    article.save()
    admin = django_user_model.objects.create_superuser(
        "admin", "admin@example.com", "x", first_name=PAYLOAD[:140]
    )
    return {
        "article": Article.objects.get(pk=article.pk),
        "section": section,
        "person": person,
        "topic": topic,
        "author": author,
        "quote": quote,
        "admin": admin,
    }


def assert_inert(response, url):
    assert response.status_code == 200, url
    body = response.content
    for marker in RAW:
        assert marker not in body, f"{marker!r} raw on {url}"
    assert b"javascript:" not in body.lower(), f"javascript: link on {url}"
    return body.decode()


def public_urls(site, code):
    article, moment = site["article"], timezone.localtime(site["article"].published_at_en)
    return [
        f"/{code}/",
        article.get_absolute_url(code),
        f"/{code}/section/analytics/",
        f"/{code}/tag/arif-karimov/",
        f"/{code}/tag/energy/",
        f"/{code}/author/helen-morrow/",
        f"/{code}/quotes/",
        f"/{code}/quotes/?speaker=arif-karimov",
        f"/{code}/archive/",
        f"/{code}/archive/{moment:%Y}/",
        f"/{code}/archive/{moment:%Y/%m}/",
        f"/{code}/archive/{moment:%Y/%m/%d}/",
        f"/{code}/search/?q=Caspian",
    ]


# What each public page shows, escaped: proof that the payload was on it.
SHOWN = {
    0: ["article", "section"],
    1: ["article", "section", "person", "topic", "author", "quote", "note"],
    2: ["article", "section"],
    3: ["article", "person", "quote"],
    4: ["article", "topic"],
    5: ["article", "author", "bio"],
    6: ["quote", "person"],
    7: ["quote", "person"],
    10: ["article"],
    11: ["article"],
    12: ["article"],
}


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_public_pages_show_payloads_as_text(client, hostile_site, code):
    for index, url in enumerate(public_urls(hostile_site, code)):
        html = assert_inert(client.get(url), url)
        for label in SHOWN.get(index, []):
            assert escape(hostile(label, code)) in html, f"{label} not shown on {url}"


class HeadReader(HTMLParser):
    """The head's meta tags and JSON-LD blocks, as a crawler reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta, self.json_ld, self.scripts, self._in_json = {}, [], 0, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (key := attrs.get("property") or attrs.get("name")):
            self.meta.setdefault(key, []).append(attrs.get("content"))
        if tag == "script":
            self.scripts += 1
            self._in_json = attrs.get("type") == "application/ld+json"
            if self._in_json:
                self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json = False

    def handle_data(self, data):
        if self._in_json:
            self.json_ld[-1] += data


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_article_metadata_round_trips(client, hostile_site, code):
    """Open Graph, Twitter and JSON-LD carry exactly the stored text, and
    ``</script>`` in it ends no script element."""
    article = hostile_site["article"]
    response = client.get(article.get_absolute_url(code))
    head = HeadReader()
    head.feed(assert_inert(response, code))
    title, lead = getattr(article, f"title_{code}"), getattr(article, f"search_description_{code}")

    assert head.meta["og:title"] == [title]
    assert head.meta["twitter:title"] == [title]
    assert head.meta["og:description"] == [lead]
    assert head.meta["description"] == [lead]
    assert head.meta["og:image:alt"] == [getattr(article.lead_photo, f"alt_{code}")]
    assert head.meta["article:section"] == [hostile("section", code)]
    assert sorted(head.meta["article:tag"]) == sorted(
        [hostile("person", code), hostile("topic", code)]
    )
    assert len(head.json_ld) == 2
    news, breadcrumbs = (json.loads(block) for block in head.json_ld)
    assert news["headline"] == title
    assert news["description"] == lead
    assert news["articleSection"] == hostile("section", code)
    assert news["author"][0]["name"] == hostile("author", code)
    assert sorted(news["keywords"]) == sorted([hostile("person", code), hostile("topic", code)])
    assert [item["name"] for item in breadcrumbs["itemListElement"]][1:] == [
        hostile("section", code),
        title,
    ]
    # Only the project's own scripts: no element opened by the payload.
    assert head.scripts == response.content.count(b"<script")


def feed_and_sitemap_urls(code):
    return [
        f"/{code}/feed/",
        f"/{code}/section/analytics/feed/",
        f"/{code}/tag/arif-karimov/feed/",
        f"/{code}/author/helen-morrow/feed/",
        "/sitemap.xml",
        "/sitemap-pages.xml",
        f"/sitemap-{code}.xml",
        f"/sitemap-news-{code}.xml",
    ]


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_feeds_and_sitemaps_carry_payloads_as_text(client, hostile_site, code):
    article = hostile_site["article"]
    title = getattr(article, f"title_{code}")
    for url in feed_and_sitemap_urls(code):
        xml = assert_inert(client.get(url), url)
        root = ElementTree.fromstring(xml.encode())  # well-formed, whatever the text
        texts = {element.text for element in root.iter()}
        if "feed" in url:
            assert title in texts, url
            # The summary is declared HTML: decoded once, it is still escaped text.
            summaries = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}summary")]
            assert summaries == [escape(getattr(article, f"lead_{code}"))], url
            names = {e.text for e in root.iter("{http://www.w3.org/2005/Atom}name")}
            assert hostile("author", code) in names, url
        if "news" in url:
            assert title in texts, url


def admin_urls(site):
    article, quote = site["article"], site["quote"]
    base = "/admin/articles/article"
    return [
        f"{base}/",
        f"{base}/?q=Caspian",
        f"{base}/{article.pk}/change/",
        f"{base}/{article.pk}/history/",
        f"{base}/{article.pk}/history/compare/?a=1&b=2",
        f"{base}/{article.pk}/history/1/restore/",
        f"{base}/calendar/?month={timezone.localtime(article.published_at_en):%Y-%m}",
        f"{base}/calendar/?month=%22%3E%3Cscript%3Ewindow.__pwned=1%3C/script%3E",
        "/admin/articles/section/",
        f"/admin/articles/section/{site['section'].pk}/change/",
        "/admin/tags/tag/",
        f"/admin/tags/tag/{site['person'].pk}/change/",
        "/admin/authors/author/",
        f"/admin/authors/author/{site['author'].pk}/change/",
        "/admin/quotes/quote/",
        f"/admin/quotes/quote/{quote.pk}/change/",
        "/admin/",
        # Staff previews and the page that hands out a shareable link.
        *(f"/{code}/preview/{article.pk}/" for code in LANGUAGE_CODES),
        f"{base}/{article.pk}/share/en/",
    ]


def test_admin_pages_show_payloads_as_text(client, hostile_site):
    client.force_login(hostile_site["admin"])
    for url in admin_urls(hostile_site):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        body = response.content
        assert response.status_code == 200, url
        for marker in RAW:
            assert marker not in body, f"{marker!r} raw on {url}"
        # The body editor keeps its value in an attribute or a textarea, escaped.
        assert not re.search(rb"<[a-z]+[^>]*\son\w+=\"window\.__pwned", body), url
    compare = f"/admin/articles/article/{hostile_site['article'].pk}/history/compare/?a=1&b=2"
    assert b"<ins>relead</ins>" in client.get(compare).content
    share = client.get(f"/admin/articles/article/{hostile_site['article'].pk}/share/en/")
    link = re.search(r"/en/preview/s/[^/\"<]+/", share.content.decode())[0]
    client.logout()
    assert_inert(client.get(link), link)  # the outside reviewer's view
