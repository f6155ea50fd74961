"""Input the database refuses is a 400 or 404 in the reader's language, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import path

from articles.models import Article
from turan.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db

LISTS = [
    "/{code}/",
    "/{code}/section/analytics/",
    "/{code}/quotes/",
    "/{code}/search/",
    "/{code}/archive/2017/",
    "/{code}/feed/",
]
HOSTILE = ["\x00", "a\x00b", "9" * 30, "-1", "<script>alert(1)</script>", "' OR 1=1 --"]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_parameters_never_break_a_page(client, make_section, url, value):
    make_section(slug="analytics")
    client.raise_request_exception = False
    params = dict.fromkeys(("page", "speaker", "q", "section", "from", "to"), value)

    response = client.get(url.format(code="az"), params)

    assert response.status_code in {200, 400, 404}
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_nul_in_the_speaker_is_a_404(client):
    assert client.get("/az/quotes/", {"speaker": "\x00"}).status_code == 404


def nul_lookup(request):
    # The database refuses NUL in text: psycopg raises DataError.
    Article.objects.filter(title_en="a\x00b").exists()


urlpatterns = [*site_urlpatterns, path("nul/", nul_lookup)]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("code", "message"),
    [("ru", "Некорректный запрос"), ("az", "Yanlış sorğu"), ("en", "Bad request")],
)
def test_data_the_database_refuses_is_a_400_in_the_readers_language(client, code, message):
    client.cookies["django_language"] = code

    response = client.get("/nul/")

    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("path", "link"),
    [
        ("/ru/a%3Fb/", "/az/a%3Fb/"),
        ("/ru/a%23b/", "/az/a%23b/"),
        ("/ru/nowhere%0D%0A/", "/az/nowhere%0D%0A/"),
        ("/ru/%25/", "/az/%25/"),
    ],
)
def test_language_switcher_on_a_missing_page_keeps_its_address(client, path, link):
    """The 404 page's switcher links to the same address, not to one cut at a
    decoded "?" or "#"."""
    response = client.get(path)

    assert response.status_code == 404
    assert f'<a href="{link}" lang="az"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/feed/", "/sitemap.xml", "/sitemap-en.xml", "/robots.txt"])
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_read_only_addresses_refuse_writes(client, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


@pytest.fixture
def multipart_parsing(monkeypatch):
    """Records every multipart body Django starts to parse."""
    from django.http import multipartparser

    parsed = []
    original = multipartparser.MultiPartParser.parse

    def parse(self):
        parsed.append(True)
        return original(self)

    monkeypatch.setattr(multipartparser.MultiPartParser, "parse", parse)
    return parsed


@pytest.mark.parametrize(
    ("url", "words"), [("/az/", "Yanlış sorğu"), ("/ru/quotes/", "Некорректный запрос")]
)
def test_a_post_to_a_public_page_is_refused_before_its_body_is_read(
    client, multipart_parsing, url, words
):
    upload = SimpleUploadedFile("big.bin", b"x" * (3 * 1024 * 1024))

    response = client.post(url, {"file": upload, "field": "value"})

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert words in response.content.decode()
    assert multipart_parsing == []


def test_an_admin_body_over_the_limit_is_refused_unread(admin_client, multipart_parsing, settings):
    settings.MAX_REQUEST_BODY = 1024 * 1024
    upload = SimpleUploadedFile("photo.jpg", b"x" * (2 * 1024 * 1024))

    response = admin_client.post("/admin/authors/author/add/", {"photo": upload})

    assert response.status_code == 413
    assert multipart_parsing == []


def test_an_admin_form_within_the_limit_is_read(admin_client, multipart_parsing):
    response = admin_client.post("/admin/authors/author/add/", {"name_en": ""})

    assert response.status_code == 200  # the form, with its errors
    assert multipart_parsing == [True]
