import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
SCREENSHOTS = "/tmp/workflow-{}.png"


@pytest.fixture
def make_staff(django_user_model):
    from django.contrib.auth.models import Group

    def make(username, group):
        user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def article(make_article):
    """Russian public since an hour ago; Azerbaijani and English written, not scheduled."""
    return make_article(public=("ru",))


def log_in(page, live_server, user, next_url):
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(live_server.url + next_url)


def change_path(article):
    return f"/admin/articles/article/{article.pk}/change/"


def test_journalist_sees_no_publication_controls(live_server, page, make_staff, article):
    from newsroom.roles import JOURNALIST

    log_in(page, live_server, make_staff("journalist", JOURNALIST), change_path(article))

    expect(page.locator("[name^=schedule_], [name^=published_at_]")).to_have_count(0)
    expect(page.locator(".deletelink")).to_have_count(0)
    # Where each version stands is shown, in words, to everyone.
    expect(page.locator(".turan-publication-summary")).to_contain_text("Russian: public since")
    expect(page.locator(".turan-share-preview")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS.format("journalist"), full_page=True)

    page.goto(f"{live_server.url}/admin/articles/article/")
    # Journalists have the list's bulk section and tag changes, never unpublishing.
    expect(page.locator("select[name=action] option[value^=unpublish_]")).to_have_count(0)
    expect(page.locator("select[name=action] option[value=change_section]")).to_have_count(1)


def test_editor_schedules_english_for_tomorrow_morning(live_server, page, make_staff, article):
    from articles.models import Article
    from newsroom.roles import EDITOR

    log_in(page, live_server, make_staff("editor", EDITOR), change_path(article))
    page.click("#turan-tab-en")
    # Every language's publication controls are on one table, whichever tab is open.
    expect(page.locator(".turan-pubtable .field-schedule_en")).to_be_visible()
    expect(page.locator(".turan-pubtable .field-schedule_ru")).to_be_visible()
    expect(page.locator(".turan-pubtable thead")).to_contain_text("Baku time (UTC+4)")
    # Only the public Russian version can be marked as updated or corrected.
    expect(page.locator(".field-change_kind_en")).to_have_count(0)

    tomorrow = timezone.localtime(timezone.now() + timedelta(days=1)).date()
    page.fill("#id_published_at_en_0", tomorrow.isoformat())
    page.fill("#id_published_at_en_1", "09:00:00")
    # Typing the moment chose "publish at" for English, and only for English.
    expect(page.locator("input[name=schedule_en][value=at]")).to_be_checked()
    expect(page.locator("input[name=schedule_az][value=none]")).to_be_checked()
    page.click("input[name=_continue]")

    summary = page.locator(".turan-publication-summary")
    expect(summary).to_contain_text("English: goes live tomorrow 09:00")
    expect(summary).to_contain_text("Russian: public since")
    expect(summary).to_contain_text("Azerbaijani: not scheduled")
    page.screenshot(path=SCREENSHOTS.format("editor"), full_page=True)
    article = Article.objects.get(pk=article.pk)
    assert timezone.localtime(article.published_at_en).strftime("%Y-%m-%d %H:%M") == (
        f"{tomorrow.isoformat()} 09:00"
    )


def test_editor_is_sent_to_the_language_that_cannot_be_scheduled(
    live_server, page, make_staff, make_article
):
    from newsroom.roles import EDITOR

    article = make_article(title_az="")
    log_in(page, live_server, make_staff("editor", EDITOR), change_path(article))
    page.click("#turan-tab-az")
    page.check("input[name=schedule_az][value=now]")
    page.click("#turan-tab-ru")
    page.click("input[name=_continue]")

    expect(page.locator("#turan-tab-az")).to_have_attribute("aria-selected", "true")
    error = page.locator(".field-published_at_az .errorlist")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Azərbaycan")


def staff_page(browser, live_server, user, next_url):
    """A browser of the person's own (two people at two desks), admin in English."""
    page = browser.new_context(locale="en-GB").new_page()
    log_in(page, live_server, user, next_url)
    return page


def write(page, code, title, body):
    page.click(f"#turan-tab-{code}")
    page.fill(f"#id_title_{code}", title)
    page.locator(f".field-body_{code} .tiptap.ProseMirror").click()
    page.keyboard.type(body)


def test_editor_schedules_the_journalists_english_version_and_shares_a_preview(
    live_server, browser, make_staff, make_section
):
    """The journalist writes; the editor schedules English and makes a reviewer's
    link; a browser with no cookies reads it until it expires, and cannot read
    the public English page before its moment."""
    from articles.models import Article
    from newsroom.roles import EDITOR, JOURNALIST

    section = make_section()
    title = "NATO and Azerbaijan: Contacts and Differences"

    # The journalist writes Russian and English and saves: nothing to publish with.
    journalist = staff_page(
        browser, live_server, make_staff("journalist", JOURNALIST), "/admin/articles/article/add/"
    )
    expect(journalist.locator("[name^=schedule_], [name^=published_at_]")).to_have_count(0)
    write(journalist, "ru", "НАТО и Азербайджан: контакты и разногласия", "Русский текст.")
    write(journalist, "en", title, "English text for the reviewer.")
    journalist.select_option("#id_section", str(section.pk))
    journalist.click("input[name=_save]")
    expect(journalist).to_have_url(re.compile(r"/admin/articles/article/$"))
    article = Article.objects.get()
    assert (article.title_en, article.body_en) == (title, "<p>English text for the reviewer.</p>")
    assert (article.published_at_ru, article.published_at_en) == (None, None)

    # The editor, at another desk, schedules English for tomorrow 09:00 (Baku).
    editor = staff_page(browser, live_server, make_staff("editor", EDITOR), change_path(article))
    editor.click("#turan-tab-en")
    tomorrow = timezone.localtime(timezone.now() + timedelta(days=1)).date()
    editor.fill("#id_published_at_en_0", tomorrow.isoformat())
    editor.fill("#id_published_at_en_1", "09:00:00")
    expect(editor.locator("input[name=schedule_en][value=at]")).to_be_checked()
    editor.click("input[name=_continue]")
    summary = editor.locator(".turan-publication-summary")
    expect(summary).to_contain_text(
        "Russian: not scheduled · Azerbaijani: no text yet · English: goes live tomorrow 09:00"
    )

    # …and makes a link for an outside reviewer, after that save (a save revokes links).
    editor.locator("li[data-lang=en] .turan-share-preview").click()
    expect(editor.locator("h1")).to_contain_text("Preview link for a reviewer")
    link = editor.input_value("#turan-share-url")
    assert link.startswith(f"{live_server.url}/en/preview/s/")
    editor.screenshot(path=SCREENSHOTS.format("share-link"), full_page=True)
    shared_at = timezone.now()

    # The reviewer: a fresh browser, no cookies, no login.
    reviewer_context = browser.new_context()
    assert reviewer_context.cookies() == []
    reviewer = reviewer_context.new_page()
    public_url = live_server.url + Article.objects.get().get_absolute_url("en")

    def open_link():
        response = reviewer.goto(link)
        assert response.status == 200
        expect(reviewer.locator("h1.article__title")).to_have_text(title)
        banner = reviewer.locator(".preview-banner")
        expect(banner).to_contain_text("Preview — not public")
        expect(banner).to_contain_text("This preview link works until")
        return banner

    expect(open_link()).to_contain_text("Scheduled to go live")
    assert "noindex" in reviewer.locator("meta[name=robots]").get_attribute("content")
    reviewer.screenshot(path=SCREENSHOTS.format("reviewer"), full_page=True)
    # Before its moment the English version does not exist for readers.
    response = reviewer.goto(public_url)
    assert response.status == 404
    expect(reviewer.locator("h1")).to_have_text("Page not found")
    expect(reviewer.locator("body")).not_to_contain_text(title)

    # The live server runs in this process: moving the clock here moves it there.
    with time_machine.travel(shared_at + timedelta(hours=47, minutes=59), tick=True):
        # English went live (tomorrow 09:00 has passed); the link still works.
        expect(open_link()).to_contain_text("Public since")
    with time_machine.travel(shared_at + timedelta(hours=48, minutes=1), tick=True):
        response = reviewer.goto(link)
        # Gone, and the reviewer is told why and who to ask.
        assert response.status == 410
        expect(reviewer.locator("h1")).to_have_text("This preview link no longer works")
        expect(reviewer.locator(".preview-gone__reason")).to_contain_text("The link expired on")
        expect(reviewer.locator(".preview-banner")).to_have_count(0)
        expect(reviewer.locator("body")).not_to_contain_text(title)
        # The public page, meanwhile, is there for everyone.
        assert reviewer.goto(public_url).status == 200
        expect(reviewer.locator("h1.article__title")).to_have_text(title)
    reviewer_context.close()
