"""Review in a real browser: a journalist submits a version from the form, the
editor finds it on the dashboard and sends it back with a note; the notes
stay on the form; mail reaches the editor."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff(django_user_model):
    from django.contrib.auth.models import Group

    def make(username, group, first, last):
        user = django_user_model.objects.create_user(
            username,
            password=PASSWORD,
            is_staff=True,
            first_name=first,
            last_name=last,
            email=f"{username}@turan.example",
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


def log_in(page, live_server, user, next_url):
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(live_server.url + next_url)


def test_submit_then_request_changes_with_a_note(
    live_server, page, browser, staff, make_article, mail_server
):
    from newsroom.models import Note, ReviewState, VersionReview
    from newsroom.roles import EDITOR, JOURNALIST

    article = make_article(public=("ru",), title_en="", body_en="")
    journalist = staff("leyla", JOURNALIST, "Leyla", "Aliyeva")
    editor = staff("rauf", EDITOR, "Rauf", "Mammadov")
    change = f"/admin/articles/article/{article.pk}/change/"

    log_in(page, live_server, journalist, change)
    review = page.locator(".turan-review")
    expect(review.locator("tr[data-lang=az]")).to_contain_text("draft")
    expect(review.locator("tr[data-lang=en] button")).to_have_count(0)  # no English text
    expect(review.locator("button[value^=approve]")).to_have_count(0)
    page.fill("#id_internal_note", "Цифры взяты из отчёта Госкомстата.")
    page.click("#turan-tab-az")
    page.fill("#id_title_az", "NATO və Azərbaycan: yeni mərhələ")
    review.locator("button[value='submit:az']").click()

    expect(page.locator(".messagelist")).to_contain_text(
        "Saved and submitted for review: the Azerbaijani version."
    )
    expect(review.locator("tr[data-lang=az]")).to_contain_text("ready for review")
    expect(page.locator(".turan-notes")).to_contain_text("Цифры взяты из отчёта Госкомстата.")
    assert VersionReview.objects.get(article=article, language="az").state == ReviewState.READY
    [message] = mail_server.wait_for(1)
    assert message["X-Envelope-To"] == "rauf@turan.example"
    assert "NATO və Azərbaycan: yeni mərhələ" in str(message["Subject"])

    # The editor, in a browser of his own, starts from the dashboard.
    context = browser.new_context(locale="en-GB")
    editor_page = context.new_page()
    try:
        log_in(editor_page, live_server, editor, "/admin/")
        block = editor_page.locator(".turan-dashboard__block--review")
        expect(block).to_contain_text("Submitted for review")
        block.get_by_role("link", name="НАТО и Азербайджан").click()
        expect(editor_page).to_have_url(live_server.url + change)

        row = editor_page.locator(".turan-review tr[data-lang=az]")
        row.locator("button[value='request_changes:az']").click()
        expect(editor_page.locator(".messagelist")).to_contain_text("the note is required")
        expect(row).to_contain_text("ready for review")

        row.locator("textarea[name=review_note_az]").fill("Başlıqda tarix səhvdir.")
        row.locator("button[value='request_changes:az']").click()
        expect(editor_page.locator(".messagelist")).to_contain_text(
            "Changes requested for the Azerbaijani version."
        )
        expect(row).to_contain_text("changes requested")
        expect(editor_page.locator(".turan-notes")).to_contain_text("Başlıqda tarix səhvdir.")
        expect(editor_page.locator(".turan-notes")).to_contain_text("Leyla Aliyeva")
    finally:
        context.close()

    assert [note.text for note in Note.objects.filter(article=article)] == [
        "Цифры взяты из отчёта Госкомстата.",
        "Başlıqda tarix səhvdir.",
    ]
    mail_server.wait_for(2)
    [answer] = mail_server.to("leyla@turan.example")
    assert "Başlıqda tarix səhvdir." in answer.get_content()


def test_the_dashboard_links_into_the_filtered_list(live_server, page, staff, make_article):
    from newsroom import workflow
    from newsroom.roles import EDITOR, JOURNALIST

    journalist = staff("leyla", JOURNALIST, "Leyla", "Aliyeva")
    waiting = make_article(title_ru="Ждёт проверки")
    make_article(title_ru="Просто черновик")
    workflow.submit_for_review(waiting, "ru", user=journalist)

    log_in(page, live_server, staff("rauf", EDITOR, "Rauf", "Mammadov"), "/admin/")
    expect(page.locator("#content-main .app-articles")).to_be_visible()  # the app list stays
    page.locator(".turan-dashboard__block--review .turan-dashboard__figure").first.click()

    expect(page).to_have_url(f"{live_server.url}/admin/articles/article/?review=ready%3Aru")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Ждёт проверки")


def test_a_journalist_submits_a_new_article_from_the_add_form(
    live_server, page, staff, make_section, mail_server
):
    from articles.models import Article
    from newsroom.models import ReviewState, VersionReview
    from newsroom.roles import EDITOR, JOURNALIST

    make_section()
    journalist = staff("leyla", JOURNALIST, "Leyla", "Aliyeva")
    staff("rauf", EDITOR, "Rauf", "Mammadov")
    add = "/admin/articles/article/add/"

    log_in(page, live_server, journalist, add)
    page.select_option("#id_section", index=1)
    page.fill("#id_title_ru", "Цены на газ снова растут")
    page.locator(".field-body_ru .tiptap.ProseMirror").click()
    page.keyboard.type("Первый абзац новой статьи.")
    page.get_by_role("button", name="Submit every version with its text").click()

    expect(page.locator(".messagelist")).to_contain_text("Saved and submitted for review: Russian.")
    article = Article.objects.get(title_ru="Цены на газ снова растут")
    expect(page).to_have_url(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".turan-review tr[data-lang=ru]")).to_contain_text("ready for review")
    assert VersionReview.objects.get(article=article, language="ru").state == ReviewState.READY
    [message] = mail_server.wait_for(1)
    assert message["X-Envelope-To"] == "rauf@turan.example"
    assert "Цены на газ снова растут" in str(message["Subject"])
