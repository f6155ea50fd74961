"""Search: per-language full-text search, Azerbaijani folding, typo tolerance,
ranking, visibility, filters, odd input, pagination and the query budget."""

import re
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from core.db.compiled import StandInError
from search import engine as search
from search.engine import fold, match_conditions, search_articles, snippet
from tags.models import Tag

pytestmark = pytest.mark.django_db

BAKU = ZoneInfo("Asia/Baku")
# Midday in Baku: "an hour ago" and "yesterday" are then a Baku day apart,
# whatever hour the suite runs at.
MIDDAY = datetime(2026, 6, 15, 12, 0, tzinfo=BAKU)


@pytest.fixture(autouse=True)
def fresh_search_sql(monkeypatch):
    """Each test compiles its own search SQL: the kept SQL holds the limits
    (MAX_CANDIDATES, SAMPLE) that some tests change."""
    monkeypatch.setattr(search.SearchResults, "_compiled", {})


def titles(language, query, **filters):
    return [article.title for article in search_articles(query, language, **filters)]


def search_url(language, **params):
    return f"/{language}/search/?{urlencode(params)}"


def result_titles(html):
    return re.findall(r'class="search-result__title"><a href="[^"]+">([^<]*)</a>', html)


def snippets(html):
    return re.findall(r'<p class="search-result__snippet">(.*?)</p>', html, re.S)


# Languages and morphology


def test_russian_finds_other_forms_of_a_word(make_article):
    make_article(
        public=("ru",), title_ru="Переговоры в Вене", body_ru="<p>Стороны встретились.</p>"
    )
    make_article(public=("ru",), title_ru="Посторонняя статья", body_ru="<p>О погоде.</p>")

    assert titles("ru", "переговоров") == ["Переговоры в Вене"]
    assert titles("ru", "ПЕРЕГОВОРАМИ") == ["Переговоры в Вене"]
    assert titles("ru", "стороной") == ["Переговоры в Вене"]


def test_russian_yo_and_ye_are_the_same_letter(make_article):
    make_article(public=("ru",), title_ru="Пётр и море", body_ru="<p>Текст.</p>")

    assert titles("ru", "Петр") == ["Пётр и море"]


def test_english_stemming(make_article):
    make_article(
        public=("en",),
        title_en="Gas deal signed",
        body_en="<p>The parties negotiated for months.</p>",
    )

    assert titles("en", "negotiations") == ["Gas deal signed"]
    assert titles("en", "negotiating") == ["Gas deal signed"]
    assert titles("en", "deals") == ["Gas deal signed"]


def test_english_ignores_accents(make_article):
    make_article(public=("en",), title_en="José Manuel Barroso in Baku", body_en="<p>Visit.</p>")

    assert titles("en", "Jose Barroso") == ["José Manuel Barroso in Baku"]


@pytest.mark.parametrize(
    "query", ["azerbaycan", "AZƏRBAYCAN", "Azərbaycan", "AZERBAYCAN", "azərbaycan"]
)
def test_azerbaijani_letters_and_case_fold(make_article, query):
    make_article(public=("az",), title_az="Azərbaycan və NATO", body_az="<p>Mətn.</p>")

    assert titles("az", query) == ["Azərbaycan və NATO"]


@pytest.mark.parametrize("query", ["şəhər", "seher", "ŞƏHƏR", "Şəhər"])
def test_azerbaijani_shahar_matches_however_it_is_typed(make_article, query):
    make_article(public=("az",), title_az="Yeni məqalə", body_az="<p>Şəhər mərkəzində tikinti.</p>")
    make_article(public=("az",), title_az="Başqa məqalə", body_az="<p>Kənd həyatı.</p>")

    assert titles("az", query) == ["Yeni məqalə"]


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("İlham Əliyev Bakıda", "ilham eliyev"),
        ("Qarabağ yolları", "QARABAG"),
        ("Gənclər və işsizlik", "gencler"),
        ("Ölkə büdcəsi", "olke budcesi"),
        ("Çay və üzüm", "CAY UZUM"),
        ("Iğdır yolu", "igdir"),
    ],
)
def test_azerbaijani_special_letters(make_article, text, query):
    make_article(public=("az",), title_az=text, body_az="<p>Mətn.</p>")

    assert titles("az", query) == [text]


def test_azerbaijani_words_match_with_their_endings(make_article):
    make_article(
        public=("az",),
        title_az="İqtisadiyyat",
        body_az="<p>Azərbaycanın büdcəsi və Bakıda keçirilən görüşlər.</p>",
    )

    assert titles("az", "Azərbaycan") == ["İqtisadiyyat"]
    assert titles("az", "baki gorus") == ["İqtisadiyyat"]


def test_fold_matches_the_database_function():
    text = "ƏəĞğİIıÖöŞşÇçÜü Azərbaycan NATO Москва Ёлка"
    with connection.cursor() as cursor:
        cursor.execute("SELECT turan_fold(%s)", [text])
        assert cursor.fetchone()[0] == fold(text)
    assert len(fold(text)) == len(text)


# Typos


def test_typo_in_a_title_still_finds_it(make_article):
    make_article(public=("en",), title_en="Karabakh peace talks resume", body_en="<p>Text.</p>")
    make_article(public=("en",), title_en="Budget for next year", body_en="<p>Text.</p>")

    assert titles("en", "Karabkh") == ["Karabakh peace talks resume"]
    assert titles("en", "karabah talks") == ["Karabakh peace talks resume"]


def test_misspelt_name_of_a_tagged_person_finds_their_articles(make_article):
    about = make_article(public=("en", "az"), title_en="Alliance summit", title_az="Alyans sammiti")
    make_article(public=("en", "az"), title_en="Harvest", title_az="Məhsul")
    person = Tag.objects.create(
        kind=Tag.Kind.PERSON, name_en="Jens Stoltenberg", name_az="Yens Stoltenberq"
    )
    about.tags.add(person)

    assert titles("en", "Stoltenburg") == ["Alliance summit"]
    assert titles("en", "jens stoltenberg") == ["Alliance summit"]
    assert titles("az", "Stoltenberq") == ["Alyans sammiti"]


def test_a_name_with_tagged_articles_answers_without_typo_titles(make_article):
    """A misspelt name is answered by the articles tagged with the person: titles
    are not also compared with it for typos (that costs tens of microseconds a
    title, over thousands of titles)."""
    tagged = make_article(public=("en",), title_en="Alliance summit")
    tagged.tags.add(Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Leyla Mammadova"))
    make_article(public=("en",), title_en="Leyla Mammadova visits Ganja")

    assert titles("en", "Leyla Mamadova") == ["Alliance summit"]


def test_a_name_tagged_only_on_unpublished_versions_leaves_typo_titles_searched(make_article):
    """A tag whose articles are not public in the reader's language finds nothing,
    so it does not stop the typo search of titles."""
    draft = make_article(public=("az",), title_en="Alliance summit", title_az="Alyans sammiti")
    draft.tags.add(Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Leyla Mammadova"))
    make_article(public=("en",), title_en="Leyla Mammadova visits Ganja")

    assert titles("en", "Leyla Mamadova") == ["Leyla Mammadova visits Ganja"]


def test_a_names_tagged_articles_keep_to_the_moment_the_period_and_the_section(
    make_article, make_section, monkeypatch
):
    """A name's tagged articles are read from the tags' own rows (their
    ``public_from``), in a section from the articles: each way keeps the
    visibility rule and the filters."""
    now = timezone.now()
    person = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Leyla Mammadova")
    economy = make_section(name_en="Economy")
    tagged = [
        make_article(title_en="Summit one", published_at_en=now - timedelta(days=30)),
        make_article(
            title_en="Summit two", section=economy, published_at_en=now - timedelta(hours=1)
        ),
        make_article(title_en="Summit three", published_at_en=now + timedelta(hours=1)),
        make_article(title_en="Summit four", body_en="", published_at_en=now - timedelta(hours=2)),
    ]
    for article in tagged:
        article.tags.add(person)
    recent = (now - timedelta(days=2)).astimezone(BAKU).date()

    assert titles("en", "Leyla Mammadova") == ["Summit two", "Summit one"]
    assert titles("en", "Leyla Mammadova", date_from=recent) == ["Summit two"]
    assert titles("en", "Leyla Mammadova", date_to=recent) == ["Summit one"]
    assert titles("en", "Leyla Mammadova", section=economy) == ["Summit two"]
    with time_machine.travel(now + timedelta(hours=2)):
        assert titles("en", "Leyla Mammadova") == ["Summit three", "Summit two", "Summit one"]
    # The newest candidates are chosen among the public ones, in the period.
    monkeypatch.setattr(search, "MAX_CANDIDATES", 1)
    monkeypatch.setattr(search.SearchResults, "_compiled", {})
    assert titles("en", "Leyla Mammadova") == ["Summit two"]
    assert titles("en", "Leyla Mammadova", date_to=recent) == ["Summit one"]


def articles_read(plan):
    """How many rows a plan (EXPLAIN ANALYZE's text) read from the articles' table."""
    scans = re.findall(
        r" on articles_article(?: \w+)? +\(cost=[^)]*\) \(actual time=[\d.]+ rows=([\d.]+) loops=(\d+)\)",
        plan,
    )
    return sum(float(rows) * int(loops) for rows, loops in scans)


def test_a_names_tagged_articles_are_ranked_without_reading_them(make_article):
    """A name's tagged articles that its words do not match score the tag's
    boost alone, from the tags' own rows: of the articles, the page reads only
    the rows it shows (at 100,000 articles, reading each of ~270 tagged
    candidates back to score it was half the page's cost)."""
    person = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Leyla Mammadova")
    now = timezone.now()
    for number in range(30):
        article = make_article(
            public=("en",),
            title_en=f"Summit {number}",
            published_at_en=now - timedelta(hours=number),
        )
        article.tags.add(person)
    mentioned = make_article(
        public=("en",),
        title_en="Interview",
        body_en="<p>Leyla Mammadova said so.</p>",
        published_at_en=now - timedelta(days=9),
    )
    mentioned.tags.add(person)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article, articles_article_tags")

    with transaction.atomic(), connection.cursor() as cursor:
        # As at scale: one article is not read by reading them all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = search.SearchResults("Leyla Mammadova", "en").explain("(ANALYZE)", size=5)

    # The five shown, and the one the words match twice: found in the words'
    # index, then read for its score.
    assert articles_read(plan) <= 7, plan
    assert "articles_article_tags" in plan, plan
    results = search_articles("Leyla Mammadova", "en")[0:5]
    # The words and the tag outrank the tag alone (the oldest, though), then
    # the newest first.
    assert [result.title for result in results] == ["Interview", *(f"Summit {n}" for n in range(4))]
    assert results[0].rank > search.TAG_BOOST
    assert [result.rank for result in results[1:]] == [search.TAG_BOOST] * 4


def test_tag_names_are_searched_in_the_readers_language_only(make_article):
    article = make_article(public=("en",), title_en="Alliance summit")
    article.tags.add(Tag.objects.create(kind=Tag.Kind.PERSON, name_ru="Столтенберг"))

    assert titles("en", "Столтенберг") == []


# Ranking


def test_title_match_ranks_above_lead_match_above_body_match(make_article):
    now = timezone.now()
    make_article(
        public=("en",),
        title_en="Water policy",
        body_en="<p>A long discussion of the pipeline and its pipeline routes.</p>",
        published_at_en=now - timedelta(hours=1),
    )
    make_article(
        public=("en",),
        title_en="Regional outlook",
        lead_en="The pipeline changes the region.",
        published_at_en=now - timedelta(hours=2),
    )
    make_article(
        public=("en",),
        title_en="The pipeline opens",
        published_at_en=now - timedelta(hours=3),
    )
    make_article(public=("en",), title_en="Unrelated", published_at_en=now)

    assert titles("en", "pipeline") == ["The pipeline opens", "Regional outlook", "Water policy"]


def test_equal_matches_come_newest_first(make_article):
    now = timezone.now()
    for hours, title in [(3, "Oldest"), (1, "Newest"), (2, "Middle")]:
        make_article(
            public=("ru",),
            title_ru=title,
            body_ru="<p>Нефть и газ.</p>",
            published_at_ru=now - timedelta(hours=hours),
        )

    assert titles("ru", "нефть") == ["Newest", "Middle", "Oldest"]


def test_more_query_words_in_the_title_rank_higher(make_article):
    make_article(public=("en",), title_en="Gas prices", body_en="<p>Europe.</p>")
    make_article(public=("en",), title_en="Gas prices in Europe", body_en="<p>Text.</p>")

    assert titles("en", "gas europe") == ["Gas prices in Europe", "Gas prices"]


# Visibility


def test_only_versions_public_in_the_readers_language(make_article):
    body = "<p>Caspian shipping.</p>"
    make_article(public=("en",), title_en="Public", body_en=body)
    make_article(title_en="Draft", body_en=body)
    make_article(
        title_en="Scheduled",
        body_en=body,
        published_at_en=timezone.now() + timedelta(minutes=5),
    )
    make_article(public=("ru",), title_en="Public only in Russian", body_en=body)
    make_article(public=("en",), title_en="", body_en=body, title_ru="Без английского заголовка")
    make_article(public=("en",), title_en="No English body", body_en="")

    assert titles("en", "Caspian") == ["Public"]
    assert titles("en", "Scheduled") == []
    assert titles("en", "Draft") == []


def test_other_languages_text_is_not_searched(make_article):
    make_article(public=("ru", "en"), title_ru="Переговоры", title_en="Talks")

    assert titles("en", "переговоры") == []
    assert titles("ru", "talks") == []


def test_scheduled_version_is_found_once_its_moment_has_come(make_article):
    moment = timezone.now() + timedelta(hours=1)
    make_article(title_en="Tomorrow's talks", published_at_en=moment)

    assert titles("en", "talks") == []
    assert titles("en", "talks", at=moment) == ["Tomorrow's talks"]


# Filters


def test_section_filter(make_article, make_section):
    economy = make_section(name_en="Economy", slug="economy")
    make_article(public=("en",), title_en="Oil in the economy", section=economy)
    make_article(public=("en",), title_en="Oil in politics")

    assert titles("en", "oil", section=economy) == ["Oil in the economy"]


def test_date_range_is_in_baku_days_both_ends_included(make_article):
    late_evening = datetime(2024, 3, 10, 23, 30, tzinfo=BAKU)  # 19:30 UTC
    make_article(public=(), title_en="Late report", published_at_en=late_evening)
    make_article(
        public=(),
        title_en="Next report",
        published_at_en=datetime(2024, 3, 11, 0, 10, tzinfo=BAKU),
    )

    assert titles("en", "report", date_to=date(2024, 3, 10)) == ["Late report"]
    assert titles("en", "report", date_from=date(2024, 3, 11)) == ["Next report"]
    assert titles("en", "report", date_from=date(2024, 3, 10), date_to=date(2024, 3, 10)) == [
        "Late report"
    ]
    assert sorted(titles("en", "report", date_from=date(1, 1, 1), date_to=date.max)) == [
        "Late report",
        "Next report",
    ]


def test_filters_in_the_page(client, make_article, make_section):
    economy = make_section(name_en="Economy", slug="economy")
    make_article(
        public=("en",),
        title_en="Oil in the economy",
        section=economy,
        published_at_en=datetime(2024, 5, 2, 12, 0, tzinfo=BAKU),
    )
    make_article(public=("en",), title_en="Oil in politics")

    html = client.get(search_url("en", q="oil", section="economy")).text
    dated = client.get(search_url("en", q="oil", **{"from": "2024-05-01", "to": "2024-05-31"}))

    assert result_titles(html) == ["Oil in the economy"]
    assert '<option value="economy" selected>Economy</option>' in html
    assert result_titles(dated.text) == ["Oil in the economy"]
    assert 'value="01/05/2024"' in dated.text  # an ISO link's date in the page's format


# The page


def test_results_show_title_link_date_section_and_highlighted_snippet(client, make_article):
    article = make_article(
        public=("en",),
        title_en="Caspian security",
        lead_en="Navies and treaties.",
        body_en="<p>The <strong>convention</strong> on the Caspian was signed in Aktau.</p>",
        published_at_en=datetime(2018, 8, 12, 14, 5, tzinfo=BAKU),
    )

    response = client.get(search_url("en", q="convention"))

    assert response.status_code == 200
    html = response.text
    assert f'<a href="{article.get_absolute_url("en")}">Caspian security</a>' in html
    assert "12 August 2018 (Sunday) 14:05" in html
    assert ">Analytics</a>" in html
    assert "1 article found" in html
    [text] = snippets(html)
    assert "<mark>convention</mark> on the Caspian" in text
    assert "Navies and treaties." in text
    assert '<meta name="robots" content="noindex, follow">' in html


def test_a_match_in_the_title_or_lead_shows_the_lead_and_a_body_match_the_body(
    client, make_article
):
    """The excerpt shows why an article was found: a passage of the body only
    when the words are in the body alone; otherwise the lead, highlighted."""
    body = "<p>The delegations met in Aktau for the tanker convention.</p>"
    make_article(
        public=("en",), title_en="Tanker rules", lead_en="Navies and treaties.", body_en=body
    )
    make_article(public=("en",), title_en="Caspian", lead_en="A new pipeline deal.", body_en=body)
    make_article(public=("en",), title_en="Shipping", lead_en="Ports and ships.", body_en=body)
    make_article(public=("en",), title_en="Sinking", lead_en="", body_en="<p>A tanker sank.</p>")

    [title_match] = snippets(client.get(search_url("en", q="rules tanker")).text)
    [lead_match] = snippets(client.get(search_url("en", q="pipeline")).text)
    [no_lead] = snippets(client.get(search_url("en", q="sank")).text)
    body_matches = snippets(client.get(search_url("en", q="delegations")).text)

    assert title_match == "Navies and treaties."
    assert lead_match == "A new <mark>pipeline</mark> deal."
    assert no_lead == "A tanker <mark>sank</mark>."
    assert "The <mark>delegations</mark> met in Aktau" in body_matches[0]
    assert len(body_matches) == 3


def test_snippet_never_carries_markup_from_the_article(client, make_article):
    make_article(
        public=("en",),
        title_en="Markup",
        lead_en="Plain lead with <b>angle brackets</b> & <mark>fake</mark> marks.",
        body_en=(
            '<p>AT&amp;T and 3 &lt; 4 <a href="https://example.org" title="x&gt;y">pipeline</a>'
            " &lt;script&gt;alert(1)&lt;/script&gt;</p>"
        ),
    )

    [body] = snippets(client.get(search_url("en", q="pipeline")).text)
    [lead] = snippets(client.get(search_url("en", q="brackets")).text)

    for text in (body, lead):
        assert re.sub(r"</?mark>|<br>", "", text).count("<") == 0
        assert text.count("<mark>") == text.count("</mark>") == 1
    assert "AT&amp;T and 3 &lt; 4 <mark>pipeline</mark>" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<mark>brackets</mark>&lt;/b&gt; &amp; &lt;mark&gt;fake&lt;/mark&gt;" in lead


def test_azerbaijani_snippet_shows_the_original_letters(client, make_article):
    make_article(
        public=("az",),
        title_az="Tikinti",
        body_az="<p>Şəhər mərkəzində yeni körpü. ŞƏHƏRİN sakinləri razıdır.</p>",
    )

    [text] = snippets(client.get(search_url("az", q="seher")).text)

    assert text == (
        "<mark>Şəhər</mark> mərkəzində yeni körpü. <mark>ŞƏHƏRİN</mark> sakinləri razıdır."
    )


def test_azerbaijani_excerpt_of_a_lead_shows_the_original_letters(client, make_article):
    make_article(
        public=("az",),
        title_az="Körpü",
        lead_az="Bakı şəhərində yeni körpü açılır.",
        body_az="<p>ŞƏHƏRİN sakinləri razıdır.</p>",
    )

    [text] = snippets(client.get(search_url("az", q="seher")).text)

    assert text == "Bakı <mark>şəhərində</mark> yeni körpü açılır."


def test_excerpt_of_a_body_cut_inside_a_tag_or_an_entity_shows_none_of_it(
    client, make_article, monkeypatch
):
    """The body's HTML is cut before its tags are taken out: wherever the cut
    falls, no part of a tag or of an entity reaches the excerpt."""
    body = (
        '<p>The pipeline opens. <a href="https://example.org/hidden" title="tooltip">'
        "Link</a> AT&amp;T <em>agrees</em>.</p>"
    )
    make_article(public=("en",), title_en="Markup", lead_en="", body_en=body)

    for cut in range(len("<p>The pipeline"), len(body) + 1):
        monkeypatch.setattr(search, "SNIPPET_SOURCE_LENGTH", cut)
        monkeypatch.setattr(search.SearchResults, "_compiled", {})  # the cut is kept in it
        caches[settings.PAGE_CACHE_ALIAS].clear()
        [text] = snippets(client.get(search_url("en", q="pipeline")).text)

        assert text.startswith("The <mark>pipeline</mark>"), cut
        assert re.sub(r"</?mark>|<br>", "", text).count("<") == 0, cut
        for leak in ("href", "example", "tooltip", "&amp;a", "&amp;&", "em>", "/p"):
            assert leak not in text, (cut, text)


def test_match_near_the_start_of_a_long_body_is_highlighted(client, make_article):
    filler = "".join(f"<p>Paragraph {number} of a long report.</p>" for number in range(2000))
    make_article(
        public=("en",),
        title_en="Report",
        lead_en="A long report.",
        body_en="<p>The tanker reached Baku.</p>" + filler,
    )

    [text] = snippets(client.get(search_url("en", q="tanker")).text)

    assert "<mark>tanker</mark> reached Baku." in text


def test_snippet_escapes_whatever_the_headline_holds():
    article = SimpleNamespace(headline='a &lt;b&gt; <mark>x</mark> & "q" <mark>y')

    assert snippet(article) == "a &lt;b&gt; <mark>x</mark> &amp; &quot;q&quot; <mark>y</mark>"
    assert snippet(SimpleNamespace(headline="</mark>x<mark><mark>z")) == "x<mark>z</mark>"
    assert snippet(SimpleNamespace()) == ""


def test_empty_query_shows_the_form_and_no_results(client, make_article):
    make_article(public=("en",))

    response = client.get("/en/search/")

    assert response.status_code == 200
    assert 'id="search-q"' in response.text
    assert "search-result" not in response.text
    assert "Type a word, a name or a place" in response.text


def test_no_results_is_a_friendly_message(client, make_article):
    make_article(public=("en",))

    html = client.get(search_url("en", q="zanzibar")).text

    assert "0 articles found" in html
    assert "Nothing published in this language matches “zanzibar”." in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * 201}, "That is too long to search for"),
        ({"q": "x" * 10_000}, "That is too long to search for"),
        ({"q": "oil", "from": "2024-13-01"}, "Enter a date as DD/MM/YYYY, for example 31/12/2024."),
        ({"q": "oil", "to": "yesterday"}, "Enter a date as DD/MM/YYYY, for example 31/12/2024."),
        ({"q": "oil", "from": "10.05.2024"}, "Enter a date as DD/MM/YYYY, for example 31/12/2024."),
        ({"q": "oil", "from": "2024-05-02", "to": "2024-05-01"}, "comes before its start"),
        ({"q": "oil", "section": "no-such-section"}, "There is no such section."),
        ({"q": "oil", "section": "<script>"}, "There is no such section."),
    ],
)
def test_bad_parameters_are_a_friendly_message(client, make_article, params, message):
    make_article(public=("en",), title_en="Oil")

    response = client.get(search_url("en", **params))

    assert response.status_code == 200
    assert message in response.text
    assert "Please correct the search above" in response.text
    assert "search-result__title" not in response.text


ODD_QUERIES = [
    "",
    " ",
    "x" * 10_000,
    "'; DROP TABLE articles_article; --",
    "<script>alert(1)</script>",
    '"',
    "'",
    "&",
    ":",
    "!",
    "|",
    "a & | ! : * ( ) <-> b",
    "'a':* & !b",
    "😀",
    "NATO 😀🇦🇿",
    "\x00",
    "oil\x00gas",
    "\\",
    "%_",
    "«»‘’",
    "\u200b\ufeff",
    "-",
    "or",
    "the",
]


@pytest.mark.parametrize("language", ["ru", "az", "en"])
@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_never_fail(client, make_article, language, query):
    make_article(public=("ru", "az", "en"))

    response = client.get(search_url(language, q=query))

    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert "\x00" not in response.text


@pytest.mark.parametrize("language", ["ru", "az", "en"])
@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_reach_the_database_safely(make_article, language, query):
    make_article(public=("ru", "az", "en"))

    list(search_articles(query, language))


def test_query_is_shown_back_escaped(client):
    html = client.get(search_url("en", q='<script>alert(1)</script>"')).text

    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;&quot;"' in html
    assert "“&lt;script&gt;alert(1)&lt;/script&gt;&quot;”" in html


def test_nul_byte_is_dropped_before_the_database(client, make_article):
    make_article(public=("en",), title_en="Oil and gas")

    html = client.get("/en/search/?q=oil%00").text

    assert result_titles(html) == ["Oil and gas"]


def test_searches_of_one_shape_share_their_sql_and_each_finds_its_own(
    client, make_article, make_section, monkeypatch
):
    """The search page compiles the SQL of a shape of search once and binds each
    search's words, section, dates and moment to it."""
    economy = make_section(name_en="Economy", slug="economy")
    energy = make_section(name_en="Energy", slug="energy")
    make_article(
        public=("en",),
        title_en="Gas prices",
        section=economy,
        published_at_en=datetime(2020, 3, 1, 12, tzinfo=BAKU),
    )
    make_article(
        public=("en",),
        title_en="Gas fields",
        section=energy,
        published_at_en=datetime(2021, 3, 1, 12, tzinfo=BAKU),
    )
    make_article(
        public=("en",),
        title_en="Oil fields",
        section=energy,
        published_at_en=datetime(2021, 4, 1, 12, tzinfo=BAKU),
    )
    make_article(public=("az",), title_az="Qaz yataqları", section=energy)

    def found(language="en", **params):
        return result_titles(client.get(search_url(language, **params)).text)

    assert found(q="gas", section="economy", **{"from": "2020-01-01"}) == ["Gas prices"]
    compiled = len(search.SearchResults._compiled)
    assert found(q="gas", section="energy", **{"from": "2021-01-01"}) == ["Gas fields"]
    assert found(q="oil", section="energy", **{"from": "2021-03-15"}) == ["Oil fields"]
    assert found(q="gas", section="energy", **{"from": "2022-01-01"}) == []
    assert len(search.SearchResults._compiled) == compiled
    assert found("az", q="qaz") == ["Qaz yataqları"]
    assert found("az", q="yataq") == ["Qaz yataqları"]


def test_a_shape_whose_sql_changes_a_stand_in_is_refused(make_article, monkeypatch):
    """The kept SQL is bound by putting each search's values in the stand-ins'
    places: a builder that changed one on its way (here the words, wrapped in
    % signs) fails when the shape is compiled, never leaving a value unbound."""
    make_article(public=("en",), title_en="Oil prices")
    articles = search.Terms.articles
    monkeypatch.setattr(
        search.Terms,
        "articles",
        lambda terms: articles(terms).filter(title_en__icontains=terms.query),
    )

    with pytest.raises(StandInError, match="cannot bind"):
        list(search_articles("oil", "en")[0:20])
    assert search.SearchResults._compiled == {}


# Pagination, links and budgets


@pytest.mark.parametrize("page", ["0", "3", "999", "abc", "-1", "1.5", "9" * 40, "%00"])
def test_bad_page_numbers_are_404(client, make_article, page):
    for number in range(21):
        make_article(public=("en",), title_en=f"Oil {number}")

    assert client.get(f"/en/search/?q=oil&page={page}").status_code == 404
    assert client.get("/en/search/?q=oil&page=2").status_code == 200


def test_page_beyond_an_empty_result_is_404(client):
    assert client.get("/en/search/?q=nothing&page=2").status_code == 404
    assert client.get("/en/search/?page=2").status_code == 404


def test_pagination_keeps_the_filters(client, make_article, make_section):
    economy = make_section(name_en="Economy", slug="economy")
    for number in range(25):
        make_article(public=("en",), title_en=f"Oil {number}", section=economy)

    first = client.get(search_url("en", q="oil", section="economy", **{"from": "2000-01-01"}))
    second = client.get(
        search_url("en", q="oil", section="economy", **{"from": "2000-01-01"}, page=2)
    )

    assert len(result_titles(first.text)) == 20
    assert "25 articles found" in first.text
    # In the page cache's order (public/pagecache.py: parameters sorted by name).
    assert (
        'rel="next" href="?from=2000-01-01&amp;q=oil&amp;section=economy&amp;page=2"' in first.text
    )
    assert len(result_titles(second.text)) == 5
    assert 'rel="prev" href="?from=2000-01-01&amp;q=oil&amp;section=economy"' in second.text
    assert 'start="21"' in second.text


def test_language_switcher_leads_to_the_same_search(client, make_article):
    make_article(public=("en",))

    html = client.get("/en/search/?q=Caspian+gas&section=economy&page=1").text
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]

    assert 'href="/ru/search/?q=Caspian+gas&amp;section=economy&amp;searched_in=en"' in switcher
    assert 'href="/az/search/?q=Caspian+gas&amp;section=economy&amp;searched_in=en"' in switcher
    assert 'href="/en/search/?q=Caspian+gas&amp;section=economy"' in switcher


def test_count_shown_is_the_number_of_results_listed_without_a_count_query(client, make_article):
    person = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Leyla Mammadova")
    # Matches by text, by tag and by both: each is listed, and counted, once.
    for number in range(12):
        make_article(public=("en",), title_en=f"Mammadova speaks {number}")
    for number in range(10):
        make_article(public=("en",), title_en=f"Interview {number}").tags.add(person)
    for number in range(3):
        make_article(public=("en",), title_en=f"Mammadova again {number}").tags.add(person)

    listed, shown = [], []
    for page in (1, 2):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(search_url("en", q="Mammadova", page=page)).text
        assert not [query for query in queries if "COUNT(*) AS" in query["sql"]]
        listed += result_titles(html)
        shown += re.findall(r"(\d+) articles found", html)

    assert len(listed) == len(set(listed)) == 25
    assert shown == ["25", "25"]
    assert 'start="21"' in html
    assert client.get(search_url("en", q="Mammadova", page=3)).status_code == 404
    assert client.get(search_url("en", q="Mammadova", page="last")).status_code == 200


def test_header_has_a_labelled_search_form(client):
    html = client.get("/az/").text
    form = html.split('class="site-search"')[1].split("</form>")[0]

    assert 'action="/az/search/"' in form
    assert 'role="search"' in form
    assert '<label class="site-search__label" for="site-search-q">' in form
    assert 'id="site-search-q" type="search" name="q"' in form


def test_query_count_is_constant(client, make_article, make_section, django_assert_max_num_queries):
    economy = make_section(name_en="Economy", slug="economy")
    person = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Leyla Mammadova")
    for number in range(2):
        make_article(public=("en",), title_en=f"Gas {number}", section=economy)
    for number in range(25):
        make_article(public=("en",), title_en=f"Oil {number}").tags.add(person)

    client.get(search_url("en", q="warm"))  # the sections, read once per content version
    counts = []
    for query in ("gas", "oil"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(search_url("en", q=query)).status_code == 200
        counts.append(len(queries))
    with django_assert_max_num_queries(4):
        client.get(search_url("en", q="oil", section="economy", page=1))

    assert counts[0] == counts[1] <= 4


# Indexes


@pytest.mark.parametrize("language", ["ru", "az", "en"])
def test_search_can_use_the_indexes(make_article, language):
    """Each way of matching repeats its indexed expression exactly, or no index
    could serve it.

    With sequential and plain index scans priced out, PostgreSQL can only
    answer each condition from an index made for it. (Search itself may read
    the publication index newest first instead, for a common word.)
    """
    make_article(public=(language,))
    ways = match_conditions("Azerbaijan Karabakh", language)
    expected = {
        "text": f"article_search_{language}",
        "title": f"article_title_trgm_{language}",
        "tag": f"tag_name_trgm_{language}",
    }

    assert set(ways) == set(expected)
    for way, condition in ways.items():
        # Names are compared in the tags' own table; which side a join of
        # the article to its tags starts from is PostgreSQL's to choose.
        if way == "tag":
            queryset = search.similar_tags("Azerbaijan Karabakh", language)
        else:
            queryset = Article.objects.filter(condition)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            plan = queryset.explain()
        assert f"Bitmap Index Scan on {expected[way]}" in plan, plan
        assert not re.search(r"Seq Scan on (articles_article|tags_tag)\b", plan), plan


# A word found in this share of the newest versions is read newest first
# (common); one found in none of them, from the GIN index (rare).
BOTH_PLANS = pytest.mark.parametrize("common_share", [0.01, 1.01], ids=["common", "rare"])


@BOTH_PLANS
@time_machine.travel(MIDDAY, tick=False)
def test_a_common_word_ranks_only_the_newest_matches(make_article, monkeypatch, common_share):
    """Of a word found in every article, the newest ``MAX_CANDIDATES`` matches are
    ranked (a title match among them first), and older ones are left out, by
    either plan."""
    monkeypatch.setattr(search, "MAX_CANDIDATES", 3)
    monkeypatch.setattr(search, "COMMON_SHARE", common_share)
    now = timezone.now()
    for hours, title in [(1, "Budget"), (2, "Ports"), (3, "Oil in the title"), (4, "Old")]:
        make_article(
            public=("en",),
            title_en=title,
            body_en="<p>Oil and gas.</p>",
            published_at_en=now - timedelta(hours=hours),
        )
    make_article(public=("en",), title_en="Oldest oil", published_at_en=now - timedelta(days=9))

    assert titles("en", "oil") == ["Oil in the title", "Budget", "Ports"]
    assert titles("en", "oil", date_to=(now - timedelta(days=1)).date()) == ["Oldest oil"]


@BOTH_PLANS
@time_machine.travel(MIDDAY, tick=False)
def test_either_plan_finds_the_same_matches(make_article, monkeypatch, common_share):
    """Which plan serves a word changes nothing the reader sees: the same newest
    matches, in the same order, under the same filters."""
    monkeypatch.setattr(search, "MAX_CANDIDATES", 4)
    monkeypatch.setattr(search, "COMMON_SHARE", common_share)
    now = timezone.now()
    for hours in range(1, 8):
        make_article(
            public=("az",),
            title_az=f"Xəbər {hours}",
            body_az="<p>İqtisadiyyat artır.</p>" if hours % 2 else "<p>Hava yaxşıdır.</p>",
            published_at_az=now - timedelta(hours=hours),
        )
    make_article(public=("en",), title_en="Economy", body_en="<p>Iqtisadiyyat</p>")

    assert titles("az", "iqtisadiyyat") == ["Xəbər 1", "Xəbər 3", "Xəbər 5", "Xəbər 7"]
    assert titles("az", "iqtisadiyyat", date_to=(now - timedelta(days=1)).date()) == []


def test_a_common_word_reads_the_publication_index(make_article, monkeypatch):
    """A common word is answered from the newest public versions: its match is a
    filter on the publication index, not a GIN scan of all its matches."""
    monkeypatch.setattr(search, "COMMON_SHARE", 0.01)
    for _number in range(3):
        make_article(public=("en",), title_en="Energy", body_en="<p>Energy prices.</p>")

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = search_articles("energy", "en").explain()
        # Even without the publication indexes, the GIN index cannot serve it.
        cursor.execute("DROP INDEX article_published_en; DROP INDEX article_public_en")
        without = search_articles("energy", "en").explain()

    # (Newest first on the archive; a handful of rows may be read as a bitmap,
    # from either index on the English moment: the plain or the partial public one.)
    assert "article_published_en" in plan or "article_public_en" in plan, plan
    assert "article_search_en" not in plan + without, without


def test_a_typo_is_still_found_when_the_sample_is_all_misses(make_article, monkeypatch):
    """The newest versions do not match the words, so the typo test runs in the
    database, on all public versions: an older exact match rules typos out."""
    monkeypatch.setattr(search, "SAMPLE", 2)
    now = timezone.now()
    make_article(public=("en",), title_en="Karabakh talks", published_at_en=now - timedelta(days=1))
    for hours in (1, 2):
        make_article(
            public=("en",),
            title_en=f"Weather {hours}",
            published_at_en=now - timedelta(hours=hours),
        )

    assert titles("en", "karabah talks") == ["Karabakh talks"]
    assert titles("en", "weathr") == ["Weather 1", "Weather 2"]


def test_names_are_looked_up_in_the_trigram_index(make_article):
    """A search finds the tags named like it through their trigram index, even
    with a few thousand tags: comparing every name instead cost ~10 ms a search
    (the planner took random reads for a spinning disk's; turan/apps.py)."""
    syllables = ["ка", "ми", "ру", "зо", "ле", "на", "ту", "рг", "ба", "хи", "до", "се", "ол", "ян"]

    def word(number, length):
        return "".join(syllables[(number // 14**place) % 14] for place in range(length)).title()

    tags = Tag.objects.bulk_create(
        Tag(kind=Tag.Kind.PERSON, name_ru=f"{word(n, 3)} {word(n * 7 + 3, 4)}", slug=f"p{n}")
        for n in range(3000)
    )
    for start in range(0, len(tags), 100):
        make_article(public=("ru",)).tags.add(*tags[start : start + 100])
    with connection.cursor() as cursor:
        # As autovacuum leaves them: the index's pending insertions merged, statistics read.
        cursor.execute("SELECT gin_clean_pending_list('tag_name_trgm_ru'::regclass)")
        cursor.execute("ANALYZE tags_tag, articles_article_tags, articles_article")

    plan = search.sample_query(search.Terms.of("Овурал Тамаан", "ru")).explain()

    assert "tag_name_trgm_ru" in plan, plan
    assert "Seq Scan on tags_tag" not in plan, plan


def test_search_documents_are_kept_in_the_row(make_article):
    """A search reads the document of every candidate it considers: it is kept
    in the article's row, not fetched from TOAST (migration 0010), even when
    its size would send it there."""
    words = " ".join(f"topic{number} analysis{number}" for number in range(150))
    article = make_article(public=("en",), body_en=f"<p>{words}</p>")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(search_en), pg_column_toast_chunk_id(search_en),"
            " pg_column_toast_chunk_id(body_en) FROM articles_article WHERE id = %s",
            [article.pk],
        )
        size, document_chunk, body_chunk = cursor.fetchone()

    assert 2100 < size < 7000, size  # past the size PostgreSQL moves out of line
    assert document_chunk is None
    assert body_chunk is not None  # bodies do go to TOAST


# Misspelt words: "Did you mean …"


@pytest.fixture
def caspian_content(make_article):
    """Articles like the demo's: the Caspian in every language, a tagged person."""
    gas = make_article(
        public=("ru", "az", "en"),
        title_ru="Каспийский газ для Европы",
        title_az="Xəzər qazı Avropa üçün",
        title_en="Caspian Gas for Europe",
        body_ru="<p>Контракты длиннее политики.</p>",
        body_az="<p>Müqavilələr siyasətdən uzun ömürlüdür.</p>",
        body_en="<p>Contracts outlast politics.</p>",
    )
    interview = make_article(
        public=("ru", "az", "en"),
        title_ru="Интервью о побережье",
        title_az="Sahil haqqında müsahibə",
        title_en="An interview about the coast",
    )
    interview.tags.add(
        Tag.objects.create(
            kind=Tag.Kind.PERSON,
            name_ru="Намиг Алиизаде",
            name_az="Namiq Əlizadə",
            name_en="Namig Alizade",
            slug="namig-alizade",
        )
    )
    make_article(
        public=("ru", "az", "en"),
        title_ru="Урожай винограда",
        title_az="Üzüm məhsulu",
        title_en="Grape harvest",
    )
    return gas, interview


@pytest.mark.parametrize(
    ("language", "typed", "suggested", "found"),
    [
        ("en", "Caspain", "Caspian", "Caspian Gas for Europe"),
        ("ru", "Алиезаде", "Алиизаде", "Интервью о побережье"),
        ("az", "Xazar", "Xəzər", "Xəzər qazı Avropa üçün"),
        ("az", "xezer qazi", None, "Xəzər qazı Avropa üçün"),
        ("ru", "Каспийсий", None, "Каспийский газ для Европы"),
    ],
)
def test_a_misspelt_word_shows_the_results_of_the_closest_spelling(
    client, caspian_content, language, typed, suggested, found
):
    html = client.get(search_url(language, q=typed)).text

    assert result_titles(html) == [found]
    if suggested:
        assert search.suggest(typed, language) == suggested
        correction = html.split('class="search-correction"')[1].split("</p>")[0]
        assert typed in correction
        assert suggested in correction
    else:
        assert "search-correction" not in html


@pytest.mark.parametrize(
    ("language", "query"),
    [("en", "Zanzibar"), ("ru", "Фотосинтез"), ("az", "Kompüter"), ("en", "quantum physics")],
)
def test_unrelated_words_still_find_nothing(client, caspian_content, language, query):
    html = client.get(search_url(language, q=query)).text

    assert result_titles(html) == []
    assert "search-correction" not in html
    assert "0 articles found" in html or "0 статей" in html or "0 məqalə" in html


def test_a_word_of_the_titles_is_not_corrected(caspian_content):
    assert search.suggest("Caspian harvest", "en") is None
    assert search.suggest("Caspian harvet", "en") == "Caspian harvest"


def test_few_results_offer_the_closer_spelling_as_a_link(client, make_article):
    make_article(public=("en",), title_en="Ferry news", body_en="<p>A caspain typo.</p>")
    for number in range(3):
        make_article(public=("en",), title_en=f"Caspian ferry {number}")

    html = client.get(search_url("en", q="caspain")).text

    assert result_titles(html) == ["Ferry news"]
    assert 'Did you mean: <a class="search-correction__link" href="?q=caspian">caspian</a>?' in html


def test_a_suggestion_never_names_words_found_only_in_unpublished_titles(client, make_article):
    make_article(public=(), title_en="Embargoed resignation")

    html = client.get(search_url("en", q="resignatoin")).text

    assert "search-correction" not in html
    assert "resignation" not in html


def test_the_corrected_results_page_on_with_the_corrected_words(client, make_article):
    for number in range(25):
        make_article(public=("en",), title_en=f"Caspian ferry {number}")

    html = client.get(search_url("en", q="Caspain")).text

    assert len(result_titles(html)) == 20
    assert 'rel="next" href="?q=Caspian&amp;page=2"' in html
    assert len(result_titles(client.get(search_url("en", q="Caspian", page=2)).text)) == 5


def test_the_suggestion_uses_the_trigram_index(caspian_content):
    """With thousands of words in every language, a misspelt word is looked up
    through the trigram index, not compared with each word of its language."""
    letters = "bcdfgklmnprstvz"
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_title_word (language, word)"
            " SELECT language, word FROM unnest(%s::text[]) AS word,"
            " unnest(array['ru', 'az', 'en']) AS language",
            [
                [
                    f"{letters[n % 15]}a{letters[n // 15 % 15]}o{letters[n // 225 % 15]}i"
                    for n in range(3000)
                ]
            ],
        )
        cursor.execute("ANALYZE search_title_word")
        cursor.execute("EXPLAIN " + search.SUGGEST_SQL, {"language": "en", "words": ["caspain"]})
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "search_title_word_loose" in plan, plan
    assert "Seq Scan on search_title_word" not in plan, plan
    assert search.suggest("Caspain", "en") == "Caspian"


# A common word: more matches than are ranked


@time_machine.travel(MIDDAY, tick=False)
@pytest.mark.parametrize("common_share", [0.01, 1.01], ids=["common", "rare"])
def test_a_capped_count_says_more_than_and_suggests_the_dates(
    client, make_article, monkeypatch, common_share
):
    monkeypatch.setattr(search, "MAX_CANDIDATES", 4)
    monkeypatch.setattr(search, "COMMON_SHARE", common_share)
    now = timezone.now()
    for hours in range(1, 7):
        make_article(
            public=("en", "ru"),
            title_en=f"Oil news {hours}",
            title_ru=f"Нефть {hours}",
            published_at_en=now - timedelta(hours=hours),
            published_at_ru=now - timedelta(hours=hours),
        )

    html = client.get(search_url("en", q="oil")).text
    russian = client.get(search_url("ru", q="нефть")).text

    assert "More than 4 articles found" in html
    assert "4 articles found" not in html.replace("More than 4 articles found", "")
    assert "narrow the search with the dates" in html
    assert len(result_titles(html)) == 4
    assert "Найдено более 4 статей" in russian
    assert "сузьте поиск датами" in russian


@time_machine.travel(MIDDAY, tick=False)
def test_exactly_as_many_matches_as_are_ranked_is_no_more_than(client, make_article, monkeypatch):
    monkeypatch.setattr(search, "MAX_CANDIDATES", 4)
    for hours in range(1, 5):
        make_article(public=("en",), title_en=f"Oil news {hours}")

    html = client.get(search_url("en", q="oil")).text

    assert "4 articles found" in html
    assert "More than" not in html
    assert "narrow the search" not in html


# Excerpts: whole words, marked cuts, blocks kept apart

LONG_BODY = (
    "<h2>The ferry crossing</h2>"
    "<p>Shippers looking for an alternative to the northern routes have turned to the chain"
    " running from China through Kazakhstan and on through Azerbaijan and Georgia to Europe."
    " The Caspian fleet is small, and sailings depend on the weather and on congestion in"
    " the ports, which the operators describe as the narrowest part of the whole route from"
    " the Chinese border to the Black Sea coast. Politicians on both shores of the sea speak"
    " readily of a bridge between continents, yet the ferries still sail half empty in winter"
    " and the timetables change from week to week without any notice to the forwarders.</p>"
    "<ul><li>Railcars are short.</li><li>Customs take days.</li></ul>"
)


def words_of(text):
    return re.findall(r"[^\W_]+", text)


def test_an_excerpt_keeps_whole_words_and_marks_its_cuts(client, make_article):
    make_article(public=("en",), title_en="Corridor", lead_en="", body_en=LONG_BODY)
    source = set(words_of(re.sub(r"<[^>]+>", " ", LONG_BODY)))

    [middle] = snippets(client.get(search_url("en", q="congestion")).text)
    [late] = snippets(client.get(search_url("en", q="forwarders")).text)

    for text in (middle, late):
        plain = re.sub(r"<[^>]+>", " ", text)
        assert set(words_of(plain)) <= source, text
        assert plain.startswith("…") or plain[:1].isupper(), text
        assert plain.endswith(("…", ".")), text
    # The match's sentence is shown from its start, not from the word before the match.
    assert middle.startswith("…The Caspian fleet is small") or middle.startswith(
        "The Caspian fleet is small"
    ), middle
    assert "<mark>congestion</mark>" in middle
    assert middle.endswith("to the Black Sea coast."), middle
    assert "<mark>forwarders</mark>.<br>Railcars are short." in late, late


def test_an_excerpt_keeps_a_heading_apart_from_its_paragraph(client, make_article):
    make_article(public=("en",), title_en="Corridor", lead_en="", body_en=LONG_BODY)

    [text] = snippets(client.get(search_url("en", q="ferry crossing")).text)

    assert text.startswith("The <mark>ferry</mark> <mark>crossing</mark><br>Shippers looking")
    assert "crossing Shippers" not in text


def test_an_excerpt_keeps_the_lead_apart_from_the_body(client, make_article):
    make_article(
        public=("en",),
        title_en="Ports",
        lead_en="A short lead without a full stop",
        body_en="<p>Tankers wait at Aktau.</p>",
    )

    [text] = snippets(client.get(search_url("en", q="tankers")).text)

    assert text == "A short lead without a full stop<br><mark>Tankers</mark> wait at Aktau."


def test_an_excerpt_at_the_end_of_a_cut_text_shows_no_part_of_a_word(
    client, make_article, monkeypatch
):
    body = "<p>The tanker reached Baku on Monday morning after a storm delayed it.</p>"
    make_article(public=("en",), title_en="Report", lead_en="", body_en=body)
    monkeypatch.setattr(search, "SNIPPET_SOURCE_LENGTH", len("The tanker reached Baku on Mond"))

    [text] = snippets(client.get(search_url("en", q="tanker")).text)

    assert text == "The <mark>tanker</mark> reached Baku on…"


def test_russian_and_azerbaijani_excerpts_are_cut_the_same_way(client, make_article):
    make_article(
        public=("ru", "az"),
        title_ru="Коридор",
        title_az="Dəhliz",
        lead_ru="",
        lead_az="",
        body_ru="<h2>Паромная переправа</h2><p>Каспийский флот невелик. Рейсы зависят от погоды.</p>",
        body_az="<h2>Bərə keçidi</h2><p>Xəzər donanması kiçikdir. Reyslər havadan asılıdır.</p>",
    )

    [russian] = snippets(client.get(search_url("ru", q="флот")).text)
    [azerbaijani] = snippets(client.get(search_url("az", q="donanmasi")).text)

    assert "Паромная переправа<br>Каспийский <mark>флот</mark> невелик." in russian
    assert "Bərə keçidi<br>Xəzər <mark>donanması</mark> kiçikdir." in azerbaijani


# Sorting by date


def test_results_sort_by_relevance_or_by_date(client, make_article):
    now = timezone.now()
    make_article(
        public=("en",),
        title_en="Tanker rules",
        body_en="<p>Old.</p>",
        published_at_en=now - timedelta(days=3),
    )
    make_article(
        public=("en",),
        title_en="Port news",
        body_en="<p>A tanker docked.</p>",
        published_at_en=now - timedelta(hours=2),
    )

    relevance = client.get(search_url("en", q="tanker")).text
    by_date = client.get(search_url("en", q="tanker", sort="date")).text
    again = client.get(search_url("en", q="tanker", sort="relevance")).text

    assert result_titles(relevance) == ["Tanker rules", "Port news"]
    assert result_titles(by_date) == ["Port news", "Tanker rules"]
    assert result_titles(again) == result_titles(relevance)
    sorting = by_date.split('class="search-sort"')[1].split("</p>")[0]
    assert '<a href="?q=tanker">relevance</a>' in sorting
    assert '<strong aria-current="true">date, newest first</strong>' in sorting
    assert '<input type="hidden" name="sort" value="date">' in by_date
    relevance_sorting = relevance.split('class="search-sort"')[1].split("</p>")[0]
    assert '<a href="?q=tanker&amp;sort=date">date, newest first</a>' in relevance_sorting


@pytest.mark.parametrize("sort", ["", "DATE", "score", "date; DROP TABLE", "\x00date", "x" * 300])
def test_a_bad_sort_is_by_relevance(client, make_article, sort):
    make_article(
        public=("en",), title_en="Tanker rules", published_at_en=timezone.now() - timedelta(days=3)
    )
    make_article(public=("en",), title_en="Port news", body_en="<p>A tanker.</p>")

    response = client.get(search_url("en", q="tanker", sort=sort))

    assert response.status_code == 200
    assert result_titles(response.text) == ["Tanker rules", "Port news"]


def test_the_sort_keeps_through_pages_and_russian_labels(client, make_article):
    for number in range(22):
        make_article(public=("ru",), title_ru=f"Нефть {number}")

    html = client.get(search_url("ru", q="нефть", sort="date")).text

    assert 'rel="next" href="?q=%D0%BD%D0%B5%D1%84%D1%82%D1%8C&amp;sort=date&amp;page=2"' in html
    assert "по дате, сначала новые" in html


# Switching language on a results page


def test_a_search_switched_to_a_language_where_it_finds_nothing_says_why(client, make_article):
    make_article(public=("en", "ru"), title_en="Caspian gas", title_ru="Каспийский газ")

    english = client.get(search_url("en", q="Caspian gas")).text
    switcher = english.split('class="language-switcher"')[1].split("</nav>")[0]
    [russian_link] = re.findall(r'href="(/ru/search/[^"]+)"', switcher)
    russian = client.get(russian_link.replace("&amp;", "&")).text

    assert result_titles(english) == ["Caspian gas"]
    assert result_titles(russian) == []
    explanation = russian.split('class="search-switched"')[1].split("</p>")[0]
    assert "читает только статьи, опубликованные на языке страницы" in explanation
    assert "английский" in explanation.lower()
    assert 'href="/en/search/?q=Caspian+gas" hreflang="en">Вернуться к предыдущему поиску</a>' in (
        explanation
    )


def test_a_switched_search_that_finds_articles_shows_them_without_a_warning(client, make_article):
    make_article(public=("en", "az"), title_en="NATO summit", title_az="NATO sammiti")

    html = client.get(search_url("az", q="NATO", searched_in="en")).text

    assert result_titles(html) == ["NATO sammiti"]
    assert "search-switched" not in html


@pytest.mark.parametrize("searched_in", ["ru", "xx", "<script>", ""])
def test_no_warning_without_a_real_other_language(client, searched_in):
    response = client.get(search_url("ru", q="zzzz", searched_in=searched_in))

    assert response.status_code == 200
    assert "search-switched" not in response.text


# Dates in the page language's format


@pytest.mark.parametrize(
    ("language", "typed", "hint"),
    [
        ("ru", {"from": "01.05.2024", "to": "31.05.2024"}, "ДД.ММ.ГГГГ"),
        ("az", {"from": "01.05.2024", "to": "31.05.2024"}, "GG.AA.İİİİ"),
        ("en", {"from": "01/05/2024", "to": "31/05/2024"}, "DD/MM/YYYY"),
        ("en", {"from": "2024-05-01", "to": "2024-05-31"}, "DD/MM/YYYY"),  # older links
    ],
)
def test_dates_are_typed_in_the_page_languages_format(client, make_article, language, typed, hint):
    for day, title in ((date(2024, 4, 30), "April"), (date(2024, 5, 15), "May")):
        make_article(
            public=(language,),
            **{
                f"title_{language}": f"Oil {title}",
                f"published_at_{language}": datetime.combine(day, datetime.min.time(), BAKU),
            },
        )

    html = client.get(search_url(language, q="oil", **typed)).text

    assert result_titles(html) == ["Oil May"]
    assert 'type="date"' not in html
    assert f'<span class="search-form__hint" id="search-from-hint">{hint}</span>' in html
    shown = "01/05/2024" if language == "en" else "01.05.2024"
    assert f'value="{shown}"' in html


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        ("ru", "2024-13-01", "Введите дату в виде ДД.ММ.ГГГГ, например 31.12.2024."),
        ("ru", "31/05/2024", "Введите дату в виде ДД.ММ.ГГГГ, например 31.12.2024."),
        ("az", "32.01.2024", "Tarixi GG.AA.İİİİ şəklində yazın, məsələn, 31.12.2024."),
        ("en", "05/31/2024", "Enter a date as DD/MM/YYYY, for example 31/12/2024."),
        ("en", "\x00<b>", "Enter a date as DD/MM/YYYY, for example 31/12/2024."),
    ],
)
def test_a_bad_date_is_a_message_on_its_field(client, language, typed, message):
    response = client.get(search_url(language, q="oil", **{"from": typed}))

    assert response.status_code == 200
    field = response.text.split('<label for="search-from">')[1].split("</p>")[0]
    assert 'aria-invalid="true"' in field
    assert f'<span class="search-form__error" id="search-from-errors">{message}</span>' in field
    assert "<b>" not in field


def _plan_counts(names):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE name = ANY(%s)",
            [list(names)],
        )
        return {name: (generic, custom) for name, generic, custom in cursor.fetchall()}


def test_the_sample_is_planned_once_and_the_page_for_its_words(make_article):
    """The sample's plan is the same for any words: its generic plan serves
    every search. The page's is left to PostgreSQL (planned for its words
    while that looks cheaper; at 100,000 articles, always). The session may
    have run both before: the counts are compared."""
    make_article(public=("en",), title_en="Harvest figures", body_en="<p>Harvest figures.</p>")
    first = search.SearchResults("harvest", "en")
    assert [result.title for result in first[0:20]] == ["Harvest figures"]
    (_compiled, sample) = first._sql(("sample", *first.terms.shape()), first.terms, None)
    (_compiled, page) = first._page()
    before = _plan_counts([sample.name, page.name])
    for _ in range(3):
        results = search.SearchResults("harvest", "en")
        assert [result.title for result in results[0:20]] == ["Harvest figures"]
    after = _plan_counts([sample.name, page.name])
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("auto",)
    delta = {
        name: tuple(now - then for now, then in zip(after[name], before[name], strict=True))
        for name in after
    }
    assert delta[sample.name] == (3, 0)
    assert sum(delta[page.name]) == 3
