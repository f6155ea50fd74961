"""The story editor in a real browser: tables, rules and headings, pasting from
Word, Google Docs and LibreOffice, counts, the sticky toolbar and save
buttons, and the toolbar in the admin's language."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.clipboard import GOOGLE_DOCS, LIBREOFFICE, WORD
from tests.browser.editing import caret_to_end, new_last_paragraph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
PASTE = """([element, html]) => {
  const data = new DataTransfer()
  data.setData("text/html", html)
  data.setData("text/plain", element.ownerDocument.createRange().createContextualFragment(html).textContent)
  element.focus()
  element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }))
}"""


@pytest.fixture
def staff(admin_user):
    admin_user.set_password(PASSWORD)
    admin_user.save()
    return admin_user


def open_form(page, live_server, user, article, admin_language=None):
    change = f"/admin/articles/article/{article.pk}/change/"
    if admin_language:
        page.context.add_cookies(
            [
                {
                    "name": "turan_admin_language",
                    "value": admin_language,
                    "domain": "localhost",
                    "path": "/admin/",
                }
            ]
        )
    page.goto(f"{live_server.url}/admin/login/?next={change}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(live_server.url + change)
    # The editors and their tools are set up by module scripts: let them finish.
    page.wait_for_load_state("networkidle")


def body(page, code):
    return page.locator(f".field-body_{code} .tiptap.ProseMirror")


def paste(page, code, html):
    page.click(f"#turan-tab-{code}")
    editor = body(page, code)
    # Into a paragraph of its own, as a journalist pastes a section.
    new_last_paragraph(page, editor)
    editor.evaluate(PASTE.replace("([element, html])", "(element, html)"), html)


def save(page):
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()


def stored(article, code):
    article.refresh_from_db()
    return article.version(code).body


@pytest.mark.parametrize(
    ("code", "html", "texts"),
    [
        ("ru", WORD, ("Экспорт зерна", "Год", "Тонн", "1 200 000", "Примечание")),
        ("az", GOOGLE_DOCS, ("Taxıl ixracı", "İl", "Ton", "1 200 000", "Qeyd")),
        ("en", LIBREOFFICE, ("Grain exports", "Year", "Tonnes", "1 200 000", "Note")),
    ],
    ids=["word", "google-docs", "libreoffice"],
)
def test_a_pasted_table_keeps_its_rows_and_cells(
    live_server, page, staff, make_article, code, html, texts
):
    intro = {"ru": "Вступление.", "az": "Giriş.", "en": "Intro."}[code]
    article = make_article(**{f"body_{code}": f"<p>{intro}</p>"})
    open_form(page, live_server, staff, article, admin_language="en")

    paste(page, code, html)

    heading, first, second, figure, note = texts
    editor = body(page, code)
    expect(editor.locator("table tr")).to_have_count(2)
    expect(editor.locator("table th")).to_have_count(2)
    expect(editor.locator("table td")).to_have_count(2)
    expect(editor.locator("img:not(.ProseMirror-separator)")).to_have_count(0)
    notice = page.locator(f".field-body_{code} .turan-editor-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("1 image in the pasted text was left out")
    save(page)

    html = stored(article, code)
    assert html.startswith(f"<p>{intro}</p><h2>{heading}</h2>")
    # The image's paragraph went with it.
    assert html.endswith(f"<h3>{note}</h3>")
    assert f"<tr><th><p>{first}</p></th><th><p>{second}</p></th></tr>" in html
    assert f"<td><p>2025</p></td><td><p>{figure}</p></td>" in html
    for gone in (
        "<img",
        "mso-",
        "style=",
        "class=",
        "docs-internal",
        "<col",
        "<h1",
        "<h4",
        "<h5",
        "<h6",
    ):
        assert gone not in html


def test_journalist_inserts_a_table_with_a_header_row_and_a_rule(
    live_server, page, staff, make_article
):
    article = make_article(body_en="<p>Intro.</p>")
    open_form(page, live_server, staff, article, admin_language="en")
    page.click("#turan-tab-en")
    caret_to_end(page, body(page, "en"))
    toolbar = page.locator(".field-body_en .prose-menubar")

    toolbar.locator("[data-name=horizontalRule]").click()
    toolbar.locator("[data-name=table]").click()
    dialog = page.locator("dialog[open]")
    expect(dialog).to_be_visible()
    # A header row unless the journalist says otherwise.
    expect(dialog.locator("select")).to_have_value("Yes")
    dialog.locator("input[name=rows]").fill("2")
    dialog.locator("input[name=cols]").fill("2")
    dialog.locator("button[type=submit], input[type=submit]").first.click()
    for text in ["Year", "Tonnes", "2025", "1 200 000"]:
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    save(page)

    html = stored(article, "en")
    assert "<p>Intro.</p><hr>" in html
    assert "<th><p>Year</p></th><th><p>Tonnes</p></th>" in html
    assert "<td><p>2025</p></td><td><p>1 200 000</p></td>" in html


def test_counts_follow_the_title_description_and_body_of_each_language(
    live_server, page, staff, make_article
):
    article = make_article(title_az="Xəzər qazı", body_az="<p>Qaz ixracı artır.</p>")
    open_form(page, live_server, staff, article, admin_language="en")
    page.click("#turan-tab-az")
    title = page.locator("#turan-count-id_title_az")
    description = page.locator("#turan-count-id_search_description_az")
    count = page.locator("#turan-count-body_az")

    expect(title).to_have_text("2 words · 10 characters")
    expect(count).to_have_text("3 words · 17 characters")
    expect(description).to_have_text(
        "0 words · 0 characters · search engines show about 160 characters"
    )
    expect(page.locator("#id_title_az")).to_have_attribute(
        "aria-describedby", "turan-count-id_title_az"
    )

    page.fill("#id_title_az", "Xəzər qazı Avropaya")
    expect(title).to_have_text("3 words · 19 characters")
    page.fill("#id_search_description_az", "söz " * 41)
    expect(description).to_have_text(
        "41 words · 163 characters · longer than search engines show (about 160 characters)"
    )
    expect(description).to_have_class(re.compile(r"\bis-over\b"))
    new_last_paragraph(page, body(page, "az"))
    page.keyboard.type("Yeni abzas.")
    expect(count).to_have_text("5 words · 29 characters")
    # Each language counts its own fields.
    page.click("#turan-tab-ru")
    expect(page.locator("#turan-count-body_ru")).to_have_text("2 words · 14 characters")
    expect(page.locator("#turan-count-body_az")).to_be_hidden()


def test_toolbar_and_save_buttons_stay_in_view_over_a_long_body(
    live_server, page, staff, make_article
):
    long_body = "".join(f"<p>Абзац номер {number} о переговорах.</p>" for number in range(120))
    article = make_article(body_ru=long_body)
    open_form(page, live_server, staff, article, admin_language="en")
    toolbar = page.locator(".field-body_ru .prose-menubar")
    tabs = page.locator(".turan-langbar")
    save_buttons = page.locator(".submit-row")

    # Halfway down the body.
    page.locator(".field-body_ru .ProseMirror p").nth(60).scroll_into_view_if_needed()
    page.mouse.wheel(0, 200)
    page.wait_for_timeout(200)

    viewport = page.viewport_size
    bar, bar_tabs, buttons = (locator.bounding_box() for locator in (toolbar, tabs, save_buttons))
    assert bar_tabs["y"] <= 1
    # Just below the language tabs, not under them.
    assert abs(bar["y"] - (bar_tabs["y"] + bar_tabs["height"])) <= 2
    assert buttons["y"] + buttons["height"] <= viewport["height"] + 1
    assert buttons["y"] > viewport["height"] / 2
    expect(toolbar.locator("[data-name=bold]")).to_be_in_viewport()
    expect(save_buttons.locator("input[name=_continue]")).to_be_in_viewport()
    # The title takes the width of the form's field column.
    title = page.locator("#id_title_ru").bounding_box()
    lead = page.locator("#id_lead_ru").bounding_box()
    assert title["width"] >= lead["width"] - 2


def test_toolbar_and_dialogs_speak_the_admins_language(live_server, page, staff, make_article):
    article = make_article(body_ru="<p>Текст.</p>")
    open_form(page, live_server, staff, article, admin_language="ru")
    toolbar = page.locator(".field-body_ru .prose-menubar")

    expect(toolbar.locator("[data-name=bold]")).to_have_attribute("title", "полужирный")
    expect(toolbar.locator("[data-name=table]")).to_have_attribute("title", "Вставить таблицу")
    expect(toolbar.locator("[data-name=table]")).to_have_attribute("aria-label", "Вставить таблицу")
    expect(toolbar.locator("[data-name=horizontalRule]")).to_have_attribute(
        "title", "горизонтальная линия"
    )
    expect(toolbar.locator("[data-name=heading2] h2")).to_have_text("Заголовок 2")
    expect(page.locator("#turan-count-body_ru")).to_have_text("1 слово · 6 знаков")

    body(page, "ru").click()
    toolbar.locator("[data-name=table]").click()
    dialog = page.locator("dialog[open]")
    expect(dialog.locator("h3")).to_have_text("Свойства таблицы")
    expect(dialog.get_by_label("Строки")).to_be_visible()
    expect(dialog.locator("select option")).to_have_text(["Да", "Нет"])
    dialog.get_by_role("button", name="Вставить таблицу").click()
    # Inside a table the table's own buttons appear, translated too.
    expect(toolbar.locator('[data-name="table:addRowAfter"]')).to_have_attribute(
        "title", "Добавить строку"
    )
    expect(body(page, "ru").locator("table th")).to_have_count(3)


def test_the_azerbaijani_admin_has_its_own_words(live_server, page, staff, make_article):
    article = make_article()
    open_form(page, live_server, staff, article, admin_language="az")
    page.click("#turan-tab-az")
    toolbar = page.locator(".field-body_az .prose-menubar")

    expect(toolbar.locator("[data-name=table]")).to_have_attribute("title", "Cədvəl əlavə et")
    expect(toolbar.locator("[data-name=bold]")).to_have_attribute("title", "qalın")
    expect(page.locator("#turan-count-body_az")).to_have_text("2 söz · 18 simvol")
    expect(page.locator("#turan-count-id_search_description_az")).to_contain_text(
        "axtarış sistemləri təxminən 160 simvol göstərir"
    )


def test_the_translator_sees_the_originals_table_as_a_table(live_server, page, staff, make_article):
    article = make_article(
        original_language="ru",
        body_ru="<p>Вступление.</p><table><tbody><tr><th><p>Год</p></th><th><p>Тонн</p></th></tr>"
        "<tr><td><p>2025</p></td><td><p>1 200 000</p></td></tr></tbody></table><hr>",
        body_az="",
    )
    open_form(page, live_server, staff, article, admin_language="en")
    page.click("#turan-tab-az")

    original = page.locator(".field-body_az .turan-original")
    expect(original.locator("table tr")).to_have_count(2)
    expect(original.locator("th")).to_have_text(["Год", "Тонн"])
    expect(original.locator("td")).to_have_text(["2025", "1 200 000"])
    expect(original.locator("hr")).to_have_count(1)
