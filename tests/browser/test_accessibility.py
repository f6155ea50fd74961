"""axe-core on the reader's pages in every language, the keyboard, a phone, print."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["ru", "az", "en"]
PAGES = {
    "home": lambda site, code: f"/{code}/",
    "article": lambda site, code: site["lead"].get_absolute_url(code),
    "section": lambda site, code: f"/{code}/section/economy/",
    "person": lambda site, code: f"/{code}/tag/arif-karimov/",
    "search": lambda site, code: f"/{code}/search/?q=gas",
    "404": lambda site, code: f"/{code}/no/such/page/",
}
# Pages beyond the required six, checked the same way.
MORE_PAGES = {
    "author": lambda site, code: f"/{code}/author/helen-morrow/",
    "quotes": lambda site, code: f"/{code}/quotes/?speaker=arif-karimov",
    "archive month": lambda site, code: f"/{code}/{site['archive_month']}",
    "archive day": lambda site, code: f"/{code}/{site['archive_day']}",
}


def search_is_built():
    from django.urls import Resolver404, resolve
    from django.utils import translation

    try:
        with translation.override("en"):
            resolve("/en/search/")
    except Resolver404:
        return False
    return True


def open_page(page, url, name):
    if name == "search" and not search_is_built():
        pytest.skip("/<lang>/search/ is not built yet")
    response = page.goto(url)
    assert response.status == (404 if name == "404" else 200), url
    return response


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("name", [*PAGES, *MORE_PAGES])
def test_page_has_no_axe_violations(live_server, page, reader_site, name, code):
    path = {**PAGES, **MORE_PAGES}[name](reader_site, code)
    open_page(page, live_server.url + path, name)
    expect(page.locator("html")).to_have_attribute("lang", code)

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()


DARK_PAGES = {
    **PAGES,
    **MORE_PAGES,
    "latest": lambda site, code: f"/{code}/latest/",
    "archive": lambda site, code: f"/{code}/archive/",
}


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("name", DARK_PAGES)
def test_page_has_no_axe_violations_in_dark_mode(live_server, page, reader_site, name, code):
    page.emulate_media(color_scheme="dark")
    path = DARK_PAGES[name](reader_site, code)
    open_page(page, live_server.url + path, name)
    # The dark palette is really in use: axe checks its colours, not the light ones.
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(21, 23, 26)", background

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()


def test_light_mode_keeps_the_light_palette_and_print_stays_light(live_server, page, reader_site):
    url = live_server.url + reader_site["lead"].get_absolute_url("en")
    page.emulate_media(color_scheme="light")
    page.goto(url)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(253, 252, 250)"
    assert page.locator('meta[name="color-scheme"]').get_attribute("content") == "light dark"

    page.emulate_media(color_scheme="dark", media="print")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    # Text on paper is dark whatever the screen's scheme.
    muted = page.evaluate("getComputedStyle(document.querySelector('.article__meta')).color")
    assert muted == "rgb(84, 91, 100)", muted


def test_skip_link_appears_on_focus_and_moves_focus_to_main(live_server, page, reader_site):
    page.goto(live_server.url + reader_site["lead"].get_absolute_url("en"))
    skip = page.locator("a.skip-link")
    expect(skip).not_to_be_in_viewport()

    page.keyboard.press("Tab")

    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    # The next Tab continues inside the main content, past the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('content').contains(document.activeElement)")


def test_focus_is_visible_on_links(live_server, page, reader_site):
    page.goto(f"{live_server.url}/en/")

    for _ in range(3):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
        )
        assert outline[0] != "none" and outline[1] >= 2, outline


@pytest.mark.parametrize("name", ["home", "article", "section", "person", "archive day"])
@pytest.mark.parametrize("code", LANGUAGES)
def test_pages_fit_a_phone_screen(live_server, browser, reader_site, name, code):
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2)
    page = context.new_page()
    path = {**PAGES, **MORE_PAGES}[name](reader_site, code)

    page.goto(live_server.url + path)

    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 375, f"{path} is {width}px wide"
    context.close()


def test_print_shows_the_article_without_navigation(live_server, page, reader_site):
    page.goto(live_server.url + reader_site["lead"].get_absolute_url("en"))
    page.emulate_media(media="print")

    for selector in (
        ".language-switcher",
        ".section-nav",
        ".breadcrumbs",
        ".share",
        ".related",
        ".skip-link",
    ):
        hidden = page.locator(selector).first
        if hidden.count():
            expect(hidden).to_be_hidden()
    expect(page.locator(".article__title")).to_be_visible()
    expect(page.locator(".pull-quote")).to_be_visible()
    expect(page.locator(".article__body")).to_be_visible()


@pytest.mark.parametrize("code", LANGUAGES)
def test_an_article_with_a_table_headings_and_a_rule_has_no_axe_violations(
    live_server, page, rich_article, code
):
    page.goto(live_server.url + rich_article.get_absolute_url(code))
    expect(page.locator(".article__body table")).to_have_count(2)
    expect(page.locator(".article__body hr")).to_have_count(1)

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_wide_table_scrolls_inside_the_article_on_a_phone(
    live_server, browser, rich_article, code
):
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2)
    page = context.new_page()
    page.goto(live_server.url + rich_article.get_absolute_url(code))
    box = page.locator(".article__body .table-scroll").first
    expect(box).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    sizes = box.evaluate("box => [box.scrollWidth, box.clientWidth]")
    assert sizes[0] > sizes[1], sizes
    # The keyboard scrolls it: the box takes the focus, the arrow moves it.
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('.article__body .table-scroll').scrollLeft > 0"
    )
    expect(box.locator("td").last).to_have_text("1200000")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
