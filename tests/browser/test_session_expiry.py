"""A journalist's save after the session ended: the login page, then the same
form, with the typed text offered back (draft-keeper.js) and saved after."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.drafts import put_the_text_back
from tests.browser.editing import new_last_paragraph
from tests.change_form import PASSWORD, change_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = "/tmp/session-expiry-{}.png"


def sign_in(page, user):
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def idle_for(page, minutes):
    """Make the server see ``minutes`` without a request from this browser."""
    from django.contrib.sessions.backends.db import SessionStore

    from newsroom.sessions import SEEN, SIGNED_IN

    key = next(
        cookie["value"]
        for cookie in page.context.cookies()
        if cookie["name"] == settings.SESSION_COOKIE_NAME
    )
    session = SessionStore(session_key=key)
    session[SEEN] -= minutes * 60
    session[SIGNED_IN] -= minutes * 60
    session.save()


def test_text_typed_when_the_session_ended_is_offered_back_after_signing_in(
    live_server, page, journalist, make_article
):
    from articles.models import Article

    article = make_article(title_en="Gas and Europe", body_en="<p>English text.</p>")
    form_url = live_server.url + change_url(article)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/login/?next={change_url(article)}")
    sign_in(page, journalist)
    expect(page).to_have_url(form_url)

    page.click("#turan-tab-en")
    title = page.locator("#id_title_en")
    body = page.locator(".field-body_en .tiptap.ProseMirror")
    title.fill("Gas and Europe, written at length")
    new_last_paragraph(page, body)
    page.keyboard.type("A paragraph typed while the session ran out.")

    idle_for(page, 31)
    page.click("input[name=_continue]")

    # The login page, saying why, with the way back to the form.
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=" + re.escape(change_url(article))))
    expect(page.locator(".messagelist .warning")).to_contain_text(
        "You were signed out after 30 minutes without activity."
    )
    page.screenshot(path=SCREENSHOTS.format("login"), full_page=True)
    article.refresh_from_db()
    assert article.title_en == "Gas and Europe"

    sign_in(page, journalist)
    expect(page).to_have_url(form_url)
    put_the_text_back(
        page,
        title,
        body,
        stored_title="Gas and Europe",
        typed_title="Gas and Europe, written at length",
        typed_body="A paragraph typed while the session ran out.",
        screenshot=SCREENSHOTS.format("offer"),
    )

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator("#turan-draft")).to_have_count(0)
    saved = Article.objects.get(pk=article.pk)
    assert saved.title_en == "Gas and Europe, written at length"
    assert "A paragraph typed while the session ran out." in saved.body_en
