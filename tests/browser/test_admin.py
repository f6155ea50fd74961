import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADD_ARTICLE = "/admin/articles/article/add/"
PASSWORD = "correct horse battery staple"
SCREENSHOTS = "/tmp/admin-{}.png"


@pytest.fixture
def journalist(django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("journalist", password=PASSWORD, is_staff=True)
    models = ["article", "byline", "tag", "author", "quote", "section"]
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__model__in=models, codename__regex=r"^(add|change|view)_"
        )
    )
    return user


@pytest.fixture
def section(make_section):
    return make_section()


@pytest.fixture
def quote(db):
    from quotes.models import Quote
    from tags.models import Tag

    speaker = Tag.objects.create(
        kind=Tag.Kind.PERSON, name_ru="Андерс Фог Расмуссен", name_en="Anders Fogh Rasmussen"
    )
    return Quote.objects.create(
        speaker=speaker,
        text_ru="Двери НАТО открыты.",
        text_en="NATO's door is open.",
        speaker_role_en="NATO Secretary General (2009–2014)",
    )


def log_in(page, live_server, user, next_url=ADD_ARTICLE):
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(live_server.url + next_url)


def editor(page, code):
    return page.locator(f".field-body_{code} .tiptap.ProseMirror")


def write(page, code, title, lead, body):
    page.fill(f"#id_title_{code}", title)
    page.fill(f"#id_lead_{code}", lead)
    editor(page, code).click()
    page.keyboard.type(body)


def switch_to(page, code):
    page.click(f"#turan-tab-{code}")
    expect(page.locator(f"#turan-tab-{code}")).to_have_attribute("aria-selected", "true")


def test_journalist_writes_and_translates_one_article(live_server, page, journalist, section):
    from articles.models import Article

    log_in(page, live_server, journalist)
    tab = {code: page.locator(f"#turan-tab-{code}") for code in ("ru", "az", "en")}
    expect(tab["ru"]).to_have_attribute("aria-selected", "true")
    expect(tab["ru"].locator(".turan-badge--original")).to_be_visible()
    expect(tab["az"].locator(".turan-badge--empty")).to_be_visible()

    write(page, "ru", "НАТО и Азербайджан", "Русский лид.", "Русский текст.")
    expect(tab["ru"].locator(".turan-badge--empty")).to_be_hidden()
    page.screenshot(path=SCREENSHOTS.format("ru"), full_page=True)

    switch_to(page, "az")
    for field in ["title", "slug", "lead", "body", "caption", "search_description"]:
        expect(page.locator(f".field-{field}_ru")).to_be_hidden()
        expect(page.locator(f".field-{field}_az")).to_be_visible()
    # Publication is an editor's (tests/browser/test_workflow.py): no controls here.
    expect(page.locator("[name^=published_at_], [name^=schedule_]")).to_have_count(0)
    # The original's text stands under the field being translated.
    original_title = page.locator(".field-title_az .turan-original")
    expect(original_title).to_be_visible()
    expect(original_title).to_contain_text("НАТО и Азербайджан")
    expect(original_title).to_have_attribute("lang", "ru")
    expect(page.locator(".field-lead_az .turan-original")).to_contain_text("Русский лид.")
    expect(page.locator(".field-body_az .turan-original")).to_contain_text("Русский текст.")
    write(page, "az", "NATO və Azərbaycan", "Azərbaycanca lid.", "Azərbaycanca mətn.")
    expect(tab["az"].locator(".turan-badge--empty")).to_be_hidden()
    page.screenshot(path=SCREENSHOTS.format("az"), full_page=True)

    switch_to(page, "en")
    expect(page.locator(".field-title_az")).to_be_hidden()
    expect(page.locator(".field-title_en .turan-original")).to_contain_text("НАТО и Азербайджан")
    write(page, "en", "NATO and Azerbaijan", "English lead.", "English text.")
    page.screenshot(path=SCREENSHOTS.format("en"), full_page=True)

    # Changing the original language moves the mark and the reference text.
    page.select_option("#id_original_language", "en")
    expect(tab["en"].locator(".turan-badge--original")).to_be_visible()
    expect(tab["ru"].locator(".turan-badge--original")).to_be_hidden()
    switch_to(page, "ru")
    expect(page.locator(".field-title_ru .turan-original")).to_contain_text("NATO and Azerbaijan")
    page.select_option("#id_original_language", "ru")

    page.select_option("#id_section", str(section.pk))
    page.click("input[name=_save]")
    expect(page).to_have_url(re.compile(r"/admin/articles/article/$"))

    article = Article.objects.get()
    assert article.original_language == "ru"
    assert (article.title_ru, article.lead_ru, article.body_ru) == (
        "НАТО и Азербайджан",
        "Русский лид.",
        "<p>Русский текст.</p>",
    )
    assert (article.title_az, article.lead_az, article.body_az) == (
        "NATO və Azərbaycan",
        "Azərbaycanca lid.",
        "<p>Azərbaycanca mətn.</p>",
    )
    assert (article.title_en, article.lead_en, article.body_en) == (
        "NATO and Azerbaijan",
        "English lead.",
        "<p>English text.</p>",
    )
    assert article.section == section


def test_refused_save_reopens_on_the_tab_with_the_error(live_server, page, journalist, section):
    from django.contrib.auth.models import Permission

    from articles.models import Article

    # Setting a publication moment takes an editor's permission.
    journalist.user_permissions.add(Permission.objects.get(codename="publish_article"))
    log_in(page, live_server, journalist)
    write(page, "ru", "Заголовок", "Лид.", "Текст.")
    switch_to(page, "az")
    page.fill("#id_lead_az", "Azərbaycanca lid.")
    editor(page, "az").click()
    page.keyboard.type("Azərbaycanca mətn.")
    # A publication moment without a title in that language is refused.
    page.fill("#id_published_at_az_0", "2017-11-25")
    page.fill("#id_published_at_az_1", "12:51:00")
    switch_to(page, "en")
    write(page, "en", "Title", "English lead.", "English text.")
    page.select_option("#id_section", str(section.pk))
    # A moment in the past is confirmed first (it would publish at once, backdated).
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("input[name=_save]")

    expect(page.locator(".errornote")).to_be_visible()
    tab = page.locator("#turan-tab-az")
    expect(tab).to_have_attribute("aria-selected", "true")
    expect(tab.locator(".turan-badge--error")).to_be_visible()
    expect(page.locator("#turan-tab-ru .turan-badge--error")).to_be_hidden()
    expect(page.locator(".field-published_at_az .errorlist")).to_be_visible()
    expect(page.locator("#id_title_ru")).to_be_hidden()
    page.screenshot(path=SCREENSHOTS.format("error"), full_page=True)

    expected = {
        "#id_title_ru": "Заголовок",
        "#id_lead_ru": "Лид.",
        "#id_body_ru": "<p>Текст.</p>",
        "#id_title_az": "",
        "#id_lead_az": "Azərbaycanca lid.",
        "#id_body_az": "<p>Azərbaycanca mətn.</p>",
        "#id_published_at_az_0": "2017-11-25",
        "#id_published_at_az_1": "12:51:00",
        "#id_title_en": "Title",
        "#id_lead_en": "English lead.",
        "#id_body_en": "<p>English text.</p>",
        "#id_section": str(section.pk),
    }
    for selector, value in expected.items():
        expect(page.locator(selector)).to_have_value(value)
    expect(editor(page, "az")).to_have_text("Azərbaycanca mətn.")
    switch_to(page, "ru")
    expect(editor(page, "ru")).to_have_text("Текст.")
    switch_to(page, "en")
    expect(editor(page, "en")).to_have_text("English text.")
    assert not Article.objects.exists()


def test_admin_needs_nothing_outside_the_machine(live_server, page, journalist, section):
    outside = []
    errors = []

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if host in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, journalist)

    expect(editor(page, "ru")).to_be_visible()
    expect(page.locator(".tiptap.ProseMirror")).to_have_count(3)
    expect(page.locator(".field-body_ru .prose-menubar")).to_be_visible()
    switch_to(page, "en")
    expect(page.locator("#id_title_en")).to_be_visible()
    expect(page.locator("#id_title_ru")).to_be_hidden()
    expect(editor(page, "en")).to_be_visible()
    # The original's body is shown sanitised: nothing in its HTML runs or loads.
    page.evaluate(
        """() => {
            const body = document.getElementById("id_body_ru")
            body.value = '<p>Safe text.</p><img src="https://example.com/x.png"'
                + ' onerror="window.pwned = 1"><script>window.pwned = 2</script>'
                + '<p><a href="javascript:window.pwned = 3">link</a></p>'
            body.dispatchEvent(new Event("input", { bubbles: true }))
        }"""
    )
    original_body = page.locator(".field-body_en .turan-original__text")
    expect(original_body).to_contain_text("Safe text.")
    expect(original_body).to_contain_text("link")
    expect(original_body.locator("img, script, a, [onerror], [href]")).to_have_count(0)
    assert page.evaluate("window.pwned") is None
    # The toolbar's icon font is the package's own.
    assert page.evaluate("document.fonts.check('24px \"Material Icons\"')")
    page.goto(live_server.url + "/admin/articles/article/")
    page.goto(live_server.url + "/admin/tags/tag/add/")
    expect(page.locator("#turan-langbar")).to_be_visible()

    assert outside == []
    assert errors == []


def test_journalist_places_a_library_quote_in_the_body(
    live_server, page, journalist, section, quote
):
    from articles.models import Article

    log_in(page, live_server, journalist)
    page.fill("#id_title_ru", "Заголовок")
    editor(page, "ru").click()
    page.keyboard.type("До цитаты.")
    page.keyboard.press("Enter")
    page.click(".field-body_ru button[data-name=quotePlaceholder]")
    picker = page.locator("dialog.turan-quote-picker")
    expect(picker).to_be_visible()
    picker.get_by_role("searchbox").fill("двери")
    choice = picker.locator(f"[data-quote-id='{quote.pk}']")
    expect(choice).to_contain_text("Двери НАТО открыты.")
    choice.click()
    expect(picker).to_have_count(0)
    placed = page.locator(".field-body_ru .turan-quote-node")
    expect(placed).to_contain_text("Двери НАТО открыты.")
    expect(placed).to_contain_text("Андерс Фог Расмуссен")
    page.keyboard.type("После цитаты.")

    # Every language's editor places quotes, in its own language where it can.
    switch_to(page, "en")
    original_body = page.locator(".field-body_en .turan-original")
    expect(original_body).to_contain_text("До цитаты.")
    expect(original_body).to_contain_text("«Двери НАТО открыты.» — Андерс Фог Расмуссен")
    expect(original_body.locator("p")).to_have_count(2)
    page.fill("#id_title_en", "Title")
    editor(page, "en").click()
    page.click(".field-body_en button[data-name=quotePlaceholder]")
    page.locator(f"dialog.turan-quote-picker [data-quote-id='{quote.pk}']").click()
    expect(page.locator(".field-body_en .turan-quote-node")).to_contain_text("NATO's door is open.")
    expect(page.locator(".field-body_en .turan-quote-node")).to_contain_text(
        "NATO Secretary General (2009–2014)"
    )
    page.screenshot(path=SCREENSHOTS.format("quote"), full_page=True)

    page.select_option("#id_section", str(section.pk))
    page.click("input[name=_save]")
    expect(page).to_have_url(re.compile(r"/admin/articles/article/$"))

    article = Article.objects.get()
    figure = f'<figure data-quote="{quote.pk}"></figure>'
    assert article.body_ru == f"<p>До цитаты.</p>{figure}<p>После цитаты.</p>"
    assert figure in article.body_en
    assert list(article.quotes.all()) == [quote]

    # Reopened, the placed quote shows as a block again.
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".field-body_ru .turan-quote-node")).to_contain_text("Двери НАТО")


def test_body_editor_offers_the_newsroom_formatting(live_server, page, journalist, section):
    from articles.models import Article

    log_in(page, live_server, journalist)
    page.fill("#id_title_ru", "Форматирование")
    body = editor(page, "ru")
    menu = page.locator(".field-body_ru .prose-menubar")

    def button(title):
        return menu.locator(f"button[title='{title}']")

    for title in (
        "paragraph",
        "bold",
        "italic",
        "insert link",
        "unordered list",
        "ordered list",
        "blockquote",
    ):
        expect(button(title)).to_have_count(1)

    body.click()
    # The block-type dropdown shows the current type over its button.
    menu.locator(".prose-menubar__selected").first.click()
    menu.get_by_text("Heading 2", exact=True).click()
    page.keyboard.type("Подзаголовок")
    page.keyboard.press("Enter")
    page.keyboard.type("Обычный ")
    button("bold").click()
    page.keyboard.type("жирный")
    button("bold").click()
    page.keyboard.type(" и ")
    button("italic").click()
    page.keyboard.type("курсив")
    button("italic").click()
    page.keyboard.press("Enter")
    button("unordered list").click()
    page.keyboard.type("пункт")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    button("ordered list").click()
    page.keyboard.type("первый")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    button("blockquote").click()
    page.keyboard.type("цитата")

    page.select_option("#id_section", str(section.pk))
    page.click("input[name=_save]")
    expect(page).to_have_url(re.compile(r"/admin/articles/article/$"))

    html = Article.objects.get().body_ru
    assert "<h2>Подзаголовок</h2>" in html
    assert "<strong>жирный</strong>" in html and "<em>курсив</em>" in html
    assert re.search(r"<ul><li>(<p>)?пункт", html)
    assert re.search(r"<ol><li>(<p>)?первый", html)
    assert re.search(r"<blockquote>(<p>)?цитата", html)
