import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_follows_the_language_tab_to_the_english_version(live_server, page, make_article):
    article = make_article(public=("ru", "en"))

    page.goto(live_server.url + article.get_absolute_url("ru"))
    expect(page.locator("h1")).to_have_text("НАТО и Азербайджан: контакты и разногласия")
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    tabs = page.locator("nav.language-tabs")  # its name is in Russian on this page
    expect(tabs.get_by_role("link")).to_have_count(2)  # no Azerbaijani: not public
    tabs.get_by_role("link", name="English").click()

    expect(page).to_have_url(live_server.url + article.get_absolute_url("en"))
    expect(page.locator("h1")).to_have_text("NATO and Azerbaijan: Contacts and Differences")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_pages_work_without_javascript(live_server, browser, make_article):
    article = make_article(public=("en",))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(live_server.url + "/en/")
    page.get_by_role("link", name="NATO and Azerbaijan: Contacts and Differences").click()

    expect(page).to_have_url(live_server.url + article.get_absolute_url("en"))
    expect(page.locator(".article__body")).to_contain_text("English text.")
    context.close()
