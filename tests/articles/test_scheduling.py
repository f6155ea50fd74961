"""A scheduled version goes public at its moment on every surface at once, with
nothing run at that moment: just before it, its page is a 404 and it is absent
everywhere else; at the moment, it is present everywhere.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from articles.models import Byline
from authors.models import Author
from tags.models import Tag

pytestmark = pytest.mark.django_db

BAKU = ZoneInfo("Asia/Baku")
T = datetime(2017, 11, 26, 9, 0, tzinfo=BAKU)
BEFORE = T - timedelta(seconds=1)


@pytest.fixture
def scheduled(make_article, make_section):
    """Russian public since the day before; English scheduled for T."""
    with time_machine.travel(T - timedelta(days=2), tick=False):
        section = make_section(slug="analytics")
        tag = Tag.objects.create(
            kind=Tag.Kind.ORGANISATION, slug="nato", name_ru="НАТО", name_en="NATO"
        )
        author = Author.objects.create(
            slug="turan", name_ru="Туран", name_en="Turan Analytical Service"
        )
        article = make_article(
            section=section,
            title_en="Stoltenberg in Baku: Contacts and Differences",
            body_en="<p>Jens Stoltenberg met the minister in Baku.</p>",
            published_at_ru=T - timedelta(days=1),
            published_at_en=T,
        )
        article.tags.add(tag)
        Byline.objects.create(article=article, author=author)
    return article


def english_link(article):
    return f"/en/article/{article.pk}/"


SURFACES = {
    "home": "/en/",
    "archive-day": "/en/archive/2017/11/26/",
    "archive-month": "/en/archive/2017/11/",
    "feed": "/en/feed/",
    "section-feed": "/en/section/analytics/feed/",
    "sitemap": "/sitemap-en.xml",
    "news-sitemap": "/sitemap-news-en.xml",
    # The Russian version's own sitemap entry lists its public alternates.
    "sibling-sitemap-alternates": "/sitemap-ru.xml",
    "search": "/en/search/?q=Stoltenberg",
}


def get(client, url):
    response = client.get(url)
    # A sitemap with no entry is not there at all (and not in the index).
    if url.startswith("/sitemap-") and response.status_code == 404:
        assert url not in client.get("/sitemap.xml").content.decode()
        return ""
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize("url", SURFACES.values(), ids=SURFACES.keys())
def test_scheduled_version_is_absent_before_its_moment_and_present_at_it(client, scheduled, url):
    with time_machine.travel(BEFORE, tick=False):
        before = get(client, url)
    with time_machine.travel(T, tick=False):
        at = get(client, url)

    assert english_link(scheduled) not in before
    assert english_link(scheduled) in at


# Known only from the scheduled English version, the tag and the author have
# no English page or feed before its moment: their names can be news.
CARRIED_SURFACES = {
    "tag": "/en/tag/nato/",
    "author": "/en/author/turan/",
    "tag-feed": "/en/tag/nato/feed/",
    "author-feed": "/en/author/turan/feed/",
}


@pytest.mark.parametrize("url", CARRIED_SURFACES.values(), ids=CARRIED_SURFACES.keys())
def test_tag_and_author_pages_appear_with_their_first_public_version(client, scheduled, url):
    with time_machine.travel(BEFORE, tick=False):
        before = client.get(url)
    with time_machine.travel(T, tick=False):
        at = get(client, url)

    assert before.status_code == 404
    assert "NATO" not in before.content.decode()
    assert english_link(scheduled) in at


def test_a_section_with_nothing_public_yet_is_a_404_until_its_first_version(client, scheduled):
    with time_machine.travel(BEFORE, tick=False):
        before = client.get("/en/section/analytics/")
    with time_machine.travel(T, tick=False):
        at = get(client, "/en/section/analytics/")

    assert before.status_code == 404
    assert "Page not found" in before.content.decode()
    assert english_link(scheduled) in at


def test_scheduled_page_is_404_before_its_moment_and_public_at_it(client, scheduled):
    url = scheduled.get_absolute_url("en")

    with time_machine.travel(BEFORE, tick=False):
        before = client.get(url)
    with time_machine.travel(T, tick=False):
        at = client.get(url)

    assert before.status_code == 404
    assert "Stoltenberg in Baku" not in before.content.decode()
    assert at.status_code == 200
    assert "Stoltenberg in Baku" in at.content.decode()


def test_sibling_tabs_and_hreflang_follow_the_moment(client, scheduled):
    url = scheduled.get_absolute_url("ru")
    english = scheduled.get_absolute_url("en")

    with time_machine.travel(BEFORE, tick=False):
        before = get(client, url)
    with time_machine.travel(T, tick=False):
        at = get(client, url)

    assert 'hreflang="en"' not in before and english not in before
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{english}">' in at
    tabs = at.split('class="language-tabs"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{english}"' in tabs


def test_unpublishing_removes_the_version_everywhere_at_once(client, scheduled):
    with time_machine.travel(T + timedelta(hours=1), tick=False):
        assert client.get(scheduled.get_absolute_url("en")).status_code == 200
        scheduled.published_at_en = None
        scheduled.save()

        assert client.get(scheduled.get_absolute_url("en")).status_code == 404
        for url in SURFACES.values():
            assert english_link(scheduled) not in get(client, url), url
        assert 'hreflang="en"' not in get(client, scheduled.get_absolute_url("ru"))
