"""A journalist's save while the database is down: nothing lost, saved after.

A real gunicorn server on a throwaway PostgreSQL cluster (tests/outage_server.py):
the cluster is stopped while the article form is open, and started again.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.drafts import put_the_text_back
from tests.browser.editing import new_last_paragraph
from tests.outage_server import OutageSite

pytestmark = pytest.mark.browser

SCREENSHOTS = "/tmp/outage-{}.png"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = OutageSite(tmp_path_factory.mktemp("outage-browser"))
    try:
        yield site.start()
    finally:
        site.close()


def log_in(page, site):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": site.url}])
    page.goto(f"{site.url}/admin/login/?next=/admin/articles/article/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "outage-password-1")
    page.click("input[type=submit]")
    expect(page).to_have_url(f"{site.url}/admin/articles/article/")


def test_text_typed_before_an_outage_survives_and_is_saved_after(site, page):
    log_in(page, site)
    page.click("#result_list tbody th a")
    form_url = page.url
    page.screenshot(path=SCREENSHOTS.format("form"), full_page=True)
    page.click("#turan-tab-en")
    title = page.locator("#id_title_en")
    body = page.locator(".field-body_en .tiptap.ProseMirror")
    expect(title).to_have_value("Gas and Europe")
    title.fill("Gas and Europe, after the outage")
    new_last_paragraph(page, body)
    page.keyboard.type("A paragraph typed while the database was going away.")

    site.database_down()
    try:
        page.click("input[name=_continue]")
        expect(page.locator("h1")).to_have_text("The database is unavailable")
        expect(page.get_by_text("Nothing was saved.")).to_be_visible()
        page.screenshot(path=SCREENSHOTS.format("503"), full_page=True)
    finally:
        site.database_up()

    page.get_by_role("link", name="Open the form again").click()
    expect(page).to_have_url(form_url)
    put_the_text_back(
        page,
        title,
        body,
        stored_title="Gas and Europe",
        typed_title="Gas and Europe, after the outage",
        typed_body="A paragraph typed while the database was going away.",
        screenshot=SCREENSHOTS.format("offer"),
    )

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.click("#turan-tab-en")
    expect(title).to_have_value("Gas and Europe, after the outage")
    expect(body).to_contain_text("A paragraph typed while the database was going away.")
    expect(page.locator("#turan-draft")).to_have_count(0)

    # Saved for real: readers see it, and the kept copy is gone.
    page.goto(site.url + "/en/")
    expect(page.get_by_text("Gas and Europe, after the outage")).to_be_visible()
    page.goto(form_url)
    expect(page.locator("#turan-draft")).to_have_count(0)
