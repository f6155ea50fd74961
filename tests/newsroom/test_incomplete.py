"""A version with a title and no body, or a body and no title, is saved but is
not a version: the form's tab, the list and the save message say "incomplete"."""

import re

import pytest
from django.urls import reverse

from tests.change_form import change_url, client_for, open_form

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:articles_article_changelist")


def badge(page, code):
    tab = re.search(rf'id="turan-tab-{code}".*?</button>', page, re.S).group(0)
    match = re.search(r'<span class="turan-badge turan-badge--incomplete"( hidden)?', tab)
    return match and not match.group(1)


def test_a_body_without_a_title_is_saved_with_a_warning_and_a_badge(editor, make_article):
    article = make_article(title_en="", body_en="")
    client = client_for(editor)

    response = client.post(
        change_url(article),
        open_form(client, article, body_en="<p>Only the English body.</p>", _continue="1"),
        follow=True,
    )

    page = response.content.decode()
    assert "The English version has a body but no title: it is saved as incomplete" in page
    assert badge(page, "en") and not badge(page, "ru") and not badge(page, "az")
    article.refresh_from_db()
    assert article.body_en and not article.title_en


def test_a_title_without_a_body_is_incomplete_too(editor, make_article):
    article = make_article(body_az="")
    client = client_for(editor)

    page = client.get(change_url(article)).content.decode()

    assert badge(page, "az") and not badge(page, "en")


def test_the_list_marks_incomplete_versions(editor, make_article):
    make_article(title_en="", body_en="<p>Only the English body.</p>", body_az="", title_az="")
    client = client_for(editor)

    page = client.get(LIST_URL).content.decode()

    badges = dict(
        re.findall(
            r"turan-status turan-status--\w+' title='[^']+'><b>(\w+)</b>"
            r" <span aria-hidden='true'>●</span> (\w+)",
            page,
        )
    )
    # No text at all is still "missing", not "incomplete".
    assert badges == {"RU": "public", "AZ": "missing", "EN": "incomplete"} or badges == {
        "RU": "draft",
        "AZ": "missing",
        "EN": "incomplete",
    }
    assert "turan-status--incomplete" in page


def test_incomplete_in_the_editors_language(editor, make_article):
    make_article(title_en="", body_en="<p>Only the English body.</p>")
    client = client_for(editor)
    client.cookies["turan_admin_language"] = "az"

    page = client.get(LIST_URL).content.decode()

    assert "natamam" in page
