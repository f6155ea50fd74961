"""The reader's pages: home, section, tag, person, author, quotes, date archives,
article extras (breadcrumbs, share links, related articles), the language
switcher, the remembered language, error pages and query budgets."""

import re
from datetime import date, datetime, timedelta
from urllib.parse import quote as urlquote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from articles.models import Byline
from authors.models import Author
from public.views import server_error
from quotes.models import Quote
from tags.models import Tag

pytestmark = pytest.mark.django_db

BAKU = ZoneInfo("Asia/Baku")
LANGUAGES = ["ru", "az", "en"]


def main(html):
    """The page's main landmark, without header and footer (section nav, switcher)."""
    return html.split('<main id="content"')[1].split("</main>")[0]


def count_queries(client, url, status=200):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == status, url
    return len(queries)


def article_titles(code, text):
    """Titles in every language, marked with their language: ``Shown [en]``."""
    return {f"title_{c}": f"{text} [{c}]" for c in LANGUAGES}


@pytest.fixture
def person():
    return Tag.objects.create(
        kind=Tag.Kind.PERSON, name_ru="Ариф Керимов", name_az="Arif Kərimov", name_en="Arif Karimov"
    )


@pytest.fixture
def topic():
    return Tag.objects.create(kind=Tag.Kind.TOPIC, name_en="Energy", name_ru="Энергетика")


def quote_by(speaker, **fields):
    values = {
        "text_en": "Partnership is a process.",
        "text_ru": "Партнёрство — это процесс.",
        "speaker_role_en": "Deputy Foreign Minister (2009–2014)",
        "speaker_role_ru": "заместитель министра (2009–2014)",
    }
    values.update(fields)
    return Quote.objects.create(speaker=speaker, **values)


def placed(quote):
    body = f'<p>Text.</p><figure data-quote="{quote.pk}"></figure>'
    return {f"body_{code}": body for code in LANGUAGES}


# Home


@pytest.mark.parametrize("code", LANGUAGES)
def test_home_shows_lead_latest_per_section_and_people(client, make_article, make_section, code):
    analytics = make_section(name_en="Analytics", slug="analytics", position=1)
    economy = make_section(name_en="Economy", slug="economy", position=2)
    now = timezone.now()
    people = Tag.objects.create(kind=Tag.Kind.PERSON, **{f"name_{code}": "Leyla Mammadova"})
    older = make_article(
        section=analytics,
        **article_titles(code, "Older analysis"),
        **{f"published_at_{code}": now - timedelta(days=2)},
    )
    make_article(
        section=economy,
        **article_titles(code, "Gas and growth"),
        **{f"published_at_{code}": now - timedelta(days=1)},
    )
    lead = make_article(
        section=analytics,
        **article_titles(code, "The lead story"),
        **{f"published_at_{code}": now - timedelta(hours=1)},
    )
    older.tags.add(people)
    lead.tags.add(people)

    response = client.get(f"/{code}/")
    html = main(response.text)

    assert response.status_code == 200
    assert f'<html lang="{code}">' in response.text
    assert html.index(f"The lead story [{code}]") < html.index(f"Older analysis [{code}]")
    assert html.count(f"The lead story [{code}]") == 1  # the lead leaves its section's list
    assert html.index(f"Older analysis [{code}]") < html.index(f"Gas and growth [{code}]")
    assert f'href="/{code}/section/economy/"' in html
    people_block = html.split('id="people-title"')[1]
    assert f'href="/{code}/tag/{people.slug}/"' in people_block


def test_home_shows_the_newest_four_public_articles_of_each_section(
    client, make_article, make_section
):
    now = timezone.now()
    sections = [make_section(name_en=f"S{i}", slug=f"s{i}", position=i) for i in (1, 2)]
    # The newest of all: the lead story, which leaves its section's list.
    make_article(section=sections[0], title_en="Lead", published_at_en=now)
    for section in sections:
        for hours in range(1, 7):
            make_article(
                section=section,
                title_en=f"{section.slug} {hours}h",
                published_at_en=now - timedelta(hours=hours),
            )
        make_article(
            section=section,
            title_en=f"{section.slug} scheduled",
            published_at_en=now + timedelta(hours=1),
        )

    html = main(client.get("/en/").text)

    for section in sections:
        shown = re.findall(rf">({section.slug} \w+)<", html)
        assert shown == [f"{section.slug} {hours}h" for hours in (1, 2, 3, 4)]
    assert html.count(">Lead<") == 1


def test_home_shows_only_public_versions_of_its_language(client, make_article):
    make_article(public=("en",), title_en="Visible in English")
    make_article(public=("ru",), title_en="Russian only, English draft")
    make_article(title_en="A draft")
    make_article(title_en="Scheduled", published_at_en=timezone.now() + timedelta(hours=3))

    html = main(client.get("/en/").text)

    assert "Visible in English" in html
    for hidden in ("Russian only, English draft", "A draft", "Scheduled"):
        assert hidden not in html


def test_home_with_nothing_published(client):
    response = client.get("/az/")

    assert response.status_code == 200
    assert '<html lang="az">' in response.text


def test_people_in_the_news_count_recent_public_articles_of_the_language(client, make_article):
    busy = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Busy Person")
    quiet = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Quiet Person")
    forgotten = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Forgotten Person")
    unpublished = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Unpublished Person")
    place = Tag.objects.create(kind=Tag.Kind.PLACE, name_en="Karabakh")
    for _ in range(2):
        make_article(public=("en",)).tags.add(busy, place)
    make_article(public=("en",)).tags.add(quiet)
    make_article(published_at_en=timezone.now() - timedelta(days=90)).tags.add(forgotten)
    make_article(public=("ru",)).tags.add(unpublished)

    block = client.get("/en/").text.split('id="people-title"')[1].split("</section>")[0]

    assert block.index("Busy Person") < block.index("Quiet Person")
    assert "2 articles" in block and "1 article" in block
    for absent in ("Forgotten Person", "Unpublished Person", "Karabakh"):
        assert absent not in block


def test_home_query_count_does_not_grow_with_sections(
    client, make_article, make_section, django_assert_max_num_queries
):
    make_article(public=("en",))
    # Page queries plus the page cache's one (content version, next moment)
    # and the editors' placements (frontpage), once per content version.
    with django_assert_max_num_queries(6):
        assert client.get("/en/").status_code == 200

    for number in range(8):
        section = make_section(name_en=f"Section {number}", slug=f"section-{number}")
        person = Tag.objects.create(kind=Tag.Kind.PERSON, name_en=f"Person {number}")
        for _ in range(6):
            article = make_article(public=("en",), section=section)
            article.tags.add(person)
            Byline.objects.create(article=article, author=Author.objects.create(name_en="A"))

    with django_assert_max_num_queries(6):
        html = client.get("/en/").text
    assert html.count('class="home-block"') + html.count("home-block--featured") >= 8


# Section, tag, person and author pages in every language


@pytest.mark.parametrize("code", LANGUAGES)
def test_section_tag_and_author_pages_in_each_language(client, make_article, make_section, code):
    section = make_section(slug="economy")
    tag = Tag.objects.create(kind=Tag.Kind.ORGANISATION, slug="world-bank", name_en="World Bank")
    author = Author.objects.create(slug="helen-morrow", name_en="Helen Morrow", bio_en="Writes.")
    shown = make_article(public=(code,), section=section, **article_titles(code, "Shown"))
    other_codes = [c for c in LANGUAGES if c != code]
    hidden = make_article(public=other_codes, section=section, **article_titles(code, "Hidden"))
    for article in (shown, hidden):
        article.tags.add(tag)
        Byline.objects.create(article=article, author=author)

    for url in (f"/{code}/section/economy/", f"/{code}/tag/world-bank/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{code}">' in response.text
        assert f"Shown [{code}]" in main(response.text) and "Hidden" not in main(response.text)
        assert f'href="{shown.get_absolute_url(code)}"' in response.text
    author_page = client.get(f"/{code}/author/helen-morrow/")
    assert f"Shown [{code}]" in author_page.text and "Hidden" not in author_page.text
    assert "Helen Morrow" in author_page.text
    bio = (
        '<div class="author-card__bio"'
        + ("" if code == "en" else ' lang="en"')
        + "><p>Writes.</p></div>"
    )
    assert bio in author_page.text


@pytest.mark.parametrize(
    "url", ["/en/section/nope/", "/en/tag/nope/", "/en/author/nope/", "/en/quotes/?speaker=nope"]
)
def test_unknown_slugs_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("kind", [Tag.Kind.TOPIC, Tag.Kind.ORGANISATION, Tag.Kind.PLACE])
def test_tag_pages_name_their_kind(client, make_article, kind):
    tag = Tag.objects.create(kind=kind, name_en="Something")
    make_article(public=("en",)).tags.add(tag)

    html = main(client.get(tag.get_absolute_url()).text)

    assert f'<p class="tag-header__kind">{Tag.Kind(kind).label}</p>' in html
    assert "quotes-block" not in html


@pytest.mark.parametrize("code", LANGUAGES)
def test_person_page_shows_articles_and_quotes_with_date_and_role(
    client, make_article, person, code
):
    said = quote_by(
        person,
        said_on=date(2017, 11, 25),
        text_az="Tərəfdaşlıq bir prosesdir.",
        speaker_role_az="xarici işlər nazirinin müavini (2009–2014)",
    )
    article = make_article(public=(code,), **placed(said), **article_titles(code, "About him"))
    article.tags.add(person)

    with translation.override(code):
        url = person.get_absolute_url()
    html = main(client.get(url).text)

    words = {"en": "Partnership is a process.", "ru": "Партнёрство — это процесс.",
             "az": "Tərəfdaşlıq bir prosesdir."}[code]  # fmt: skip
    role = {"en": "Deputy Foreign Minister (2009–2014)", "ru": "заместитель министра (2009–2014)",
            "az": "xarici işlər nazirinin müavini (2009–2014)"}[code]  # fmt: skip
    day = {"en": "25 November 2017", "ru": "25 ноября 2017", "az": "25 noyabr 2017"}[code]
    quotes = html.split('class="quotes-block"')[1].split("</section>")[0]
    assert words in quotes and role in quotes and day in quotes
    assert 'datetime="2017-11-25"' in quotes
    assert f'href="/{code}/quotes/?speaker={person.slug}"' in quotes
    assert f"About him [{code}]" in html


def test_person_page_hides_quotes_carried_only_by_unpublished_articles(
    client, make_article, person
):
    public_quote = quote_by(person, text_en="Said in public.")
    embargoed = quote_by(person, text_en="Under embargo.")
    make_article(public=("en",), **placed(public_quote))
    make_article(published_at_en=timezone.now() + timedelta(days=1), **placed(embargoed))
    make_article(public=("ru",), **placed(embargoed))

    html = client.get(person.get_absolute_url()).text
    quotes_page = client.get(f"/en/quotes/?speaker={person.slug}").text

    for page in (html, quotes_page):
        assert "Said in public." in page and "Under embargo." not in page


def test_quote_without_a_date_shows_when_it_was_first_published(client, make_article, person):
    quote = quote_by(person, said_on=None)
    make_article(published_at_en=datetime(2020, 3, 9, 10, 0, tzinfo=BAKU), **placed(quote))

    html = client.get(person.get_absolute_url()).text

    assert "9 March 2020" in html.split('class="quotes-block"')[1]


def test_person_page_query_count_with_many_quotes(
    client, make_article, person, django_assert_max_num_queries
):
    article = make_article(public=("en",), **placed(quote_by(person)))
    article.tags.add(person)
    with django_assert_max_num_queries(7):
        client.get(person.get_absolute_url())

    for number in range(30):
        speaker = person if number % 2 else Tag.objects.create(kind=Tag.Kind.PERSON, name_en="X")
        extra = make_article(public=("en",), **placed(quote_by(speaker, text_en=f"Words {number}")))
        extra.tags.add(person)
        Byline.objects.create(article=extra, author=Author.objects.create(name_en=f"A{number}"))

    with django_assert_max_num_queries(7):
        html = client.get(person.get_absolute_url()).text
    assert html.count('class="quote-card"') == 5


# Quotes archive


def test_quotes_archive_filters_by_speaker(client, make_article, person):
    other = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Aygun Nasibova")
    make_article(public=("en",), **placed(quote_by(person, text_en="From Arif.")))
    make_article(public=("en",), **placed(quote_by(other, text_en="From Aygun.")))

    everyone = main(client.get("/en/quotes/").text)
    arif = main(client.get(f"/en/quotes/?speaker={person.slug}").text)

    assert "From Arif." in everyone and "From Aygun." in everyone
    assert "From Arif." in arif and "From Aygun." not in arif
    assert f'<option value="{person.slug}" selected>Arif Karimov</option>' in arif


def test_speaker_list_offers_the_most_quoted_and_the_chosen_one(
    client, make_article, person, monkeypatch
):
    from articles import selectors

    other = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Aygun Nasibova")
    quiet = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Never Quoted")
    make_article(public=("en",), **placed(quote_by(person)))
    make_article(public=("en",), **placed(quote_by(person, text_en="Again.")))
    make_article(public=("en",), **placed(quote_by(other)))
    limited = selectors.quote_speakers
    monkeypatch.setattr(selectors, "quote_speakers", lambda code: limited(code, limit=1))

    everyone = client.get("/en/quotes/").text.split("<select")[1].split("</select>")[0]
    chosen = client.get(f"/en/quotes/?speaker={other.slug}").text.split("<select")[1]

    assert "Arif Karimov" in everyone and "Aygun Nasibova" not in everyone
    assert f'<option value="{other.slug}" selected>Aygun Nasibova</option>' in chosen
    assert quiet.slug not in everyone


def test_speaker_list_is_aggregated_once_per_content_version(
    client, make_article, person, monkeypatch
):
    from articles import selectors

    make_article(public=("en",), **placed(quote_by(person)))
    asked = []
    counted = selectors.quote_speakers
    monkeypatch.setattr(
        selectors, "quote_speakers", lambda code: asked.append(code) or counted(code)
    )

    for query in ("", "?page=1", f"?speaker={person.slug}"):
        assert "Arif Karimov" in client.get(f"/en/quotes/{query}").text.split("</select>")[0]
    assert asked == ["en"]

    # A publication changes the version: the next page counts anew and shows the new speaker.
    other = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Aygun Nasibova")
    make_article(public=("en",), **placed(quote_by(other)))
    assert "Aygun Nasibova" in client.get("/en/quotes/").text.split("</select>")[0]
    assert asked == ["en", "en"]


def test_speaker_list_changes_at_a_scheduled_moment(client, make_article, person):
    later = timezone.now() + timedelta(minutes=5)
    other = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Aygun Nasibova")
    make_article(public=("en",), **placed(quote_by(person)))
    make_article(published_at_en=later, **placed(quote_by(other)))
    assert "Aygun Nasibova" not in client.get("/en/quotes/").text.split("</select>")[0]

    with time_machine.travel(later + timedelta(seconds=1)):
        assert "Aygun Nasibova" in client.get("/en/quotes/").text.split("</select>")[0]


def test_quotes_archive_rejects_tags_that_are_not_people(client, topic):
    assert client.get(f"/en/quotes/?speaker={topic.slug}").status_code == 404


@pytest.mark.parametrize("code", LANGUAGES)
def test_quotes_archive_in_each_language(client, make_article, person, code):
    make_article(public=(code,), **placed(quote_by(person, **{f"text_{code}": f"Words {code}"})))

    response = client.get(f"/{code}/quotes/")

    assert f'<html lang="{code}">' in response.text
    assert f"Words {code}" in main(response.text)


def test_quotes_archive_pagination_keeps_the_speaker(client, make_article, person):
    for number in range(21):
        make_article(public=("en",), **placed(quote_by(person, text_en=f"Words {number}")))

    first = client.get(f"/en/quotes/?speaker={person.slug}").text
    second = client.get(f"/en/quotes/?speaker={person.slug}&page=2")

    assert f'href="/en/quotes/?speaker={person.slug}&amp;page=2"' in first
    assert second.status_code == 200 and second.text.count('class="quote-card"') == 1
    assert f'rel="prev" href="/en/quotes/?speaker={person.slug}"' in second.text
    assert client.get(f"/en/quotes/?speaker={person.slug}&page=3").status_code == 404


# Pagination on every list


def list_urls(article, tag, author):
    return [
        f"/en/section/{article.section.slug}/",
        f"/en/tag/{tag.slug}/",
        f"/en/author/{author.slug}/",
        "/en/archive/2020/03/",
        "/en/archive/2020/03/09/",
    ]


@pytest.fixture
def twenty_one(make_article, make_section, topic):
    """21 public English articles on 9 March 2020, in one section, tag and byline."""
    section = make_section(slug="economy")
    author = Author.objects.create(name_en="Helen Morrow")
    moment = datetime(2020, 3, 9, 10, 0, tzinfo=BAKU)
    articles = []
    for number in range(21):
        article = make_article(
            section=section,
            title_en=f"Article {number:02d}",
            published_at_en=moment + timedelta(minutes=number),
        )
        article.tags.add(topic)
        Byline.objects.create(article=article, author=author)
        articles.append(article)
    return list_urls(articles[0], topic, author)


def test_lists_have_twenty_per_page_and_404_past_the_end(client, twenty_one):
    for url in twenty_one:
        first = client.get(url).text
        second = client.get(f"{url}?page=2")
        assert first.count('class="teaser"') == 20, url
        path = url.split("?")[0]
        assert f'rel="next" href="{path}?page=2"' in first, url
        assert second.status_code == 200 and second.text.count('class="teaser"') == 1, url
        assert "Article 00" in second.text, url  # the oldest comes last
        # Page 1 has no number, and its address is the list's own, never a bare "?".
        assert f'rel="prev" href="{path}"' in second.text, url
        assert client.get(f"{url}?page=last").status_code == 200, url
        assert client.get(f"{url}?page=3").status_code == 404, url


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "", "9" * 40, "%00"])
def test_malformed_page_numbers_are_404_not_500(client, twenty_one, page):
    for url in [*twenty_one, "/en/quotes/"]:
        status = client.get(f"{url}?page={page}").status_code
        # An empty page parameter means the first page.
        assert status == (200 if page == "" else 404), url


def test_a_section_with_nothing_public_in_the_language_is_a_404_in_it(
    client, make_section, make_article
):
    section = make_section(slug="empty", name_ru="Пустой", name_en="Empty")
    make_article(section=section, public=("ru",))

    english = client.get("/en/section/empty/")
    russian = client.get("/ru/section/empty/")

    assert english.status_code == 404 and "Page not found" in english.text
    assert client.get("/en/section/empty/?page=2").status_code == 404
    assert client.get("/az/section/empty/").status_code == 404
    assert russian.status_code == 200 and "Пустой" in russian.text


# Date archives (Baku dates)


@pytest.fixture
def archive(make_article):
    """English articles on 9 and 28 March 2020 and 2 January 2021; one Russian only."""
    moments = [
        datetime(2020, 3, 9, 10, 0, tzinfo=BAKU),
        # 20:30 UTC on 28 March is 00:30 on 29 March in Baku.
        datetime(2020, 3, 28, 20, 30, tzinfo=ZoneInfo("UTC")),
        datetime(2021, 1, 2, 9, 0, tzinfo=BAKU),
    ]
    articles = [
        make_article(title_en=f"Dated {number}", published_at_en=moment)
        for number, moment in enumerate(moments)
    ]
    make_article(title_ru="Только по-русски", published_at_ru=moments[0])
    make_article(title_en="Future", published_at_en=timezone.now() + timedelta(days=1))
    return articles


def test_year_archive_lists_months_with_counts(client, archive):
    html = main(client.get("/en/archive/2020/").text)

    assert 'href="/en/archive/2020/03/">March</a>' in html
    assert "2 articles" in html
    assert 'href="/en/archive/2020/04/"' not in html  # nothing in April: no link
    assert 'rel="next" href="/en/archive/2021/"' in html
    assert 'rel="prev"' not in html


def test_month_archive_has_a_calendar_of_days_with_public_articles(client, archive):
    html = main(client.get("/en/archive/2020/03/").text)

    assert 'href="/en/archive/2020/03/09/">9</a>' in html
    assert 'href="/en/archive/2020/03/29/">29</a>' in html  # Baku date, not UTC
    assert 'href="/en/archive/2020/03/28/"' not in html
    assert "Dated 0" in html and "Dated 1" in html and "Dated 2" not in html
    assert 'rel="next" href="/en/archive/2021/01/"' in html  # skips empty months
    assert 'rel="prev"' not in html
    assert "Только по-русски" not in html


def test_day_archive_lists_that_baku_day(client, archive):
    html = main(client.get("/en/archive/2020/03/29/").text)

    assert "Dated 1" in html and "Dated 0" not in html
    assert 'aria-current="date">29</a>' in html
    assert "29 March 2020 (Sunday)" in html


def test_archive_index_lists_years(client, archive):
    html = main(client.get("/en/archive/").text)

    assert 'href="/en/archive/2020/"' in html and 'href="/en/archive/2021/"' in html


@pytest.mark.parametrize(
    ("code", "heading", "weekday"),
    [
        ("ru", "Архив: 9 марта 2020 (понедельник)", "Пн"),
        ("az", "Arxiv: 9 mart 2020 (bazar ertəsi)", "B.e"),
        ("en", "Archive: 9 March 2020 (Monday)", "Sun"),
    ],
)
def test_archive_dates_use_the_languages_month_and_weekday_names(
    client, make_article, code, heading, weekday
):
    make_article(**{f"published_at_{code}": datetime(2020, 3, 9, 10, 0, tzinfo=BAKU)})

    response = client.get(f"/{code}/archive/2020/03/09/")
    html = main(response.text)

    assert response.status_code == 200 and f'<html lang="{code}">' in response.text
    # The heading's "Archive:" is interface text (translated by the catalogue);
    # the date in it comes from Django's own month and weekday names.
    assert heading.split(": ")[1] in html
    first_weekday = re.search(r'<th scope="col"><abbr title="[^"]+">([^<]+)</abbr>', html)[1]
    assert first_weekday == weekday


@pytest.mark.parametrize(
    "url",
    [
        "/en/archive/2020/13/",
        "/en/archive/2020/00/",
        "/en/archive/2021/02/29/",
        "/en/archive/2020/02/30/",
        "/en/archive/2020/04/31/",
        "/en/archive/2020/03/00/",
        "/en/archive/2020/03/32/",
        "/en/archive/0000/",
        "/en/archive/0000/01/01/",
        "/en/archive/0/",
        "/en/archive/99999/",
        "/en/archive/2020/3/",
        "/en/archive/2020/03/9/",
        "/en/archive/abcd/",
        "/en/archive/2020/99/99/",
    ],
)
def test_impossible_dates_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/en/archive/2020/02/29/",
        "/en/archive/1900/",
        "/en/archive/0001/01/01/",
    ],
)
def test_past_dates_without_articles_are_empty_pages_kept_out_of_search(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in response.text


@pytest.mark.parametrize(
    "url", ["/ru/archive/9999/", "/ru/archive/9999/12/", "/ru/archive/9999/12/31/"]
)
def test_periods_that_have_not_begun_are_404s_in_the_readers_language(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "Страница не найдена" in response.text


def test_the_current_month_and_day_are_pages_even_before_anything_is_published(client):
    with time_machine.travel(datetime(2030, 5, 17, 0, 30, tzinfo=BAKU), tick=False):
        assert client.get("/en/archive/2030/05/").status_code == 200
        assert client.get("/en/archive/2030/05/17/").status_code == 200
        assert client.get("/en/archive/2030/05/18/").status_code == 404
        assert client.get("/en/archive/2031/").status_code == 404


def test_archive_query_counts_are_constant(
    client, make_article, make_section, django_assert_max_num_queries
):
    budgets = {
        "/en/archive/": 3,
        "/en/archive/2020/": 4,
        "/en/archive/2020/03/": 7,
        "/en/archive/2020/03/09/": 7,
    }
    make_article(published_at_en=datetime(2020, 3, 9, 10, 0, tzinfo=BAKU))
    for url, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            client.get(url)

    author = Author.objects.create(name_en="Helen Morrow")
    for day in range(1, 29):
        for hour in (9, 18):
            article = make_article(
                section=make_section(slug=f"s{day}-{hour}"),
                published_at_en=datetime(2020, (day % 12) + 1, day, hour, tzinfo=BAKU),
            )
            Byline.objects.create(article=article, author=author)
    for url, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200


# The article page: breadcrumbs, share links, related articles


def test_article_breadcrumbs(client, make_article, make_section):
    section = make_section(slug="economy", name_en="Economy")
    article = make_article(public=("en",), section=section)

    crumbs = client.get(article.get_absolute_url("en")).text.split('aria-label="Breadcrumbs"')[1]
    crumbs = crumbs.split("</nav>")[0]

    assert crumbs.index('href="/en/"') < crumbs.index('href="/en/section/economy/">Economy')
    assert (
        '<span aria-current="page">NATO and Azerbaijan: Contacts and Differences</span>' in crumbs
    )


def test_share_links_are_plain_links_with_the_canonical_url(client, make_article):
    article = make_article(public=("en",))

    html = client.get(article.get_absolute_url("en")).text
    share = html.split('class="share"')[1].split("</section>")[0]

    encoded = urlquote(f"http://testserver{article.get_absolute_url('en')}", safe="")
    for start in ("https://t.me/share/url?url=", "https://www.facebook.com/sharer/sharer.php?u=",
                  "https://x.com/intent/post?url=", "https://wa.me/?text=", "mailto:?subject="):  # fmt: skip
        assert f'href="{start}' in share
    assert share.count(encoded) == 5
    assert share.count('rel="noopener"') == 5
    # No third-party (or any executable) script; JSON-LD metadata is data.
    assert re.findall(r"<script(?![^>]*application/ld\+json)", html) == []


def test_related_articles_share_people_or_topics_in_the_same_language(
    client, make_article, person, topic
):
    place = Tag.objects.create(kind=Tag.Kind.PLACE, name_en="Azerbaijan")
    now = timezone.now()
    article = make_article(public=("en",), title_en="The article")
    article.tags.add(person, topic, place)

    def related(title, hours_ago, *tags, **fields):
        fields.setdefault("published_at_en", now - timedelta(hours=hours_ago))
        item = make_article(title_en=title, **fields)
        item.tags.add(*tags)
        return item

    related("Same person", 5, person)
    related("Same topic, newest", 2, topic)
    related("Both", 3, person, topic)
    related("Oldest sharing", 9, topic)
    related("Fifth, too old to fit", 10, person)
    related("Place only", 1, place)
    related("Nothing shared", 1)
    related("Russian only", 1, person, published_at_en=None, published_at_ru=now)
    related("Scheduled", -5, person)

    html = client.get(article.get_absolute_url("en")).text
    block = html.split('class="related"')[1].split("</section>")[0]
    titles = re.findall(r'<a href="/en/article/\d+/[^"]+/">([^<]+)</a>', block)

    assert titles == ["Same topic, newest", "Both", "Same person", "Oldest sharing"]


def test_article_without_people_or_topics_has_no_related_block(client, make_article):
    article = make_article(public=("en",))
    make_article(public=("en",))

    assert 'class="related"' not in client.get(article.get_absolute_url("en")).text


def test_article_page_with_related_articles_stays_within_budget(
    client, make_article, person, topic, django_assert_max_num_queries
):
    article = make_article(public=("en",))
    with django_assert_max_num_queries(3):
        client.get(article.get_absolute_url("en"))

    article.tags.add(person, topic)
    for number in range(12):
        other = make_article(public=("en",), title_en=f"Related {number}")
        other.tags.add(person if number % 2 else topic)
        article.tags.add(Tag.objects.create(kind=Tag.Kind.TOPIC, name_en=f"T{number}"))
        Byline.objects.create(article=article, author=Author.objects.create(name_en=f"A{number}"))

    with django_assert_max_num_queries(3):
        html = client.get(article.get_absolute_url("en")).text
    assert len(re.findall(r">Related \d+<", html.split('class="related"')[1])) == 4


@pytest.mark.parametrize("code", LANGUAGES)
def test_lead_image_alt_text_is_in_the_readers_language(
    client, make_article, code, settings, tmp_path
):
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    image = BytesIO()
    Image.new("RGB", (8, 6), "navy").save(image, "JPEG")
    article = make_article(public=("ru", "az", "en"), caption_ru="Подпись только по-русски")
    article.lead_image.save("photo.jpg", ContentFile(image.getvalue()), save=True)

    html = client.get(article.get_absolute_url(code)).text
    alt = re.search(r'<img src="[^"]*photo[^"]*" alt="([^"]*)"', html)[1]

    expected = "Подпись только по-русски" if code == "ru" else getattr(article, f"title_{code}")
    assert alt == expected


# List query budgets: the same for one article and for many


@pytest.mark.parametrize("page", ["section", "tag", "author", "quotes", "speaker"])
def test_list_query_counts_are_constant(
    client, make_article, make_section, person, page, django_assert_max_num_queries
):
    section = make_section(slug="economy")
    author = Author.objects.create(name_en="Helen Morrow", slug="helen-morrow")
    url = {
        "section": "/en/section/economy/",
        "tag": f"/en/tag/{person.slug}/",
        "author": "/en/author/helen-morrow/",
        "quotes": "/en/quotes/",
        "speaker": f"/en/quotes/?speaker={person.slug}",
    }[page]

    def add(number):
        article = make_article(public=("en",), section=section, **placed(quote_by(person)))
        article.tags.add(person, Tag.objects.create(kind=Tag.Kind.TOPIC, name_en=f"T{number}"))
        Byline.objects.create(article=article, author=author)
        Byline.objects.create(
            article=article, author=Author.objects.create(name_en=f"A{number}"), position=1
        )

    add(0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for number in range(1, 25):
        add(number)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200
    assert len(small) <= 7


# The language switcher leads to the same page in the other languages


def switcher(html):
    """The language switcher's links: ``{code: href}``."""
    block = html.split('class="language-switcher"')[1].split("</nav>")[0]
    return {code: href for href, code in re.findall(r'<a href="([^"]*)" lang="(\w+)"', block)}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/en/", "/{code}/"),
        ("/en/section/economy/", "/{code}/section/economy/"),
        ("/en/tag/world-bank/", "/{code}/tag/world-bank/"),
        ("/en/author/helen-morrow/", "/{code}/author/helen-morrow/"),
        ("/en/archive/", "/{code}/archive/"),
        ("/en/archive/2020/", "/{code}/archive/2020/"),
        ("/en/archive/2020/03/", "/{code}/archive/2020/03/"),
        ("/en/archive/2020/03/09/", "/{code}/archive/2020/03/09/"),
        ("/en/quotes/?speaker=arif-karimov", "/{code}/quotes/?speaker=arif-karimov"),
        ("/en/section/economy/?page=2", "/{code}/section/economy/"),
        ("/en/search/?q=gas", "/{code}/search/?q=gas"),
        ("/en/no/such/page/", "/{code}/no/such/page/"),
    ],
)
def test_language_switcher_leads_to_the_same_page(
    client, make_article, make_section, path, expected
):
    section = make_section(slug="economy")
    Tag.objects.create(kind=Tag.Kind.ORGANISATION, slug="world-bank", name_en="World Bank")
    Tag.objects.create(kind=Tag.Kind.PERSON, slug="arif-karimov", name_en="Arif Karimov")
    Author.objects.create(slug="helen-morrow", name_en="Helen Morrow")
    for number in range(21):
        make_article(public=("en",), section=section, title_en=f"A{number}")

    links = switcher(client.get(path).text)

    def address(code):
        # A search switched to another language says which one it came from.
        if "/search/" in expected and code != "en":
            return expected.format(code=code) + "&amp;searched_in=en"
        return expected.format(code=code)

    assert links == {code: address(code) for code in LANGUAGES}


def test_language_switcher_on_a_search_keeps_the_query(rf):
    from django.template import Context, Template

    request = rf.get("/en/quotes/", {"q": "газ и нефть", "page": "3"})
    html = Template("{% load turan_tags %}{% language_links as links %}{{ links }}").render(
        Context({"request": request})
    )

    assert "/az/quotes/?q=%D0%B3%D0%B0%D0%B7+%D0%B8+%D0%BD%D0%B5%D1%84%D1%82%D1%8C" in html
    assert "page=" not in html


def test_language_switcher_on_an_article_offers_only_public_versions(client, make_article):
    article = make_article(public=("ru", "en"), published_at_az=timezone.now() + timedelta(days=1))

    links = client.get(article.get_absolute_url("en")).text.split('class="language-switcher"')[1]
    links = links.split("</nav>")[0]

    assert f'href="{article.get_absolute_url("ru")}"' in links
    assert 'lang="az"' not in links


def test_language_switcher_on_an_unpublished_version_offers_the_public_ones(client, make_article):
    article = make_article(public=("ru",))

    response = client.get(article.get_absolute_url("en"))
    links = response.text.split('class="language-switcher"')[1].split("</nav>")[0]

    assert response.status_code == 404
    assert f'href="{article.get_absolute_url("ru")}"' in links
    assert 'lang="az"' not in links and 'lang="en"' not in links


# The reader's choice is remembered


def test_opening_a_page_remembers_its_language(client, make_article):
    response = client.get("/az/")

    cookie = response.cookies["django_language"]
    assert cookie.value == "az"
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/az/"


def test_the_cookie_is_written_only_when_the_language_changes(client):
    client.cookies["django_language"] = "en"

    assert "django_language" not in client.get("/en/").cookies
    assert client.get("/ru/").cookies["django_language"].value == "ru"


@pytest.mark.parametrize("path", ["/en/no/such/page/", "/admin/login/", "/"])
def test_errors_and_unprefixed_pages_leave_the_choice_alone(client, path):
    assert "django_language" not in client.get(path).cookies


# Error pages in the reader's language


@pytest.mark.parametrize("code", LANGUAGES)
def test_404_page_in_each_language(client, code):
    response = client.get(f"/{code}/no/such/page/")

    assert response.status_code == 404
    assert f'<html lang="{code}">' in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    assert '<h1 class="page-title">' in main(response.text)
    assert f'href="/{code}/"' in main(response.text)
    assert 'class="skip-link" href="#content"' in response.text


@pytest.mark.parametrize("code", LANGUAGES)
def test_404_for_an_unknown_prefix_follows_the_readers_language(client, code):
    response = client.get("/de/something/", HTTP_ACCEPT_LANGUAGE=code)

    assert response.status_code == 404
    assert f'<html lang="{code}">' in response.text
    assert switcher(response.text) == {c: f"/{c}/" for c in LANGUAGES}


@pytest.mark.parametrize("code", LANGUAGES)
def test_500_page_in_the_readers_language_without_the_database(django_assert_num_queries, code):
    request = RequestFactory().get(f"/{code}/article/1/x/")

    with django_assert_num_queries(0):
        response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{code}">' in html
    assert {
        "ru": "Не удалось показать эту страницу",
        "az": "Bu səhifəni göstərə bilmədik",
        "en": "We could not show this page",
    }[code] in html
    assert f'href="/{code}/"' in html


def test_500_page_without_a_prefix_follows_the_cookie(django_assert_num_queries):
    request = RequestFactory().get("/no-prefix/", HTTP_COOKIE="django_language=az")

    with django_assert_num_queries(0):
        html = server_error(request).content.decode()

    assert '<html lang="az">' in html
