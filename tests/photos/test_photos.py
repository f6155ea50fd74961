"""The media library (photos/): photos with translated texts, a credit whose
label is never doubled, and renditions cropped around a focal point."""

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from core import images
from photos.models import Photo, strip_credit_label

pytestmark = pytest.mark.django_db


def opened(media_root, entry):
    return Image.open(media_root / entry["name"])


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Фото: Фото: Ильхам Мамедов", "Ильхам Мамедов"),
        ("Photo: Reuters", "Reuters"),
        ("foto: APA", "APA"),
        ("Иллюстрация — Туран", "Туран"),
        ("İllüstrasiya: Turan", "Turan"),
        ("Photo Agency of Baku", "Photo Agency of Baku"),  # a name, not a label
        ("Фотохроника ТАСС", "Фотохроника ТАСС"),
        ("  AFP ", "AFP"),
    ],
)
def test_a_label_typed_into_the_credit_is_taken_off(typed, stored):
    assert strip_credit_label(typed) == stored


def test_every_language_of_the_credit_is_stored_without_its_label(make_photo):
    photo = make_photo(credit_ru="Фото: Фото: АПА", credit_az="Foto: APA", credit_en="Photo: APA")

    photo.refresh_from_db()
    assert (photo.credit_ru, photo.credit_az, photo.credit_en) == ("АПА", "APA", "APA")


def test_crops_of_each_shape_are_made_at_the_widths_with_their_ratio(make_photo, media_root):
    photo = make_photo(size=(3000, 2000))

    crops = photo.renditions["crops"]
    assert set(crops) == {"16x9", "4x3", "1x1"}
    for shape, (across, down) in images.SHAPES.items():
        crop = crops[shape]
        assert abs(crop["width"] / crop["height"] - across / down) < 0.01
        assert [entry["width"] for entry in crop["webp"]] == [400, 800, 1200, 1600]
        for entry in crop["webp"]:
            with opened(media_root, entry) as image:
                assert image.format == "WEBP"
                assert image.size == (entry["width"], entry["height"])
                assert abs(image.width / image.height - across / down) < 0.01
    # The whole image too, as for lead images.
    assert [entry["width"] for entry in photo.renditions["webp"]] == [400, 800, 1200, 1600]


def test_a_crop_never_upscales(make_photo):
    photo = make_photo(size=(600, 400))

    square = photo.renditions["crops"]["1x1"]
    assert (square["width"], square["height"]) == (400, 400)
    assert [entry["width"] for entry in square["webp"]] == [400]


def colour_at_centre(media_root, entry):
    with opened(media_root, entry) as image:
        return image.convert("RGB").getpixel((image.width // 2, image.height // 2))


def test_the_crop_is_centred_on_the_focal_point(make_photo, media_root):
    """A wide picture with a red subject at its left edge: centred, the square
    crop misses it; with the focal point on it, the crop is centred on it."""
    red = ((0, 0, 800, 1000), (220, 0, 0))
    centred = make_photo(size=(3000, 1000), patch=red)
    on_subject = make_photo(size=(3000, 1000), patch=red, focal_x=0.1, focal_y=0.5)

    red_centre = colour_at_centre(media_root, on_subject.renditions["crops"]["1x1"]["webp"][0])
    navy_centre = colour_at_centre(media_root, centred.renditions["crops"]["1x1"]["webp"][0])
    assert red_centre[0] > 180 and red_centre[2] < 60
    assert navy_centre[2] > 80 and navy_centre[0] < 40
    # The subject's own crop starts at the left edge (the point is near it).
    with opened(media_root, on_subject.renditions["crops"]["1x1"]["webp"][0]) as image:
        assert image.convert("RGB").getpixel((2, 2))[0] > 180


def test_crop_boxes_keep_inside_the_image():
    assert images.crop_box(3000, 1000, "1x1", (0.0, 0.5)) == (0, 0, 1000, 1000)
    assert images.crop_box(3000, 1000, "1x1", (1.0, 1.0)) == (2000, 0, 3000, 1000)
    assert images.crop_box(1000, 1000, "16x9", (0.5, 0.0)) == (0, 0, 1000, 562)
    assert images.crop_box(1000, 1000, "16x9", (0.5, 0.5)) == (0, 219, 1000, 781)


def test_moving_the_focal_point_remakes_only_the_crops(
    make_photo, media_root, django_capture_on_commit_callbacks
):
    photo = make_photo(size=(2000, 1000))
    before = photo.renditions
    old_crops = {entry["name"] for entry in images.rendition_entries({"crops": before["crops"]})}

    photo.focal_x = 0.2
    with django_capture_on_commit_callbacks(execute=True):
        photo.save()

    after = photo.renditions
    assert after["webp"] == before["webp"]
    new_crops = {entry["name"] for entry in images.rendition_entries({"crops": after["crops"]})}
    assert not new_crops & old_crops
    assert all((media_root / name).exists() for name in new_crops)
    assert not any((media_root / name).exists() for name in old_crops)


def test_saving_without_a_change_makes_nothing(make_photo, monkeypatch):
    photo = make_photo()
    monkeypatch.setattr(images, "build", lambda *args, **kwargs: pytest.fail("rebuilt"))

    photo.caption_en = "Baku port"
    photo.save()
    Photo.objects.get(pk=photo.pk).save()


def test_a_picture_is_described_from_the_row_alone(
    make_photo, django_assert_num_queries, monkeypatch
):
    photo = Photo.objects.get(pk=make_photo(size=(2000, 1500)).pk)
    monkeypatch.setattr(default_storage, "open", lambda *args: pytest.fail("a file was opened"))

    with django_assert_num_queries(0):
        lead = photo.picture("16x9")
        whole = photo.picture()

    assert (lead["width"], lead["height"]) == (2000, 1125)
    assert lead["srcset"].count("w, ") == 3
    assert lead["src"].endswith(".1600.webp")  # the crop's own, not the original of another shape
    assert (whole["width"], whole["height"]) == (2000, 1500)
    assert whole["src"] == photo.image.url


def test_a_turned_phone_photo_is_cropped_upright(make_photo, media_root):
    """Renditions of an original whose EXIF says "turn it" (saved before uploads
    were turned, or brought in by a command) are cropped after turning."""
    from io import BytesIO

    from django.core.files.base import ContentFile

    exif = Image.Exif()
    exif[images.ORIENTATION] = 6
    data = BytesIO()
    Image.new("RGB", (3000, 2000), "navy").save(data, "JPEG", exif=exif.tobytes())
    photo = Photo()
    photo.image.save("phone.jpg", ContentFile(data.getvalue()), save=False)
    photo.save()

    assert (photo.renditions["width"], photo.renditions["height"]) == (2000, 3000)
    crop = photo.renditions["crops"]["4x3"]
    assert (crop["width"], crop["height"]) == (2000, 1500)


def test_str_is_the_caption_else_the_alt_else_the_file_name(make_photo):
    assert str(make_photo(caption_ru="Порт Баку")) == "Порт Баку"
    assert str(make_photo(alt_en="Cranes at the port")) == "Cranes at the port"
    assert str(make_photo(name="cranes.jpg")).startswith("cranes")
