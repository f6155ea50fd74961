"""The header's section navigation is read once per content version, never stale."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Section


@pytest.fixture
def filled(make_section, make_article):
    """A section with one article public in English (an empty one is not linked)."""

    def make(**fields):
        section = make_section(**fields)
        make_article(section=section, public=("en",))
        return section

    return make


def nav(client, path="/en/"):
    html = client.get(path).text
    block = html.split('class="section-nav"')[1].split("</nav>")[0]
    return re.findall(r'<a href="/en/section/[^"]+/"[^>]*>([^<]+)</a>', block)


def test_sections_are_read_once_per_content_version(client, filled):
    filled(name_en="Economy", slug="economy", position=2)
    filled(name_en="Politics", slug="politics", position=1)
    assert nav(client) == ["Politics", "Economy"]

    with CaptureQueriesContext(connection) as queries:
        assert nav(client, "/en/archive/") == ["Politics", "Economy"]
    assert not [q for q in queries if 'FROM "articles_section"' in q["sql"]]


def test_a_change_to_sections_shows_on_the_next_page(client, filled):
    economy = filled(name_en="Economy", slug="economy", position=2)
    assert nav(client) == ["Economy"]

    economy.name_en = "Economy and finance"
    economy.save()
    assert nav(client, "/en/archive/") == ["Economy and finance"]

    Section.objects.filter(pk=economy.pk).update(position=3)
    filled(name_en="Society", slug="society", position=1)
    assert nav(client, "/en/archive/") == ["Society", "Economy and finance"]


def test_staff_pages_read_the_sections_themselves(admin_client, filled):
    filled(name_en="Economy", slug="economy")
    assert nav(admin_client) == ["Economy"]

    with CaptureQueriesContext(connection) as queries:
        assert nav(admin_client) == ["Economy"]
    assert [q for q in queries if 'FROM "articles_section"' in q["sql"]]


def test_a_section_with_nothing_public_in_the_language_is_not_linked(
    client, make_section, make_article
):
    """Its page would be a 404; it is linked from the moment its first piece is public."""
    economy = make_section(name_en="Economy", slug="economy", position=1)
    politics = make_section(name_en="Politics", name_ru="Политика", slug="politics", position=2)
    make_article(section=economy, public=("en",))
    make_article(section=politics, public=("ru",))
    moment = timezone.now() + timedelta(hours=1)
    make_article(section=politics, title_en="Later", published_at_en=moment)

    assert nav(client) == ["Economy"]
    assert "/ru/section/politics/" in client.get("/ru/").text
    with time_machine.travel(moment + timedelta(seconds=1), tick=False):
        assert nav(client) == ["Economy", "Politics"]
        assert client.get("/en/section/politics/").status_code == 200
