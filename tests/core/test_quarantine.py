"""Originals no row shows leave the served media (core/quarantine.py): a replaced,
cleared or deleted lead image is no longer downloadable at its old address once
the change commits, and restoring a revision that showed it brings it back."""

import os
import time
from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.core.checks import run_checks
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone
from django.views.static import serve
from PIL import Image

from articles.models import Article
from authors.models import Author
from core.quarantine import QuarantineStorage, quarantine_storage
from newsroom import actions
from photos.models import Photo
from tests.media import set_lead_image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def quarantine_root(settings, tmp_path):
    settings.QUARANTINE_ROOT = tmp_path / "quarantine"
    return settings.QUARANTINE_ROOT


def jpeg(size=(900, 500), colour="navy"):
    data = BytesIO()
    Image.new("RGB", size, colour).save(data, "JPEG")
    return ContentFile(data.getvalue())


def with_image(article, name="summit.jpg", size=(900, 500), colour="navy"):
    """Give ``article``'s lead photo this image (a new library photo the first time)."""
    return set_lead_image(article, jpeg(size, colour), name)


def as_before_the_library(revision):
    """``revision`` as snapshots were before the media library: the image's name."""
    photo = Photo.objects.get(pk=revision.snapshot.pop("lead_photo"))
    revision.snapshot["lead_image"] = photo.image.name
    revision.save()
    return revision


def delete_with_photo(article):
    photo = article.lead_photo
    article.delete()
    photo.delete()


def downloadable(url, media_root):
    """Whether the web server (serving MEDIA_ROOT at /media/) answers ``url``."""
    path = url.removeprefix("/media/")
    try:
        serve(RequestFactory().get(url), path, document_root=media_root)
    except Http404:
        return False
    return True


def embargoed(make_article, **fields):
    """An article whose versions are scheduled for tomorrow."""
    tomorrow = timezone.now() + timedelta(days=1)
    return make_article(published_at_ru=tomorrow, published_at_en=tomorrow, **fields)


def test_a_replaced_lead_image_is_not_downloadable_once_the_change_commits(
    make_article, media_root, quarantine_root, django_capture_on_commit_callbacks
):
    article = with_image(embargoed(make_article))
    old_name, old_url = article.lead_photo.image.name, article.lead_photo.image.url
    assert downloadable(old_url, media_root)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with_image(Article.objects.get(pk=article.pk), "other.jpg", colour="red")
        # Until the transaction commits the row may still be rolled back.
        assert (media_root / old_name).exists()
    assert callbacks

    assert not downloadable(old_url, media_root)
    assert not (media_root / old_name).exists()
    assert (quarantine_root / old_name).is_file()
    new = Article.objects.get(pk=article.pk).lead_photo.image
    assert downloadable(new.url, media_root)


def test_a_rolled_back_replacement_moves_nothing(make_article, media_root, quarantine_root):
    article = with_image(make_article())
    old_name = article.lead_photo.image.name

    # The test's transaction never commits.
    with_image(Article.objects.get(pk=article.pk), "other.jpg")

    assert (media_root / old_name).exists()
    assert not quarantine_root.exists() or not any(quarantine_root.rglob("*.jpg"))


def test_clearing_the_lead_image_quarantines_it(
    make_article, media_root, quarantine_root, django_capture_on_commit_callbacks
):
    article = with_image(make_article())
    name = article.lead_photo.image.name

    with django_capture_on_commit_callbacks(execute=True):
        article.lead_photo.image = ""
        article.lead_photo.save()

    assert not (media_root / name).exists()
    assert (quarantine_root / name).is_file()


def test_deleting_an_article_quarantines_its_lead_image(
    make_article, media_root, quarantine_root, django_capture_on_commit_callbacks
):
    article = with_image(embargoed(make_article))
    name, url = article.lead_photo.image.name, article.lead_photo.image.url

    with django_capture_on_commit_callbacks(execute=True):
        delete_with_photo(Article.objects.get(pk=article.pk))

    assert not downloadable(url, media_root)
    assert (quarantine_root / name).is_file()


@pytest.mark.parametrize("other", ["article", "author"])
def test_an_original_another_row_shows_stays_served(
    other, make_article, media_root, quarantine_root, django_capture_on_commit_callbacks
):
    article = with_image(make_article())
    name = article.lead_photo.image.name
    if other == "article":
        Photo(image=name).save()
    else:
        Author.objects.create(name_en="Helen Morrow", slug="helen", photo=name)

    with django_capture_on_commit_callbacks(execute=True):
        with_image(Article.objects.get(pk=article.pk), "other.jpg")
        delete_with_photo(Article.objects.get(pk=article.pk))

    assert (media_root / name).is_file()
    assert not (quarantine_root / name).exists()


def test_a_replaced_author_photo_is_quarantined(
    media_root, quarantine_root, django_capture_on_commit_callbacks
):
    author = Author(name_en="Helen Morrow", slug="helen")
    author.photo.save("helen.jpg", jpeg((300, 400)), save=True)
    name = author.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        author.photo.save("helen-2024.jpg", jpeg((300, 400), "red"), save=True)

    assert not (media_root / name).exists()
    assert (quarantine_root / name).is_file()


def test_restoring_a_revision_brings_its_lead_image_back_and_the_page_shows_it(
    client, make_article, media_root, quarantine_root, editor, django_capture_on_commit_callbacks
):
    article = with_image(make_article(public=("en",)), size=(1200, 675))
    first = as_before_the_library(article.revisions.order_by("-number").first())
    old_name, old_url = article.lead_photo.image.name, article.lead_photo.image.url
    with django_capture_on_commit_callbacks(execute=True):
        other = with_image(Article.objects.get(pk=article.pk), "other.jpg", colour="red")
    assert not downloadable(old_url, media_root)

    with django_capture_on_commit_callbacks(execute=True):
        actions.restore_revision(first, user=editor)

    restored = Article.objects.get(pk=article.pk)
    assert restored.lead_photo.image.name == old_name
    assert downloadable(old_url, media_root)
    assert not (quarantine_root / old_name).exists()  # One copy, where it is served.
    info = restored.lead_photo.renditions
    assert info["source"] == old_name and info["width"] == 1200
    assert all((media_root / entry["name"]).is_file() for entry in info["webp"])
    page = client.get(restored.get_absolute_url("en")).text
    assert f"/media/{info['crops']['16x9']['webp'][0]['name']} 400w" in page
    # The image it replaced stays in the library: its photo still names it.
    assert (media_root / other.lead_photo.image.name).is_file()


@pytest.mark.django_db(transaction=True)
def test_plain_saves_outside_a_transaction_quarantine_and_restore(
    make_article, media_root, quarantine_root, editor
):
    article = with_image(make_article())
    first = as_before_the_library(article.revisions.order_by("-number").first())
    old_name = article.lead_photo.image.name

    # Autocommit: each save commits at once, its callbacks run right after.
    with_image(Article.objects.get(pk=article.pk), "other.jpg")
    assert not (media_root / old_name).exists()
    assert (quarantine_root / old_name).is_file()

    actions.restore_revision(first, user=editor)
    assert (media_root / old_name).is_file()
    assert not (quarantine_root / old_name).exists()


def test_build_renditions_verify_brings_back_an_original_a_row_names(
    make_article, media_root, quarantine_root, django_capture_on_commit_callbacks
):
    article = with_image(make_article())
    name = article.lead_photo.image.name
    storage = article.lead_photo.image.storage
    # Quarantined while the row still names it (as a rolled-back race could leave it).
    quarantine_storage().save(name, storage.open(name))
    storage.delete(name)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("build_renditions", "--verify", verbosity=0)

    assert (media_root / name).is_file()
    assert not (quarantine_root / name).exists()


def test_build_renditions_quarantines_an_image_replaced_behind_the_model(
    make_article, media_root, quarantine_root, django_capture_on_commit_callbacks
):
    article = with_image(make_article())
    old_name = article.lead_photo.image.name
    new_name = article.lead_photo.image.storage.save(
        "articles/elsewhere/new.jpg", jpeg(colour="red")
    )
    Photo.objects.filter(pk=article.lead_photo_id).update(image=new_name)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("build_renditions", verbosity=0)

    assert not (media_root / old_name).exists()
    assert (quarantine_root / old_name).is_file()
    assert Article.objects.get(pk=article.pk).lead_photo.renditions["source"] == new_name


def test_quarantine_media_settles_what_saves_left_behind(
    make_article, media_root, quarantine_root, django_capture_on_commit_callbacks
):
    kept = with_image(make_article(), "kept.jpg")
    lost = with_image(make_article(), "lost.jpg")
    storage = lost.lead_photo.image.storage
    quarantine_storage().save(lost.lead_photo.image.name, storage.open(lost.lead_photo.image.name))
    storage.delete(lost.lead_photo.image.name)  # A row names it, only the quarantine has it.
    stray = media_root / "photos" / "2020" / "01" / "token" / "replaced-long-ago.jpg"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(jpeg().read())
    fresh = media_root / "photos" / "2026" / "01" / "other" / "uploading.jpg"
    fresh.parent.mkdir(parents=True)
    fresh.write_bytes(b"not committed yet")
    rendition = media_root / "renditions" / "articles" / "gone.abc.400.webp"
    rendition.parent.mkdir(parents=True, exist_ok=True)
    rendition.write_bytes(b"webp")
    two_hours_ago = time.time() - 7200
    for path in (stray, rendition, media_root / kept.lead_photo.image.name):
        os.utime(path, (two_hours_ago, two_hours_ago))

    out = StringIO()
    call_command("quarantine_media", "--dry-run", stdout=out)
    assert (
        "Would have quarantined 1 original(s), brought back 1, deleted 1 stray rendition(s)"
        in out.getvalue()
    )
    assert stray.exists() and rendition.exists()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("quarantine_media", stdout=out)

    assert not stray.exists()
    assert (quarantine_root / stray.relative_to(media_root)).is_file()
    assert fresh.exists()  # Too young: its upload may not have committed yet.
    assert not rendition.exists()
    assert (media_root / kept.lead_photo.image.name).is_file()
    assert (media_root / lost.lead_photo.image.name).is_file()
    assert not (quarantine_root / lost.lead_photo.image.name).exists()
    for article in (kept, lost):
        info = Article.objects.get(pk=article.pk).lead_photo.renditions
        assert all((media_root / entry["name"]).is_file() for entry in info["webp"])


def test_the_quarantine_has_no_url_and_must_be_outside_the_media(settings, tmp_path):
    with pytest.raises(ValueError):
        QuarantineStorage().url("articles/x.jpg")
    assert not [error for error in run_checks() if error.id == "core.E002"]

    settings.QUARANTINE_ROOT = settings.MEDIA_ROOT / "quarantine"
    assert [error.id for error in run_checks() if error.id == "core.E002"] == ["core.E002"]
