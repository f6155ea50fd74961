"""What list pages and feeds keep per process between requests: a feed entry's
full text (keyed by what it is made of) and the quotes archive's speaker
choices (kept per content version). Each must follow every write path and
never show what is not public."""

import re

import feedparser
import pytest
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext

from articles import feeds
from articles.models import Article
from newsroom import actions
from quotes.models import Quote
from tags.models import Tag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def without_page_cache(settings):
    # Pages are rendered on every request (the version is still read), so what
    # is seen is the memo's, not a stored page's.
    settings.PAGE_CACHE_SECONDS = 0
    feeds._full_texts.clear()
    feeds._entries.clear()


def full_text(client, language="en"):
    entries = feedparser.parse(client.get(f"/{language}/feed/").content).entries
    return {entry.title: entry.content[0].value for entry in entries}


@pytest.fixture
def quote():
    speaker = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Arif Karimov", slug="arif")
    return Quote.objects.create(
        speaker=speaker,
        text_en="Partnership is a process.",
        text_ru="Партнёрство — это процесс.",
        speaker_role_en="Deputy minister",
    )


@pytest.fixture
def article(make_article, quote):
    body = f'<p>Talks resumed.</p><figure data-quote="{quote.pk}"></figure>'
    return make_article(
        public=("en", "ru"), title_en="Talks", title_ru="Переговоры", body_en=body, body_ru=body
    )


def test_a_full_text_is_written_once_and_then_kept(client, article, monkeypatch):
    first = full_text(client)["Talks"]
    written = []
    original = feeds.ArticleFeed.full_text
    monkeypatch.setattr(
        feeds.ArticleFeed,
        "full_text",
        lambda self, item: written.append(item.pk) or original(self, item),
    )

    assert full_text(client)["Talks"] == first
    assert written == []


def body_reads(queries):
    """The statements that read a version's body itself (not only its digest)."""
    return [query["sql"] for query in queries if re.search(r'AS "feed_body"(?!_)', query["sql"])]


def test_an_entry_is_written_once_and_its_body_read_only_while_no_text_is_kept(
    client, article, monkeypatch
):
    with CaptureQueriesContext(connection) as cold:
        first = client.get("/en/feed/").content
    assert len(body_reads(cold)) == 1
    written = []
    original = feeds.NewsAtomFeed.add_item_elements
    monkeypatch.setattr(
        feeds.NewsAtomFeed,
        "add_item_elements",
        lambda self, handler, item: written.append(item["title"]) or original(self, handler, item),
    )

    with CaptureQueriesContext(connection) as warm:
        assert client.get("/en/feed/").content == first
    assert body_reads(warm) == []
    assert written == []

    # The same entries in RSS are its own, written once.
    rss = client.get("/en/feed/rss/").content.decode()
    assert "<item>" in rss and "<entry>" not in rss
    assert client.get("/en/feed/").content == first


def test_a_body_changed_between_the_two_reads_is_kept_as_what_it_is(client, article):
    """The entries are read with their bodies' digests, the bodies a moment
    later: a save in between must not leave the newer text kept under the
    older body's key (a restore to that body would then show the newer one)."""
    original_body = article.body_en
    original_items = feeds.ArticleFeed.items

    def items_then_a_save(self, obj):
        articles = original_items(self, obj)
        Article.objects.filter(pk=article.pk).update(body_en=Value("<p>Saved meanwhile.</p>"))
        return articles

    feeds.ArticleFeed.items = items_then_a_save
    try:
        assert full_text(client)["Talks"] == "<p>Saved meanwhile.</p>"
    finally:
        feeds.ArticleFeed.items = original_items
    assert full_text(client)["Talks"] == "<p>Saved meanwhile.</p>"

    Article.objects.filter(pk=article.pk).update(body_en=Value(original_body))

    assert "Talks resumed." in full_text(client)["Talks"]
    assert "Saved meanwhile." not in full_text(client)["Talks"]


def test_a_newsroom_save_shows_in_the_full_text(client, article, editor):
    full_text(client)
    body = article.body_en.replace("Talks resumed.", "Talks were broken off.")
    actions.save_article(article, {"body_en": body}, user=editor)

    assert "Talks were broken off." in full_text(client)["Talks"]


def test_an_update_a_bulk_update_and_raw_sql_show_in_the_full_text(client, article):
    full_text(client)
    Article.objects.filter(pk=article.pk).update(body_en=Value("<p>Updated.</p>"))
    assert full_text(client)["Talks"] == "<p>Updated.</p>"

    article.refresh_from_db()
    article.body_en = "<p>Bulk.</p>"
    Article.objects.bulk_update([article], ["body_en"])
    assert full_text(client)["Talks"] == "<p>Bulk.</p>"

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET body_en = '<p>Raw.</p>' WHERE id = %s", [article.pk]
        )
    assert full_text(client)["Talks"] == "<p>Raw.</p>"


def test_a_restored_revision_shows_in_the_full_text(client, article, editor):
    actions.save_article(article, {"body_en": article.body_en}, user=editor)
    first = article.revisions.order_by("number").last()
    actions.save_article(article, {"body_en": "<p>Rewritten.</p>"}, user=editor)
    assert full_text(client)["Talks"] == "<p>Rewritten.</p>"

    actions.restore_revision(first, user=editor)

    assert "Talks resumed." in full_text(client)["Talks"]


def test_a_placed_quotes_words_and_speaker_follow_their_edits(client, article, quote):
    assert "Partnership is a process." in full_text(client)["Talks"]

    Quote.objects.filter(pk=quote.pk).update(text_en="Partnership takes time.")
    assert "Partnership takes time." in full_text(client)["Talks"]

    Tag.objects.filter(pk=quote.speaker_id).update(name_en="Arif Kerimov")
    assert "Arif Kerimov" in full_text(client)["Talks"]


def test_a_quote_taken_out_of_the_placed_ones_leaves_the_full_text(client, article, quote):
    assert "Partnership" in full_text(client)["Talks"]

    # The placement alone (the many-to-many row), the body untouched.
    article.quotes.remove(quote)

    assert "Partnership" not in full_text(client)["Talks"]


def test_the_same_body_is_written_per_language(client, article):
    assert "Partnership is a process." in full_text(client, "en")["Talks"]
    assert "Партнёрство — это процесс." in full_text(client, "ru")["Переговоры"]


def test_a_draft_text_never_reaches_a_feed(client, article, make_article):
    full_text(client)
    draft = make_article(title_en="Embargoed", body_en="<p>Embargoed words.</p>")

    assert "Embargoed" not in full_text(client)
    # Its body made public under the public article's title elsewhere: no.
    Article.objects.filter(pk=draft.pk).update(body_en=article.body_en)
    assert set(full_text(client)) == {"Talks"}


def test_the_memo_is_bounded(client, article, monkeypatch):
    monkeypatch.setattr(feeds._full_texts, "size", 2)
    for number in range(4):
        Article.objects.filter(pk=article.pk).update(body_en=Value(f"<p>Version {number}.</p>"))
        assert full_text(client)["Talks"] == f"<p>Version {number}.</p>"

    assert len(feeds._full_texts) == 2


# The quotes archive's speaker choices, kept per content version.


def speakers(client, language="en"):
    html = client.get(f"/{language}/quotes/").text
    start = html.index('<select id="quote-speaker"')
    return html[start : html.index("</select>", start)]


@pytest.fixture
def quoted(make_article, quote):
    make_article(public=("en",), body_en=f'<figure data-quote="{quote.pk}"></figure>')
    return quote


def test_speaker_choices_follow_a_speakers_rename_by_every_path(client, quoted):
    speaker = quoted.speaker
    assert ">Arif Karimov</option>" in speakers(client)

    speaker.name_en = "Arif Kerimov"
    speaker.save()
    assert ">Arif Kerimov</option>" in speakers(client)

    Tag.objects.filter(pk=speaker.pk).update(name_en="Arif Gerimov")
    assert ">Arif Gerimov</option>" in speakers(client)

    speaker.name_en = "Arif Qarimov"
    Tag.objects.bulk_update([speaker], ["name_en"])
    assert ">Arif Qarimov</option>" in speakers(client)

    with connection.cursor() as cursor:
        cursor.execute("UPDATE tags_tag SET name_en = 'Arif K.' WHERE id = %s", [speaker.pk])
    assert ">Arif K.</option>" in speakers(client)


def test_a_new_speaker_appears_when_a_public_version_places_their_quote(
    client, quoted, make_article, editor
):
    other = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Leyla Aliyeva", slug="leyla")
    new = Quote.objects.create(speaker=other, text_en="We will see.")
    speakers(client)

    article = make_article(public=("en",))
    actions.save_article(
        article, {"body_en": f'<p>Text.</p><figure data-quote="{new.pk}"></figure>'}, user=editor
    )

    assert ">Leyla Aliyeva</option>" in speakers(client)


def test_a_placement_removed_or_added_alone_moves_the_choices(client, quoted, make_article):
    other = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Leyla Aliyeva", slug="leyla")
    new = Quote.objects.create(speaker=other, text_en="We will see.")
    article = make_article(public=("en",), body_en=f'<figure data-quote="{new.pk}"></figure>')
    assert ">Leyla Aliyeva</option>" in speakers(client)

    # The many-to-many row alone, the body untouched.
    article.quotes.remove(new)
    assert "Leyla" not in speakers(client)

    article.quotes.add(new)
    assert ">Leyla Aliyeva</option>" in speakers(client)


def test_a_restore_that_takes_a_quote_out_takes_its_speaker_out(
    client, quote, make_article, editor
):
    other = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Leyla Aliyeva", slug="leyla")
    new = Quote.objects.create(speaker=other, text_en="We will see.")
    article = make_article(public=("en",), body_en="<p>Plain.</p>")
    actions.save_article(article, {"body_en": "<p>Plain.</p>"}, user=editor)
    plain = article.revisions.order_by("number").last()
    actions.save_article(
        article, {"body_en": f'<p>Plain.</p><figure data-quote="{new.pk}"></figure>'}, user=editor
    )
    assert ">Leyla Aliyeva</option>" in speakers(client)

    actions.restore_revision(plain, user=editor)

    assert "Leyla" not in speakers(client)


def test_a_draft_never_brings_its_speaker_into_the_choices(client, quoted, make_article):
    other = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Leyla Aliyeva", slug="leyla")
    new = Quote.objects.create(speaker=other, text_en="We will see.")
    make_article(public=("ru",), body_en=f'<figure data-quote="{new.pk}"></figure>')
    speakers(client)

    assert "Leyla" not in speakers(client)
    assert "Leyla" not in speakers(client, "ru")


def test_the_choices_are_kept_per_language(client, quoted):
    Tag.objects.filter(pk=quoted.speaker_id).update(name_az="Arif Kərimov")
    assert ">Arif Karimov</option>" in speakers(client)

    # Not public in Azerbaijani: the az archive has nobody to offer.
    assert "Arif" not in speakers(client, "az")


def test_the_choices_are_written_once_per_content_version(client, quoted, monkeypatch):
    from articles import cards

    written = []
    original = cards.speaker_options
    monkeypatch.setattr(
        cards, "speaker_options", lambda *args: written.append(args) or original(*args)
    )
    first = speakers(client)
    assert speakers(client) == first
    assert client.get("/en/quotes/?page=1").status_code == 200
    assert len(written) == 1

    Tag.objects.filter(pk=quoted.speaker_id).update(name_en="Arif Kerimov")
    assert ">Arif Kerimov</option>" in speakers(client)
    assert len(written) == 2
