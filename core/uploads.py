"""Safe image uploads: only real raster images, re-encoded, with a safe name.

``clean_image`` accepts JPEG, PNG, WebP and GIF files that Pillow can read
completely, within ``settings.MAX_UPLOAD_SIZE`` bytes, and whose decoding fits
in ``settings.MAX_IMAGE_MEMORY`` bytes (a worker holds the decoded pixels, at
up to four bytes each, so a small file of many pixels is refused before it is
decoded). An image of more than ``settings.MAX_IMAGE_PIXELS`` pixels (a
45-megapixel camera original) is stored downscaled to fit, halving its sides
as often as needed: a JPEG is decoded directly at the smaller scale (its
decoder reads 1/2, 1/4 or 1/8 of the pixels), so it costs the memory of the
smaller image. Only images of more than ``BOMB_FACTOR`` times the limit are
refused as decompression bombs. The result is a *new* file made from the
pixels alone, turned upright by its EXIF orientation, so EXIF (camera, GPS
position), comments, colour profiles (the colours are converted to sRGB
first) and anything hidden after the image data are gone, under an ASCII name
with the extension of the detected format. Animated GIF and WebP keep their
first frame only.

``SafeImageField`` is the form field every admin uses for image fields
(``core.admin.TranslatedAdmin.formfield_overrides``).
"""

import posixpath
import secrets
import warnings
from io import BytesIO
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from core.images import ORIENTATION, to_srgb
from core.text import ascii_slug

#: Pillow format name → the extension stored files get.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
JPEG_QUALITY = 90
#: Images of more than this many times ``MAX_IMAGE_PIXELS`` are refused rather
#: than downscaled: a file that small declaring that many pixels is a bomb.
BOMB_FACTOR = 4

NOT_AN_IMAGE = _("Upload a JPEG, PNG, WebP or GIF image. This file is not one, or it is damaged.")
TOO_LARGE = _("The file is too large: the limit is %(limit)s.")
TOO_MANY_PIXELS = _("The image has too many pixels: the limit is %(limit)s megapixels.")
TOO_MUCH_MEMORY = _(
    "The image is too large to process: an image like this one may have at most "
    "%(limit)s megapixels. Save it with fewer pixels and upload it again."
)
#: Bytes a pixel costs while an image is decoded, cleaned and written again, by
#: mode and by format (measured with Pillow 13; Pillow keeps most modes at four
#: bytes a pixel, and libwebp's encoder keeps several full-size planes more).
_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16L": 2, "I;16B": 2, "I;16N": 2}
_DEFAULT_BYTES_PER_PIXEL = 5
_ENCODER_BYTES_PER_PIXEL = {"WEBP": 20}


def _too_many_pixels():
    return ValidationError(
        TOO_MANY_PIXELS,
        code="too_many_pixels",
        params={"limit": f"{BOMB_FACTOR * settings.MAX_IMAGE_PIXELS / 1_000_000:g}"},
    )


def _shrink_factor(image, image_format, data_size):
    """The power of two the image's sides are divided by so that it fits
    ``MAX_IMAGE_PIXELS`` and, for a JPEG (decoded at the reduced scale), the
    memory budget too; 1 when it fits as it is."""
    pixels = image.width * image.height
    factor = 1
    while pixels > settings.MAX_IMAGE_PIXELS * factor * factor:
        factor *= 2
    if image_format == "JPEG":
        while factor < 8 and _decoding_cost(image, image_format, data_size, factor)[0] > (
            settings.MAX_IMAGE_MEMORY
        ):
            factor *= 2
    return factor


def _target_mode(mode, image_format, transparency):
    """The mode ``image_format`` is written in for an image of ``mode``."""
    if image_format == "JPEG":
        return "L" if mode in ("1", "L") else "RGB"
    if image_format == "GIF":
        return "P" if mode in ("P", "L", "1") else "RGB"
    if mode in ("RGB", "RGBA", "L", "LA"):
        return mode
    return "RGBA" if transparency or "A" in mode else "RGB"


def _decoding_cost(image, image_format, data_size, factor=1):
    """The most bytes accepting ``image`` holds at once, from its header alone,
    and the bytes a pixel costs: the larger of cleaning it (its decoded pixels,
    once more while they are turned upright or converted, plus the encoder's
    own planes) and making its renditions from the cleaned file (decoded again
    unless a JPEG, which decodes at a reduced scale; a copy for resizing with
    alpha, another for converting a palette), plus the file itself.

    With ``factor`` > 1 the sides are divided by it: a JPEG is decoded at that
    scale, any other image decoded whole and then reduced (a copy a quarter of
    its size or less), and everything after works on the smaller image."""
    target = _target_mode(image.mode, image_format, "transparency" in image.info)
    copies = 1
    if _may_turn(image, image_format):
        copies += 1
    if image.mode == "CMYK" or image.mode != target:
        copies += 1
    cleaning = _bytes_per_pixel(image.mode) * copies + _ENCODER_BYTES_PER_PIXEL.get(image_format, 0)
    renditions = 0
    if image_format != "JPEG":
        renditions = _bytes_per_pixel(target)
        if target in ("RGBA", "LA"):
            renditions += _DEFAULT_BYTES_PER_PIXEL
        if target not in ("L", "LA", "RGB", "RGBA"):
            renditions += _DEFAULT_BYTES_PER_PIXEL + 1
    per_pixel = max(cleaning, renditions)
    pixels = image.width * image.height
    if factor == 1:
        return pixels * per_pixel + 3 * data_size, per_pixel
    small = pixels / (factor * factor)
    if image_format == "JPEG":
        return round(small * per_pixel) + 3 * data_size, per_pixel
    whole = pixels * _bytes_per_pixel(image.mode) + small * _bytes_per_pixel(image.mode)
    return round(max(whole, small * per_pixel)) + 3 * data_size, per_pixel


def _may_turn(image, image_format):
    """Whether the image's EXIF orientation asks for it to be turned, read without
    decoding it (PNG and WebP may keep their EXIF after the pixels: assume so)."""
    if "exif" in image.info:
        exif = Image.Exif()
        exif.load(image.info["exif"])
        return exif.get(ORIENTATION, 1) != 1
    return image_format != "JPEG"


def _bytes_per_pixel(mode):
    return _BYTES_PER_PIXEL.get(mode, _DEFAULT_BYTES_PER_PIXEL)


def _too_much_memory(per_pixel, data_size):
    pixels = max(0, settings.MAX_IMAGE_MEMORY - 3 * data_size) / per_pixel
    return ValidationError(
        TOO_MUCH_MEMORY,
        code="too_much_memory",
        params={"limit": f"{pixels // 100_000 / 10:g}"},
    )


def _pixels_only(image, image_format):
    """Return ``image`` reduced to its pixels (and palette), in sRGB, upright.

    Works on the decoded image itself where it can (turned in place, no copy
    unless the mode changes), so accepting it costs little beyond its pixels.
    """
    ImageOps.exif_transpose(image, in_place=True)  # The orientation goes away with EXIF.
    image = to_srgb(image)
    transparency = image.info.get("transparency")
    mode = _target_mode(image.mode, image_format, transparency is not None)
    if image.mode != mode:
        image = image.convert(mode)
        if mode != "P":
            transparency = None
    # Nothing but the pixels is written: no EXIF, comments, text chunks or profile.
    image.info = {} if transparency is None else {"transparency": transparency}
    return image


def _within_pixel_limit(image):
    """``image``, its sides halved until it has at most ``MAX_IMAGE_PIXELS``
    pixels (a JPEG decoded at a reduced scale usually already has)."""
    while image.width * image.height > settings.MAX_IMAGE_PIXELS:
        info = image.info
        if image.mode not in ("L", "LA", "RGB", "RGBA", "CMYK"):
            # A palette or 1-bit image cannot be averaged; its 1-byte pixels
            # become 4 (the memory check counts the decoded image twice over).
            transparent = "transparency" in info or "A" in image.mode
            image = image.convert("RGBA" if transparent else "RGB")
            info = {key: value for key, value in info.items() if key != "transparency"}
        # reduce() averages each 2×2 block: sharp, and a copy of a quarter the size.
        image = image.reduce(2)
        image.info = info
    return image


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
                if image.width * image.height > BOMB_FACTOR * settings.MAX_IMAGE_PIXELS:
                    raise _too_many_pixels()
                factor = _shrink_factor(image, image_format, len(data))
                cost, per_pixel = _decoding_cost(image, image_format, len(data), factor)
                if cost > settings.MAX_IMAGE_MEMORY:
                    raise _too_much_memory(per_pixel, len(data))
            with Image.open(BytesIO(data)) as image:
                image.verify()  # only directly after opening
            # verify() leaves the image unusable; open it again to decode every
            # pixel (not in a `with`: closing it would free the pixels kept).
            image = Image.open(BytesIO(data))
            if factor > 1 and image_format == "JPEG":
                # Floor, not ceiling: Pillow picks the scale from whole quotients.
                image.draft(None, (image.width // factor, image.height // factor))
            image.load()
            image = _within_pixel_limit(image)
            clean = _pixels_only(image, image_format)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except Exception as error:  # Pillow raises many kinds for a broken file.
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from error

    options = {}
    if image_format == "JPEG":
        # Not "optimize": its second pass keeps every coefficient of the image
        # in memory (~3 bytes a pixel) to save a few percent of the file.
        options = {"quality": JPEG_QUALITY}
    elif image_format == "WEBP":
        options = {"quality": JPEG_QUALITY}
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


@deconstructible
class UnguessablePath:
    """``upload_to`` storing each file in a directory of its own with a random
    name: ``<prefix>/YYYY/MM/<random>/<name>``.

    The file keeps its readable name, but nobody can reach the photo of an
    embargoed piece by guessing its address from the month and the name a
    journalist gave it (``articles/2026/12/summit.jpg``).
    """

    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self, instance, filename):
        month = timezone.localtime().strftime("%Y/%m")
        return posixpath.join(self.prefix, month, secrets.token_urlsafe(12), filename)

    def __eq__(self, other):
        return isinstance(other, UnguessablePath) and other.prefix == self.prefix


def storage_errors():
    """The errors meaning "the media storage did not answer": the disk's, or
    the object store's (S3: unreachable, timed out, refused)."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:
        return (OSError,)
    return (OSError, BotoCoreError, ClientError)
