from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from PIL import Image


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.QUARANTINE_ROOT = tmp_path / "quarantine"
    return settings.MEDIA_ROOT


def jpeg_bytes(size=(1600, 900), colour="navy", patch=None):
    """A JPEG of ``size``; ``patch`` = (box, colour) paints a rectangle on it."""
    image = Image.new("RGB", size, colour)
    if patch:
        image.paste(patch[1], patch[0])
    data = BytesIO()
    image.save(data, "JPEG", quality=95)
    return data.getvalue()


@pytest.fixture
def make_photo(db):
    from photos.models import Photo

    def make(size=(1600, 900), name="port.jpg", patch=None, **fields):
        photo = Photo(**fields)
        photo.image.save(name, ContentFile(jpeg_bytes(size, patch=patch)), save=False)
        photo.save()
        return photo

    return make
