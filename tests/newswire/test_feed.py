"""Paging, the change feed and its take-down notices, embargoed distribution, caching."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from newsroom.actions import publish_version, unpublish_version
from newswire.ninjs import item_uri
from tests.newswire.conftest import Api, assert_valid

pytestmark = pytest.mark.django_db


def walk(api, path, limit=2, between=None):
    """Follow the cursor until ``more`` is false; call ``between()`` after each page."""
    seen, cursor = [], None
    while True:
        data = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        page = api.json(path, data=data)
        seen += [item["uri"] for item in page["items"]]
        cursor = page["cursor"]
        if between:
            between()
        if not page["more"]:
            return seen, cursor


def test_paging_misses_nothing_and_repeats_nothing_while_pieces_are_published(
    api, make_article, editor
):
    articles = [make_article() for _ in range(5)]
    for article in articles:
        publish_version(article, "en", user=editor)
    later = [make_article() for _ in range(3)]
    waiting = iter(later)

    def publish_one():
        article = next(waiting, None)
        if article is not None:
            publish_version(article, "en", user=editor)

    seen, cursor = walk(api, "/api/v1/items?language=en", between=publish_one)

    expected = [item_uri(a.pk, "en") for a in [*articles, *later]]
    assert sorted(seen) == sorted(expected)
    assert len(seen) == len(set(seen))
    # The ones published during the walk come last, in the order they were published.
    assert seen[-3:] == [item_uri(a.pk, "en") for a in later]
    # Polling from the last cursor later brings what is new, and only that.
    newest = make_article()
    publish_version(newest, "en", user=editor)
    page = api.json("/api/v1/items", data={"cursor": cursor, "language": "en"})
    assert [i["uri"] for i in page["items"]] == [item_uri(newest.pk, "en")]


def test_an_unpublished_version_comes_as_canceled_in_the_change_feed(api, make_article, editor):
    article = make_article()
    publish_version(article, "en", user=editor)
    first = api.json("/api/v1/changes")
    assert [(i["uri"], i["pubStatus"]) for i in first["items"]] == [
        (item_uri(article.pk, "en"), "usable")
    ]

    unpublish_version(article, "en", user=editor)

    page = api.json("/api/v1/changes", data={"cursor": first["cursor"]})
    (notice,) = page["items"]
    assert_valid(notice)
    assert notice["uri"] == item_uri(article.pk, "en") and notice["pubStatus"] == "canceled"
    assert int(notice["version"]) > int(first["items"][0]["version"])
    # The list and the item show it no more; the item answers with the notice.
    assert api.json("/api/v1/items")["items"] == []
    assert api.json(f"/api/v1/items/{article.pk}/en")["pubStatus"] == "canceled"


def test_deleted_and_bulk_withdrawn_versions_are_canceled_too(api, make_article):
    deleted = make_article(public=("ru",))
    emptied = make_article(public=("ru",))
    start = api.json("/api/v1/changes")["cursor"]
    gone = deleted.pk
    deleted.delete()
    Article.objects.filter(pk=emptied.pk).update(body_ru="")

    items = api.json("/api/v1/changes", data={"cursor": start})["items"]
    assert [(i["uri"], i["pubStatus"]) for i in items] == [
        (item_uri(gone, "ru"), "canceled"),
        (item_uri(emptied.pk, "ru"), "canceled"),
    ]


def test_a_draft_never_seen_public_gets_no_notice(api, make_article):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(title_en="Changed draft")
    assert api.json("/api/v1/changes")["items"] == []


def test_embargoed_distribution_only_for_partners_granted_it(client, make_article, make_partner):
    trusted = Api(client, make_partner("Trusted Wire", receives_embargoed=True).token)
    other = Api(client, make_partner("Other Daily").token)
    moment = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)
    article = make_article(published_at_en=moment)

    (early,) = trusted.json("/api/v1/items")["items"]
    assert_valid(early)
    assert early["embargoedUntil"] == timezone.localtime(moment).isoformat()
    assert early["pubStatus"] == "usable"
    assert other.json("/api/v1/items")["items"] == []
    assert other.get(f"/api/v1/items/{article.pk}/en").status_code == 404
    assert client.get(article.get_absolute_url("en")).status_code == 404

    # The moment withdrawn: a notice for the trusted partner, nothing for the other.
    Article.objects.filter(pk=article.pk).update(published_at_en=None)
    assert [(i["uri"], i["pubStatus"]) for i in trusted.json("/api/v1/changes")["items"]] == [
        (item_uri(article.pk, "en"), "canceled")
    ]
    assert other.json("/api/v1/changes")["items"] == []


def test_an_embargoed_item_lifts_at_its_moment(client, make_article, make_partner):
    trusted = Api(client, make_partner("Trusted Wire", receives_embargoed=True).token)
    moment = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)
    article = make_article(published_at_en=moment)
    with time_machine.travel(moment - timedelta(seconds=1), tick=False):
        assert "embargoedUntil" in trusted.json(f"/api/v1/items/{article.pk}/en")
    with time_machine.travel(moment, tick=False):
        assert "embargoedUntil" not in trusted.json(f"/api/v1/items/{article.pk}/en")


def test_conditional_requests_and_the_cache(api, make_article, django_assert_max_num_queries):
    article = make_article(public=("en",))
    first = api.get("/api/v1/items")
    etag = first["ETag"]
    assert etag and "private" in first["Cache-Control"]

    again = api.get("/api/v1/items", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    # An edit readers see changes the content version, and so the answer.
    Article.objects.filter(pk=article.pk).update(title_en="A new headline")
    changed = api.get("/api/v1/items", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["items"][0]["headlines"][0]["value"] == "A new headline"


@pytest.mark.parametrize("path", ["/api/v1/items", "/api/v1/changes", "/api/v1/items/{id}/en"])
def test_queries_do_not_grow_with_the_items(api, make_article, path, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tags.models import Tag

    settings.NEWSWIRE_CACHE_SECONDS = 0
    tag = Tag.objects.create(slug="energy", name_en="Energy")

    def cost():
        with CaptureQueriesContext(connection) as queries:
            api.json(path.format(id=first.pk))
        return len(queries)

    first = make_article(public=("ru", "en"))
    first.tags.add(tag)
    api.json("/api/v1/items")  # the minute's first request clears old rate windows
    one = cost()
    for _ in range(6):
        make_article(public=("ru", "en")).tags.add(tag)
    assert cost() == one
    assert one <= 11


def test_a_compressed_answer_is_the_same_json_and_revalidates(api, make_article):
    import gzip
    import json

    make_article(public=("en",), title_en="Compressed once")
    plain = api.get("/api/v1/items")
    packed = api.get("/api/v1/items", HTTP_ACCEPT_ENCODING="gzip, br")
    again = api.get("/api/v1/items", HTTP_ACCEPT_ENCODING="gzip, br")

    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert json.loads(gzip.decompress(packed.content)) == plain.json()
    assert again.content == packed.content  # stored compressed, not compressed anew
    assert packed["ETag"] == "W/" + plain["ETag"]
    revalidated = api.get(
        "/api/v1/items", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"]
    )
    assert revalidated.status_code == 304
    assert api.get("/api/v1/items", HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 304
