"""Nothing of an unpublished version reaches readers, on any public surface.

Every field of versions that are not public (a scheduled English translation
of a live Russian piece, and a piece with no public version at all) carries a
marker; so do the library quote placed only in the scheduled body, a tag and
an author known only from the unpublished piece, and the captions. Then every
public surface, in every language, is read for the markers.
"""

import io
import json
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import Byline, QuoteListing
from authors.models import Author
from quotes.models import Quote
from tags.models import Tag
from tests.media import give_lead_photo

pytestmark = pytest.mark.django_db

LANGUAGES = ("ru", "az", "en")
MARKER = re.compile(r"EMBARGO\w*", re.IGNORECASE)


def marked(field):
    return f"EMBARGO{field.replace('_', '')} secret"


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (640, 360), (20, 90, 160)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="lead-photo.jpg")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def site(make_article, make_section, media_root):
    """A live Russian piece with a scheduled English version, and a piece with
    nothing public, tagged and bylined with what only it knows."""
    section = make_section(slug="analytics")
    person = Tag.objects.create(
        kind=Tag.Kind.PERSON, slug="arif-karimov", name_ru="Ариф Керимов", name_en="Arif Karimov"
    )
    public_quote = Quote.objects.create(speaker=person, text_ru="Открытые слова.")
    secret_quote = Quote.objects.create(
        speaker=person, text_en=marked("quote_text"), speaker_role_en=marked("quote_role")
    )
    public_tag = Tag.objects.create(kind=Tag.Kind.TOPIC, slug="energy", name_ru="Энергетика")
    secret_tag = Tag.objects.create(
        kind=Tag.Kind.ORGANISATION, slug="embargo-merger", name_en=marked("tag_name")
    )
    public_author = Author.objects.create(slug="helen-morrow", name_ru="Хелен Морроу")
    secret_author = Author.objects.create(slug="embargo-author", name_en=marked("author_name"))
    later = timezone.now() + timedelta(days=2)

    live = make_article(
        section=section,
        title_ru="Энергетика и рынки",
        lead_ru="Открытый лид.",
        body_ru=f'<p>Текст.</p><figure data-quote="{public_quote.pk}"></figure>',
        caption_ru="",
        published_at_ru=timezone.now() - timedelta(hours=2),
        **{
            f"{field}_en": marked(field)
            for field in ("title", "lead", "caption", "search_description", "slug")
        },
        body_en=f'<p>{marked("body")}</p><figure data-quote="{secret_quote.pk}"></figure>',
        published_at_en=later,
        title_az="",
        body_az="",
    )
    # The live piece's photo has texts only its scheduled English version may show.
    give_lead_photo(
        live,
        jpeg(),
        **{f"{field}_en": marked(f"photo_{field}") for field in ("caption", "alt", "credit")},
    )
    live.tags.add(public_tag)
    Byline.objects.create(article=live, author=public_author)

    secret = make_article(
        section=section,
        published_at_ru=later,
        **{
            f"{field}_{code}": marked(f"{field}_{code}")
            for field in ("title", "lead", "caption", "search_description")
            for code in LANGUAGES
        },
        **{f"body_{code}": f"<p>{marked('body_' + code)}</p>" for code in LANGUAGES},
    )
    give_lead_photo(
        secret,
        jpeg(),
        **{
            f"{field}_{code}": marked(f"photo_{field}_{code}")
            for field in ("caption", "alt", "credit")
            for code in LANGUAGES
        },
    )
    secret.tags.add(secret_tag, person)
    Byline.objects.create(article=secret, author=secret_author)
    return {"live": live, "secret": secret, "person": person, "public_quote": public_quote}


def surfaces(site):
    live, person = site["live"], site["person"]
    for code in LANGUAGES:
        yield from (
            f"/{code}/",
            f"/{code}/section/analytics/",
            f"/{code}/tag/energy/",
            f"/{code}/tag/{person.slug}/",
            f"/{code}/author/helen-morrow/",
            f"/{code}/quotes/",
            f"/{code}/quotes/?speaker={person.slug}",
            f"/{code}/archive/",
            f"/{code}/archive/{timezone.localdate():%Y/%m}/",
            f"/{code}/feed/",
            f"/{code}/section/analytics/feed/",
            f"/{code}/tag/energy/feed/",
            f"/{code}/tag/{person.slug}/feed/",
            f"/{code}/author/helen-morrow/feed/",
            f"/{code}/search/?q=secret",
            f"/{code}/search/?q=Энергетика",
            live.get_absolute_url(code) if live.is_public(code) else f"/{code}/",
        )
        yield from (f"/sitemap-{code}.xml", f"/sitemap-news-{code}.xml")
        yield from (f"/{code}/latest/", f"/{code}/feed/rss/", f"/{code}/tag/energy/feed/rss/")
    yield from ("/sitemap.xml", "/robots.txt", "/sitemap-pages.xml")
    # The tags, authors and speakers known from public versions only.
    yield from ("/sitemap-tags.xml", "/sitemap-authors.xml", "/sitemap-quotes.xml")


def test_no_marker_reaches_any_public_surface(client, site):
    read = 0
    for url in surfaces(site):
        response = client.get(url)
        if response.status_code == 404:
            continue
        assert response.status_code == 200, url
        text = response.content.decode()
        assert not MARKER.search(text), (url, MARKER.search(text).group())
        assert site["secret"].lead_photo.image.name not in text, url
        read += 1
    # The live piece's own image is public with its Russian version.
    assert (
        site["live"].lead_photo.image.name in client.get(site["live"].get_absolute_url("ru")).text
    )
    assert read >= 45


@pytest.mark.parametrize("code", LANGUAGES)
def test_tags_and_authors_known_only_from_unpublished_versions_have_no_pages(client, site, code):
    for url in (
        f"/{code}/tag/embargo-merger/",
        f"/{code}/tag/embargo-merger/feed/",
        f"/{code}/author/embargo-author/",
        f"/{code}/author/embargo-author/feed/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        # (The 404 page links the address asked for, which names the slug.)
        text = response.content.decode()
        assert marked("tag_name") not in text and marked("author_name") not in text


def test_a_tag_page_appears_in_the_languages_whose_versions_carry_it(client, site):
    """The topic is on the live piece, public in Russian only."""
    assert client.get("/ru/tag/energy/").status_code == 200
    assert client.get("/en/tag/energy/").status_code == 404
    assert client.get("/ru/author/helen-morrow/").status_code == 200
    assert client.get("/az/author/helen-morrow/").status_code == 404


def test_a_quote_is_carried_only_by_its_own_languages_body(site):
    rows = {
        row.quote_id: (row.public_from_ru is not None, row.public_from_en is not None)
        for row in QuoteListing.objects.filter(article=site["live"])
    }

    assert rows[site["public_quote"].pk] == (True, False)
    assert [value for pk, value in rows.items() if pk != site["public_quote"].pk] == [(False, True)]


def test_the_quotes_archive_lists_only_quotes_of_public_bodies(client, site):
    for code in LANGUAGES:
        text = client.get(f"/{code}/quotes/").content.decode()
        assert ("Открытые слова." in text) == (code == "ru")
        assert "EMBARGO" not in text
    person_page = client.get("/ru/tag/arif-karimov/").content.decode()
    assert "Открытые слова." in person_page and "EMBARGO" not in person_page


def test_a_quote_in_a_scheduled_body_appears_at_its_moment(client, site):
    import time_machine

    with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
        text = client.get("/en/quotes/").content.decode()

    assert marked("quote_text") in text
    assert f"/en/article/{site['live'].pk}/" in text


def test_a_draft_caption_is_not_the_fallback_of_a_public_page(client, site):
    page = client.get(site["live"].get_absolute_url("ru")).content.decode()

    figure = page.split('<figure class="article__image">', 1)[1].split("</figure>", 1)[0]
    assert "EMBARGO" not in figure
    for name in ("og:image:alt", "twitter:image:alt"):
        assert not re.search(rf'"{name}" content="[^"]*EMBARGO', page)
    json_ld = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json_ld and "EMBARGO" not in json.dumps([json.loads(block) for block in json_ld])


def test_a_public_siblings_caption_is_still_the_fallback(client, site):
    live = site["live"]
    live.caption_en = ""
    live.caption_az = "Enerji bazarları"
    live.title_az, live.body_az = "Enerji", "<p>Mətn.</p>"
    live.published_at_az = timezone.now() - timedelta(hours=1)
    live.save()

    page = client.get(live.get_absolute_url("ru")).content.decode()

    assert '<span lang="az">Enerji bazarları</span>' in page
