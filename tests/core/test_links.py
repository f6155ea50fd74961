"""Remembered addresses (core/links.py) follow everything an address depends on."""

import pytest
from django.test import override_settings
from django.urls import reverse, set_script_prefix
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_an_articles_address_follows_its_language_and_slug(make_article):
    article = make_article(public=("ru", "en"), slug_ru="budzhet", slug_en="budget")

    assert article.get_absolute_url("ru") == f"/ru/article/{article.pk}/budzhet/"
    assert article.get_absolute_url("en") == f"/en/article/{article.pk}/budget/"
    with translation.override("en"):
        assert article.get_absolute_url() == f"/en/article/{article.pk}/budget/"
    article.slug_en = "state-budget"
    assert article.get_absolute_url("en") == f"/en/article/{article.pk}/state-budget/"


def test_a_sections_address_follows_language_script_prefix_and_urlconf(make_section):
    section = make_section(slug="economy")
    with translation.override("az"):
        assert section.get_absolute_url() == "/az/section/economy/"
        set_script_prefix("/turan/")
        try:
            assert section.get_absolute_url() == "/turan/az/section/economy/"
        finally:
            set_script_prefix("/")
        with override_settings(ROOT_URLCONF="tests.core.moved_urls"):
            assert section.get_absolute_url() == "/moved/section/economy/"
        assert section.get_absolute_url() == reverse("articles:section", args=["economy"])
    with translation.override("en"):
        assert section.get_absolute_url() == "/en/section/economy/"
