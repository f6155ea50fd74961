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


@pytest.mark.parametrize("url", ["/en/feed/", "/en/feed/rss/"])
def test_a_feed_is_compressed_from_its_entries_each_deflated_once(
    client, make_article, settings, monkeypatch, url
):
    import zlib

    from core import compression

    settings.PAGE_CACHE_SECONDS = 0
    compression._kept.clear()
    for number in range(3):
        make_article(public=("en",), title_en=f"Talks {number}", body_en="<p>Text.</p>" * 50)
    plain = client.get(url)
    first = client.get(url, **GZIP)
    made = []
    original = zlib.compressobj
    monkeypatch.setattr(
        compression.zlib, "compressobj", lambda *a, **k: made.append(1) or original(*a, **k)
    )

    second = client.get(url, **GZIP)

    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    assert gzip.decompress(first.content) == gzip.decompress(second.content) == plain.content
    assert made == []  # nothing changed: every entry's stream was kept
    assert len(compression._kept) == 5  # the head, three entries, the tail


def test_a_body_rewritten_after_it_was_cut_is_compressed_whole(rf):
    from django.http import HttpResponse

    from core import compression
    from public.middleware import ReaderGZipMiddleware

    response = HttpResponse(b"<p>" + b"Rewritten. " * 50 + b"</p>")
    cut = [b"<p>", b"Original. " * 50, b"</p>"]
    setattr(response, compression.PIECES, [compression.piece(data) for data in cut])
    request = rf.get("/en/feed/", HTTP_ACCEPT_ENCODING="gzip")

    packed = ReaderGZipMiddleware(lambda request: response)(request)

    assert gzip.decompress(packed.content) == b"<p>" + b"Rewritten. " * 50 + b"</p>"


def test_the_pieces_are_not_kept_with_the_page(client, make_article):
    from core import compression

    make_article(public=("en",))

    for headers in (GZIP, {}):
        response = client.get("/en/feed/", **headers)
        assert not hasattr(response, compression.PIECES)
