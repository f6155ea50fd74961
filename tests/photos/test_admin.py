"""The media library's admin: upload, search by caption, credit and tag, thumbnails."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from photos.models import Photo
from tags.models import Tag
from tests.photos.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:photos_photo_changelist")
ADD = reverse("admin:photos_photo_add")


@pytest.fixture
def staff_client(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


def test_a_photo_uploaded_in_the_admin_is_stored_clean_with_its_crops(staff_client, media_root):
    response = staff_client.post(
        ADD,
        {
            "image": SimpleUploadedFile("Порт Баку.jpg", jpeg_bytes((2400, 1600))),
            "focal_x": "0.25",
            "focal_y": "0.4",
            "caption_ru": "Порт Баку",
            "alt_ru": "Краны над контейнерами",
            "credit_kind": "photo",
            "credit_ru": "Фото: Туран",
            "credit_en": "Turan",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    photo = Photo.objects.get()
    assert re.fullmatch(r"photos/\d{4}/\d{2}/[\w-]{16}/port-baku\.jpg", photo.image.name)
    assert (photo.focal_x, photo.focal_y) == (0.25, 0.4)
    assert photo.credit_ru == "Туран"
    assert set(photo.renditions["crops"]) == {"16x9", "4x3", "1x1"}
    assert "f0.250,0.400" in photo.renditions["key"]


def test_a_focal_point_outside_the_image_is_refused(staff_client):
    response = staff_client.post(
        ADD,
        {
            "image": SimpleUploadedFile("a.jpg", jpeg_bytes((100, 100))),
            "focal_x": "1.5",
            "focal_y": "-0.1",
            "credit_kind": "photo",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"focal_x", "focal_y"}
    assert not Photo.objects.exists()


def test_the_library_is_searched_by_caption_credit_and_tag(staff_client, make_photo):
    port = make_photo(caption_ru="Порт Баку", credit_en="APA")
    summit = make_photo(caption_en="NATO summit", credit_az="Turan")
    person = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Jens Stoltenberg")
    summit.tags.add(person)

    def found(term):
        response = staff_client.get(CHANGELIST, {"q": term})
        return set(response.context["cl"].result_list)

    assert found("порт") == {port}
    assert found("APA") == {port}
    assert found("turan") == {summit}
    assert found("Stoltenberg") == {summit}


def test_the_list_shows_a_thumbnail_from_the_smallest_rendition(staff_client, make_photo):
    photo = make_photo(size=(1600, 900), caption_en="Cranes")

    response = staff_client.get(CHANGELIST)

    smallest = photo.renditions["webp"][0]
    assert smallest["width"] == 400
    html = response.content.decode()
    assert (
        f'class="photo-thumbnail" src="/media/{smallest["name"]}" alt="" width="96" height="54"'
        in html
    )


def test_the_change_form_offers_the_image_to_click(staff_client, make_photo):
    photo = make_photo()

    response = staff_client.get(reverse("admin:photos_photo_change", args=[photo.pk]))

    html = response.content.decode()
    assert "data-focal-point" in html
    assert f'src="{photo.image.url}"' in html
    assert "turan/admin/focal-point.js" in html


def test_journalists_may_add_and_change_photos_and_editors_delete_them(journalist, editor):
    assert journalist.has_perms(["photos.add_photo", "photos.change_photo", "photos.view_photo"])
    assert not journalist.has_perm("photos.delete_photo")
    assert editor.has_perm("photos.delete_photo")


def test_an_original_too_large_is_stored_downscaled_from_the_form(staff_client, settings):
    settings.MAX_IMAGE_PIXELS = 1000 * 1000

    response = staff_client.post(
        ADD,
        {
            "image": SimpleUploadedFile("big.jpg", jpeg_bytes((1600, 1200))),
            "credit_kind": "photo",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )

    assert response.status_code == 302
    with Image.open(Photo.objects.get().image.path) as image:
        assert image.size == (800, 600)
