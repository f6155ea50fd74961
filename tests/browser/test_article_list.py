"""The article list's date hierarchy, in a real browser: an editor chooses the
Azerbaijani moments and drills down to one Baku day, the language kept."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
BAKU = ZoneInfo("Asia/Baku")
LIST = "/admin/articles/article/"


def test_drilling_down_the_azerbaijani_moments_to_one_baku_day(
    live_server, page, django_user_model, make_article
):
    from django.contrib.auth.models import Group

    from newsroom.roles import EDITOR

    editor = django_user_model.objects.create_user("rauf", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    # 00:30 in Baku on the 25th is the 24th in UTC.
    make_article(
        title_en="Past midnight in Baku",
        published_at_az=datetime(2017, 11, 25, 0, 30, tzinfo=BAKU),
    )
    make_article(
        title_en="The day before", published_at_az=datetime(2017, 11, 24, 12, 0, tzinfo=BAKU)
    )
    # Another year and another month, so that each level has a choice.
    make_article(title_en="Next year", published_at_az=datetime(2018, 2, 1, 9, 0, tzinfo=BAKU))
    make_article(title_en="October", published_at_az=datetime(2017, 10, 3, 9, 0, tzinfo=BAKU))
    make_article(
        title_en="Only in Russian that day",
        published_at_ru=datetime(2017, 11, 25, 12, 0, tzinfo=BAKU),
    )

    page.goto(f"{live_server.url}/admin/login/?next={LIST}")
    page.fill("#id_username", "rauf")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(live_server.url + LIST)

    dates = page.locator("#changelist-filter details[data-filter-title='dates above the list']")
    dates.get_by_role("link", name="Azerbaijani").click()
    hierarchy = page.locator("nav.toplinks")
    hierarchy.get_by_role("link", name="2017").click()
    hierarchy.get_by_role("link", name="November").click()
    hierarchy.get_by_role("link", name="November 25").click()

    assert "dates=az" in page.url and "published_at_az__day=25" in page.url
    results = page.locator("#result_list tbody tr")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("11/25/2017 12:30")  # Baku time
    expect(dates.locator("li.selected")).to_have_text("Azerbaijani")
