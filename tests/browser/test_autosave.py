"""Never lose work: the article form autosaves to the server, asks before leaving
with unsaved changes, and offers the kept text back, on the add form too."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.editing import new_last_paragraph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
SCREENSHOTS = "/tmp/autosave-{}.png"
ADD_PATH = "/admin/articles/article/add/"


@pytest.fixture
def journalist(django_user_model):
    from django.contrib.auth.models import Group

    from newsroom.roles import JOURNALIST

    user = django_user_model.objects.create_user("leyla", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=JOURNALIST))
    return user


def log_in(page, live_server, user, next_url):
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(live_server.url + next_url)


def body(page, code):
    return page.locator(f".field-body_{code} .tiptap.ProseMirror")


def type_at_the_end(page, code, text):
    new_last_paragraph(page, body(page, code))
    page.keyboard.type(text)


def values(autosave):
    return {field["name"]: field.get("value") for field in autosave.fields}


def kept(user, article=None, timeout=10, holding=None):
    """The user's autosave row once it has arrived (a beacon is sent as the page
    goes), holding ``holding`` (field: text in its value) if given."""
    from newsroom.models import Autosave

    deadline = time.monotonic() + timeout
    while True:
        autosave = Autosave.objects.filter(user=user, article=article).first()
        if autosave is not None and all(
            text in (values(autosave).get(name) or "") for name, text in (holding or {}).items()
        ):
            return autosave
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.1)


def test_changes_are_autosaved_guarded_and_offered_back(
    live_server, page, journalist, make_article, settings
):
    settings.AUTOSAVE_INTERVAL = 1
    article = make_article(public=["ru"])
    form_path = f"/admin/articles/article/{article.pk}/change/"
    log_in(page, live_server, journalist, form_path)
    dialogs = []

    # Nothing typed yet: nothing is sent, and leaving asks nothing.
    page.wait_for_timeout(1500)
    expect(page.locator("#turan-autosave-status")).to_have_text("")

    type_at_the_end(page, "ru", "Пятый абзац, который нельзя потерять.")
    page.click("#turan-tab-az")
    page.fill("#id_title_az", "NATO və Azərbaycan: yeni başlıq")
    status = page.locator("#turan-autosave-status")
    expect(status).to_contain_text(re.compile(r"Autosaved at \d\d:\d\d \(Baku time\)"))
    autosave = kept(
        journalist,
        article,
        holding={
            "title_az": "NATO və Azərbaycan: yeni başlıq",
            "body_ru": "Пятый абзац, который нельзя потерять.",
        },
    )
    assert autosave is not None
    # Not saved for real: the article is untouched.
    article.refresh_from_db()
    assert article.title_az == "NATO və Azərbaycan: təmaslar və fikir ayrılıqları"

    # One click on the sidebar: the browser asks first. Staying keeps the page.
    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.locator("#nav-sidebar a[href='/admin/tags/tag/']").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(live_server.url + form_path)
    page.remove_listener("dialog", stay)

    # Leaving after all.
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.locator("#nav-sidebar a[href='/admin/tags/tag/']").click()
    expect(page).to_have_url(re.compile(r"/admin/tags/tag/$"))
    assert dialogs == ["beforeunload", "beforeunload"]

    # Reopening the form: the stored text, and the offer of the kept one with its time.
    page.goto(live_server.url + form_path)
    offer = page.locator("#turan-autosave-offer")
    expect(offer).to_contain_text(re.compile(r"kept automatically at \d\d:\d\d \(Baku time\)"))
    restore = offer.get_by_role("button", name=re.compile(r"^Restore autosave from \d\d:\d\d$"))
    expect(restore).to_be_visible()
    expect(offer.get_by_role("button", name="Discard")).to_be_visible()
    page.screenshot(path=SCREENSHOTS.format("offer"), full_page=True)
    expect(body(page, "ru")).not_to_contain_text("Пятый абзац")
    restore.click()
    expect(offer).to_contain_text("The autosaved text is back in the form.")
    expect(body(page, "ru")).to_contain_text("Пятый абзац, который нельзя потерять.")
    page.click("#turan-tab-az")
    expect(page.locator("#id_title_az")).to_have_value("NATO və Azərbaycan: yeni başlıq")

    # A real save asks nothing, saves the restored text and ends the copy.
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert dialogs == ["beforeunload", "beforeunload"]
    article.refresh_from_db()
    assert article.title_az == "NATO və Azərbaycan: yeni başlıq"
    # The Russian version is live: the restored body waits as a pending change.
    assert "Пятый абзац" not in article.body_ru
    assert (
        "Пятый абзац, который нельзя потерять." in article.pending_changes.get().fields["body_ru"]
    )
    assert kept(journalist, article, timeout=0) is None
    expect(page.locator("#turan-autosave-offer")).to_have_count(0)


def test_a_new_article_is_kept_when_the_journalist_leaves(
    live_server, page, journalist, make_section, settings
):
    # No timer within the test: what is kept was sent as the page went away.
    settings.AUTOSAVE_INTERVAL = 600
    make_section()
    log_in(page, live_server, journalist, ADD_PATH)
    page.fill("#id_title_ru", "Новая статья о газе")
    type_at_the_end(page, "ru", "Первый абзац новой статьи.")

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#nav-sidebar a[href='/admin/authors/author/']").click()
    expect(page).to_have_url(re.compile(r"/admin/authors/author/$"))
    autosave = kept(
        journalist,
        holding={"title_ru": "Новая статья о газе", "body_ru": "Первый абзац новой статьи."},
    )
    assert autosave is not None

    page.goto(live_server.url + ADD_PATH)
    offer = page.locator("#turan-autosave-offer")
    expect(offer).to_be_visible()
    expect(page.locator("#id_title_ru")).to_have_value("")
    offer.get_by_role("button", name=re.compile("Restore autosave from")).click()
    expect(page.locator("#id_title_ru")).to_have_value("Новая статья о газе")
    expect(body(page, "ru")).to_contain_text("Первый абзац новой статьи.")
    # Restored but not saved: leaving asks again.
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator("#nav-sidebar a[href='/admin/authors/author/']").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(live_server.url + ADD_PATH)


def test_discarding_the_offer_deletes_the_copy(live_server, page, journalist, make_section):
    from newsroom.autosave import store

    make_section()
    store(journalist, None, [{"name": "title_ru", "type": "text", "value": "Отброшенный текст"}])
    log_in(page, live_server, journalist, ADD_PATH)
    offer = page.locator("#turan-autosave-offer")
    offer.get_by_role("button", name="Discard").click()
    expect(offer).to_have_count(0)
    expect(page.locator("#id_title_ru")).to_have_value("")
    deadline = time.monotonic() + 5
    while kept(journalist, timeout=0) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert kept(journalist, timeout=0) is None
    page.reload()
    expect(page.locator("#turan-autosave-offer")).to_have_count(0)
