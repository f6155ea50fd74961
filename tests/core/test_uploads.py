"""Image uploads (core/uploads.py): only real raster images, re-encoded, safe names."""

import io
import os
import re
import struct
import subprocess
import sys
import zlib
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageCms

from authors.models import Author
from core import images
from core.uploads import clean_image
from photos.models import Photo
from tests.change_form import FormReader
from tests.media import make_photo

GPS_IFD = 0x8825
AUTHOR_ADD_URL = reverse("admin:authors_author_add")
PHOTO_ADD_URL = reverse("admin:photos_photo_add")


@pytest.fixture(autouse=True)
def english():
    """The messages below are read in English, whatever a test before left active."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def staff_client(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


def stored_files(media_root):
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def jpeg_with_gps(size=(64, 48)):
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (40.0, 24.0, 0.0), 3: "E", 4: (49.0, 52.0, 0.0)})
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def image_bytes(image_format, size=(32, 32), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format=image_format)
    return buffer.getvalue()


def png_bomb(width=20000, height=20000):
    """A small PNG declaring width × height black pixels."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def messages(error):
    return " ".join(error.value.messages)


def test_the_sample_gps_jpeg_really_carries_gps():
    with Image.open(io.BytesIO(jpeg_with_gps())) as image:
        assert image.getexif().get_ifd(GPS_IFD)


def test_a_jpeg_is_reencoded_without_exif():
    cleaned = clean_image(upload("photo.jpg", jpeg_with_gps()))

    with Image.open(cleaned) as image:
        assert image.format == "JPEG"
        assert image.size == (64, 48)
        assert not image.getexif()
        assert not image.getexif().get_ifd(GPS_IFD)
        assert "exif" not in image.info
    assert cleaned.name == "photo.jpg"


@pytest.mark.parametrize(
    ("image_format", "mode", "extension"),
    [("PNG", "RGBA", "png"), ("WEBP", "RGB", "webp"), ("GIF", "P", "gif"), ("JPEG", "CMYK", "jpg")],
)
def test_every_allowed_format_is_kept_with_its_extension(image_format, mode, extension):
    cleaned = clean_image(upload("picture.bin", image_bytes(image_format, mode=mode)))

    with Image.open(cleaned) as image:
        assert image.format == image_format
    assert cleaned.name == f"picture.{extension}"


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.svg", SVG),
        ("x.jpg", HTML),
        ("scan.jpg", PDF),
        ("cut.jpg", jpeg_with_gps((400, 300))[:-600]),
        ("cut.png", image_bytes("PNG", size=(300, 300))[:60]),
        ("picture.bmp", image_bytes("BMP")),
        ("empty.jpg", b"\xff\xd8"),
    ],
)
def test_what_is_not_a_whole_raster_image_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        clean_image(upload(name, content))

    assert "Upload a JPEG, PNG, WebP or GIF image" in messages(error)


def test_a_file_over_the_size_limit_is_refused_with_the_limit(settings):
    settings.MAX_UPLOAD_SIZE = 1024

    with pytest.raises(ValidationError) as error:
        clean_image(upload("big.jpg", jpeg_with_gps() + b"0" * 2048))

    assert "the limit is 1.0\xa0KB" in messages(error)


def test_a_decompression_bomb_is_refused():
    bomb = png_bomb()
    assert len(bomb) < 100_000

    with pytest.raises(ValidationError) as error:
        clean_image(upload("bomb.png", bomb, "image/png"))

    assert error.value.code == "too_many_pixels"
    assert "the limit is 160 megapixels" in messages(error)


@pytest.mark.parametrize(
    ("image_format", "mode", "size", "expected"),
    [
        ("PNG", "RGB", (101, 100), (51, 50)),
        ("PNG", "P", (150, 150), (75, 75)),
        ("JPEG", "RGB", (391, 101), (196, 51)),
        ("WEBP", "RGBA", (200, 200), (100, 100)),
    ],
)
def test_an_image_over_the_pixel_limit_is_stored_downscaled_to_fit(
    settings, image_format, mode, size, expected
):
    settings.MAX_IMAGE_PIXELS = 100 * 100

    cleaned = clean_image(upload("wide.bin", image_bytes(image_format, size=size, mode=mode)))

    with Image.open(cleaned) as image:
        assert image.format == image_format
        assert image.size == expected
        assert image.width * image.height <= settings.MAX_IMAGE_PIXELS


def test_an_image_of_more_than_four_times_the_limit_is_refused(settings):
    settings.MAX_IMAGE_PIXELS = 100 * 100

    within = clean_image(upload("four.png", image_bytes("PNG", size=(200, 200))))
    with pytest.raises(ValidationError) as error:
        clean_image(upload("more.png", image_bytes("PNG", size=(201, 200))))

    assert Image.open(within).size == (100, 100)
    assert error.value.code == "too_many_pixels"
    assert "the limit is 0.04 megapixels" in messages(error)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_the_stored_original_is_turned_by_its_exif_orientation(image_format):
    """A phone photo taken upright is stored upright, and without the tag that said so."""
    picture = Image.new("RGB", (60, 40), "white")
    picture.paste((255, 0, 0), (0, 0, 10, 10))  # red in the top left corner, as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn 90° clockwise to show"
    buffer = io.BytesIO()
    picture.save(buffer, format=image_format, exif=exif.tobytes())

    cleaned = clean_image(upload("phone.bin", buffer.getvalue()))

    with Image.open(cleaned) as image:
        assert image.size == (40, 60)
        assert image.getexif().get(0x0112) is None
        red, green, _blue = image.convert("RGB").getpixel((35, 3))  # now top right
        assert red > 200 and green < 80


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../Ильхам Алиев.JPG", "ilkham-aliev.jpg"),
        ("..\\..\\evil.php.jpg", "evil-php.jpg"),
        ("«»!.jpg", "image.jpg"),
        ("İlham Əliyev.png", "ilham-eliyev.jpg"),
    ],
)
def test_file_names_become_safe_ascii(name, expected):
    assert clean_image(upload(name, jpeg_with_gps())).name == expected


def author_form(client, **changes):
    reader = FormReader("author_form")
    reader.feed(client.get(AUTHOR_ADD_URL).content.decode())
    data = {key: values[0] if len(values) == 1 else values for key, values in reader.data.items()}
    data.update(name_ru="Ильхам Алиев", name_en="Ilham Aliyev", _save="Save", **changes)
    return data


def test_the_author_form_stores_the_photo_clean_under_a_safe_name(staff_client, media_root):
    photo = upload("../../Ильхам Алиев.JPG", jpeg_with_gps())

    response = staff_client.post(AUTHOR_ADD_URL, author_form(staff_client, photo=photo))

    assert response.status_code == 302, response.context["adminform"].form.errors
    author = Author.objects.get()
    assert re.fullmatch(r"authors/\d{4}/\d{2}/[\w-]{16}/ilkham-aliev[\w-]*\.jpg", author.photo.name)
    [stored] = [path for path in stored_files(media_root) if "renditions" not in path.parts]
    assert stored.is_relative_to(media_root / "authors")
    with Image.open(stored) as image:
        assert image.format == "JPEG"
        assert not image.getexif().get_ifd(GPS_IFD)
        assert not image.getexif()
    # Its WebP renditions are made from those clean pixels.
    renditions = list((media_root / "renditions").rglob("*.webp"))
    assert renditions
    for path in renditions:
        with Image.open(path) as image:
            assert not image.getexif()


def test_the_author_form_refuses_a_disguised_file(staff_client, media_root):
    photo = upload("x.jpg", HTML)

    response = staff_client.post(AUTHOR_ADD_URL, author_form(staff_client, photo=photo))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "Upload a JPEG, PNG, WebP or GIF image" in " ".join(form.errors["photo"])
    assert not Author.objects.exists()
    assert stored_files(media_root) == []


def photo_form_data(response, **changes):
    """The photo form in ``response`` as a browser submits it, with ``changes``."""
    reader = FormReader("photo_form")
    reader.feed(response.content.decode())
    data = {name: values if len(values) != 1 else values[0] for name, values in reader.data.items()}
    return {**data, **changes, "_save": "Save"}


def test_the_photo_form_refuses_an_svg_and_keeps_what_was_typed(staff_client, media_root):
    data = photo_form_data(
        staff_client.get(PHOTO_ADD_URL),
        caption_ru="Подпись, которую нельзя потерять",
        image=upload("logo.svg", SVG, "image/svg+xml"),
    )

    response = staff_client.post(PHOTO_ADD_URL, data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == ["image"]
    content = response.content.decode()
    assert "Upload a JPEG, PNG, WebP or GIF image" in content
    assert 'value="Подпись, которую нельзя потерять"' in content
    assert not Photo.objects.exists()
    assert stored_files(media_root) == []


def test_the_photo_form_stores_a_clean_image(staff_client, media_root):
    data = photo_form_data(
        staff_client.get(PHOTO_ADD_URL), image=upload("Саммит НАТО.jpeg", jpeg_with_gps())
    )

    response = staff_client.post(PHOTO_ADD_URL, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    photo = Photo.objects.get()
    assert photo.image.name.rsplit("/", 1)[1] == "sammit-nato.jpg"
    with Image.open(photo.image.path) as image:
        assert not image.getexif()


def test_a_small_file_of_many_pixels_is_refused_before_it_is_decoded():
    """6320 × 6320 RGBA in 150 KB: within the pixel limit, but decoding it and
    making its renditions would take ~350 MB of a worker."""
    buffer = io.BytesIO()
    Image.new("RGBA", (6320, 6320)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 200_000

    with pytest.raises(ValidationError) as error:
        clean_image(upload("poster.png", buffer.getvalue(), "image/png"))

    assert error.value.code == "too_much_memory"
    assert "too large to process" in messages(error)
    assert "at most 20.9 megapixels" in messages(error)


MEASURE = """
import resource, sys, tempfile
from pathlib import Path
from types import SimpleNamespace
import django
django.setup()
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from core import images
from core.uploads import clean_image

path = Path(sys.argv[1])
data = path.read_bytes()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    cleaned = clean_image(SimpleUploadedFile(path.name, data))
except Exception as error:
    print("refused", getattr(error, "code", error), 0)
    sys.exit()
storage = FileSystemStorage(location=tempfile.mkdtemp())
stored = SimpleNamespace(storage=storage, name=storage.save(cleaned.name, cleaned))
del cleaned
made = images.build(stored, images.ARTICLE_WIDTHS)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("accepted", len(made["webp"]), (peak - before) * 1024)
"""


@pytest.mark.parametrize(
    ("mode", "size", "image_format", "orientation"),
    [
        ("RGB", (6000, 4000), "JPEG", 1),  # a 24-megapixel camera photo
        ("RGB", (7000, 5700), "JPEG", 1),  # about the 40-megapixel limit
        ("RGB", (8256, 5504), "JPEG", 1),  # a 45-megapixel camera original, downscaled
        ("RGB", (6000, 4000), "JPEG", 6),  # 24 megapixels to be turned: decoded at half scale
        ("L", (9000, 5000), "PNG", 1),  # a 45-megapixel scan, decoded whole and halved
        ("RGB", (4000, 3000), "JPEG", 6),  # a phone photo, to be turned
        ("RGBA", (4500, 4500), "PNG", 1),  # the largest transparent graphic
        ("L", (6320, 6320), "PNG", 1),
        ("RGB", (2000, 2000), "WEBP", 1),
    ],
)
def test_an_accepted_image_costs_less_than_the_memory_budget(
    mode, size, image_format, orientation, tmp_path
):
    """Accepting an image and making its renditions stays within MAX_IMAGE_MEMORY
    (200 MB), measured as the growth of a fresh process's peak memory (the file
    is made here, so making it is not counted)."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = tmp_path / f"photo.{image_format.lower()}"
    Image.new(mode, size, "white").save(path, format=image_format, exif=exif.tobytes())

    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "turan.settings_test"},
        check=True,
    )
    verdict, renditions, growth = result.stdout.split()

    assert verdict == "accepted"
    assert int(renditions) >= 3
    assert int(growth) < 200 * 1024 * 1024


def srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_a_colour_profile_is_applied_and_dropped(image_format, media_root):
    """Whatever a profile carries (here text after it) reaches neither the stored
    original nor its renditions; the colours are sRGB, which needs no profile."""
    marker = b"PROFILE-PAYLOAD-" * 64
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (10, 120, 200)).save(
        buffer, format=image_format, icc_profile=srgb_profile() + marker
    )
    with Image.open(io.BytesIO(buffer.getvalue())) as original:
        assert marker in original.info["icc_profile"]

    cleaned = clean_image(upload(f"photo.{image_format.lower()}", buffer.getvalue()))
    stored = SimpleNamespace(
        storage=default_storage, name=default_storage.save(cleaned.name, cleaned)
    )
    made = images.build(stored, images.ARTICLE_WIDTHS)

    for name in [stored.name, *(rendition["name"] for rendition in made["webp"])]:
        data = default_storage.open(name).read()
        assert b"PROFILE-PAYLOAD" not in data
        with Image.open(io.BytesIO(data)) as image:
            assert "icc_profile" not in image.info
            red, green, blue = image.convert("RGB").getpixel((5, 5))[:3]
            assert abs(red - 10) < 8 and abs(green - 120) < 8 and abs(blue - 200) < 8


def test_an_unreadable_colour_profile_is_dropped_and_the_image_kept():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(
        buffer, format="JPEG", icc_profile=b"not a colour profile at all " * 40
    )

    cleaned = clean_image(upload("photo.jpg", buffer.getvalue()))

    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert "icc_profile" not in image.info
        assert image.size == (64, 48)


@pytest.mark.django_db
def test_library_photos_are_stored_under_unguessable_names(media_root):
    """The photo of an embargoed piece cannot be found from the month and its name."""
    first, second = (make_photo(jpeg_with_gps(), "summit.jpg") for _ in range(2))

    names = [first.image.name, second.image.name]
    pattern = re.compile(r"photos/\d{4}/\d{2}/([A-Za-z0-9_-]{16})/summit\.jpg")
    tokens = [pattern.fullmatch(name)[1] for name in names]
    assert tokens[0] != tokens[1]
    for photo in (first, second):
        assert all(
            tokens[names.index(photo.image.name)] in r["name"]
            for r in images.rendition_entries(photo.renditions)
        )
