"""The versions cite different quotes: the server says so after a save (a
warning, the save is done) and on the form, on the translation's tab
(newsroom/admin_translate.py)."""

import pytest
from django.contrib.messages import WARNING
from django.test import Client

from newsroom import actions
from quotes.models import Quote
from tags.models import Tag
from tests.change_form import change_url, client_for, open_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def quotes(db):
    rasmussen = Tag.objects.create(
        kind=Tag.Kind.PERSON, name_en="Rasmussen", name_ru="Расмуссен", name_az="Rasmussen"
    )
    aliyev = Tag.objects.create(
        kind=Tag.Kind.PERSON, name_en="Aliyev", name_ru="Алиев", name_az="Əliyev"
    )
    return (
        Quote.objects.create(speaker=rasmussen, text_en="NATO is open."),
        Quote.objects.create(speaker=aliyev, text_en="Partnership is a process."),
    )


def placing(quote, text="Text."):
    return f'<p>{text}</p><figure data-quote="{quote.pk}"></figure>'


def warnings(response):
    return [str(m) for m in response.wsgi_request._messages if m.level == WARNING]


def test_a_save_warns_which_versions_cite_which_quotes(editor, make_article, quotes):
    first, second = quotes
    article = make_article(body_ru=placing(first), body_en="<p>English text.</p>")
    client = client_for(editor)

    response = client.post(
        change_url(article), open_form(client, article, body_az=placing(second, "Mətn."))
    )

    assert response.status_code == 302  # saved all the same
    article.refresh_from_db()
    assert f'data-quote="{second.pk}"' in article.body_az
    assert warnings(response) == [
        "The language versions cite different quotes: "
        f"Russian (the original): #{first.pk} (Rasmussen); "
        f"Azerbaijani: #{second.pk} (Aliyev); "
        "English: none. Saved all the same; check the quotes on those tabs."
    ]


def test_the_warning_is_in_the_admin_language(editor, make_article, quotes):
    first, second = quotes
    article = make_article(body_ru=placing(first), title_en="", body_en="")
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(editor)

    response = client.post(
        change_url(article), open_form(client, article, body_az=placing(second, "Mətn."))
    )

    [warning] = warnings(response)
    assert warning.startswith("Языковые версии ссылаются на разные цитаты:")
    assert f"Русский (оригинал): №{first.pk} (Расмуссен)" in warning
    assert f"№{second.pk} (Алиев)" in warning


def test_no_warning_when_the_versions_agree_or_a_translation_is_empty(editor, make_article, quotes):
    first, second = quotes
    article = make_article(body_ru=placing(first), title_en="", body_en="")
    client = client_for(editor)

    same = client.post(
        change_url(article), open_form(client, article, body_az=placing(first, "Mətn."))
    )
    assert warnings(same) == []  # English is empty: yet to be written

    reordered = make_article(body_ru=placing(first) + placing(second), title_en="", body_en="")
    swapped = client.post(
        change_url(reordered),
        open_form(client, reordered, body_az=placing(second, "Bir.") + placing(first, "İki.")),
    )
    assert warnings(swapped) == []  # the same quotes, in another order


def test_the_form_shows_it_on_the_translations_tab(editor, make_article, quotes):
    first, second = quotes
    article = make_article(
        body_ru=placing(first), body_az=placing(second, "Mətn."), title_en="", body_en=""
    )

    page = client_for(editor).get(change_url(article)).content.decode()

    az_row = page.split("field-body_az")[1].split("form-row")[0]
    assert 'class="turan-quotes-differ" data-lang="az"' in az_row
    assert f"the original #{first.pk} (Rasmussen), this version #{second.pk} (Aliyev)" in az_row
    assert page.count("turan-quotes-differ") == 1  # not on the original's tab


def test_a_pending_change_of_a_live_version_is_what_is_compared(journalist, make_article, quotes):
    first, second = quotes
    article = make_article(
        public=("ru", "az"), body_ru=placing(first), body_az=placing(first, "Mətn.")
    )
    actions.save_article(
        article, {"body_az": placing(second, "Mətn.")}, user=journalist, hold_live=["az"]
    )
    client = client_for(journalist)

    page = client.get(change_url(article)).content.decode()
    assert 'class="turan-quotes-differ" data-lang="az"' in page

    response = client.post(change_url(article), open_form(client, article, lead_ru="Лид."))
    assert any(f"Azerbaijani: #{second.pk} (Aliyev)" in w for w in warnings(response))
