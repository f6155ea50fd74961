"""Django's stock admin phrases in Russian and Azerbaijani with the model's
name in the right case and plural form (core/admin_grammar.py)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tags.models import Tag

pytestmark = pytest.mark.django_db


def client_in(user, language):
    client = Client()
    client.force_login(user)
    client.cookies["turan_admin_language"] = language
    return client


def heading(response):
    return re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


def paginator(response):
    text = response.content.decode().split('<p class="paginator">', 1)[1].split("</p>", 1)[0]
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("ru", 1, "1 тег"),
        ("ru", 2, "2 тега"),
        ("ru", 5, "5 тегов"),
        ("ru", 21, "21 тег"),
        ("az", 5, "5 teq"),
        ("en", 2, "2 tags"),
    ],
)
def test_the_list_counts_in_the_languages_plural_forms(admin_user, language, count, expected):
    for n in range(count):
        Tag.objects.create(kind=Tag.Kind.TOPIC, slug=f"t{n}", name_en=f"T{n}")
    response = client_in(admin_user, language).get(reverse("admin:tags_tag_changelist"))
    assert paginator(response) == expected


@pytest.mark.parametrize(
    ("language", "url", "expected"),
    [
        ("ru", "admin:articles_article_changelist", "Выберите статью для изменения"),
        ("ru", "admin:articles_article_add", "Добавить статью"),
        ("ru", "admin:quotes_quote_changelist", "Выберите цитату для изменения"),
        ("az", "admin:articles_article_changelist", "Dəyişmək üçün məqalə seçin"),
        ("az", "admin:authors_author_add", "Müəllif əlavə et"),
        ("en", "admin:articles_article_changelist", "Select article to change"),
    ],
)
def test_titles_name_the_model_in_its_case(admin_user, language, url, expected):
    assert heading(client_in(admin_user, language).get(reverse(url))) == expected


def test_a_change_title_and_the_saved_message(admin_user, make_article):
    article = make_article()
    client = client_in(admin_user, "ru")
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert heading(client.get(url)) == "Изменить статью"

    tag = Tag.objects.create(kind=Tag.Kind.TOPIC, slug="energy", name_ru="Энергетика")
    response = client.post(
        reverse("admin:tags_tag_delete", args=[tag.pk]), {"post": "yes"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["Удалено: тег «Энергетика»."]


def test_saving_an_article_says_so_without_a_gendered_verb(admin_user, make_article):
    from tests.change_form import change_url, open_form

    article = make_article(public=("ru",))
    client = client_in(admin_user, "ru")

    response = client.post(change_url(article), open_form(client, article), follow=True)

    saved = [str(m) for m in response.context["messages"] if m.level_tag == "success"]
    assert saved == [
        f'Изменения сохранены: статья «<a href="{change_url(article)}">{article}</a>».'
    ]


def test_a_model_without_its_phrases_keeps_djangos(admin_user):
    response = client_in(admin_user, "ru").get(reverse("admin:newswire_partner_changelist"))
    # Django's sentence with the name as it is: not every model has its phrases.
    assert heading(response) == "Выберите партнёр для изменения"
