"""The chronological list: every section's public articles in the page's language."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def titles(html):
    return re.findall(r'class="teaser__title"[^>]*><a href="[^"]+">([^<]+)</a>', html)


def test_latest_lists_every_sections_public_articles_newest_first(
    client, make_article, make_section
):
    politics, economy = make_section(slug="politics"), make_section(slug="economy")
    now = timezone.now()
    make_article(section=politics, title_en="Oldest", published_at_en=now - timedelta(hours=3))
    make_article(section=economy, title_en="Newest", published_at_en=now - timedelta(minutes=5))
    make_article(section=politics, title_en="Middle", published_at_en=now - timedelta(hours=1))
    make_article(section=economy, title_en="Scheduled", published_at_en=now + timedelta(hours=1))
    make_article(section=economy, title_en="Russian only", published_at_ru=now)

    response = client.get("/en/latest/")

    assert response.status_code == 200
    assert titles(response.text) == ["Newest", "Middle", "Oldest"]
    assert "<title>Latest articles — Turan Analytics</title>" in response.text


@pytest.mark.parametrize(
    ("code", "label", "title"),
    [
        ("ru", "Последние", "Последние статьи"),
        ("az", "Ən son", "Son məqalələr"),
        ("en", "Latest", "Latest articles"),
    ],
)
def test_the_header_links_the_latest_list_in_each_language(
    client, make_article, code, label, title
):
    make_article(public=(code,))

    home = client.get(f"/{code}/").text
    latest = client.get(f"/{code}/latest/").text

    assert f'<li><a href="/{code}/latest/">{label}</a></li>' in home
    assert f'<li><a href="/{code}/latest/" aria-current="page">{label}</a></li>' in latest
    assert f'<h1 class="page-title">{title}</h1>' in latest


def test_latest_is_paginated_like_a_section(client, make_article, make_section):
    section = make_section()
    now = timezone.now()
    for number in range(25):
        make_article(
            section=section,
            title_en=f"Piece {number}",
            published_at_en=now - timedelta(minutes=number + 1),
        )

    first = client.get("/en/latest/").text
    second = client.get("/en/latest/?page=2").text

    assert titles(first) == [f"Piece {number}" for number in range(20)]
    assert titles(second) == [f"Piece {number}" for number in range(20, 25)]
    assert 'rel="next" href="/en/latest/?page=2"' in first
    assert 'rel="prev" href="/en/latest/"' in second
    assert client.get("/en/latest/?page=3").status_code == 404
    assert client.get("/en/latest/?page=x").status_code == 404


def test_latest_offers_the_languages_feed(client, make_article):
    make_article(public=("en",))

    head = client.get("/en/latest/").text.split("</head>")[0]

    assert 'type="application/atom+xml" title="Turan Analytics" href="/en/feed/"' in head
    assert 'type="application/rss+xml" title="Turan Analytics" href="/en/feed/rss/"' in head


def test_latest_with_nothing_published_says_so(client):
    response = client.get("/az/latest/")

    assert response.status_code == 200
    assert "<p>Burada bu dildə hələ heç nə dərc olunmayıb.</p>" in response.text


def test_latest_query_count_is_constant(
    client, make_article, make_section, django_assert_max_num_queries
):
    make_article(section=make_section(slug="a"), public=("en",))
    with django_assert_max_num_queries(5):
        assert client.get("/en/latest/").status_code == 200
    for number in range(30):
        make_article(section=make_section(slug=f"s{number}"), public=("en",))
    with django_assert_max_num_queries(5):
        assert client.get("/en/latest/?page=2").status_code == 200
