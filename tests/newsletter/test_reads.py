import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsletter import reads
from newsletter.models import ReadCount

pytestmark = pytest.mark.django_db

READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture
def reader():
    return Client(HTTP_USER_AGENT=READER)


def beacon(client, article, code="en"):
    return client.post(f"/{code}/r/{article.pk}")


def test_a_beacon_is_counted_in_memory_without_a_query(
    reader, make_article, django_assert_num_queries
):
    article = make_article(public=("en", "ru"))
    with django_assert_num_queries(0):
        response = beacon(reader, article)
        beacon(reader, article)
        beacon(reader, article, "ru")
    assert response.status_code == 204
    assert not response.cookies and "Set-Cookie" not in response
    assert response["Cache-Control"] == "no-store"
    # Answered before the language, session and page-cache middleware (newsletter/middleware.py).
    assert "Content-Language" not in response and "Vary" not in response
    hour = reads.hour_of(timezone.now())
    assert reads.pending() == {(article.pk, "en", hour): 2, (article.pk, "ru", hour): 1}
    assert not ReadCount.objects.exists()


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "facebookexternalhit/1.1",
        "Slackbot-LinkExpanding 1.0",
        "TelegramBot (like TwitterBot)",
        "curl/8.5.0",
        "python-requests/2.32",
        "Wget/1.21",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0)",
        "Mozilla/5.0 (compatible; YandexSpider/3.0)",
        "Discordbot/2.0; link preview",
    ],
)
def test_bots_are_not_counted(make_article, agent):
    article = make_article(public=("en",))
    assert beacon(Client(HTTP_USER_AGENT=agent), article).status_code == 204
    assert reads.pending() == {}


def test_views_are_written_in_batches(reader, make_article, settings, django_assert_num_queries):
    settings.READS_FLUSH_VIEWS = 5
    first, second = make_article(public=("en",)), make_article(public=("en", "az"))
    for article, code in ((first, "en"), (first, "en"), (second, "en"), (second, "az")):
        beacon(reader, article, code)
    assert not ReadCount.objects.exists()
    # The fifth view writes the batch: the ids checked and one upsert.
    with django_assert_num_queries(2):
        beacon(reader, first, "en")
    counts = {(row.article_id, row.language): row.count for row in ReadCount.objects.all()}
    assert counts == {(first.pk, "en"): 3, (second.pk, "en"): 1, (second.pk, "az"): 1}
    assert reads.pending() == {}
    # The next batch adds to the same hour's rows.
    for _ in range(5):
        beacon(reader, first, "en")
    assert ReadCount.objects.get(article=first, language="en").count == 8
    assert ReadCount.objects.count() == 3


def test_views_are_written_after_some_seconds(reader, make_article, settings):
    settings.READS_FLUSH_SECONDS = 30
    article = make_article(public=("en",))
    beacon(reader, article)
    assert not ReadCount.objects.exists()
    reads._state["since"] = time.monotonic() - 31
    beacon(reader, article)
    assert ReadCount.objects.get().count == 2


def test_made_up_ids_are_dropped_and_cannot_fill_memory(reader, make_article, settings):
    settings.READS_MAX_PENDING = 3
    article = make_article(public=("en",))
    beacon(reader, article)
    for made_up in (999_001, 999_002, 999_003):
        reader.post(f"/en/r/{made_up}")
    # The fourth distinct key found the dictionary full and wrote it first.
    assert len(reads.pending()) == 1
    assert list(ReadCount.objects.values_list("article_id", "count")) == [(article.pk, 1)]
    assert reader.post("/en/r/99999999999999999999999").status_code == 404
    # No such language: refused before any view, like every other read-only address.
    assert reader.post("/de/r/1").status_code == 405
    assert len(reads.pending()) == 1


def test_only_posts_count(reader, make_article):
    article = make_article(public=("en",))
    assert reader.get(f"/en/r/{article.pk}").status_code == 405
    assert reads.pending() == {}


def test_the_article_page_carries_its_beacon_cached_or_not(client, make_article):
    article = make_article(public=("en",))
    first = client.get(article.get_absolute_url("en"))
    second = client.get(article.get_absolute_url("en"))
    assert second["X-Page-Cache"] == "hit"
    for response in (first, second):
        html = response.text
        assert f'data-read-beacon="/en/r/{article.pk}"' in html
        assert '<script src="/static/js/reads.js" defer></script>' in html
    # Counting is the beacon's: a page view itself writes and keeps nothing.
    assert reads.pending() == {}


def read(article, code, views, hours_ago=0):
    ReadCount.objects.create(
        article=article,
        language=code,
        hour=reads.hour_of(timezone.now() - timedelta(hours=hours_ago)),
        count=views,
    )


def most_read_block(html):
    assert 'class="most-read"' in html, "no most-read block"
    return html.split('class="most-read"')[1].split("</section>")[0]


def test_most_read_over_a_day_and_a_week_in_the_pages_language(client, make_article):
    busy = make_article(public=("en", "ru"), title_en="Busy today", title_ru="Популярное")
    steady = make_article(public=("en",), title_en="Steady this week")
    old = make_article(public=("en",), title_en="Read a month ago")
    read(busy, "en", 50)
    read(steady, "en", 10, hours_ago=2)
    read(steady, "en", 100, hours_ago=48)
    read(old, "en", 1000, hours_ago=24 * 30)
    read(busy, "ru", 3)

    block = most_read_block(client.get("/en/").text)
    day, week = block.split("Last 7 days")
    assert "Last 24 hours" in day
    assert day.index("Busy today") < day.index("Steady this week")
    assert week.index("Steady this week") < week.index("Busy today")
    assert "Read a month ago" not in block

    # Russian counts only Russian views.
    block = most_read_block(client.get("/ru/").text)
    assert "Самое читаемое" in block and "Популярное" in block
    assert "За 24 часа" in block


def test_the_article_page_lists_the_others(client, make_article):
    shown = make_article(public=("az",), title_az="Bu məqalə")
    other = make_article(public=("az",), title_az="Digər məqalə")
    read(shown, "az", 20)
    read(other, "az", 5)
    block = most_read_block(client.get(shown.get_absolute_url("az")).text)
    assert "Ən çox oxunanlar" in block and "Digər məqalə" in block
    assert "Bu məqalə" not in block
    assert f'href="{other.get_absolute_url("az")}"' in block


def test_most_read_shows_only_public_versions(client, make_article, now):
    public = make_article(public=("en",), title_en="Public piece")
    draft = make_article(title_en="Draft piece")
    scheduled = make_article(title_en="Scheduled piece", published_at_en=now + timedelta(days=1))
    for article in (public, draft, scheduled):
        read(article, "en", 10)
    # Counted in Russian; not public in English.
    russian = make_article(public=("ru",), title_en="", body_en="")
    read(russian, "en", 99)
    block = most_read_block(client.get("/en/").text)
    assert "Public piece" in block
    for absent in ("Draft piece", "Scheduled piece", russian.title_ru):
        assert absent not in block

    # Unpublishing takes it off the list at once (a new content version).
    public.published_at_en = None
    public.save()
    assert 'class="most-read"' not in client.get("/en/").text


def test_no_reads_no_block(client, make_article):
    make_article(public=("en",))
    assert 'class="most-read"' not in client.get("/en/").text


def test_the_lists_are_one_query_kept_per_content_version(client, make_article):
    articles = [make_article(public=("en",), title_en=f"Piece {n}") for n in range(12)]
    read(articles[0], "en", 1, hours_ago=100)
    with CaptureQueriesContext(connection) as few:
        client.get("/en/")
    # However many articles were read, the home page costs the same
    # (its budget is tests/articles/test_pages.py's).
    for number, article in enumerate(articles):
        read(article, "en", number + 1)
        read(article, "en", number + 1, hours_ago=30)
    # A new content version: the page and the lists are read again.
    articles[0].title_en = "Piece 0, corrected"
    articles[0].save()
    with CaptureQueriesContext(connection) as home:
        html = client.get("/en/").text
    assert len(home.captured_queries) == len(few.captured_queries)
    assert most_read_block(html).count("<li>") == 10
    # Article pages rendered meanwhile reuse the lists kept for this content version.
    with CaptureQueriesContext(connection) as pages:
        for article in articles[:3]:
            assert 'class="most-read"' in client.get(article.get_absolute_url("en")).text
    lists = [
        query
        for query in home.captured_queries + pages.captured_queries
        if "newsletter_readcount" in query["sql"]
    ]
    assert len(lists) == 1


def test_the_lists_follow_the_clock(client, make_article, settings, time_machine):
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article(public=("en",), title_en="Read yesterday")
    read(article, "en", 5)
    assert "Read yesterday" in most_read_block(client.get("/en/").text)
    time_machine.move_to(timezone.now() + timedelta(days=8))
    assert 'class="most-read"' not in client.get("/en/").text
