"""What the article page and the corrections log tell readers about changes
and translations."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Correction

pytestmark = pytest.mark.django_db


def meta_line(html):
    return re.search(r'<p class="article__meta">(.*?)</p>', html, re.S)[1]


def test_the_latest_mark_stands_beside_the_date_in_the_readers_language(client, make_article):
    article = make_article(public=("ru", "en"))
    earlier = timezone.now() - timedelta(minutes=30)
    Correction.objects.create(
        article=article, language="en", kind="update", note="Added a figure.", created_at=earlier
    )
    Correction.objects.create(
        article=article, language="en", kind="correction", note="Fixed a name."
    )
    Correction.objects.create(article=article, language="ru", kind="update", note="Дополнено.")

    en = meta_line(client.get(article.get_absolute_url("en")).text)
    ru = meta_line(client.get(article.get_absolute_url("ru")).text)

    assert re.search(r'<span class="article__updated">Corrected <time datetime="[^"]+">', en)
    assert "Updated" not in en  # only the newest mark
    assert re.search(r'<span class="article__updated">Обновлено <time datetime="', ru)


def test_an_unmarked_version_has_no_changed_line(client, make_article):
    article = make_article(public=("en",))

    assert "article__updated" not in client.get(article.get_absolute_url("en")).text


def test_a_translation_says_what_it_was_translated_from(client, make_article):
    article = make_article(public=("ru", "az", "en"), original_language="ru")

    en = client.get(article.get_absolute_url("en")).text
    az = client.get(article.get_absolute_url("az")).text
    ru = client.get(article.get_absolute_url("ru")).text

    assert (
        f'<p class="article__translation"><a href="{article.get_absolute_url("ru")}" '
        'hreflang="ru">Translated from Russian</a></p>'
    ) in en
    assert "Rus dilindən tərcümə" in az
    assert "article__translation" not in ru  # the original


def test_a_translation_of_an_unpublished_original_names_it_without_a_link(client, make_article):
    article = make_article(public=("en",), original_language="az")

    html = client.get(article.get_absolute_url("en")).text

    assert '<p class="article__translation">Translated from Azerbaijani</p>' in html


def test_the_corrections_log_lists_public_versions_newest_first(client, make_article):
    old = make_article(public=("en",), title_en="Grain exports")
    new = make_article(public=("en",), title_en="Port tariffs")
    hidden = make_article(title_en="Draft piece")  # not public
    now = timezone.now()
    Correction.objects.create(
        article=old,
        language="en",
        kind="correction",
        note="First.",
        created_at=now - timedelta(days=2),
    )
    Correction.objects.create(
        article=new,
        language="en",
        kind="update",
        note="Second.",
        created_at=now - timedelta(days=1),
    )
    Correction.objects.create(article=hidden, language="en", kind="update", note="Secret.")
    Correction.objects.create(article=old, language="ru", kind="update", note="Русская.")

    html = client.get("/en/corrections/").text

    assert html.index("Second.") < html.index("First.")
    assert "Secret." not in html and "Русская." not in html
    assert f'href="{new.get_absolute_url("en")}">Port tariffs</a>' in html
    assert "Nothing has been corrected" not in html
    assert '<h1 class="page-title">Updates and corrections</h1>' in html
    assert (
        "Bu dildə hələ heç nə düzəldilməyib və yenilənməyib." in client.get("/az/corrections/").text
    )


def test_the_corrections_log_is_paginated_at_a_constant_cost(
    client, make_article, django_assert_max_num_queries
):
    article = make_article(public=("en",))
    Correction.objects.bulk_create(
        Correction(article=article, language="en", kind="update", note=f"Note {number}.")
        for number in range(45)
    )

    # The count, the page of corrections, the header's sections, the page cache's one.
    with django_assert_max_num_queries(4):
        first = client.get("/en/corrections/")
    with django_assert_max_num_queries(4):
        second = client.get("/en/corrections/?page=2")

    assert first.text.count('class="correction ') == 30
    assert second.text.count('class="correction ') == 15
    assert client.get("/en/corrections/?page=3").status_code == 404
    assert client.get("/en/corrections/?page=abc").status_code == 404


def test_every_footer_links_the_corrections_log(client):
    assert '<a href="/az/corrections/">Düzəlişlər</a>' in client.get("/az/").text
