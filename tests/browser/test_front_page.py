"""An editor puts a story at the top of the English home page from the admin, in a browser."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_editorial import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_picks_the_lead_story_with_the_article_search(
    live_server, page, editor, make_article, make_section
):
    section = make_section(name_en="Energy", slug="energy")
    now = timezone.now()
    make_article(
        section=section, title_en="Pipeline talks resume", published_at_en=now - timedelta(days=3)
    )
    make_article(
        section=section, title_en="Newest small item", published_at_en=now - timedelta(hours=1)
    )
    page.context.add_cookies(
        [{"name": "turan_admin_language", "value": "en", "url": live_server.url + "/admin/"}]
    )
    log_in(page, live_server, editor, "/admin/frontpage/placement/add/")

    page.select_option("#id_language", "en")
    page.select_option("#id_role", "lead")
    # Django's autocomplete: type part of a title, choose the match.
    page.locator(".field-article .select2-selection").click()
    page.locator(".select2-search__field").fill("Pipeline")
    page.locator(".select2-results__option", has_text="Pipeline talks resume").click()
    page.click("input[name=_save]")

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    expect(page.locator("#result_list")).to_contain_text("Pipeline talks resume")

    page.goto(live_server.url + "/en/")
    expect(page.locator("#lead-story-title")).to_have_text("Pipeline talks resume")
