import io
import json
import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from PIL import Image

from articles.models import Article, Byline, Correction
from articles.seo import OG_LOCALES
from authors.models import Author
from core.i18n import LANGUAGE_CODES
from tags.models import Tag
from tests.edits import edited_article, expected_modified
from tests.media import give_lead_photo

pytestmark = pytest.mark.django_db

BAKU = ZoneInfo("Asia/Baku")
BASE = "http://testserver"
HOSTILE = "</script><script>alert(1)</script> & <b>bold</b>"


class Head(HTMLParser):
    """The metadata of a page: meta tags (in order) and parsed JSON-LD blocks."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.meta = []
        self.links = []
        self.json_ld = []
        self._script = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.append((attrs.get("property") or attrs["name"], attrs["content"]))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._script = []

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.json_ld.append(json.loads("".join(self._script)))
            self._script = None

    def one(self, name):
        values = self.all(name)
        assert len(values) == 1, (name, values)
        return values[0]

    def all(self, name):
        return [content for key, content in self.meta if key == name]

    def of_type(self, kind):
        found = [data for data in self.json_ld if data["@type"] == kind]
        assert len(found) == 1, kind
        return found[0]


def head(client, article, code):
    response = client.get(article.get_absolute_url(code))
    assert response.status_code == 200
    return Head(response.text)


def jpeg(size=(120, 68)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#087e8b").save(buffer, "JPEG")
    return SimpleUploadedFile("lead.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_every_language_has_an_open_graph_locale():
    assert set(OG_LOCALES) == set(LANGUAGE_CODES)


def test_open_graph_describes_the_version(client, make_article):
    moment = datetime(2017, 11, 25, 12, 51, tzinfo=BAKU)
    article = make_article(
        public=("ru",),
        published_at_en=moment,
        published_at_az=timezone.now() + timedelta(hours=3),
        lead_en="The lead.",
        search_description_en="Shared description.",
    )
    article.tags.add(Tag.objects.create(name_en="Security"), Tag.objects.create(name_en="Karabakh"))

    page = head(client, article, "en")

    canonical = BASE + article.get_absolute_url("en")
    assert page.one("og:type") == "article"
    assert page.one("og:site_name") == "Turan Analytics"
    assert page.one("og:title") == "NATO and Azerbaijan: Contacts and Differences"
    assert page.one("og:description") == "Shared description."
    assert page.one("og:url") == canonical
    assert page.one("og:locale") == "en_GB"
    # Azerbaijani is scheduled, not public: only Russian is offered.
    assert page.all("og:locale:alternate") == ["ru_RU"]
    assert page.one("article:published_time") == "2017-11-25T12:51:00+04:00"
    modified = datetime.fromisoformat(page.one("article:modified_time"))
    assert modified >= moment
    assert page.one("article:section") == "Analytics"
    assert sorted(page.all("article:tag")) == ["Karabakh", "Security"]
    assert page.one("twitter:title") == "NATO and Azerbaijan: Contacts and Differences"
    assert page.one("twitter:description") == "Shared description."
    # No lead image: the brand's share image, with its size.
    assert page.one("twitter:card") == "summary_large_image"
    assert page.one("og:image") == f"{BASE}/static/brand/share.png"
    assert page.one("og:image:width") == "1200"
    assert page.one("og:image:height") == "630"
    assert page.one("twitter:image") == f"{BASE}/static/brand/share.png"
    assert "image" not in page.of_type("NewsArticle")


def test_description_falls_back_to_the_lead(client, make_article):
    article = make_article(public=("en",), lead_en="The lead.")

    assert head(client, article, "en").one("og:description") == "The lead."


def test_description_falls_back_to_the_bodys_opening_sentences(client, make_article):
    body = (
        "<h2>Background</h2><p>Talks resumed in Brussels on Monday. Both sides "
        "called them constructive, and a second round is planned for the spring "
        "after the ministers of both governments meet again in Baku and in Brussels "
        "to settle what is left.</p><p>Later paragraph.</p>"
    )
    article = make_article(public=("en",), lead_en="", search_description_en="", body_en=body)

    html = client.get(article.get_absolute_url("en")).text
    page = head(client, article, "en")

    assert '<meta name="description" content="Talks resumed in Brussels on Monday.">' in html
    assert page.one("og:description") == "Talks resumed in Brussels on Monday."
    assert page.one("twitter:description") == "Talks resumed in Brussels on Monday."


def test_a_description_longer_than_a_sentence_is_cut_at_a_word_with_an_ellipsis():
    from core.text import opening_text

    words = "<p>" + " ".join(["Caspian"] * 40) + "</p><p>Next block.</p>"

    text = opening_text(words, limit=50)

    assert text.endswith("Caspian…") and len(text) <= 50
    assert opening_text("<p>One.</p><p>Two.</p>") == "One. Two."


def test_lead_image_is_absolute_with_a_large_card(client, make_article, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = make_article(public=("en",), caption_en="Ilham Aliyev and Jens Stoltenberg")
    photo = give_lead_photo(article, jpeg((1600, 1000)))

    page = head(client, article, "en")

    image = page.one("og:image")
    assert image.startswith(f"{BASE}/media/photos/") and image.endswith(".jpg")
    assert page.one("og:image:alt") == "Ilham Aliyev and Jens Stoltenberg"
    # The size the renditions recorded when the image was stored.
    assert page.one("og:image:width") == "1600"
    assert page.one("og:image:height") == "1000"
    assert page.one("twitter:card") == "summary_large_image"
    assert page.one("twitter:image") == image
    # JSON-LD: the 16:9, 4:3 and 1:1 crops search engines ask for, 1,600 px wide or less.
    crops = photo.renditions["crops"]
    assert page.of_type("NewsArticle")["image"] == [
        f"{BASE}/media/{crops[shape]['webp'][-1]['name']}" for shape in ("16x9", "4x3", "1x1")
    ]


def test_the_photos_alt_text_describes_the_shared_image(client, make_article, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = make_article(public=("en",), caption_en="Ilham Aliyev and Jens Stoltenberg")
    give_lead_photo(article, jpeg(), alt_en="Two men shaking hands at a podium")

    assert head(client, article, "en").one("og:image:alt") == "Two men shaking hands at a podium"


@pytest.mark.parametrize("code", ["ru", "az", "en"])
def test_json_ld_names_the_version_and_its_language(client, make_article, code):
    moment = datetime(2017, 11, 25, 12, 51, tzinfo=BAKU)
    article = make_article(
        **{f"published_at_{code}": moment, f"lead_{code}": "Lead."},
    )

    data = head(client, article, code).of_type("NewsArticle")

    assert data["@context"] == "https://schema.org"
    assert data["inLanguage"] == code
    assert data["headline"] == getattr(article, f"title_{code}")
    assert data["description"] == "Lead."
    assert data["url"] == BASE + article.get_absolute_url(code)
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": data["url"]}
    assert data["datePublished"] == "2017-11-25T12:51:00+04:00"
    assert datetime.fromisoformat(data["dateModified"]) >= moment
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"]  # the site's name, in that language
    assert data["publisher"]["url"] == f"{BASE}/{code}/"
    assert data["publisher"]["logo"] == {
        "@type": "ImageObject",
        "url": f"{BASE}/static/brand/logo-wide.png",
        "width": 240,
        "height": 120,
    }


@pytest.mark.parametrize("correct_english", [True, False], ids=["corrected", "unmarked"])
def test_modified_dates_follow_only_the_versions_marked_changes(
    client, make_article, correct_english
):
    """An English correction moves the English dates and not the Russian ones;
    unmarked edits (to either language) move none."""
    article = edited_article(make_article, correct_english=correct_english)

    for code, moment in expected_modified(correct_english).items():
        page = head(client, article, code)
        assert datetime.fromisoformat(page.one("article:modified_time")) == moment, code
        assert datetime.fromisoformat(page.of_type("NewsArticle")["dateModified"]) == moment


def test_json_ld_authors_are_people_or_organisations(client, make_article):
    article = make_article(public=("en",))
    person = Author.objects.create(name_en="Leyla Mammadova")
    service = Author.objects.create(name_en="Analytical Service Turan", is_institution=True)
    Byline.objects.create(article=article, author=service, position=0)
    Byline.objects.create(article=article, author=person, position=1)

    data = head(client, article, "en").of_type("NewsArticle")

    assert data["author"] == [
        {
            "@type": "Organization",
            "name": "Analytical Service Turan",
            "url": BASE + service.get_absolute_url(),
        },
        {"@type": "Person", "name": "Leyla Mammadova", "url": BASE + person.get_absolute_url()},
    ]


def test_original_version_lists_its_public_translations(client, make_article):
    article = make_article(
        public=("ru", "en"),
        original_language="ru",
        published_at_az=timezone.now() + timedelta(hours=1),
    )

    data = head(client, article, "ru").of_type("NewsArticle")

    assert "translationOfWork" not in data
    assert data["workTranslation"] == [
        {
            "@type": "NewsArticle",
            "url": BASE + article.get_absolute_url("en"),
            "inLanguage": "en",
            "headline": article.title_en,
        }
    ]


def test_translation_points_to_the_original(client, make_article):
    article = make_article(public=("ru", "az", "en"), original_language="az")

    data = head(client, article, "en").of_type("NewsArticle")

    assert "workTranslation" not in data
    work = data["translationOfWork"]
    assert work["url"] == BASE + article.get_absolute_url("az")
    assert work["inLanguage"] == "az"
    assert {item["inLanguage"] for item in work["workTranslation"]} == {"ru", "en"}


def test_unpublished_original_is_never_linked(client, make_article):
    article = make_article(public=("az", "en"), original_language="ru")

    response = client.get(article.get_absolute_url("en"))
    data = Head(response.text).of_type("NewsArticle")

    assert "translationOfWork" not in data and "workTranslation" not in data
    assert "/ru/article/" not in response.text.split("</head>")[0]


def test_x_default_link_in_the_head(client, make_article):
    article = make_article(public=("ru", "en"), original_language="en")

    links = head(client, article, "ru").links

    assert {
        "rel": "alternate",
        "hreflang": "x-default",
        "href": BASE + article.get_absolute_url("en"),
    } in links


def test_breadcrumbs_lead_home_section_article(client, make_article, make_section):
    section = make_section(name_en="Politics", slug="politics")
    article = make_article(public=("en",), section=section)

    crumbs = head(client, article, "en").of_type("BreadcrumbList")["itemListElement"]

    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Turan Analytics", f"{BASE}/en/"),
        (2, "Politics", f"{BASE}/en/section/politics/"),
        (3, article.title_en, BASE + article.get_absolute_url("en")),
    ]


def test_hostile_text_is_inert_in_open_graph_and_json_ld(client, make_article):
    article = make_article(public=("en",), title_en=HOSTILE, lead_en=HOSTILE)
    article.tags.add(Tag.objects.create(name_en=HOSTILE))

    response = client.get(article.get_absolute_url("en"))
    page = Head(response.text)

    assert "<script>alert(1)" not in response.text
    assert "\\u003c/script\\u003e" in response.text
    assert page.one("og:title") == HOSTILE
    assert page.one("og:description") == HOSTILE
    assert page.all("article:tag") == [HOSTILE]
    data = page.of_type("NewsArticle")
    assert data["headline"] == HOSTILE and data["keywords"] == [HOSTILE]
    # Exactly the two JSON-LD blocks, and the page's own reads script: nothing broke out.
    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts.count('<script type="application/ld+json">') == 2
    assert len(scripts) == 3 and re.fullmatch(
        r'<script src="/static/js/reads[^"]*\.js"[^>]*>', scripts[2]
    )


def test_metadata_costs_no_queries_beyond_the_page(make_article, rf, django_assert_num_queries):
    """The head metadata reads only what the page fetched with ``for_page()``."""
    article = make_article(public=("ru", "az", "en"))
    for number in range(10):
        author = Author.objects.create(name_en=f"Author {number}")
        Byline.objects.create(article=article, author=author, position=number)
        article.tags.add(Tag.objects.create(name_en=f"Topic {number}"))
        Correction.objects.create(article=article, language="en", kind="update", note="Note.")
    article = Article.objects.public("en").with_public_languages().for_page().get(pk=article.pk)

    with translation.override("en"), django_assert_num_queries(0):
        html = render_to_string(
            "includes/article_meta.html", {"article": article, "request": rf.get("/")}
        )

    assert html.count('property="article:tag"') == 10
    assert html.count('property="article:author"') == 10


def test_metadata_of_an_unscheduled_version_renders(make_article, rf):
    """A staff preview may show a version with no publication moment yet."""
    article = make_article(public=("ru",))
    article = Article.objects.with_public_languages().for_page().get(pk=article.pk)

    with translation.override("en"):
        html = render_to_string(
            "includes/article_meta.html", {"article": article, "request": rf.get("/")}
        )

    page = Head(html)
    assert page.all("article:published_time") == []
    assert page.all("article:modified_time") == []
    assert "datePublished" not in page.of_type("NewsArticle")
    assert "dateModified" not in page.of_type("NewsArticle")
