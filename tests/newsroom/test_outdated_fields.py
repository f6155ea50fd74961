"""Staleness per field: a translation's field stays outdated until that field
is saved after the original changed, or ticked as checked."""

import pytest

from articles.models import Article, TranslationState
from newsroom import actions
from tests.change_form import change_url, client_for, form_data, open_form

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/articles/article/"


@pytest.fixture
def article(make_article, editor):
    article = make_article(caption_ru="Подпись", caption_az="Başlıq altı", caption_en="Caption")
    actions.save_article(
        article,
        {"body_ru": "<p>Русский текст, переписанный.</p>", "caption_ru": "Новая подпись"},
        user=editor,
    )
    return article


def outdated(article, code):
    state = TranslationState.objects.get(article=article, language=code)
    from newsroom.outdated import original_text, stale_fields

    return state.outdated, stale_fields(state, original_text(Article.objects.get(pk=article.pk)))


def test_saving_one_field_clears_only_that_field(journalist, article):
    client = client_for(journalist)
    data = open_form(client, article, caption_az="Yeni başlıq altı")
    assert client.post(change_url(article), data).status_code == 302

    # The body was never translated again: the Azerbaijani version stays outdated.
    assert outdated(article, "az") == (True, ["body"])
    assert outdated(article, "en") == (True, ["body", "caption"])

    data = open_form(client, article, body_az="<p>Yenilənmiş mətn.</p>")
    assert client.post(change_url(article), data).status_code == 302
    assert outdated(article, "az") == (False, [])


def test_a_field_ticked_as_checked_clears_only_that_field(journalist, article):
    client = client_for(journalist)
    response = client.get(change_url(article))
    form = response.context["adminform"].form
    assert [value for value, _label in form.fields["translation_checked_fields_en"].choices] == [
        "body",
        "caption",
    ]

    data = form_data(response, translation_checked_fields_en="caption")
    assert client.post(change_url(article), data).status_code == 302

    assert outdated(article, "en") == (True, ["body"])
    latest = article.revisions.latest()
    assert latest.events == [{"kind": "checked", "language": "en", "field": "caption"}]


def test_translation_checked_still_clears_every_field(journalist, article):
    client = client_for(journalist)
    data = open_form(client, article, translation_checked_en="on")
    assert client.post(change_url(article), data).status_code == 302
    assert outdated(article, "en") == (False, [])


def test_the_form_marks_each_outdated_field_in_its_language(journalist, article):
    response = client_for(journalist).get(change_url(article))

    form = response.context["adminform"].form
    assert "turan-field-outdated" in str(form.fields["body_az"].help_text)
    assert "turan-field-outdated" in str(form.fields["caption_en"].help_text)
    assert "turan-field-outdated" not in str(form.fields["title_az"].help_text)
    assert "turan-field-outdated" not in str(form.fields["body_ru"].help_text)
    page = response.content.decode()
    assert "data-field='body_az'" in page and "data-field='caption_az'" in page
    assert "translation_checked_fields" in response.context["translation"]["config"]["companions"]


def test_the_list_badges_name_the_outdated_fields(journalist, article):
    client = client_for(journalist)
    data = open_form(client, article, caption_az="Yeni başlıq altı")
    client.post(change_url(article), data)

    page = client.get(LIST_URL).content.decode()

    assert "<b>AZ</b> <span class='turan-status__fields'>body</span>" in page
    assert "<b>EN</b> <span class='turan-status__fields'>body, lead image caption</span>" in page
