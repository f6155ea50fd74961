"""Feeds carry the full text and the lead image, in Atom and in RSS 2.0 alike."""

import io
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from articles.models import Article, Byline
from authors.models import Author
from quotes.models import Quote
from tags.models import Tag
from tests.articles.test_feeds import populate
from tests.media import give_lead_photo

pytestmark = pytest.mark.django_db

MEDIA = "{http://search.yahoo.com/mrss/}"
ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response, version):
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == version
    return feed


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (160, 90), "#087e8b").save(buffer, "JPEG")
    return SimpleUploadedFile("lead.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def article(make_article, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    speaker = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Arif Karimov", slug="arif")
    quote = Quote.objects.create(
        speaker=speaker, text_en="Partnership is a process.", speaker_role_en="Deputy minister"
    )
    article = make_article(
        public=("en",),
        lead_en="The lead.",
        caption_en="Ilham Aliyev and Jens Stoltenberg",
        body_en=(
            "<h2>Background</h2><p>Talks resumed in <strong>Brussels</strong>.</p>"
            f'<figure data-quote="{quote.pk}"></figure><p>Later paragraph.</p>'
        ),
    )
    give_lead_photo(article, jpeg())
    Byline.objects.create(article=article, author=Author.objects.create(name_en="Leyla"))
    return article


def test_atom_entries_carry_the_full_text_as_html(client, article):
    entry = parse(client.get("/en/feed/"), "atom10").entries[0]

    [content] = entry.content
    assert content.type == "text/html"
    assert content.value == (
        "<h2>Background</h2><p>Talks resumed in <strong>Brussels</strong>.</p>"
        "<blockquote><p>Partnership is a process.</p>"
        "<footer>— Arif Karimov, Deputy minister</footer></blockquote>"
        "<p>Later paragraph.</p>"
    )
    # The summary stays the lead.
    assert entry.summary == "The lead."


def test_full_text_is_sanitised_on_output_whatever_was_stored(client, article):
    # update() with an expression skips every write path's sanitiser.
    from django.db.models import Value

    Article.objects.filter(pk=article.pk).update(
        body_en=Value(
            '<p onclick="x()">Text</p><script>alert(1)</script><iframe src="//x"></iframe>'
        )
    )

    response = client.get("/en/feed/")
    [content] = parse(response, "atom10").entries[0].content

    assert "<script" not in content.value and "onclick" not in content.value
    assert "<iframe" not in content.value
    assert "Text" in content.value
    assert b"<script" not in response.content  # escaped as text inside <content>


def test_atom_and_rss_carry_the_lead_image_with_its_size_and_caption(client, article):
    for url in ("/en/feed/", "/en/feed/rss/"):
        root = ET.fromstring(client.get(url).content)
        [media] = root.iter(f"{MEDIA}content")
        assert media.get("url") == f"http://testserver{article.lead_photo.image.url}"
        assert media.get("medium") == "image"
        assert media.get("type") == "image/jpeg"
        assert (media.get("width"), media.get("height")) == ("160", "90")
        assert media.findtext(f"{MEDIA}description") == "Ilham Aliyev and Jens Stoltenberg"


def test_an_entry_without_a_lead_image_has_no_media(client, make_article):
    make_article(public=("en",))

    for url in ("/en/feed/", "/en/feed/rss/"):
        assert list(ET.fromstring(client.get(url).content).iter(f"{MEDIA}content")) == []


def test_rss_has_the_same_entries_as_atom(client, article, make_article):
    make_article(public=("en",), title_en="Second")

    atom = parse(client.get("/en/feed/"), "atom10")
    rss_response = client.get("/en/feed/rss/")
    rss = parse(rss_response, "rss20")

    assert rss_response["Content-Type"].startswith("application/rss+xml")
    assert [entry.title for entry in rss.entries] == [entry.title for entry in atom.entries]
    assert [entry.link for entry in rss.entries] == [entry.link for entry in atom.entries]
    assert rss.feed.title == atom.feed.title
    assert rss.feed.language == "en"
    first = next(entry for entry in rss.entries if entry.title == article.title_en)
    assert first.summary == "The lead."
    assert first.content[0].value.startswith("<h2>Background</h2>")
    assert first.author == "Leyla"
    assert (
        first.published_parsed
        == atom.entries[[e.title for e in atom.entries].index(article.title_en)].published_parsed
    )
    assert rss.feed.image.href.endswith("/static/brand/logo-wide.png")


@pytest.mark.parametrize(
    "url",
    [
        "/en/feed/rss/",
        "/en/section/politics/feed/rss/",
        "/en/tag/energy/feed/rss/",
        "/en/author/leyla/feed/rss/",
    ],
)
def test_every_feed_exists_in_rss_too(client, make_article, make_section, url):
    article = make_article(public=("en",), section=make_section(slug="politics"))
    article.tags.add(Tag.objects.create(name_en="Energy", slug="energy"))
    Byline.objects.create(article=article, author=Author.objects.create(name_en="L", slug="leyla"))

    feed = parse(client.get(url), "rss20")

    assert [entry.title for entry in feed.entries] == [article.title_en]
    assert parse(client.get(url.removesuffix("rss/")), "atom10").entries


def test_pages_link_both_formats_of_each_feed(client, make_article, make_section):
    make_article(public=("en",), section=make_section(name_en="Politics", slug="politics"))

    head = client.get("/en/section/politics/").text.split("</head>")[0]

    for title, path in (
        ("Turan Analytics", "/en/feed/"),
        ("Politics — Turan Analytics", "/en/section/politics/feed/"),
    ):
        assert f'type="application/atom+xml" title="{title}" href="{path}"' in head
        assert f'type="application/rss+xml" title="{title}" href="{path}rss/"' in head


@pytest.mark.parametrize("url", ["/en/feed/rss/", "/en/tag/crowd-tag/feed/rss/"])
def test_rss_query_count_is_constant_and_the_atom_ones(
    client, make_article, make_section, url, django_assert_max_num_queries
):
    make_section(name_en="Crowd", slug="crowd")
    Tag.objects.create(name_en="Crowd tag", slug="crowd-tag")
    Author.objects.create(name_en="Crowd author", slug="crowd-author")
    populate(make_article, 2)
    with CaptureQueriesContext(connection) as few:
        assert len(parse(client.get(url), "rss20").entries) == 2
    populate(make_article, 28)
    budget = 3 if url == "/en/feed/rss/" else 4
    with django_assert_max_num_queries(budget), CaptureQueriesContext(connection) as many:
        assert len(parse(client.get(url), "rss20").entries) == 30

    assert len(many) == len(few)
