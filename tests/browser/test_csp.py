"""Pages work under the Content-Security-Policy: the browser reports no violation."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def watched(page):
    """The page, recording CSP violations from events and the console."""
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.add_init_script(LISTEN)

    def violations():
        return [*page.evaluate("window.__cspViolations"), *console]

    page.violations = violations
    return page


def assert_policy_kept(page):
    # Violations are reported asynchronously; let the queue drain.
    page.wait_for_timeout(300)
    assert page.violations() == []


def test_home_and_article_pages_break_no_rule(live_server, watched, make_article):
    article = make_article(public=("ru", "az", "en"))

    for code in ["ru", "az", "en"]:
        response = watched.goto(f"{live_server.url}/{code}/")
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        expect(watched.locator("h1, h2").first).to_be_visible()
        assert_policy_kept(watched)

    watched.goto(live_server.url + article.get_absolute_url("en"))
    expect(watched.locator("h1")).to_have_text("NATO and Azerbaijan: Contacts and Differences")
    watched.get_by_role("link", name="Русский").first.click()
    expect(watched.locator("html")).to_have_attribute("lang", "ru")
    assert_policy_kept(watched)


def test_body_editor_works_under_the_policy(live_server, watched, admin_user, make_article):
    article = make_article(public=("ru",))
    admin_user.set_password(PASSWORD)
    admin_user.save()
    change = f"/admin/articles/article/{article.pk}/change/"

    watched.goto(f"{live_server.url}/admin/login/?next={change}")
    watched.fill("#id_username", admin_user.username)
    watched.fill("#id_password", PASSWORD)
    watched.click("input[type=submit]")
    expect(watched).to_have_url(live_server.url + change)

    body = watched.locator(".field-body_ru .tiptap.ProseMirror")
    expect(body).to_be_visible()
    body.click()
    watched.keyboard.press("End")
    watched.keyboard.type(" Typed under a strict policy.")
    expect(body).to_contain_text("Typed under a strict policy.")
    # The language tabs (translations.js) work too.
    watched.click("#turan-tab-en")
    expect(watched.locator(".field-title_en")).to_be_visible()
    assert_policy_kept(watched)

    watched.click("input[name=_continue]")
    expect(watched.locator(".messagelist")).to_be_visible()
    article.refresh_from_db()
    assert "Typed under a strict policy." in article.body_ru
    assert_policy_kept(watched)

    # Django's own pages and ours around the article: no violation either.
    for url in [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/calendar/",
        f"/admin/articles/article/{article.pk}/history/",
        "/admin/auth/user/add/",
        "/admin/two-step/",
    ]:
        response = watched.goto(live_server.url + url)
        assert response.status == 200, url
        assert_policy_kept(watched)

    # The share-link page selects its link on focus, from a file, not an inline handler.
    watched.goto(f"{live_server.url}/admin/articles/article/{article.pk}/share/ru/")
    watched.focus("#turan-share-url")
    selected = watched.evaluate(
        "(() => { const f = document.getElementById('turan-share-url');"
        " return f.value.slice(f.selectionStart, f.selectionEnd) })()"
    )
    assert selected.startswith(f"{live_server.url}/ru/preview/s/")
    assert_policy_kept(watched)


def test_staff_member_enrols_then_signs_in_with_a_code(
    live_server, watched, browser, django_user_model
):
    """The second factor end to end, under the policy: enrol from the QR page's key,
    then sign in with the password and a code computed from that key."""
    from base64 import b32decode

    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    django_user_model.objects.create_user("journalist", password=PASSWORD, is_staff=True)

    def code(key, steps_ahead=0):
        """What an authenticator app shows now (or that many 30-second steps later)."""
        return f"{totp(key, step=30, t0=0, digits=6, drift=steps_ahead):06d}"

    watched.goto(f"{live_server.url}/admin/login/?next=/admin/")
    watched.fill("#id_username", "journalist")
    watched.fill("#id_password", PASSWORD)
    watched.click("input[type=submit]")
    expect(watched).to_have_url(f"{live_server.url}/admin/")
    watched.get_by_role("link", name="Two-step verification").click()
    expect(watched.locator(".turan-two-step__qr svg")).to_be_visible()
    watched.screenshot(path="/tmp/admin-two-step.png", full_page=True)
    key = b32decode(watched.inner_text("#turan-two-step-key").replace(" ", ""))
    watched.fill("#id_otp_token", code(key))
    watched.click("input[type=submit]")
    expect(watched.locator(".messagelist")).to_contain_text("Two-step verification is on.")
    # Ten recovery codes, shown this once.
    expect(watched.locator("#turan-recovery-codes li")).to_have_count(10)
    recovery_code = watched.locator("#turan-recovery-codes li").first.inner_text()
    watched.screenshot(path="/tmp/admin-recovery-codes.png", full_page=True)
    assert_policy_kept(watched)
    assert TOTPDevice.objects.get(user__username="journalist").confirmed

    # A new browser: the password alone is not enough, password and code are.
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "journalist")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    # Refused like a wrong password: nothing says the password was right.
    expect(page.locator(".errornote")).to_contain_text(
        "and a valid verification code if you have turned on two-step verification."
    )
    page.screenshot(path="/tmp/admin-login-code.png", full_page=True)
    # The code just used for enrolment cannot be replayed; the next period's can
    # (within the one step of clock tolerance).
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", code(key, steps_ahead=1))
    page.click("input[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator("#user-tools")).to_contain_text("journalist")
    context.close()

    # Without the phone: the password and a recovery code.
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "journalist")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", recovery_code)
    page.click("input[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator(".messagelist")).to_contain_text("Recovery codes left: 9.")
    context.close()
