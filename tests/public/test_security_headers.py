"""Content-Security-Policy and the other security headers, on every kind of page."""

import re
import secrets

import pytest
from django.urls import path, reverse

from tests.turan.test_settings import manage
from turan.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db

LANGUAGES = ["ru", "az", "en"]
STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
NONCE = re.compile(r"^'nonce-([A-Za-z0-9+/=]+)'$")


def policy(response):
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_no_inline_code(html):
    """Scripts only from files (data blocks aside), no handlers, no style attributes."""
    for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
        data_block = re.search(r'type="application/(ld\+)?json"', attributes)
        assert data_block or ("src=" in attributes and not body.strip()), attributes
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html)
    assert not re.search(r"<[^>]+\sstyle\s*=", html)
    assert "<style" not in html
    assert "javascript:" not in html


def assert_nothing_from_outside(html):
    assert not re.search(r'(src|href)="(https?:)?//(?!testserver)[^"]*\.(js|css)', html)


@pytest.fixture
def article(make_article):
    return make_article(public=LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
def test_public_pages_carry_the_strict_policy_without_a_nonce(client, article, code):
    for url in [f"/{code}/", article.get_absolute_url(code), f"/{code}/search/?q=NATO"]:
        response = client.get(url)

        assert response.status_code == 200
        assert policy(response) == STRICT, url
        html = response.content.decode()
        assert "nonce" not in html
        assert_no_inline_code(html)
        assert_nothing_from_outside(html)


def test_public_pages_are_the_same_for_every_request(client, article):
    """Nothing per request (nonce, CSRF token) in the HTML the page cache shares."""
    for url in ["/en/", article.get_absolute_url("en"), "/en/search/?q=NATO"]:
        first, second = client.get(url), client.get(url)

        assert first.content == second.content, url
        assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
        assert "csrfmiddlewaretoken" not in first.content.decode()


def test_the_article_form_gives_its_import_map_the_nonce_of_its_policy(admin_client, article):
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 200
    directives = policy(response)
    nonce = NONCE.match(directives["script-src"][1]).group(1)
    assert directives["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert directives["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    others = {"script-src", "style-src"}
    assert {key: value for key, value in directives.items() if key not in others} == {
        key: value for key, value in STRICT.items() if key not in others
    }
    html = response.content.decode()
    importmap = re.search(r'<script type="importmap"([^>]*)>', html)
    assert importmap.group(1) == f' nonce="{nonce}"'
    # Tiptap's base style sheet goes into this element instead of a new one.
    assert f'<style data-tiptap-style nonce="{nonce}"></style>' in html
    # A new nonce for each response.
    again = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert policy(again)["script-src"] != directives["script-src"]


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:login"),
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:auth_user_add"),
    ],
)
def test_admin_pages_carry_the_policy(admin_client, url):
    response = admin_client.get(url)

    assert response.status_code in {200, 302}
    directives = policy(response)
    for directive in ["script-src", "style-src"]:
        assert directives[directive][0] == "'self'"
        assert all(NONCE.match(source) for source in directives[directive][1:])
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


def nul_lookup(request):
    from articles.models import Article

    Article.objects.filter(title_en="a\x00b").exists()


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [*site_urlpatterns, path("nul/", nul_lookup), path("broken/", broken)]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("url", "status"), [("/en/no-such-page/", 404), ("/nul/", 400)])
def test_error_pages_carry_the_strict_policy(client, url, status):
    response = client.get(url)

    assert response.status_code == status
    assert policy(response) == STRICT
    assert_no_inline_code(response.content.decode())


@pytest.mark.urls(__name__)
def test_the_server_error_page_carries_the_strict_policy(client):
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    assert policy(response) == STRICT
    assert_no_inline_code(response.content.decode())


def test_production_headers_on_a_secure_request(client, article):
    response = client.get("/en/", secure=True)

    # No "preload" unless SECURE_HSTS_PRELOAD asks for it (a promise slow to take back).
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert policy(response)["frame-ancestors"] == ["'none'"]


def test_production_mode_redirects_to_https_and_sends_secure_cookies_only():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_CONTENT_TYPE_NOSNIFF, s.X_FRAME_OPTIONS)",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="news.example",
    )

    assert result.returncode == 0, result.stderr
    assert " ".join(result.stdout.split()[-7:]) == "True True True True 31536000 True DENY"


def hsts_settings(**env):
    return manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_PRELOAD, 'security.W021' in s.SILENCED_SYSTEM_CHECKS)",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="news.example",
        **env,
    )


def test_hsts_preload_only_when_asked_for():
    assert hsts_settings().stdout.split()[-2:] == ["False", "True"]
    assert hsts_settings(SECURE_HSTS_PRELOAD="1").stdout.split()[-2:] == ["True", "False"]


@pytest.mark.parametrize("key", ["short-" + "k" * 20, "ab" * 30])
def test_production_refuses_a_weak_secret_key(key):
    result = manage("check", SECRET_KEY=key, ALLOWED_HOSTS="news.example")

    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


@pytest.mark.parametrize("url", ["/en/", "/admin/login/"])
def test_every_page_denies_the_browser_features_the_site_does_not_use(client, article, url):
    header = client.get(url)["Permissions-Policy"]

    features = dict(item.split("=", 1) for item in header.split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "clipboard-read"):
        assert features[feature] == "()"


def test_a_response_setting_a_cookie_is_never_public(client, article):
    """A page from the page cache, to a reader whose language cookie it sets."""
    url = article.get_absolute_url("en")
    client.get(url)  # stored
    client.cookies.clear()

    response = client.get(url)

    assert response["X-Page-Cache"] == "hit"
    assert "django_language" in response.cookies
    control = response["Cache-Control"]
    assert "private" in control and "public" not in control
    client.cookies["django_language"] = "en"
    assert "public" in client.get(url)["Cache-Control"]  # no cookie set: shareable
