"""Uploads as readers and staff get them (public/media.py), in production mode."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from articles.models import Article
from authors.models import Author
from core.images import rendition_entries
from tests.media import give_lead_photo, make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def jpeg(size=(900, 500)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 90, 140)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="port.jpg")


def with_image(article):
    give_lead_photo(article, jpeg())
    return article


def addresses(article_or_photo):
    """The photo's original, then every rendition and crop."""
    photo = getattr(article_or_photo, "lead_photo", article_or_photo)
    return [
        f"/media/{photo.image.name}",
        *(f"/media/{r['name']}" for r in rendition_entries(photo.renditions)),
    ]


def test_a_public_articles_image_and_renditions_are_served(client, make_article):
    article = with_image(make_article(public=("en",)))

    for url in addresses(article):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content)[:4] in (b"\xff\xd8\xff\xe0", b"RIFF")
        # Never the same name for other bytes: browsers keep it; shared caches a page's while.
        assert set(response["Cache-Control"].split(", ")) == {
            "public", "max-age=31536000", "s-maxage=60", "immutable",
        }  # fmt: skip


def test_an_embargoed_articles_image_is_a_404_for_readers(client, make_article):
    article = with_image(make_article(published_at_en=timezone.now() + timedelta(days=1)))

    for url in addresses(article):
        assert client.get(url).status_code == 404, url


def test_a_library_photo_no_article_uses_is_for_staff_only(client, admin_client):
    photo = make_photo(jpeg())

    for url in addresses(photo):
        assert client.get(url).status_code == 404, url
        assert admin_client.get(url).status_code == 200, url


def test_a_photo_shared_with_a_public_article_is_public(client, make_article):
    embargoed = with_image(make_article(published_at_en=timezone.now() + timedelta(days=1)))
    public = make_article(public=("ru",), lead_photo=embargoed.lead_photo)

    for url in addresses(public):
        assert client.get(url).status_code == 200, url
    Article.objects.filter(pk=public.pk).update(lead_photo=None)
    for url in addresses(embargoed):
        assert client.get(url).status_code == 404, url


def test_staff_see_an_embargoed_image_and_nobody_keeps_it(admin_client, make_article):
    article = with_image(make_article())

    for url in addresses(article):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_scheduled_image_appears_at_its_moment(client, make_article):
    moment = timezone.now() + timedelta(hours=2)
    article = with_image(make_article(published_at_ru=moment))
    url = addresses(article)[0]

    assert client.get(url).status_code == 404
    with time_machine.travel(moment + timedelta(seconds=1)):
        assert client.get(url).status_code == 200


def test_author_photos_are_public_and_never_reuse_an_address(client):
    author = Author(slug="helen-morrow", name_en="Helen Morrow")
    author.photo.save("helen.jpg", jpeg((400, 400)), save=True)
    first = author.photo.name
    author.photo.save("helen.jpg", jpeg((400, 400)), save=True)

    assert author.photo.name != first
    response = client.get(f"/media/{author.photo.name}")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]


def test_a_file_of_a_reusable_name_is_kept_only_a_pages_while(client, settings):
    (settings.MEDIA_ROOT / "authors").mkdir(parents=True)
    (settings.MEDIA_ROOT / "authors" / "old.jpg").write_bytes(jpeg().read())

    response = client.get("/media/authors/old.jpg")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize("path", ["../turan/settings.py", "%2e%2e/manage.py", "nothing.jpg", ""])
def test_what_is_not_an_upload_is_a_404(client, path):
    assert client.get(f"/media/{path}").status_code == 404


def test_behind_nginx_a_staff_only_image_is_sent_by_nginx(admin_client, make_article, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    article = with_image(make_article())

    response = admin_client.get(f"/media/{article.lead_photo.image.name}")

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{article.lead_photo.image.name}"
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]


def test_behind_nginx_a_public_image_is_sent_for_nginx_to_keep(client, make_article, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    article = with_image(make_article(public=("en",)))

    response = client.get(f"/media/{article.lead_photo.image.name}")

    assert response.status_code == 200
    assert "X-Accel-Redirect" not in response
    assert response["X-Accel-Expires"] == "60"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


def test_the_check_is_one_query(client, make_article):
    article = with_image(make_article(public=("en",)))
    url = addresses(article)[1]

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200

    lookups = [q["sql"] for q in queries if '"photos_photo"' in q["sql"]]
    assert len(lookups) == 1
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + lookups[0])
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "photo_image" in plan, plan
