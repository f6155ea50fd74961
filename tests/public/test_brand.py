"""The mark where browsers, home screens, search engines and feed readers look for it."""

import io
import json
import runpy

import feedparser
import pytest
from django.test import Client
from PIL import Image

from core import brand
from tests.articles.test_seo import Head
from tests.turan.test_settings import BASE_DIR

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
ICON_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}


@pytest.fixture
def static_client(settings):
    """A client whose requests for /static/ WhiteNoise answers from the sources,
    as production's answers from the collected files (its middleware reads the
    setting when the client's first request builds the chain)."""
    settings.WHITENOISE_USE_FINDERS = True
    return Client()


def fetch(client, url):
    response = client.get(url.removeprefix(BASE))
    assert response.status_code == 200, url
    return response


def body(response):
    return b"".join(response) if response.streaming else response.content


def image(response, content_type):
    assert response["Content-Type"] == content_type
    if content_type == "image/svg+xml":
        return None
    return Image.open(io.BytesIO(body(response)))


def brand_links(html):
    page = Head(html)
    links = {}
    for link in page.links:
        rel = link.get("rel")
        if rel in {"icon", "apple-touch-icon", "manifest"}:
            links.setdefault(rel, []).append(link)
    return links, page.all("theme-color")


@pytest.mark.parametrize(
    "url", ["/ru/", "/az/", "/en/", "article", "/en/no-such-page/", "/en/search/?q=x"]
)
def test_every_public_page_links_the_mark_and_each_link_resolves(static_client, make_article, url):
    if url == "article":
        url = make_article(public=("en",)).get_absolute_url("en")
    response = static_client.get(url)
    assert response.status_code in {200, 404}

    links, theme_colors = brand_links(response.text)

    assert theme_colors == [brand.THEME_COLOR]
    svg, png = links["icon"]
    assert svg["type"] == "image/svg+xml"
    assert image(fetch(static_client, svg["href"]), "image/svg+xml") is None
    assert png["sizes"] == "32x32"
    assert image(fetch(static_client, png["href"]), "image/png").size == (32, 32)
    (touch,) = links["apple-touch-icon"]
    touch_image = image(fetch(static_client, touch["href"]), "image/png")
    assert touch_image.size == (180, 180)
    # iOS paints transparency black: the touch icon has none.
    assert touch_image.convert("RGBA").getextrema()[3] == (255, 255)
    (manifest,) = links["manifest"]
    assert manifest["href"] == f"/{url.split('/')[1]}/manifest.webmanifest"


def test_the_svg_favicon_is_small_and_self_contained(static_client):
    svg = body(fetch(static_client, "/static/brand/favicon.svg"))
    assert len(svg) < 500
    assert svg.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
    # Its own red tile behind a white glyph: legible on dark and light tab bars.
    assert brand.THEME_COLOR.encode() in svg and b"#ffffff" in svg
    assert b"<script" not in svg and b"href" not in svg


def test_the_admin_links_the_mark_too(static_client):
    links, theme_colors = brand_links(static_client.get("/admin/login/").text)

    assert [link["type"] for link in links["icon"]] == ["image/svg+xml", "image/png"]
    assert "apple-touch-icon" in links
    assert theme_colors == [brand.THEME_COLOR]


@pytest.mark.parametrize(
    ("url", "content_type", "sizes"),
    [
        ("/favicon.ico", "image/x-icon", {(16, 16), (32, 32), (48, 48)}),
        ("/apple-touch-icon.png", "image/png", {(180, 180)}),
    ],
)
def test_root_icons_answer_outside_the_language_prefixes(client, url, content_type, sizes):
    response = client.get(url)

    assert response.status_code == 200
    picture = image(response, content_type)
    assert (picture.ico.sizes() if content_type == "image/x-icon" else {picture.size}) == sizes
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=604800"} <= control
    assert "X-Page-Cache" not in response
    assert client.post(url).status_code == 405


@pytest.mark.parametrize(
    ("code", "name", "short_name"),
    [
        ("ru", "Туран Аналитика", "Туран"),
        ("az", "Turan Analitika", "Turan"),
        ("en", "Turan Analytics", "Turan"),
    ],
)
def test_manifest_names_the_site_in_its_language_and_its_icons_resolve(
    static_client, code, name, short_name
):
    response = fetch(static_client, f"/{code}/manifest.webmanifest")

    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == name
    assert manifest["short_name"] == short_name
    assert manifest["lang"] == code
    assert manifest["start_url"] == f"/{code}/"
    assert fetch(static_client, manifest["start_url"])
    assert manifest["display"] in {"static_client", "minimal-ui"}
    assert manifest["theme_color"] == brand.THEME_COLOR
    assert manifest["background_color"]
    sizes = {}
    for icon in manifest["icons"]:
        picture = image(fetch(static_client, icon["src"]), icon["type"])
        if picture is not None:
            assert icon["sizes"] == "{}x{}".format(*picture.size)
        sizes.setdefault(icon.get("purpose", "any"), set()).add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes["any"]
    assert sizes["maskable"] == {"512x512"}


def test_the_maskable_icon_keeps_its_glyph_inside_the_safe_circle(static_client):
    response = fetch(static_client, "/static/brand/icon-maskable-512.png")
    picture = image(response, "image/png").convert("RGB")

    # Full bleed: a mask of any shape cuts only red.
    assert picture.getpixel((0, 0)) == picture.getpixel((511, 511))
    white = [
        (x, y)
        for x in range(0, 512, 4)
        for y in range(0, 512, 4)
        if min(picture.getpixel((x, y))) > 200
    ]
    assert white
    assert max(((x - 256) ** 2 + (y - 256) ** 2) ** 0.5 for x, y in white) < 0.4 * 512


def test_the_manifest_is_allowed_by_the_content_security_policy(client):
    policy = dict(
        part.strip().split(" ", 1)
        for part in client.get("/en/")["Content-Security-Policy"].split(";")
    )

    assert "'self'" in policy.get("manifest-src", policy["default-src"]).split()
    assert "'self'" in policy["img-src"].split()


def test_article_json_ld_names_the_publishers_logo(static_client, make_article):
    article = make_article(public=("az",))
    page = Head(fetch(static_client, article.get_absolute_url("az")).text)

    (news,) = [data for data in page.json_ld if data["@type"] == "NewsArticle"]
    logo = news["publisher"]["logo"]
    assert logo["@type"] == "ImageObject"
    assert logo["url"].startswith(f"{BASE}/static/")
    picture = image(fetch(static_client, logo["url"]), "image/png")
    assert picture.size == (logo["width"], logo["height"])
    # A news publisher's logo is shown in a wide box; search engines want
    # at least 112 px each way.
    assert logo["width"] >= logo["height"] >= 112


@pytest.mark.parametrize("url", ["/en/feed/", "section"])
def test_feeds_carry_an_icon_and_a_logo(static_client, make_article, url):
    article = make_article(public=("en",))
    if url == "section":
        url = f"/en/section/{article.section.slug}/feed/"

    feed = feedparser.parse(fetch(static_client, url).content).feed

    icon = image(fetch(static_client, feed.icon), "image/png")
    logo = image(fetch(static_client, feed.logo), "image/png")
    assert feed.icon.startswith(f"{BASE}/static/") and feed.logo.startswith(f"{BASE}/static/")
    # RFC 4287: the icon square, the logo twice as wide as tall.
    assert icon.width == icon.height
    assert logo.width == 2 * logo.height


def test_the_committed_artwork_is_what_the_script_draws(tmp_path):
    """Redrawing changes nothing: the files under static/brand/ were not edited by hand."""
    script = runpy.run_path(str(BASE_DIR / "scripts" / "brand_icons.py"))
    script["main"].__globals__["BRAND"] = tmp_path
    script["main"]()

    committed = BASE_DIR / "static" / "brand"
    drawn = sorted(path.name for path in tmp_path.iterdir())
    assert drawn == sorted(path.name for path in committed.iterdir())
    for name in drawn:
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name
