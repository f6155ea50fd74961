"""Readers' responses go out gzipped when the client takes it, even with no
web server in front; each variant is stored apart; staff pages never are."""

import gzip

import pytest

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def vary(response):
    return {value.strip().lower() for value in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("url", ["/en/", "ARTICLE", "/en/feed/", "/sitemap.xml", "/sitemap-en.xml"])
def test_readers_pages_feeds_and_sitemaps_come_gzipped(client, make_article, url):
    article = make_article(public=("en",))
    url = article.get_absolute_url("en") if url == "ARTICLE" else url
    plain = client.get(url)

    packed = client.get(url, **GZIP)

    assert packed.status_code == plain.status_code == 200
    assert packed["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(packed) and "accept-encoding" in vary(plain)
    assert "Content-Encoding" not in plain
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content)


def test_the_page_cache_keeps_the_two_variants_apart(client, make_article):
    url = make_article(public=("en",)).get_absolute_url("en")

    first_packed = client.get(url, **GZIP)
    second_packed = client.get(url, **GZIP)
    first_plain = client.get(url)
    second_plain = client.get(url)

    assert [first_packed["X-Page-Cache"], second_packed["X-Page-Cache"]] == ["miss", "hit"]
    assert [first_plain["X-Page-Cache"], second_plain["X-Page-Cache"]] == ["miss", "hit"]
    assert second_packed["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in second_plain
    assert gzip.decompress(second_packed.content) == second_plain.content
    assert second_plain.content.lstrip().startswith(b"<!doctype html>")


def test_staff_pages_are_never_compressed(admin_client, make_article):
    # A page holding a secret beside text a stranger chose must not leak its size (BREACH).
    article = make_article(public=("en",))

    for url in ("/admin/", f"/admin/articles/article/{article.pk}/change/", "/en/"):
        response = admin_client.get(url, **GZIP)
        assert response.status_code == 200, url
        assert "Content-Encoding" not in response, url
