"""A dead shareable preview link explains itself in whichever language the reader picks."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from newsroom.preview import shared_preview_url


@pytest.fixture
def article(make_article):
    return make_article(public=("ru",), published_at_en=timezone.now() + timezone.timedelta(days=1))


def switcher_links(page):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', page, re.S)[0]
    return dict(re.findall(r'<a href="([^"]+)" lang="(\w+)"', nav))


def test_the_gone_pages_language_switcher_leads_to_the_same_explanation(article):
    url = shared_preview_url(article, "en")
    article.lead_en = "Changed."
    article.save()

    page = Client().get(url).content.decode()
    links = switcher_links(page)
    assert set(links.values()) == {"ru", "az", "en"}

    for href, code in links.items():
        response = Client().get(href)
        assert response.status_code == 410, href
        other = response.content.decode()
        assert f'<html lang="{code}"' in other
    russian = Client().get(next(h for h, c in links.items() if c == "ru")).content.decode()
    assert "Эта ссылка на предпросмотр больше не работает" in russian


def test_a_working_link_still_shows_only_its_own_language(article):
    url = shared_preview_url(article, "en")

    assert Client().get(url).status_code == 200
    assert Client().get(url.replace("/en/", "/ru/")).status_code == 404
