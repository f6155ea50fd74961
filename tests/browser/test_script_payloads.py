"""In a real browser, script payloads in every text field run nowhere."""

import pytest
from playwright.sync_api import expect

from tests.public import test_script_payloads as payloads

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The same site as the test-client checks: every text field a payload.
hostile_site = payloads.hostile_site


def visit(page, url, dialogs):
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("load")
    # Give an onerror handler on a broken image time to fire.
    page.wait_for_timeout(100)
    assert page.evaluate("typeof window.__pwned") == "undefined", url
    assert dialogs == [], url


def test_payloads_run_on_no_page(live_server, page, hostile_site):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    for code in ("ru", "az", "en"):
        for url in payloads.public_urls(hostile_site, code):
            visit(page, live_server.url + url, dialogs)
    article = hostile_site["article"]
    visit(page, live_server.url + article.get_absolute_url("en"), dialogs)
    expect(page.locator("h1")).to_contain_text("<img src=x onerror=window.__pwned=1>")

    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "x")
    page.click("input[type=submit]")
    expect(page).to_have_url(live_server.url + "/admin/")
    for url in payloads.admin_urls(hostile_site):
        visit(page, live_server.url + url, dialogs)
