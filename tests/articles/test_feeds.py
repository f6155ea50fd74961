from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Byline, Correction
from authors.models import Author
from tags.models import Tag
from tests.edits import edited_article, expected_modified

pytestmark = pytest.mark.django_db

BAKU = ZoneInfo("Asia/Baku")
HOSTILE = "</script><script>alert(1)</script> & <b>bold</b>"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def titles(feed):
    return [entry.title for entry in feed.entries]


def test_feed_holds_only_the_public_versions_of_its_language(client, make_article):
    make_article(public=("en",), title_en="Public in English")
    make_article(public=("ru",), title_en="Russian only, English draft")
    make_article(public=("en",), title_en="No body in English", body_en="")
    make_article(title_en="Scheduled", published_at_en=timezone.now() + timedelta(hours=1))

    english = parse(client.get("/en/feed/"))
    russian = parse(client.get("/ru/feed/"))

    assert titles(english) == ["Public in English"]
    assert english.feed.language == "en"
    assert titles(russian) == ["НАТО и Азербайджан: контакты и разногласия"]
    assert russian.feed.language == "ru"
    assert parse(client.get("/az/feed/")).entries == []


def test_entry_carries_link_lead_dates_authors_tags_and_a_stable_id(client, make_article):
    moment = datetime(2017, 11, 25, 12, 51, tzinfo=BAKU)
    article = make_article(
        published_at_en=moment, lead_en="The lead.", lead_ru="Лид.", slug_en="nato-contacts"
    )
    person = Author.objects.create(name_en="Leyla Mammadova", name_ru="Лейла Мамедова")
    service = Author.objects.create(name_en="Analytical Service Turan", is_institution=True)
    Byline.objects.create(article=article, author=person, position=1)
    Byline.objects.create(article=article, author=service, position=0)
    article.tags.add(
        Tag.objects.create(kind=Tag.Kind.PLACE, name_en="Karabakh", name_ru="Карабах"),
        Tag.objects.create(kind=Tag.Kind.PERSON, name_ru="Только По-Русски"),
    )

    entry = parse(client.get("/en/feed/")).entries[0]

    assert entry.title == "NATO and Azerbaijan: Contacts and Differences"
    assert entry.link == f"http://testserver/en/article/{article.pk}/nato-contacts/"
    assert entry.id == f"http://testserver/en/article/{article.pk}/"
    assert entry.summary == "The lead."
    assert entry.published_parsed[:5] == (2017, 11, 25, 8, 51)  # UTC
    assert entry.updated_parsed >= entry.published_parsed
    assert [author.name for author in entry.authors] == [
        "Analytical Service Turan",
        "Leyla Mammadova",
    ]
    assert entry.authors[1].href == f"http://testserver{person.get_absolute_url()}"
    assert entry.authors[1].href.startswith("http://testserver/en/author/")
    # Tag names are short labels: another language's name stands in for a missing one.
    assert sorted(tag.term for tag in entry.tags) == ["Karabakh", "Только По-Русски"]


@pytest.mark.parametrize("correct_english", [True, False], ids=["corrected", "unmarked"])
def test_entry_updated_follows_only_the_versions_marked_changes(
    client, make_article, correct_english
):
    """An English correction moves the English entry's ``<updated>`` and not the
    Russian one's; unmarked edits (to either language) move neither."""
    edited_article(make_article, correct_english=correct_english)

    for code, moment in expected_modified(correct_english).items():
        feed = parse(client.get(f"/{code}/feed/"))
        assert datetime.fromisoformat(feed.entries[0].updated) == moment, code
        # The feed's own <updated> is its newest entry's.
        assert datetime.fromisoformat(feed.feed.updated) == moment


def test_entry_id_survives_a_slug_edit(client, make_article):
    article = make_article(public=("en",))
    before = parse(client.get("/en/feed/")).entries[0].id

    article.slug_en = "a-new-slug"
    article.save()
    after = parse(client.get("/en/feed/")).entries[0]

    assert after.id == before
    assert after.link.endswith("/a-new-slug/")


def test_scheduled_version_enters_the_feed_at_its_moment(client, make_article):
    moment = timezone.now() + timedelta(days=1)
    make_article(public=("ru",), published_at_en=moment)

    with time_machine.travel(moment - timedelta(seconds=1), tick=False):
        assert parse(client.get("/en/feed/")).entries == []
    with time_machine.travel(moment, tick=False):
        assert titles(parse(client.get("/en/feed/"))) == [
            "NATO and Azerbaijan: Contacts and Differences"
        ]


def test_feed_holds_the_newest_thirty(client, make_article, make_section):
    section = make_section()
    now = timezone.now()
    for number in range(32):
        make_article(
            section=section,
            title_en=f"Article {number}",
            published_at_en=now - timedelta(minutes=number + 1),
        )

    feed = parse(client.get("/en/feed/"))

    assert titles(feed) == [f"Article {number}" for number in range(30)]


def test_section_feed_holds_only_that_section(client, make_article, make_section):
    politics = make_section(name_en="Politics", slug="politics")
    economy = make_section(name_en="Economy", slug="economy")
    make_article(public=("en",), section=politics, title_en="On politics")
    make_article(public=("en",), section=economy, title_en="On economy")

    feed = parse(client.get("/en/section/politics/feed/"))

    assert titles(feed) == ["On politics"]
    assert feed.feed.title == "Politics — Turan Analytics"
    assert feed.feed.link == "http://testserver/en/section/politics/"


@pytest.mark.parametrize("kind", [Tag.Kind.PERSON, Tag.Kind.TOPIC, Tag.Kind.PLACE])
def test_tag_feed_holds_only_articles_about_it(client, make_article, kind):
    tag = Tag.objects.create(kind=kind, name_en="Ilham Aliyev", slug="ilham-aliyev")
    about = make_article(public=("en",), title_en="About him")
    make_article(public=("en",), title_en="Not about him")
    make_article(public=("ru",), title_en="About him, English draft").tags.add(tag)
    about.tags.add(tag)

    feed = parse(client.get("/en/tag/ilham-aliyev/feed/"))

    assert titles(feed) == ["About him"]
    assert feed.feed.link == "http://testserver/en/tag/ilham-aliyev/"


def test_author_feed_holds_only_their_articles(client, make_article):
    author = Author.objects.create(name_en="Helen Morrow", slug="helen-morrow")
    other = Author.objects.create(name_en="Somebody Else")
    Byline.objects.create(article=make_article(public=("en",), title_en="Hers"), author=author)
    Byline.objects.create(article=make_article(public=("en",), title_en="Not hers"), author=other)

    feed = parse(client.get("/en/author/helen-morrow/feed/"))

    assert titles(feed) == ["Hers"]
    assert feed.feed.title == "Helen Morrow — Turan Analytics"


@pytest.mark.parametrize(
    "path", ["/en/section/nope/feed/", "/en/tag/nope/feed/", "/en/author/nope/feed/"]
)
def test_unknown_slug_is_404(client, path):
    assert client.get(path).status_code == 404


def test_hostile_title_and_lead_stay_text(client, make_article):
    make_article(public=("en",), title_en=HOSTILE, lead_en=HOSTILE)

    response = client.get("/en/feed/")
    entry = parse(response).entries[0]

    assert b"<script" not in response.content
    assert entry.title == HOSTILE
    # The summary is HTML whose text is the lead: no element survives.
    assert "<script" not in entry.summary and "<b>" not in entry.summary
    assert "&lt;/script&gt;" in entry.summary


def test_control_characters_do_not_break_the_feed(client, make_article):
    make_article(public=("en",), title_en="Bell\x07 and tab\x0b", lead_en="Form\x0cfeed")

    entry = parse(client.get("/en/feed/")).entries[0]

    assert entry.title == "Bell and tab"


def populate(make_article, count):
    """``count`` public English articles, each with three authors, four tags and
    an update marked in English and in Russian."""
    from articles.models import Section

    section = Section.objects.get(slug="crowd")
    tag = Tag.objects.get(slug="crowd-tag")
    author = Author.objects.get(slug="crowd-author")
    for number in range(count):
        article = make_article(public=("en",), section=section, title_en=f"Article {number}")
        article.tags.add(tag, *(Tag.objects.create(name_en=f"T{number}-{i}") for i in range(3)))
        for code in ("en", "ru"):
            Correction.objects.create(article=article, language=code, kind="update", note="N.")
        Byline.objects.create(article=article, author=author, position=0)
        for position in (1, 2):
            Byline.objects.create(
                article=article,
                author=Author.objects.create(name_en=f"A{number}-{position}"),
                position=position,
            )


FEED_URLS = [
    "/en/feed/",
    "/en/section/crowd/feed/",
    "/en/tag/crowd-tag/feed/",
    "/en/author/crowd-author/feed/",
]


@pytest.mark.parametrize("url", FEED_URLS)
def test_feed_query_count_is_constant(
    client, make_article, make_section, url, django_assert_max_num_queries
):
    make_section(name_en="Crowd", slug="crowd")
    Tag.objects.create(name_en="Crowd tag", slug="crowd-tag")
    Author.objects.create(name_en="Crowd author", slug="crowd-author")

    populate(make_article, 2)
    with CaptureQueriesContext(connection) as few:
        assert len(parse(client.get(url)).entries) == 2
    populate(make_article, 28)
    # The entries, their bylines, the subject (but for the main feed) and the page cache's one.
    budget = 3 if url == "/en/feed/" else 4
    with django_assert_max_num_queries(budget), CaptureQueriesContext(connection) as many:
        assert len(parse(client.get(url)).entries) == 30

    assert len(many) == len(few)


def test_every_page_offers_the_languages_main_feed(client, make_article):
    article = make_article(public=("en",))

    for path in ("/en/", article.get_absolute_url("en")):
        html = client.get(path).text
        assert (
            '<link rel="alternate" type="application/atom+xml" title="Turan Analytics"'
            ' href="/en/feed/">'
        ) in html
    # An article page's section is not its subject: no section feed there.
    head = client.get(article.get_absolute_url("en")).text.split("</head>")[0]
    assert head.count("application/atom+xml") == 1


def test_list_pages_offer_their_own_feed(client, make_article, make_section):
    section = make_section(name_en="Politics", slug="politics")
    tag = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Ilham Aliyev", slug="ilham-aliyev")
    author = Author.objects.create(name_en="Helen Morrow", slug="helen-morrow")
    article = make_article(public=("en",), section=section)
    article.tags.add(tag)
    Byline.objects.create(article=article, author=author)

    expected = {
        "/en/section/politics/": ("Politics — Turan Analytics", "/en/section/politics/feed/"),
        "/en/tag/ilham-aliyev/": ("Ilham Aliyev — Turan Analytics", "/en/tag/ilham-aliyev/feed/"),
        "/en/author/helen-morrow/": (
            "Helen Morrow — Turan Analytics",
            "/en/author/helen-morrow/feed/",
        ),
    }
    for page, (title, feed_url) in expected.items():
        head = client.get(page).text.split("</head>")[0]
        assert f'type="application/atom+xml" title="{title}" href="{feed_url}"' in head
        assert head.count("application/atom+xml") == 2
        assert client.get(feed_url).status_code == 200


def test_feed_link_names_follow_the_language(client, make_article, make_section):
    politics = make_section(name_ru="Политика", name_en="Politics", slug="politics")
    make_article(section=politics, public=("ru",))

    head = client.get("/ru/section/politics/").text.split("</head>")[0]

    assert 'href="/ru/feed/"' in head
    assert 'title="Политика — ' in head and 'href="/ru/section/politics/feed/"' in head


def test_the_feeds_xml_writer_writes_what_djangos_sax_writer_wrote():
    from io import StringIO

    from django.utils.xmlutils import SimplerXMLGenerator, UnserializableContentError

    from articles.feeds import XMLWriter

    def write(handler):
        handler.startDocument()
        handler.startElement("feed", {"xmlns": "http://www.w3.org/2005/Atom", "xml:lang": "az"})
        handler.addQuickElement("title", "Xəzər <neft> & \"qaz\" 'boru'")
        handler.addQuickElement("link", "", {"rel": "alternate", "href": '/a?b=1&c="2"'})
        handler.addQuickElement(
            "link", None, {"href": "it's", "rel": "both \"'", "type": "a\tb\nc"}
        )
        handler.startElement("entry", {})
        handler.addQuickElement("summary", "<p>escaped</p>", {"type": "html"})
        handler.startElement("author", {})
        handler.addQuickElement("name", "Leyla Məmmədova")
        handler.endElement("author")
        handler.characters("")
        handler.endElement("entry")
        handler.startElement("empty", {})
        handler.endElement("empty")
        handler.endElement("feed")

    ours = XMLWriter("utf-8")
    write(ours)
    theirs = StringIO()
    write(SimplerXMLGenerator(theirs, "utf-8", short_empty_elements=True))
    assert "".join(ours.parts) == theirs.getvalue()
    assert "<empty/>" in theirs.getvalue()

    for handler in (XMLWriter(), SimplerXMLGenerator(StringIO(), "utf-8")):
        with pytest.raises(UnserializableContentError):
            handler.characters("bell \x07")


def test_feed_dates_are_whole_seconds_when_a_version_went_out_with_microseconds(
    client, make_article
):
    moment = datetime(2026, 3, 4, 10, 15, 7, 654321, tzinfo=BAKU)
    make_article(published_at_en=moment)

    xml = client.get("/en/feed/").content.decode()

    assert "<published>2026-03-04T06:15:07+00:00</published>" in xml
    assert "<updated>2026-03-04T06:15:07+00:00</updated>" in xml
    assert ".654321" not in xml


def test_a_table_in_the_body_reaches_the_full_text_as_a_table(client, make_article):
    table = (
        "<table><tbody><tr><th><p>Year</p></th><th><p>Tonnes</p></th></tr>"
        "<tr><td><p>2025</p></td><td><p>1 200 000</p></td></tr></tbody></table>"
    )
    make_article(public=("en",), title_en="Grain", body_en=f"<p>Exports.</p>{table}<hr>")

    for path in ("/en/feed/", "/en/feed/rss/"):
        feed = feedparser.parse(client.get(path).content)
        content = feed.entries[0].content[0].value
        assert "<th><p>Year</p></th><th><p>Tonnes</p></th>" in content, path
        assert "<td><p>2025</p></td><td><p>1 200 000</p></td>" in content, path
        assert "<hr" in content, path
