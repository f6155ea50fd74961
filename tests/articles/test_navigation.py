"""The header's section navigation is read once per content version, never stale."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Section


def nav(client, path="/en/"):
    html = client.get(path).text
    block = html.split('class="section-nav"')[1].split("</nav>")[0]
    return re.findall(r'<a href="/en/section/[^"]+/"[^>]*>([^<]+)</a>', block)


def test_sections_are_read_once_per_content_version(client, make_section):
    make_section(name_en="Economy", slug="economy", position=2)
    make_section(name_en="Politics", slug="politics", position=1)
    assert nav(client) == ["Politics", "Economy"]

    with CaptureQueriesContext(connection) as queries:
        assert nav(client, "/en/archive/") == ["Politics", "Economy"]
    assert not [q for q in queries if 'FROM "articles_section"' in q["sql"]]


def test_a_change_to_sections_shows_on_the_next_page(client, make_section):
    economy = make_section(name_en="Economy", slug="economy", position=2)
    assert nav(client) == ["Economy"]

    economy.name_en = "Economy and finance"
    economy.save()
    assert nav(client, "/en/archive/") == ["Economy and finance"]

    Section.objects.filter(pk=economy.pk).update(position=3)
    make_section(name_en="Society", slug="society", position=1)
    assert nav(client, "/en/archive/") == ["Society", "Economy and finance"]


def test_staff_pages_read_the_sections_themselves(admin_client, make_section):
    make_section(name_en="Economy", slug="economy")
    assert nav(admin_client) == ["Economy"]

    with CaptureQueriesContext(connection) as queries:
        assert nav(admin_client) == ["Economy"]
    assert [q for q in queries if 'FROM "articles_section"' in q["sql"]]
