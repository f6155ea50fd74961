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

from authors.models import Author

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def jpeg(size=(900, 500)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 90, 140)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="port.jpg")


def with_image(article):
    article.lead_image = jpeg()
    article.save()
    return article


def addresses(article):
    return [
        f"/media/{article.lead_image.name}",
        *(f"/media/{r['name']}" for r in article.lead_image_renditions["webp"]),
    ]


def test_a_public_articles_image_and_renditions_are_served(client, make_article):
    article = with_image(make_article(public=("en",)))

    for url in addresses(article):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content)[:4] in (b"\xff\xd8\xff\xe0", b"RIFF")
        assert "public" in response["Cache-Control"]


def test_an_embargoed_articles_image_is_a_404_for_readers(client, make_article):
    article = with_image(make_article(published_at_en=timezone.now() + timedelta(days=1)))

    for url in addresses(article):
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


def test_author_photos_are_public(client):
    author = Author(slug="helen-morrow", name_en="Helen Morrow")
    author.photo.save("helen.jpg", jpeg((400, 400)), save=True)

    assert client.get(f"/media/{author.photo.name}").status_code == 200


@pytest.mark.parametrize("path", ["../turan/settings.py", "%2e%2e/manage.py", "nothing.jpg", ""])
def test_what_is_not_an_upload_is_a_404(client, path):
    assert client.get(f"/media/{path}").status_code == 404


def test_behind_nginx_the_web_server_sends_the_bytes(client, make_article, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    article = with_image(make_article(public=("en",)))

    response = client.get(f"/media/{article.lead_image.name}")

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{article.lead_image.name}"
    assert response.content == b""


def test_the_check_is_one_query(client, make_article):
    article = with_image(make_article(public=("en",)))
    url = addresses(article)[1]

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200

    lookups = [q["sql"] for q in queries if '"articles_article"' in q["sql"]]
    assert len(lookups) == 1
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + lookups[0])
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "article_lead_image" in plan, plan
