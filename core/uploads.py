"""Safe image uploads: only real raster images, re-encoded, with a safe name.

``clean_image`` accepts JPEG, PNG, WebP and GIF files that Pillow can read
completely, within ``settings.MAX_UPLOAD_SIZE`` bytes and
``settings.MAX_IMAGE_PIXELS`` pixels. It returns a *new* file made from the
pixels alone, so EXIF (camera, GPS position), comments and anything hidden
after the image data are gone, under an ASCII name with the extension of the
detected format. Animated GIF and WebP keep their first frame only.

``SafeImageField`` is the form field every admin uses for image fields
(``core.admin.TranslatedAdmin.formfield_overrides``).
"""

import warnings
from io import BytesIO
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from core.text import ascii_slug

#: Pillow format name → the extension stored files get.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
JPEG_QUALITY = 90

NOT_AN_IMAGE = _("Upload a JPEG, PNG, WebP or GIF image. This file is not one, or it is damaged.")
TOO_LARGE = _("The file is too large: the limit is %(limit)s.")
TOO_MANY_PIXELS = _("The image has too many pixels: the limit is %(limit)s megapixels.")


def _too_many_pixels():
    return ValidationError(
        TOO_MANY_PIXELS,
        code="too_many_pixels",
        params={"limit": f"{settings.MAX_IMAGE_PIXELS / 1_000_000:g}"},
    )


def _pixels_only(image, image_format):
    """Return a new image holding only ``image``'s pixels (and palette)."""
    image = ImageOps.exif_transpose(image)  # The EXIF orientation goes away with EXIF.
    transparency = "transparency" in image.info
    if image_format == "JPEG":
        mode = "L" if image.mode in ("1", "L") else "RGB"
    elif image_format == "GIF":
        mode = "P" if image.mode in ("P", "L", "1") else "RGB"
    elif image.mode in ("RGB", "RGBA", "L", "LA"):
        mode = image.mode
    else:
        mode = "RGBA" if transparency or "A" in image.mode else "RGB"
    if image.mode != mode:
        image = image.convert(mode)
        transparency = transparency and mode == "P"
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    if image.mode == "P":
        clean.putpalette(image.getpalette())
    if transparency:
        clean.info["transparency"] = image.info["transparency"]
    return clean


def clean_image(uploaded_file) -> ContentFile:
    """Check an uploaded image and return it re-encoded, or raise ``ValidationError``."""
    limit = settings.MAX_UPLOAD_SIZE
    if uploaded_file.size > limit:
        raise ValidationError(
            TOO_LARGE, code="file_too_large", params={"limit": filesizeformat(limit)}
        )
    uploaded_file.seek(0)
    data = uploaded_file.read()
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                image_format = image.format
                if image_format not in ALLOWED_FORMATS:
                    raise ValidationError(NOT_AN_IMAGE, code="invalid_image")
                if image.width * image.height > settings.MAX_IMAGE_PIXELS:
                    raise _too_many_pixels()
                image.verify()
            # verify() leaves the image unusable; open it again to decode every pixel.
            with Image.open(BytesIO(data)) as image:
                image.load()
                clean = _pixels_only(image, image_format)
                icc_profile = image.info.get("icc_profile")
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except Exception as error:  # Pillow raises many kinds for a broken file.
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from error

    options = {}
    if image_format == "JPEG":
        options = {"quality": JPEG_QUALITY, "optimize": True}
    elif image_format == "WEBP":
        options = {"quality": JPEG_QUALITY}
    if icc_profile and image_format != "GIF":
        options["icc_profile"] = icc_profile  # Colours, not private data.
    output = BytesIO()
    clean.save(output, format=image_format, **options)
    stem = ascii_slug(PurePath(str(uploaded_file.name or "").replace("\\", "/")).stem, 80)
    name = f"{stem or 'image'}.{ALLOWED_FORMATS[image_format]}"
    return ContentFile(output.getvalue(), name=name)


class SafeImageField(forms.ImageField):
    """An image form field that stores only what ``clean_image`` returns."""

    def to_python(self, data):
        # FileField's checks (a name, not empty), not ImageField's: clean_image
        # opens the file itself, with clearer messages.
        uploaded = forms.FileField.to_python(self, data)
        if uploaded is None:
            return None
        return clean_image(uploaded)
