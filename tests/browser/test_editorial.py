"""The editors' admin in a real browser: its own interface language, the
unpublish confirmation, the publication table."""

import re

import pytest
from playwright.sync_api import expect

from tests.change_form import PASSWORD, change_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIST = "/admin/articles/article/"


def log_in(page, live_server, user, next_url=LIST):
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(live_server.url + next_url)


def test_previews_and_public_pages_leave_the_admin_in_its_own_language(
    live_server, page, editor, make_article
):
    article = make_article(public=("ru",))
    log_in(page, live_server, editor, change_url(article))

    page.locator(".turan-interface-language").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_server.url + change_url(article))

    # The Russian preview, opened from the form, then the Russian public page.
    with page.context.expect_page() as opened:
        page.locator('.turan-preview-links li[data-lang="ru"] a.turan-preview').click()
    preview = opened.value
    expect(preview.locator("html")).to_have_attribute("lang", "ru")
    preview.goto(live_server.url + article.get_absolute_url("ru"))
    expect(preview.locator("html")).to_have_attribute("lang", "ru")
    preview.close()

    page.goto(live_server.url + change_url(article))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#site-name")).to_contain_text("Turan newsroom")
    # The site still remembers Russian for reading.
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/ru/")


def choose_unpublish(page, article, code):
    page.locator(f'input[name="_selected_action"][value="{article.pk}"]').check()
    page.select_option("select[name=action]", f"unpublish_{code}")
    page.click("button[name=index]")


def test_unpublishing_a_version_asks_first_and_can_be_cancelled(
    live_server, page, editor, make_article
):
    from articles.models import Article

    article = make_article(public=("ru", "en"))
    page.context.add_cookies(
        [{"name": "turan_admin_language", "value": "en", "url": live_server.url + "/admin/"}]
    )
    log_in(page, live_server, editor)

    choose_unpublish(page, article, "en")
    expect(page.locator("h1")).to_have_text("Unpublish the English version?")
    confirmation = page.locator(".turan-unpublish")
    expect(confirmation).to_contain_text(live_server.url + article.get_absolute_url("en"))
    expect(confirmation).to_contain_text("the feeds, the sitemap, search and the partners' API")
    expect(confirmation).to_contain_text("can be published again")
    page.screenshot(path="/tmp/editorial-unpublish.png", full_page=True)
    page.get_by_role("link", name="Cancel").click()
    expect(page).to_have_url(live_server.url + LIST)
    assert Article.objects.get(pk=article.pk).is_public("en")

    choose_unpublish(page, article, "en")
    page.get_by_role("button", name="Yes, unpublish the English version").click()
    expect(page.locator(".messagelist")).to_contain_text("no longer public")
    article.refresh_from_db()
    assert not article.is_public("en") and article.is_public("ru")


def test_a_body_without_a_title_is_marked_incomplete_as_it_is_typed(
    live_server, page, editor, make_article
):
    article = make_article(title_en="", body_en="")
    page.context.add_cookies(
        [{"name": "turan_admin_language", "value": "en", "url": live_server.url + "/admin/"}]
    )
    log_in(page, live_server, editor, change_url(article))
    tab = page.locator("#turan-tab-en")
    expect(tab.locator(".turan-badge--empty")).to_be_visible()
    expect(tab.locator(".turan-badge--incomplete")).to_be_hidden()

    tab.click()
    page.locator(".field-body_en .tiptap.ProseMirror").click()
    page.keyboard.type("Only the English body.")
    expect(tab.locator(".turan-badge--incomplete")).to_be_visible()
    expect(tab.locator(".turan-badge--empty")).to_be_hidden()

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text(
        "The English version has a body but no title"
    )
    expect(page.locator("#turan-tab-en .turan-badge--incomplete")).to_be_visible()
    page.screenshot(path="/tmp/editorial-incomplete.png")

    page.click("#turan-tab-en")
    page.fill("#id_title_en", "Gas and Europe")
    expect(page.locator("#turan-tab-en .turan-badge--incomplete")).to_be_hidden()


def test_a_title_conflict_on_a_live_version_shows_only_the_conflict(
    live_server, page, editor, journalist, make_article
):
    from articles.models import Article
    from newsroom import actions
    from newsroom.history import ensure_revision

    article = make_article(public=("en",))
    page.context.add_cookies(
        [{"name": "turan_admin_language", "value": "en", "url": live_server.url + "/admin/"}]
    )
    log_in(page, live_server, editor, change_url(article))
    # Someone else saves a new English title while the form is open.
    base = ensure_revision(article).number
    stored = Article.objects.get(pk=article.pk)
    actions.save_article(stored, {"title_en": "Their title"}, user=journalist, base_revision=base)

    page.click("#turan-tab-en")
    page.fill("#id_title_en", "My title")
    page.click("input[name=_continue]")

    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".field-title_en .turan-conflict")).to_contain_text("Their title")
    expect(page.locator(".errorlist")).to_have_count(2)  # the notice and the title
    expect(page.locator("body")).not_to_contain_text("before setting its publication moment")
    page.screenshot(path="/tmp/editorial-conflict.png", full_page=True)


def test_a_reviewer_link_is_copied_with_one_click_and_explains_itself_once_replaced(
    live_server, page, browser, editor, make_article
):
    article = make_article()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.context.add_cookies(
        [{"name": "turan_admin_language", "value": "en", "url": live_server.url + "/admin/"}]
    )
    log_in(page, live_server, editor, change_url(article))
    page.locator('.turan-preview-links li[data-lang="az"] .turan-share-preview').click()

    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(".turan-share__status")).to_contain_text("Copied")
    # Pasted into a box of its own (the site's policy forbids reading the clipboard).
    page.evaluate(
        "() => { const box = document.createElement('textarea'); box.id = 'pasted';"
        " document.body.append(box); box.focus() }"
    )
    page.keyboard.press("Control+V")
    copied = page.locator("#pasted").input_value()
    assert copied == page.locator("#turan-share-url").input_value()
    assert copied.startswith(live_server.url + "/az/preview/s/")

    # The reviewer, in a browser of their own, reads it; then the article is saved.
    reviewer = browser.new_context(locale="en-GB").new_page()
    reviewer.goto(copied)
    expect(reviewer.locator(".preview-banner, h1").first).to_be_visible()
    page.goto(live_server.url + change_url(article))
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_be_visible()

    response = reviewer.goto(copied)
    assert response.status == 410
    expect(reviewer.locator("html")).to_have_attribute("lang", "az")
    expect(reviewer.locator("h1")).to_have_text("Bu önizləmə keçidi artıq işləmir")
    expect(reviewer.locator(".preview-gone__ask")).to_contain_text(editor.get_full_name())
    reviewer.screenshot(path="/tmp/editorial-link-gone.png")
    reviewer.context.close()


def test_moments_have_a_calendar_a_clock_a_format_and_a_past_warning(
    live_server, page, editor, make_article
):
    from django.utils import timezone

    from articles.models import Article

    article = make_article()
    page.context.add_cookies(
        [{"name": "turan_admin_language", "value": "en", "url": live_server.url + "/admin/"}]
    )
    log_in(page, live_server, editor, change_url(article))
    page.click("#turan-tab-en")
    row = page.locator(".field-published_at_en")
    expect(page.locator("#id_published_at_en_0")).to_have_class(re.compile(r"\bvDateField\b"))
    expect(page.locator("#id_published_at_en_1")).to_have_class(re.compile(r"\bvTimeField\b"))
    expect(row.locator(".help")).to_contain_text("Type the date as")
    expect(page.locator("#id_published_at_en_0")).to_have_attribute(
        "placeholder", re.compile(r"^\d{4}-\d{2}-\d{2}$")
    )

    # "Today" and "Now" fill the moment in Baku time and choose "publish at".
    row.get_by_role("link", name="Today").click()
    row.get_by_role("link", name="Now").click()
    today = timezone.localtime().date().isoformat()
    expect(page.locator("#id_published_at_en_0")).to_have_value(today)
    expect(page.locator("#id_published_at_en_1")).to_have_value(re.compile(r"^\d{2}:\d{2}:\d{2}$"))
    expect(page.locator("input[name=schedule_en][value=at]")).to_be_checked()
    page.screenshot(path="/tmp/editorial-moment.png")

    # A moment in the past asks first; saying no saves nothing. The server's
    # own check ("Yes, publish backdated") stays out of sight: the answer ticks it.
    expect(page.locator(".field-backdate_en")).to_be_hidden()
    page.fill("#id_published_at_en_0", "2017-11-25")
    page.fill("#id_published_at_en_1", "09:30")
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.click("input[name=_continue]")
    expect(page.locator("#id_published_at_en_0")).to_have_value("2017-11-25")
    assert "lies in the past" in asked[0]
    assert "backdated to 2017-11-25 09:30 (Baku time)" in asked[0]
    assert Article.objects.get(pk=article.pk).published_at_en is None

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("English: public since")
    saved = timezone.localtime(Article.objects.get(pk=article.pk).published_at_en)
    assert (saved.date().isoformat(), saved.strftime("%H:%M")) == ("2017-11-25", "09:30")


def test_one_table_schedules_all_three_languages_without_switching_tabs(
    live_server, page, editor, make_article
):
    from django.utils import timezone

    article = make_article(public=("ru",))
    page.context.add_cookies(
        [{"name": "turan_admin_language", "value": "en", "url": live_server.url + "/admin/"}]
    )
    log_in(page, live_server, editor, change_url(article))
    expect(page.locator("#turan-tab-ru")).to_have_attribute("aria-selected", "true")
    table = page.locator(".turan-pubtable")
    rows = {code: table.locator(f'tr[data-lang="{code}"]') for code in ("ru", "az", "en")}
    expect(rows["ru"].locator(".turan-pubtable__status")).to_contain_text("public since")
    expect(rows["az"].locator(".turan-pubtable__status")).to_have_text("not scheduled")
    # Every language's controls are on the table, whichever tab is open.
    for code in ("ru", "az", "en"):
        expect(rows[code].locator(f"input[name=schedule_{code}][value=now]")).to_be_visible()
        expect(rows[code].locator(f"#id_published_at_{code}_0")).to_be_visible()
    page.screenshot(path="/tmp/editorial-table.png", full_page=True)

    tomorrow = timezone.localtime(timezone.now() + timezone.timedelta(days=1)).date()
    rows["az"].locator("input[name=schedule_az][value=now]").check()
    rows["en"].locator("#id_published_at_en_0").fill(tomorrow.isoformat())
    rows["en"].locator("#id_published_at_en_1").fill("09:00")
    expect(rows["en"].locator("input[name=schedule_en][value=at]")).to_be_checked()
    expect(page.locator("#turan-tab-ru")).to_have_attribute("aria-selected", "true")
    page.click("input[name=_continue]")

    expect(page.locator(".messagelist")).to_contain_text("Azerbaijani: public since")
    article.refresh_from_db()
    assert article.is_public("az") and article.is_public("ru")
    assert timezone.localtime(article.published_at_en).strftime("%H:%M") == "09:00"
    expect(rows["en"].locator(".turan-pubtable__status")).to_contain_text("goes live tomorrow")
