"""A translator starts from the original's structure and quotes, and is warned
when a translation places other quotes than the original."""

import pytest
from playwright.sync_api import expect

from tests.browser.editing import caret_to_end

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def translator(django_user_model):
    from django.contrib.auth.models import Group

    from newsroom.roles import JOURNALIST

    user = django_user_model.objects.create_user("nigar", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=JOURNALIST))
    return user


@pytest.fixture
def quotes():
    from quotes.models import Quote
    from tags.models import Tag

    person = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Anders Fogh Rasmussen")
    return [
        Quote.objects.create(speaker=person, text_en="NATO is open."),
        Quote.objects.create(speaker=person, text_en="Partnership is a process."),
    ]


def log_in(page, live_server, user, next_url):
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(live_server.url + next_url)


def editor(page, code):
    return page.locator(f".field-body_{code} .tiptap.ProseMirror")


def test_start_from_the_original_copies_structure_and_quotes(
    live_server, page, translator, make_article, quotes
):
    from articles.models import Article

    first, second = quotes
    original = (
        "<h2>Контакты</h2><p>Первый абзац.</p>"
        f'<figure data-quote="{first.pk}"></figure>'
        "<ul><li>Пункт один</li><li>Пункт два</li></ul>"
    )
    article = make_article(
        body_ru=original,
        title_en="Contacts",
        body_en="",
        body_az=f'<p>Mətn.</p><figure data-quote="{second.pk}"></figure>',
    )
    form_path = f"/admin/articles/article/{article.pk}/change/"
    log_in(page, live_server, translator, form_path)

    # Azerbaijani cites another quote: warned on its tab only.
    page.click("#turan-tab-az")
    warning = page.locator(".field-body_az .turan-start__warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(f"#{first.pk}")
    expect(warning).to_contain_text(f"#{second.pk}")
    expect(page.locator(".field-body_az .turan-start__button")).to_be_hidden()

    page.click("#turan-tab-en")
    expect(warning).to_be_hidden()
    button = page.locator(".field-body_en .turan-start__button")
    expect(button).to_be_visible()
    expect(page.locator(".field-body_ru .turan-start__button")).to_be_hidden()
    button.click()

    body = editor(page, "en")
    expect(body.locator("h2")).to_have_text("Контакты")
    expect(body.locator("li")).to_have_count(2)
    expect(body.locator(f"figure[data-quote='{first.pk}']")).to_have_count(1)
    expect(button).to_be_hidden()
    expect(page.locator(".field-body_en .turan-start__warning")).to_be_hidden()

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_be_visible()
    stored = Article.objects.get(pk=article.pk)
    assert "<h2>Контакты</h2>" in stored.body_en
    assert f'data-quote="{first.pk}"' in stored.body_en
    assert stored.body_ru == original


def test_saving_versions_that_cite_different_quotes_warns_from_the_server(
    live_server, page, translator, make_article, quotes
):
    first, second = quotes
    article = make_article(
        body_ru=f'<p>Первый абзац.</p><figure data-quote="{first.pk}"></figure>',
        title_en="",
        body_en="",
        body_az="<p>Mətn.</p>",
    )
    form_path = f"/admin/articles/article/{article.pk}/change/"
    log_in(page, live_server, translator, form_path)
    # The script's live warning replaces the server's note of the form as shown.
    expect(page.locator(".turan-quotes-differ")).to_have_count(0)

    page.click("#turan-tab-az")
    body = editor(page, "az")
    caret_to_end(page, body)
    page.keyboard.type(" Yeni cümlə.")
    page.click("input[name=_continue]")

    warning = page.locator(".messagelist .warning")
    expect(warning).to_contain_text("The language versions cite different quotes")
    expect(warning).to_contain_text(f"Russian (the original): #{first.pk} (Anders Fogh Rasmussen)")
    expect(warning).to_contain_text("Azerbaijani: none")
    # On the Azerbaijani tab only.
    page.click("#turan-tab-az")
    expect(page.locator(".field-body_az .turan-start__warning")).to_be_visible()
    expect(page.locator(".field-body_az .turan-start__warning")).to_contain_text(f"#{first.pk}")
    page.click("#turan-tab-ru")
    expect(page.locator(".field-body_az .turan-start__warning")).to_be_hidden()
