"""Chromium picks a WebP rendition from the srcset, decodes it and reserves its space."""

import mimetypes
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from tests.media import give_lead_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serve_media(page, media_root):
    """Answer /media/ from MEDIA_ROOT, as the web server or CDN in front does
    (the application itself serves no uploads outside DEBUG)."""

    def handle(route):
        name = route.request.url.split("/media/", 1)[1]
        path = Path(media_root) / name
        if not path.is_file():
            route.fulfill(status=404, body="")
            return
        route.fulfill(
            status=200,
            body=path.read_bytes(),
            content_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        )

    page.route("**/media/**", handle)


def test_lead_image_loads_a_webp_rendition_sized_for_the_page(
    live_server, page, make_article, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    data = BytesIO()
    Image.new("RGB", (2000, 1125), (40, 80, 120)).save(data, "JPEG")
    article = make_article(public=("en",), caption_en="A gas pipeline on the Caspian shore")
    give_lead_photo(article, ContentFile(data.getvalue()), "pipeline.jpg")
    serve_media(page, settings.MEDIA_ROOT)
    page.set_viewport_size({"width": 800, "height": 900})

    page.goto(live_server.url + article.get_absolute_url("en"))
    image = page.locator(".article__image img")
    image.evaluate("img => img.decode()")

    loaded = image.evaluate(
        "img => ({src: img.currentSrc, natural: img.naturalWidth, shown: img.clientWidth,"
        " height: img.clientHeight})"
    )
    # 42rem (672 px) at a device pixel ratio of 1: the 800 px rendition, not the original.
    assert loaded["src"].endswith(".800.webp")
    assert loaded["natural"] > 0  # decoded (scaled by the srcset's density to the slot)
    assert loaded["shown"] == 672
    assert loaded["height"] == round(672 * 1125 / 2000)


def test_space_is_reserved_before_the_image_arrives(
    live_server, page, make_article, make_section, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    section = make_section(slug="economy")
    data = BytesIO()
    Image.new("RGB", (1600, 900), (40, 80, 120)).save(data, "JPEG")
    for number in range(3):
        article = make_article(public=("en",), section=section)
        give_lead_photo(article, ContentFile(data.getvalue()), f"{number}.jpg")
    page.route("**/media/**", lambda route: route.abort())  # Images never arrive.
    page.set_viewport_size({"width": 1024, "height": 900})

    page.goto(live_server.url + "/en/section/economy/")

    boxes = page.locator(".teaser__image img").evaluate_all(
        "images => images.map(img => [img.clientWidth, img.clientHeight])"
    )
    assert boxes == [[160, 120]] * 3  # 10rem wide, the 4:3 crop's width and height
