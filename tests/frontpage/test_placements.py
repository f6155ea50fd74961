"""Editors choose each language's lead story, featured stories and breaking banner."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from frontpage.models import Placement
from tests.change_form import client_for


def main(html):
    return html.split('<main id="content"')[1].split("</main>")[0]


def lead_title(html):
    return re.search(r'id="lead-story-title"><a [^>]*>([^<]+)</a>', html)[1]


def top_stories(html):
    if 'id="top-stories-title"' not in html:
        return []
    block = html.split('id="top-stories-title"')[1].split("</section>")[0]
    return re.findall(r"<h3[^>]*>\s*<a [^>]*>([^<]+)</a>", block)


@pytest.fixture
def stories(make_article, make_section):
    """Five English stories in one section, "Story 0" the oldest, "Story 4" the newest."""
    section = make_section(name_en="Economy", slug="economy")
    now = timezone.now()
    return [
        make_article(
            section=section,
            title_en=f"Story {number}",
            published_at_en=now - timedelta(hours=10 - number),
            published_at_ru=now - timedelta(hours=10 - number),
        )
        for number in range(5)
    ]


def place(article, role, language="en", **fields):
    return Placement.objects.create(article=article, role=role, language=language, **fields)


def test_without_a_choice_the_newest_story_leads(client, stories):
    assert lead_title(client.get("/en/").text) == "Story 4"


def test_an_editors_lead_story_leads_and_leaves_its_sections_list(client, stories):
    place(stories[0], Placement.Role.LEAD)

    html = main(client.get("/en/").text)

    assert lead_title(html) == "Story 0"
    assert html.count(">Story 0<") == 1
    # The newest story is back in its section's list.
    assert ">Story 4<" in html
    # Another language keeps its own front page.
    assert lead_title(client.get("/ru/").text) != "Story 0"


def test_a_placement_ends_at_its_moment_without_any_write(client, stories):
    ends = timezone.now() + timedelta(minutes=30)
    place(stories[0], Placement.Role.LEAD, until=ends)

    response = client.get("/en/")
    assert lead_title(response.text) == "Story 0"
    # Neither the page cache nor a shared cache keeps the page past the end.
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"])[1])
    assert max_age <= 30 * 60
    assert client.get("/en/")["X-Page-Cache"] == "hit"

    with time_machine.travel(ends + timedelta(seconds=1)):
        later = client.get("/en/")
    assert later["X-Page-Cache"] == "miss"
    assert lead_title(later.text) == "Story 4"


def test_a_placed_version_shows_only_while_it_is_public(
    client, stories, make_article, make_section
):
    coming = timezone.now() + timedelta(hours=1)
    scheduled = make_article(
        section=stories[0].section, title_en="Embargoed", published_at_en=coming
    )
    draft = make_article(section=stories[0].section, title_en="Draft only")
    place(scheduled, Placement.Role.LEAD)
    place(draft, Placement.Role.BREAKING)

    html = client.get("/en/").text
    assert "Embargoed" not in html and "Draft only" not in html
    assert lead_title(html) == "Story 4"

    with time_machine.travel(coming + timedelta(seconds=1)):
        html = client.get("/en/").text
    assert lead_title(html) == "Embargoed"


def test_unpublishing_a_placed_version_takes_it_off_at_once(client, stories):
    place(stories[0], Placement.Role.LEAD)
    assert lead_title(client.get("/en/").text) == "Story 0"

    stories[0].published_at_en = None
    stories[0].save()

    html = client.get("/en/").text
    assert "Story 0" not in html and lead_title(html) == "Story 4"


def test_featured_stories_show_in_their_order_and_leave_the_lists(client, stories):
    place(stories[1], Placement.Role.FEATURED, position=2)
    place(stories[0], Placement.Role.FEATURED, position=1)

    html = main(client.get("/en/").text)

    assert top_stories(html) == ["Story 0", "Story 1"]
    assert html.count(">Story 0<") == 1 and html.count(">Story 1<") == 1
    assert lead_title(html) == "Story 4"


def test_a_breaking_banner_links_the_story_and_escapes_its_title(client, stories):
    stories[2].title_en = "Ports <b>closed</b>"
    stories[2].save()
    place(stories[2], Placement.Role.BREAKING)

    html = client.get("/en/").text
    banner = re.search(r'<p class="breaking" role="status">.*?</p>', html, re.S)[0]
    assert ">Breaking</strong>" in banner
    assert "Ports &lt;b&gt;closed&lt;/b&gt;" in banner
    assert stories[2].get_absolute_url("en") in banner

    ru = client.get("/ru/").text
    assert 'class="breaking"' not in ru


def test_the_banner_speaks_the_readers_language(client, stories):
    place(stories[2], Placement.Role.BREAKING, language="ru")
    assert "Срочно</strong>" in client.get("/ru/").text


def test_placements_cost_one_query_however_many(client, stories, make_article):
    place(stories[0], Placement.Role.LEAD)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/en/").status_code == 200
    for number, story in enumerate(stories[1:]):
        place(story, Placement.Role.FEATURED, position=number)
    place(stories[3], Placement.Role.BREAKING)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/en/").text
    assert len(top_stories(html)) == 4
    assert len(many) == len(one)


# The admin


def add_url():
    return reverse("admin:frontpage_placement_add")


def test_an_editor_places_a_lead_story_that_readers_see_at_once(client, editor, stories):
    assert lead_title(client.get("/en/").text) == "Story 4"
    staff = client_for(editor)

    response = staff.post(
        add_url(),
        {"language": "en", "role": "lead", "article": stories[1].pk, "position": 0},
    )

    assert response.status_code == 302
    placement = Placement.objects.get()
    assert placement.placed_by == editor
    assert lead_title(client.get("/en/").text) == "Story 1"
    listing = staff.get(reverse("admin:frontpage_placement_changelist")).text
    assert "Story 1" in listing and ">yes<" in listing


def test_refusals_name_the_field_and_keep_the_choice(editor, stories, make_article):
    staff = client_for(editor)
    place(stories[0], Placement.Role.LEAD)
    russian_only = make_article(section=stories[0].section, title_en="", body_en="")

    second_lead = staff.post(
        add_url(), {"language": "en", "role": "lead", "article": stories[1].pk, "position": 0}
    )
    assert second_lead.status_code == 200
    assert "already has one" in second_lead.text

    past = timezone.localtime() - timedelta(hours=1)
    ended = staff.post(
        add_url(),
        {
            "language": "en",
            "role": "featured",
            "article": stories[2].pk,
            "position": 0,
            "until_0": past.strftime("%Y-%m-%d"),
            "until_1": past.strftime("%H:%M:%S"),
        },
    )
    assert ended.status_code == 200
    assert "This moment has passed" in str(ended.context["adminform"].form.errors["until"])

    missing = staff.post(
        add_url(), {"language": "en", "role": "featured", "article": russian_only.pk, "position": 0}
    )
    assert "has no English version" in str(missing.context["adminform"].form.errors["article"])
    assert Placement.objects.count() == 1


def test_journalists_see_the_front_page_but_do_not_choose_it(journalist, stories):
    staff = client_for(journalist)
    place(stories[0], Placement.Role.LEAD)

    assert staff.get(reverse("admin:frontpage_placement_changelist")).status_code == 200
    response = staff.post(
        add_url(), {"language": "en", "role": "lead", "article": stories[1].pk, "position": 0}
    )
    assert response.status_code == 403


def test_the_article_picker_names_each_language_title(editor, make_article):
    make_article(title_en="Pipeline talks resume", title_az="")

    found = (
        client_for(editor)
        .get(
            "/admin/autocomplete/",
            {
                "app_label": "frontpage",
                "model_name": "placement",
                "field_name": "article",
                "term": "Pipeline",
            },
        )
        .json()["results"]
    )

    assert [result["text"] for result in found] == [
        "НАТО и Азербайджан: контакты и разногласия [ru] · Pipeline talks resume [en]"
    ]
