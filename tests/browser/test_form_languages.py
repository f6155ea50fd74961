"""The article form's languages in a real browser: each version's fields and its
body editor are spell-checked in that version's language."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(django_user_model):
    from django.contrib.auth.models import Group

    from newsroom.roles import EDITOR

    user = django_user_model.objects.create_user("rauf", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def log_in(page, live_server, user, next_url):
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(live_server.url + next_url)


def test_each_tab_is_spell_checked_in_its_language(live_server, page, editor, make_article):
    article = make_article()
    log_in(page, live_server, editor, f"/admin/articles/article/{article.pk}/change/")

    for code in ["ru", "az", "en"]:
        page.click(f"#turan-tab-{code}")
        body = page.locator(f".field-body_{code} .tiptap.ProseMirror")
        expect(body).to_be_visible()
        expect(body).to_have_attribute("lang", code)
        expect(body).to_have_attribute("spellcheck", "true")
        assert body.evaluate("element => element.spellcheck") is True
        for field in ["title", "lead", "caption", "search_description"]:
            element = page.locator(f"[name={field}_{code}]")
            expect(element).to_have_attribute("lang", code)
            assert element.evaluate("element => element.spellcheck") is True
    # Typing keeps the attributes (ProseMirror rewrites its element's attributes).
    page.locator(".field-body_en .tiptap.ProseMirror").click()
    page.keyboard.type(" More text.")
    expect(page.locator(".field-body_en .tiptap.ProseMirror")).to_have_attribute("lang", "en")
