"""The read API: items as ninjs 3.1, one item, the list and its filters."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Byline, Correction
from authors.models import Author
from newswire.ninjs import item_uri, tag_uri
from quotes.models import Quote
from tags.models import Tag
from tests.media import give_lead_photo
from tests.newswire.conftest import assert_valid, jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece(make_article, make_section, media_root):
    """A full article: public in ru and en, a draft in az, with everything an item shows."""
    section = make_section(slug="analytics")
    person = Tag.objects.create(
        kind=Tag.Kind.PERSON,
        slug="jens-stoltenberg",
        name_ru="Йенс Столтенберг",
        name_en="Jens Stoltenberg",
    )
    place = Tag.objects.create(
        kind=Tag.Kind.PLACE, slug="karabakh", name_ru="Карабах", name_en="Karabakh"
    )
    organisation = Tag.objects.create(kind=Tag.Kind.ORGANISATION, slug="nato", name_en="NATO")
    topic = Tag.objects.create(kind=Tag.Kind.TOPIC, slug="security", name_ru="Безопасность")
    quote = Quote.objects.create(
        speaker=person,
        text_en="Partnership is a road, not a door.",
        speaker_role_en="NATO Secretary General",
    )
    article = make_article(
        public=("ru", "en"),
        section=section,
        body_en=f'<p>English text.</p><figure data-quote="{quote.pk}"></figure><p>More &amp; more.</p>',
        lead_en="Contacts go on; differences stay.",
        search_description_en="NATO and Baku, in brief.",
        caption_en="Two leaders in Brussels",
        original_language="ru",
    )
    give_lead_photo(article, jpeg(), alt_en="Two men at a lectern", credit_en="Photo: Photo Desk")
    article.tags.set([person, place, organisation, topic])
    author = Author.objects.create(
        name_ru="Аналитическая служба", name_en="Analytical Service Turan"
    )
    Byline.objects.create(article=article, author=author)
    Correction.objects.create(
        article=article, language="en", kind="correction", note="The summit's date was wrong."
    )
    return article


def test_an_item_maps_the_version_onto_ninjs(api, piece):
    item = api.json(f"/api/v1/items/{piece.pk}/en")

    assert_valid(item)
    assert item["uri"] == item_uri(piece.pk, "en")
    assert item["language"] == "en"
    assert item["pubStatus"] == "usable"
    assert item["headlines"][0]["value"] == "NATO and Azerbaijan: Contacts and Differences"
    descriptions = {d["role"]: d["value"] for d in item["descriptions"]}
    assert descriptions["summary"] == "Contacts go on; differences stay."
    assert descriptions["seo"] == "NATO and Baku, in brief."
    assert descriptions["correction"] == "The summit's date was wrong."
    html, text = item["bodies"]
    assert html["contentType"] == "text/html" and text["contentType"] == "text/plain"
    assert "<blockquote><p>Partnership is a road, not a door.</p>" in html["value"]
    assert "NATO Secretary General" in html["value"]
    assert "data-quote" not in html["value"]
    assert "More & more." in text["value"] and "<" not in text["value"]
    assert item["people"] == [
        {
            "name": "Jens Stoltenberg",
            "rel": "about",
            "uri": tag_uri(piece.tags.get(slug="jens-stoltenberg").pk),
        }
    ]
    assert item["places"][0]["name"] == "Karabakh"
    assert item["organisations"][0]["name"] == "NATO"
    # A label falls back to another language, as on the site.
    assert item["subjects"][0]["name"] == "Безопасность"
    assert item["by"] == "Analytical Service Turan"
    assert {"role": "article", "value": str(piece.pk)} in item["altIds"]
    assert item["versionCreated"].endswith("+04:00")
    assert item["firstCreated"].endswith("+04:00")
    assert "embargoedUntil" not in item


def test_the_lead_image_and_the_translations_are_associations(api, piece):
    item = api.json(f"/api/v1/items/{piece.pk}/en")

    picture, *others = item["associations"]
    assert picture["type"] == "picture"
    assert picture["by"] == "Photo Desk"
    roles = {d["role"]: d["value"] for d in picture["descriptions"]}
    assert roles == {"caption": "Two leaders in Brussels", "alt": "Two men at a lectern"}
    names = [r["name"] for r in picture["renditions"] if r["contentType"] == "image/webp"]
    # The whole image, then its crops (a 1000 × 560 original: the square is 560 wide).
    assert names[:3] == ["w400", "w800", "w1000"]
    assert [n for n in names if n.startswith("1x1-")] == ["1x1-w400", "1x1-w560"]
    assert {n.split("-")[0] for n in names[3:]} == {"16x9", "4x3", "1x1"}
    assert all(r["href"].startswith("http://testserver/media/") for r in picture["renditions"])
    # The Azerbaijani draft is no association; the Russian original is.
    assert [(o["language"], o["rel"], o["uri"]) for o in others] == [
        ("ru", "translatedFrom", item_uri(piece.pk, "ru"))
    ]
    original = api.json(f"/api/v1/items/{piece.pk}/ru")
    assert_valid(original)
    assert [(o["language"], o["rel"]) for o in original["associations"][1:]] == [
        ("en", "hasTranslation")
    ]
    # The same shared id in every language.
    assert {"role": "article", "value": str(piece.pk)} in original["altIds"]


def test_drafts_and_other_versions_do_not_exist(api, piece):
    assert api.get(f"/api/v1/items/{piece.pk}/az").status_code == 404
    assert api.get(f"/api/v1/items/{piece.pk + 1000}/en").status_code == 404
    response = api.get(f"/api/v1/items/{piece.pk}/az")
    assert response.json()["error"]["code"] == "not_found"


def test_a_scheduled_version_exists_from_its_moment_to_the_second(api, make_article):
    import time_machine

    moment = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    article = make_article(published_at_en=moment)
    with time_machine.travel(moment - timedelta(seconds=1), tick=False):
        assert api.get(f"/api/v1/items/{article.pk}/en").status_code == 404
        assert api.json("/api/v1/items")["items"] == []
    with time_machine.travel(moment, tick=False):
        item = api.json(f"/api/v1/items/{article.pk}/en")
        assert item["pubStatus"] == "usable"
        assert [i["uri"] for i in api.json("/api/v1/items")["items"]] == [item["uri"]]


def test_the_list_filters_by_language_section_tag_and_moment(api, make_article, make_section):
    economy = make_section(slug="economy", name_en="Economy")
    oil = Tag.objects.create(slug="oil", name_en="Oil")
    old = make_article(public=("ru", "en"))
    new = make_article(public=("en",), section=economy)
    new.tags.add(oil)

    every = api.json("/api/v1/items")["items"]
    assert {i["uri"] for i in every} == {
        item_uri(old.pk, "ru"),
        item_uri(old.pk, "en"),
        item_uri(new.pk, "en"),
    }
    for item in every:
        assert_valid(item)
    assert [i["uri"] for i in api.json("/api/v1/items?language=ru")["items"]] == [
        item_uri(old.pk, "ru")
    ]
    assert [i["uri"] for i in api.json("/api/v1/items?section=economy")["items"]] == [
        item_uri(new.pk, "en")
    ]
    assert [i["uri"] for i in api.json("/api/v1/items?tag=oil")["items"]] == [
        item_uri(new.pk, "en")
    ]
    later = (timezone.now() + timedelta(minutes=5)).isoformat()
    assert api.json("/api/v1/items", data={"updated_since": later})["items"] == []


def test_the_api_lives_outside_the_language_prefixes(api, piece):
    response = api.get(f"/api/v1/items/{piece.pk}/en", HTTP_ACCEPT_LANGUAGE="az")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert response.json()["headlines"][0]["value"].startswith("NATO and Azerbaijan")
    assert api.get("/ru/api/v1/items").status_code == 404
    nowhere = api.get("/api/v1/nowhere")
    assert nowhere.status_code == 404 and nowhere["Content-Type"] == "application/json"


def test_the_openapi_description_and_its_reference_page(client):
    description = client.get("/api/v1/openapi.json")
    assert description.status_code == 200
    paths = description.json()["paths"]
    assert {"/api/v1/items", "/api/v1/changes", "/api/v1/items/{article_id}/{language}"} <= set(
        paths
    )
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    # Swagger UI from the site's own static files, no CDN, no inline script.
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "<script>" not in html
