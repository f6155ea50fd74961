"""Readers' pages through the production stack, in Chromium: nothing fails to load,
nothing is logged as an error (what Lighthouse's best-practices audit counts)."""

import pytest
from playwright.sync_api import expect

from tests.deploy.stack import nginx_installed

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not nginx_installed(), reason="nginx is missing"),
]


@pytest.fixture
def watched(page):
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    page.on("requestfailed", lambda request: problems.append(f"failed {request.url}"))
    page.problems = problems
    return page


@pytest.mark.parametrize("path", ["/ru/", "/az/", "/en/", "ARTICLE"])
def test_pages_load_everything_and_log_no_error(stack, watched, path):
    path = stack.content["article"] if path == "ARTICLE" else path

    watched.goto(stack.url + path)

    expect(watched.locator("h1, h2").first).to_be_visible()
    icon = watched.locator('link[rel="icon"][type="image/svg+xml"]').get_attribute("href")
    assert watched.request.get(stack.url + icon).status == 200
    assert watched.request.get(stack.url + "/favicon.ico").status == 200
    watched.wait_for_load_state("networkidle")
    assert watched.problems == []
