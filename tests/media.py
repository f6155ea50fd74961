"""Test helpers for images: a library photo as an article's lead photo."""

from io import BytesIO

from django.core.files.base import ContentFile, File
from PIL import Image


def jpeg_file(size=(64, 36), colour=(40, 80, 120)):
    data = BytesIO()
    Image.new("RGB", size, colour).save(data, "JPEG")
    return ContentFile(data.getvalue())


def make_photo(content=None, name="port.jpg", **fields):
    """A saved library photo of ``content`` (a file or bytes; a small JPEG by default)."""
    from photos.models import Photo

    if content is None:
        content = jpeg_file()
    elif not isinstance(content, File):
        content = ContentFile(content)
    photo = Photo(**fields)
    photo.image.save(name, content, save=False)
    photo.save()
    return photo


def give_lead_photo(article, content=None, name="port.jpg", **fields):
    """Make a photo of ``content`` and save it as ``article``'s lead photo."""
    photo = make_photo(content, name, **fields)
    article.lead_photo = photo
    article.save()
    return photo


def set_lead_image(article, content, name="port.jpg"):
    """Give ``article``'s lead photo the image ``content`` (a new library photo the
    first time, the same photo with a new original after that)."""
    from photos.models import Photo

    photo = article.lead_photo or Photo()
    photo.image.save(name, content, save=False)
    photo.save()
    if article.lead_photo_id != photo.pk:
        article.lead_photo = photo
        article.save()
    return article


def twin_of(article):
    """Another library photo showing the same original (as a restore may make)."""
    from photos.models import Photo

    twin = Photo(image=article.lead_photo.image.name)
    twin.save()
    return twin


def missing_image(article):
    """``article`` led by a photo whose original is not in the media."""
    from photos.models import Photo

    photo = Photo(image="articles/missing.jpg")
    photo.save()
    article.lead_photo = photo
    article.save()
    return article
