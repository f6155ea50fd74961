"""Two people edit one article in two browsers: the second save of the same field
shows the conflict, with both texts, on the right language tab."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
SCREENSHOTS = "/tmp/history-{}.png"


@pytest.fixture
def people(django_user_model):
    from django.contrib.auth.models import Group

    from newsroom.roles import EDITOR, JOURNALIST

    def make(username, group, first, last):
        user = django_user_model.objects.create_user(
            username, password=PASSWORD, is_staff=True, first_name=first, last_name=last
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "journalist": make("leyla", JOURNALIST, "Leyla", "Aliyeva"),
        "editor": make("rauf", EDITOR, "Rauf", "Mammadov"),
    }


def open_article(browser, live_server, user, article):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    url = f"/admin/articles/article/{article.pk}/change/"
    page.goto(f"{live_server.url}/admin/login/?next={url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(live_server.url + url)
    return page


def switch_to(page, code):
    page.click(f"#turan-tab-{code}")
    expect(page.locator(f"#turan-tab-{code}")).to_have_attribute("aria-selected", "true")


def test_second_save_of_the_same_field_shows_the_conflict(
    live_server, browser, people, make_article
):
    from articles.models import Article

    article = make_article()
    leyla = open_article(browser, live_server, people["journalist"], article)
    rauf = open_article(browser, live_server, people["editor"], article)

    switch_to(leyla, "en")
    leyla.fill("#id_title_en", "Leyla's English title")
    switch_to(leyla, "az")
    leyla.fill("#id_lead_az", "Leylanın lidi.")
    switch_to(rauf, "en")
    rauf.fill("#id_title_en", "Rauf's English title")
    switch_to(rauf, "ru")
    rauf.fill("#id_lead_ru", "Лид Рауфа.")

    leyla.click("input[name=_save]")
    expect(leyla).to_have_url(re.compile(r"/admin/articles/article/$"))
    rauf.click("input[name=_save]")

    expect(rauf.locator(".errornote")).to_be_visible()
    expect(rauf.locator(".errorlist.nonfield")).to_contain_text(
        "Leyla Aliyeva saved this article while you were editing it"
    )
    tab = rauf.locator("#turan-tab-en")
    expect(tab).to_have_attribute("aria-selected", "true")
    expect(tab.locator(".turan-badge--error")).to_be_visible()
    expect(rauf.locator("#turan-tab-ru .turan-badge--error")).to_be_hidden()
    conflict = rauf.locator(".field-title_en .turan-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Leyla Aliyeva saved this field meanwhile")
    expect(conflict.locator(".turan-conflict__theirs")).to_contain_text("Leyla's English title")
    expect(conflict.locator(".turan-conflict__yours")).to_contain_text("Rauf's English title")
    # What he typed is kept; her disjoint change shows in its field.
    expect(rauf.locator("#id_title_en")).to_have_value("Rauf's English title")
    expect(rauf.locator("#id_lead_ru")).to_have_value("Лид Рауфа.")
    expect(rauf.locator("#id_lead_az")).to_have_value("Leylanın lidi.")
    rauf.screenshot(path=SCREENSHOTS.format("conflict"), full_page=True)

    stored = Article.objects.get(pk=article.pk)
    assert stored.title_en == "Leyla's English title"
    assert stored.lead_ru == ""

    rauf.fill("#id_title_en", "Leyla's and Rauf's English title")
    rauf.click("input[name=_save]")
    expect(rauf).to_have_url(re.compile(r"/admin/articles/article/$"))

    stored.refresh_from_db()
    assert stored.title_en == "Leyla's and Rauf's English title"
    assert stored.lead_ru == "Лид Рауфа."
    assert stored.lead_az == "Leylanın lidi."

    # The history shows both saves; the comparison shows the English title.
    rauf.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    rauf.click("a.historylink")
    expect(rauf.locator("#turan-revisions tbody tr")).to_have_count(3)
    expect(rauf.locator("#revision-3")).to_contain_text("Rauf Mammadov")
    expect(rauf.locator("#revision-2")).to_contain_text("Leyla Aliyeva")
    rauf.screenshot(path=SCREENSHOTS.format("list"), full_page=True)
    rauf.locator("#revision-3").get_by_role("link", name="Changes").click()
    diff = rauf.locator("[data-field=title_en] .turan-diff")
    expect(diff.locator("ins")).to_contain_text("and Rauf")
    rauf.screenshot(path=SCREENSHOTS.format("compare"), full_page=True)


def test_outdated_translation_is_marked_and_checked(live_server, browser, people, make_article):
    from articles.models import Article

    article = make_article()
    article.title_ru = "НАТО и Азербайджан: новая глава"
    article.save()
    page = open_article(browser, live_server, people["journalist"], article)

    badge = page.locator("#turan-tab-az .turan-badge--outdated")
    expect(badge).to_be_visible()
    expect(page.locator("#turan-tab-ru .turan-badge--outdated")).to_have_count(0)
    expect(page.locator(".field-translation_checked_az")).to_be_hidden()
    switch_to(page, "az")
    box = page.locator(".field-translation_checked_az .turan-outdated")
    expect(box).to_be_visible()
    expect(box.locator("ins")).to_contain_text("новая глава")
    expect(page.locator(".field-translation_checked_en")).to_be_hidden()
    page.screenshot(path=SCREENSHOTS.format("outdated"), full_page=True)
    page.check("#id_translation_checked_az")
    expect(badge).to_be_hidden()
    page.click("input[name=_save]")
    expect(page).to_have_url(re.compile(r"/admin/articles/article/$"))

    assert Article.objects.with_outdated().get(pk=article.pk).outdated_languages() == ["en"]
