"""A journalist's edit of a live version, in a real browser: saved as a pending
change, the notice and badge on its language's tab only, both previews."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def journalist(django_user_model):
    from django.contrib.auth.models import Group

    from newsroom.roles import JOURNALIST

    user = django_user_model.objects.create_user(
        "leyla", password=PASSWORD, is_staff=True, first_name="Leyla", last_name="Aliyeva"
    )
    user.groups.add(Group.objects.get(name=JOURNALIST))
    return user


def log_in(page, live_server, user, next_url):
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(live_server.url + next_url)


def test_an_edit_of_a_live_version_waits_and_is_previewed(
    live_server, page, journalist, make_article
):
    from newsroom.models import PendingChange

    article = make_article(public=("ru", "en"))
    form_path = f"/admin/articles/article/{article.pk}/change/"
    log_in(page, live_server, journalist, f"{form_path}?language=en")

    page.click("#turan-tab-en")
    page.fill("#id_title_en", "A Pending English Headline")
    page.click("input[name=_continue]")

    expect(page.locator(".messagelist")).to_contain_text("saved as a pending change")
    assert PendingChange.objects.get().fields == {"title_en": "A Pending English Headline"}
    # The form shows the pending text; the badge and the notice belong to English.
    page.click("#turan-tab-en")
    expect(page.locator("#id_title_en")).to_have_value("A Pending English Headline")
    expect(page.locator("#turan-tab-en .turan-badge--pending")).to_be_visible()
    expect(page.locator("#turan-tab-ru .turan-badge--pending")).to_have_count(0)
    notice = page.locator(".field-pending_change_en .turan-pending")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Leyla Aliyeva")
    page.click("#turan-tab-ru")
    expect(notice).to_be_hidden()

    # Readers keep the published text; the preview of the pending change has the new one.
    page.goto(live_server.url + article.get_absolute_url("en"))
    expect(page.locator("h1")).to_contain_text("Contacts and Differences")
    page.goto(f"{live_server.url}/en/preview/{article.pk}/pending/")
    expect(page.locator("h1")).to_contain_text("A Pending English Headline")
    page.click("text=Preview the published text")
    expect(page.locator("h1")).to_contain_text("Contacts and Differences")


def test_an_outdated_field_is_marked_in_its_own_tab(live_server, page, journalist, make_article):
    from newsroom import actions

    article = make_article(caption_ru="Подпись", caption_az="Başlıq altı")
    editor = type(journalist).objects.create_user("rauf", is_staff=True, is_superuser=True)
    actions.save_article(article, {"body_ru": "<p>Переписано.</p>"}, user=editor)
    form_path = f"/admin/articles/article/{article.pk}/change/"
    log_in(page, live_server, journalist, form_path)

    page.click("#turan-tab-az")
    body_badge = page.locator(".field-body_az .turan-field-outdated")
    expect(body_badge).to_be_visible()
    expect(page.locator(".field-title_az .turan-field-outdated")).to_have_count(0)
    expect(page.locator(".field-caption_az .turan-field-outdated")).to_have_count(0)
    expect(page.locator(".field-translation_checked_fields_az")).to_be_visible()
    page.click("#turan-tab-en")
    expect(body_badge).to_be_hidden()
    expect(page.locator(".field-body_en .turan-field-outdated")).to_be_visible()
