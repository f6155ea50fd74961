import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch(page, name):
    page.locator("nav.language-switcher").get_by_role("link", name=name, exact=True).click()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "section/economy/",
        "tag/energy/",
        "tag/arif-karimov/",
        "author/helen-morrow/",
        "quotes/?speaker=arif-karimov",
        "archive/",
        "archive_month",
        "archive_day",
        "search/?q=gas",
    ],
)
def test_switching_language_keeps_the_page(live_server, page, reader_site, path):
    path = reader_site.get(path, path)
    page.goto(f"{live_server.url}/en/{path}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    heading = page.locator("h1").inner_text()

    # A search carried into another language says which one it came from.
    def came_from(code):
        return f"&searched_in={code}" if path.startswith("search/") else ""

    switch(page, "Русский")

    expect(page).to_have_url(f"{live_server.url}/ru/{path}{came_from('en')}")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    if path.startswith(("section", "tag", "author")):
        assert page.locator("h1").inner_text() != heading  # the name in Russian

    switch(page, "Azərbaycan")

    expect(page).to_have_url(f"{live_server.url}/az/{path}{came_from('ru')}")
    expect(page.locator("html")).to_have_attribute("lang", "az")


def test_article_offers_only_its_public_versions(live_server, page, reader_site):
    older = reader_site["older"]  # public in Russian and English, Azerbaijani scheduled
    page.goto(live_server.url + older.get_absolute_url("en"))

    switcher = page.locator("nav.language-switcher")
    expect(switcher.get_by_role("link")).to_have_count(2)
    expect(switcher.get_by_role("link", name="Azərbaycan")).to_have_count(0)

    switch(page, "Русский")

    expect(page).to_have_url(live_server.url + older.get_absolute_url("ru"))
    expect(page.locator("h1")).to_have_text("Цены на нефть и бюджет")


def test_article_switches_between_all_three_versions(live_server, page, reader_site):
    lead = reader_site["lead"]
    page.goto(live_server.url + lead.get_absolute_url("ru"))

    switch(page, "Azərbaycan")
    expect(page).to_have_url(live_server.url + lead.get_absolute_url("az"))
    expect(page.locator("h1")).to_have_text("Avropa üçün Xəzər qazı")

    switch(page, "English")
    expect(page).to_have_url(live_server.url + lead.get_absolute_url("en"))
    expect(page.locator("h1")).to_have_text("Caspian Gas for Europe")


def test_the_chosen_language_is_remembered_for_the_front_door(live_server, page, reader_site):
    page.goto(f"{live_server.url}/ru/section/economy/")
    switch(page, "Azərbaycan")
    expect(page).to_have_url(f"{live_server.url}/az/section/economy/")

    page.goto(f"{live_server.url}/")

    expect(page).to_have_url(f"{live_server.url}/az/")
    expect(page.locator("html")).to_have_attribute("lang", "az")
    cookie = next(c for c in page.context.cookies() if c["name"] == "django_language")
    assert cookie["value"] == "az" and cookie["sameSite"] == "Lax"


def test_first_visit_follows_the_browser_language(live_server, browser, reader_site):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()

    page.goto(f"{live_server.url}/")

    expect(page).to_have_url(re.compile(r"/en/$"))
    context.close()
