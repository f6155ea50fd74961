from datetime import timedelta

import pytest
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
    from turan.roles import JOURNALIST

    log_in(page, live_server, make_staff("journalist", JOURNALIST), change_path(article))

    expect(page.locator("[name^=schedule_], [name^=published_at_]")).to_have_count(0)
    expect(page.locator(".deletelink")).to_have_count(0)
    # Where each version stands is shown, in words, to everyone.
    expect(page.locator(".turan-publication-summary")).to_contain_text("Russian: public since")
    expect(page.locator(".turan-share-preview")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS.format("journalist"), full_page=True)

    page.goto(f"{live_server.url}/admin/articles/article/")
    expect(page.locator("select[name=action]")).to_have_count(0)


def test_editor_schedules_english_for_tomorrow_morning(live_server, page, make_staff, article):
    from articles.models import Article
    from turan.roles import EDITOR

    log_in(page, live_server, make_staff("editor", EDITOR), change_path(article))
    expect(page.locator(".field-published_at_en")).to_be_hidden()
    page.click("#turan-tab-en")
    expect(page.locator(".field-schedule_en")).to_be_visible()
    expect(page.locator(".field-schedule_ru")).to_be_hidden()
    expect(page.locator(".field-published_at_en label")).to_contain_text("Baku time (UTC+4)")
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
    from turan.roles import EDITOR

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
