"""Inline figures in a real browser: placed from the media library's picker,
pasted images pointing to it, the reader's page (axe), the site pages' editor
with the article editor's tools, the lead photo's preview after its popup."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser import figures
from tests.browser.editing import new_last_paragraph
from tests.browser.test_body_editor import PASSWORD, body, open_form, paste
from tests.browser.test_body_editor import staff as staff  # noqa: PLC0414 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Fixtures shared with the HTML checker's test (tests/photos/test_figures_html.py).
figure_photos = figures.figure_photos
figure_article = figures.figure_article

LANGUAGES = ["ru", "az", "en"]


def test_journalist_places_a_photo_from_the_library_and_saves(
    live_server,
    page,
    staff,
    make_article,
    figure_photos,
):
    port, chart = figure_photos
    article = make_article(body_en="<p>Intro.</p>")
    open_form(page, live_server, staff, article, admin_language="en")
    page.click("#turan-tab-en")
    new_last_paragraph(page, body(page, "en"))

    page.locator(".field-body_en .prose-menubar [data-name=figurePlaceholder]").click()
    dialog = page.locator("dialog.turan-figure-picker[open]")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".turan-figure-picker__choice")).to_have_count(2)
    # Searched as the lead photo's autocomplete: caption, credit, alt, tags.
    dialog.locator("input[type=search]").fill("container terminal")
    choices = dialog.locator(".turan-figure-picker__choice")
    expect(choices).to_have_count(1)
    expect(choices.first).to_contain_text("The container terminal of the port of Baku")
    choices.first.click()
    expect(dialog).to_have_count(0)

    # The editor shows the figure as a block: thumbnail and caption.
    node = body(page, "en").locator("figure.turan-figure-node")
    expect(node).to_have_count(1)
    expect(node.locator("img")).to_have_attribute(
        "alt", "Cranes over rows of containers at the quay"
    )
    node.locator("img").evaluate("img => img.decode()")
    expect(node.locator("figcaption")).to_have_text(
        "The container terminal of the port of Baku Photo: Turan"
    )
    page.keyboard.type("After the photo.")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    article.refresh_from_db()
    assert article.body_en == (
        f'<p>Intro.</p><figure data-photo="{port.pk}"></figure><p>After the photo.</p>'
    )
    assert list(article.figures.all()) == [port]
    # Opened again, the stored placeholder is the same block.
    page.reload()
    page.click("#turan-tab-en")
    expect(body(page, "en").locator("figure.turan-figure-node img")).to_be_visible()


def test_a_pasted_image_is_left_out_and_the_notice_opens_the_library(
    live_server,
    page,
    staff,
    make_article,
    figure_photos,
):
    article = make_article(body_az="<p>Giriş.</p>")
    open_form(page, live_server, staff, article, admin_language="az")

    paste(page, "az", '<p>Mətn.</p><p><img src="data:image/png;base64,iVBORw0KGgo="></p>')

    editor = body(page, "az")
    expect(editor.locator("img:not(.ProseMirror-separator)")).to_have_count(0)
    notice = page.locator(".field-body_az .turan-editor-notice")
    expect(notice).to_contain_text("media kitabxanasından")
    notice.locator(".turan-editor-notice__library").click()
    dialog = page.locator("dialog.turan-figure-picker[open]")
    expect(dialog).to_be_visible()
    expect(notice).to_have_count(0)
    expect(dialog.locator(".turan-figure-picker__choice")).to_have_count(2)
    dialog.locator(".turan-figure-picker__choice", has_text="Bakı limanının").click()
    expect(editor.locator("figure.turan-figure-node")).to_have_count(1)


@pytest.mark.parametrize("code", LANGUAGES)
def test_an_article_with_inline_figures_has_no_axe_violations(
    live_server,
    page,
    figure_article,
    code,
):
    page.goto(live_server.url + figure_article.get_absolute_url(code))
    figures = page.locator(".article__body figure.inline-figure")
    expect(figures).to_have_count(2)
    for index in range(2):
        figures.nth(index).locator("img").evaluate("img => img.decode()")
    expect(figures.first.locator("img")).to_have_attribute("loading", "lazy")

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()


def test_the_site_pages_editor_has_the_article_editors_tools(live_server, page, staff):
    from pages.models import Page

    table = (
        "<table><tbody><tr><th><p>Год</p></th></tr><tr><td><p>1990</p></td></tr></tbody></table>"
    )
    site_page = Page.objects.create(
        kind=Page.Kind.ABOUT, title_ru="О нас", body_ru=f"{table}<p>Агентство основано давно.</p>"
    )
    change = reverse("admin:pages_page_change", args=[site_page.pk])
    page.context.add_cookies(
        [{"name": "turan_admin_language", "value": "ru", "domain": "localhost", "path": "/admin/"}]
    )
    page.goto(f"{live_server.url}/admin/login/?next={change}")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(live_server.url + change)
    page.wait_for_load_state("networkidle")

    # Counts and the toolbar in the admin's language, as in the article form.
    expect(page.locator("#turan-count-body_ru")).to_have_text("5 слов · 34 знака")
    expect(page.locator("#turan-count-id_title_ru")).to_have_text("2 слова · 5 знаков")
    toolbar = page.locator(".field-body_ru .prose-menubar")
    expect(toolbar.locator("[data-name=bold]")).to_have_attribute("title", "полужирный")
    # Spell-checked in the version's language, as the article body is.
    expect(body(page, "ru")).to_have_attribute("lang", "ru")
    expect(body(page, "ru")).to_have_attribute("spellcheck", "true")
    # The article body's vocabulary, tables included; no library on a site page.
    expect(toolbar.locator("[data-name=table]")).to_have_attribute("title", "Вставить таблицу")
    expect(toolbar.locator("[data-name=figurePlaceholder]")).to_have_count(0)
    expect(toolbar.locator("[data-name=quotePlaceholder]")).to_have_count(0)

    paste(
        page,
        "ru",
        '<b style="font-weight:normal" id="docs-internal-guid-1"><h1>История</h1>'
        '<p>Текст.</p><p><img src="data:image/png;base64,iVBORw0KGgo="></p></b>',
    )
    editor = body(page, "ru")
    expect(editor.locator("h2")).to_have_text("История")
    expect(editor.locator("strong, b")).to_have_count(0)
    notice = page.locator(".field-body_ru .turan-editor-notice")
    expect(notice).to_contain_text("1 изображение")
    expect(notice.locator(".turan-editor-notice__library")).to_have_count(0)
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    site_page.refresh_from_db()
    # The table survives the editor (it has the table extension now).
    assert site_page.body_ru == (
        f"{table}<p>Агентство основано давно.</p><h2>История</h2><p>Текст.</p>"
    )


def test_the_lead_photo_preview_follows_an_edit_in_the_change_popup(
    live_server,
    page,
    staff,
    make_article,
    figure_photos,
):
    port, _chart = figure_photos
    article = make_article(lead_photo=port)
    change = reverse("admin:articles_article_change", args=[article.pk])
    open_form(page, live_server, staff, article, admin_language="en")
    preview = page.locator(".field-lead_photo_preview")
    expect(preview).to_contain_text("Cranes over rows of containers at the quay")

    with page.expect_popup() as opened:
        page.click("#change_id_lead_photo")
    popup = opened.value
    popup.wait_for_load_state()
    popup.click("#turan-tab-en")
    popup.fill("#id_alt_en", "Two cranes lifting a blue container")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")

    expect(preview).to_contain_text("Two cranes lifting a blue container")
    expect(page).to_have_url(live_server.url + change)


def test_the_lead_photo_preview_shows_a_photo_added_in_the_popup(
    live_server,
    page,
    staff,
    make_article,
    figure_photos,
    tmp_path,
):
    article = make_article()
    open_form(page, live_server, staff, article, admin_language="en")
    preview = page.locator(".field-lead_photo_preview")
    expect(preview).to_contain_text("No lead photo")
    upload = tmp_path / "new.jpg"
    upload.write_bytes(figures.jpeg((800, 450), (10, 120, 60)).read())

    with page.expect_popup() as opened:
        page.click("#add_id_lead_photo")
    popup = opened.value
    popup.wait_for_load_state()
    popup.set_input_files("#id_image", str(upload))
    popup.click("#turan-tab-en")
    popup.fill("#id_alt_en", "A green field under a clear sky")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")

    expect(preview).to_contain_text("A green field under a clear sky")
    expect(preview.locator("img.photo-thumbnail")).to_be_visible()
