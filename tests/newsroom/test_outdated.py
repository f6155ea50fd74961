"""Outdated translations: marked when the original's title, lead, body or caption
changes after the translation was last saved; cleared by saving the translation
or ticking "translation checked"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, TranslationState
from tests.change_form import change_url, client_for, form_data, open_form

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/articles/article/"
CHANGES = {
    "title": "НАТО и Азербайджан: новая глава",
    "lead": "Новый лид.",
    "body": "<p>Русский текст, переписанный.</p>",
    "caption": "Новая подпись",
}


@pytest.fixture
def article(make_article):
    return make_article(caption_ru="Подпись", lead_ru="Лид.")


def fresh(article):
    return Article.objects.with_outdated().get(pk=article.pk)


def change(article, **fields):
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()


def test_translations_start_up_to_date(article):
    assert fresh(article).outdated_languages() == []
    states = TranslationState.objects.filter(article=article).order_by("language")
    assert [(s.language, s.source_language) for s in states] == [("az", "ru"), ("en", "ru")]
    assert states[0].source["title"] == article.title_ru


@pytest.mark.parametrize("field", ["title", "lead", "body", "caption"])
def test_changing_the_original_marks_the_translations(article, field):
    change(article, **{f"{field}_ru": CHANGES[field]})

    assert fresh(article).outdated_languages() == ["az", "en"]
    assert article.outdated_languages() == ["az", "en"]  # without the annotation


@pytest.mark.parametrize(
    "fields",
    [
        {"slug_ru": "drugoy-adres"},
        {"search_description_ru": "Другое описание."},
        {"title_az": "Başqa başlıq"},  # a translation changing marks nothing
    ],
)
def test_other_changes_mark_nothing(article, fields):
    change(article, **fields)

    assert fresh(article).outdated_languages() == []


def test_a_missing_translation_is_not_outdated(make_article):
    article = make_article(title_en="", body_en="")
    change(article, title_ru="Новый заголовок")

    assert fresh(article).outdated_languages() == ["az"]


def test_the_original_changing_back_clears_the_mark(article):
    title = article.title_ru
    change(article, title_ru="Временно")
    change(article, title_ru=title)

    assert fresh(article).outdated_languages() == []


def test_saving_the_translation_clears_its_mark(journalist, article):
    change(article, body_ru=CHANGES["body"])
    client = client_for(journalist)
    data = open_form(client, article, body_az="<p>Yenilənmiş mətn.</p>")

    assert client.post(change_url(article), data).status_code == 302

    assert fresh(article).outdated_languages() == ["en"]
    state = TranslationState.objects.get(article=article, language="az")
    assert state.source["body"] == CHANGES["body"]
    assert state.updated_by == journalist


def test_the_original_and_a_translation_saved_together(journalist, article):
    client = client_for(journalist)
    data = open_form(client, article, title_ru="Новый", title_en="New")

    assert client.post(change_url(article), data).status_code == 302

    assert fresh(article).outdated_languages() == ["az"]


def test_translation_checked_clears_the_mark(journalist, article):
    change(article, lead_ru=CHANGES["lead"])
    client = client_for(journalist)
    response = client.get(change_url(article))
    data = form_data(response, translation_checked_en="on")

    assert client.post(change_url(article), data).status_code == 302

    assert fresh(article).outdated_languages() == ["az"]
    latest = article.revisions.latest()
    assert latest.created_by == journalist
    assert latest.events == [{"kind": "checked", "language": "en"}]


def test_the_form_shows_what_changed_in_the_original(journalist, article):
    change(article, title_ru="НАТО и Азербайджан: <новая> глава")
    client = client_for(journalist)

    response = client.get(change_url(article))

    form = response.context["adminform"].form
    assert "translation_checked_az" in form.fields
    assert "translation_checked_en" in form.fields
    assert "translation_checked_ru" not in form.fields  # the original
    tabs = {tab["code"]: tab["is_outdated"] for tab in response.context["translation"]["tabs"]}
    assert tabs == {"ru": False, "az": True, "en": True}
    assert "translation_checked" in response.context["translation"]["config"]["companions"]
    page = response.content.decode()
    assert page.count('class="turan-badge turan-badge--outdated"') == 2
    assert "The original (Русский) changed since this translation was last saved" in page
    assert "<del>контакты и разногласия</del>" in page
    assert "<ins>&lt;</ins>" in page or "&lt;новая&gt;" in page
    assert "<новая>" not in page


def test_an_up_to_date_article_offers_no_check(journalist, article):
    response = client_for(journalist).get(change_url(article))

    form = response.context["adminform"].form
    assert not [name for name in form.fields if name.startswith("translation_checked")]
    assert "turan-badge--outdated" not in response.content.decode()


def test_changing_the_original_language_rebases_every_translation(journalist, article):
    change(article, title_ru="Новый заголовок")
    client = client_for(journalist)
    data = open_form(client, article, original_language="en")

    assert client.post(change_url(article), data).status_code == 302

    assert fresh(article).outdated_languages() == []
    sources = TranslationState.objects.filter(article=article).values_list(
        "language", "source_language"
    )
    assert sorted(sources) == [("az", "en"), ("ru", "en")]
    article.refresh_from_db()
    change(article, title_en="A new English title")
    assert fresh(article).outdated_languages() == ["ru", "az"]


# The article list


def test_list_column_and_filter(journalist, make_article, make_section):
    section = make_section()
    outdated = make_article(section=section)
    change(outdated, body_ru="<p>Изменено.</p>")
    current = make_article(section=section)
    client = client_for(journalist)

    everything = client.get(LIST_URL)
    in_english = client.get(LIST_URL, {"outdated": "en"})

    assert set(everything.context["cl"].result_list) == {outdated, current}
    assert list(in_english.context["cl"].result_list) == [outdated]
    page = everything.content.decode()
    assert "column-outdated_translations" in page
    assert "turan-status--outdated" in page
    assert "By outdated translation" in page


def test_list_queries_stay_constant(journalist, make_article, make_section):
    section = make_section()
    client = client_for(journalist)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST_URL).status_code == 200
        return len(captured)

    for _ in range(2):
        change(make_article(section=section), title_ru="Изменено")
    few = queries()
    for _ in range(8):
        change(make_article(section=section), title_ru="Изменено")
    many = queries()

    assert many == few
