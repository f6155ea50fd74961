"""One term each for "byline" and "caption" in the Russian and Azerbaijani admin
(the glossary at the top of docs/editors.md): the article and photo forms and
the article list use them, and never the other word for the same thing."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from newsroom import actions

pytestmark = pytest.mark.django_db

ARTICLE_ADD = reverse("admin:articles_article_add")
PHOTO_ADD = reverse("admin:photos_photo_add")
ARTICLE_LIST = reverse("admin:articles_article_changelist")

BYLINES = {"ru": "Авторы материала", "az": "Məqalə müəllifləri", "en": "Bylines"}
CAPTION = {"ru": "Подпись к фото", "az": "Şəkilaltı yazı"}
#: The article's caption field on its language's tab.
CAPTION_LABEL = {
    "ru": "Подпись к фото [ru]",
    "az": "Şəkilaltı yazı [az]",
    "en": "Lead image caption [en]",
}
#: Words once used for one of the two, which the admin must not use for it now.
OTHER_WORDS = {
    # «подпись» only ever as «подпись к фото»; no «байлайн».
    "ru": [r"\b[Пп]одпис(?:ь|и|ью|ей|ям|ями|ях)\b(?! к фото)", r"[Бб]айлайн"],
    # Neither «imza» (a signature) nor «izah» nor «müəllif sətri».
    "az": [r"\b[İi]mza", r"\b[İi]zah", r"müəllif sətr"],
    "en": [],
}


def page_in(user, code, url):
    client = Client(HTTP_ACCEPT_LANGUAGE=code)
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return strip_tags(response.content.decode())


@pytest.mark.parametrize("code", ["ru", "az", "en"])
def test_the_article_form_names_bylines_and_the_caption_with_one_term(admin_user, code):
    text = page_in(admin_user, code, ARTICLE_ADD)

    assert BYLINES[code] in text  # the bylines' inline
    assert CAPTION_LABEL[code] in text
    for pattern in OTHER_WORDS[code]:
        assert not re.search(pattern, text), (pattern, re.search(pattern, text))


@pytest.mark.parametrize("code", ["ru", "az"])
def test_the_photo_form_names_the_caption_with_the_same_term(admin_user, code):
    text = page_in(admin_user, code, PHOTO_ADD)

    assert f"{CAPTION[code]} [{code}]" in text
    for pattern in OTHER_WORDS[code]:
        assert not re.search(pattern, text), (pattern, re.search(pattern, text))
    credit = {"ru": "Автор снимка", "az": "Foto müəllifi"}[code]
    assert credit in text  # the photographer, not a byline


@pytest.mark.parametrize("code", ["ru", "az"])
def test_the_article_list_and_history_name_bylines_with_the_term(admin_user, make_article, code):
    from authors.models import Author

    article = make_article()
    author = Author.objects.create(name_en="Analytical Service Turan")
    actions.save_article(article, {"authors": [author.pk]}, user=admin_user)

    listing = page_in(admin_user, code, ARTICLE_LIST)
    assert BYLINES[code] in listing  # the column
    assert BYLINES[code].lower() in listing.lower()  # the filter
    history = page_in(
        admin_user, code, reverse("admin:articles_article_history", args=[article.pk])
    )
    assert BYLINES[code] in history
    for pattern in OTHER_WORDS[code]:
        assert not re.search(pattern, listing + history)
