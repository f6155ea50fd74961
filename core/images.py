"""Responsive images: WebP renditions made once, kept, described on the row.

A ``RenditionsField`` sits beside an ``ImageField`` (its ``source``). When the
row is saved with a new or changed image it writes WebP copies of it at a few
widths (never wider than the original) into the same storage, under names
derived from the original's name and content, and stores on the row itself
what pages need to render a ``<picture>``::

    {"source": "articles/2026/11/port.jpg", "key": "400-800-1200-1600/q80",
     "width": 1200, "height": 675,
     "webp": [{"width": 400, "height": 225, "name": "renditions/…/port.1f2e….400.webp"}, …]}

so a page with fifty cards opens no file and runs no extra query. Saving the
row again without changing the image does nothing. Renditions of an image
that was replaced, cleared or whose row was deleted are removed once the
transaction commits, and the original leaves the served storage for the
quarantine when no row names it any more (core/quarantine.py: revisions may
restore it, and saving a row that names a quarantined image brings it back).
``manage.py build_renditions`` makes what is missing for rows saved before
this existed or changed behind the model's back (``update()``).

A field with ``shapes`` (the media library's photos) also makes crops of
those aspect ratios, each at the same widths, centred as near as the image
allows on a focal point read from two fields of the row (fractions 0–1 of the
width and height): ``info["crops"]["16x9"]`` is described like the whole
image (``width``, ``height``, ``webp``). The focal point is part of the key,
so moving it makes the crops again (the uncropped renditions are reused).
"""

import hashlib
import logging
import posixpath
from io import BytesIO

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from PIL import Image, ImageCms, ImageOps

from core.quarantine import bring_back, settle_later

logger = logging.getLogger(__name__)

WEBP_QUALITY = 80
ORIENTATION = 0x0112  # the EXIF tag
#: Bumped when the encoding changes, so every rendition is made again
#: (2: colours converted to sRGB, no embedded profile).
VERSION = 2
ARTICLE_WIDTHS = (400, 800, 1200, 1600)
PORTRAIT_WIDTHS = (96, 192, 288)
#: Where renditions are stored, whatever their original's folder.
RENDITIONS_DIRECTORY = "renditions"
#: The crops pages need: a lead image, and cards and JSON-LD's three shapes.
SHAPES = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}
CENTRE = (0.5, 0.5)


def spec_key(widths, shapes=(), focus=CENTRE):
    key = "-".join(str(width) for width in widths) + f"/q{WEBP_QUALITY}/v{VERSION}"
    if shapes:
        key += "/" + "+".join(shapes) + "/f{:.3f},{:.3f}".format(*focus)
    return key


def crop_box(width, height, shape, focus=CENTRE):
    """The largest ``shape`` (a ``SHAPES`` key) box of a ``width`` × ``height``
    image, centred on ``focus`` (fractions of the sides) as far as its edges
    allow: ``(left, top, right, bottom)`` in pixels."""
    across, down = SHAPES[shape]
    if width * down > height * across:  # wider than the shape: cut the sides
        box_width, box_height = max(1, round(height * across / down)), height
    else:
        box_width, box_height = width, max(1, round(width * down / across))

    def start(size, box, fraction):
        return min(max(0, round(size * fraction - box / 2)), size - box)

    left = start(width, box_width, focus[0])
    top = start(height, box_height, focus[1])
    return left, top, left + box_width, top + box_height


def target_widths(width, widths):
    """The rendition widths for an original ``width`` pixels wide: never wider than
    the original, which is itself included when smaller than the largest width
    (and not within 10% of a smaller one)."""
    top = min(width, max(widths))
    return sorted({w for w in widths if w < top * 0.9} | {top})


def rendition_name(source_name, digest, width):
    stem = posixpath.splitext(source_name)[0]
    return f"{RENDITIONS_DIRECTORY}/{stem}.{digest}.{width}.webp"


_SRGB = ImageCms.createProfile("sRGB")


def to_srgb(image):
    """Return ``image`` with its colours in sRGB and no embedded colour profile.

    A profile is converted away, never carried along: it is an arbitrary blob
    (it can hold any text), and sRGB is what browsers assume without one. A
    profile that cannot be read, or does not fit the image, is dropped.
    """
    profile = image.info.pop("icc_profile", None)
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(profile))
        if image.mode == "CMYK":
            return ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
        ImageCms.profileToProfile(image, source, _SRGB, inPlace=True)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        logger.info("Dropped a colour profile that cannot be applied", exc_info=True)
    return image


def _for_webp(image):
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        return image.convert("RGBA") if image.mode != "RGBA" else image
    return image.convert("RGB") if image.mode != "RGB" else image


def _upright_and_small(image, top):
    """Return ``image`` turned upright and, when wider, shrunk to ``top`` pixels
    wide, in its own mode where Pillow can resize it (a grey image stays one
    byte a pixel): no full-size copy of a large original is made."""
    ImageOps.exif_transpose(image, in_place=True)
    image = to_srgb(image)
    if image.mode not in ("L", "LA", "RGB", "RGBA"):
        image = _for_webp(image)
    if image.width > top:
        size = (top, max(1, round(image.height * top / image.width)))
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return _for_webp(image)


def _working_size(width, height, widths, shapes):
    """How large the original must be decoded for renditions of ``widths``: as
    wide as the widest, or for crops so that a square crop can be that wide."""
    top = min(width, max(widths))
    if shapes:
        scale = min(1, max(widths) / min(width, height))
        return max(top, round(width * scale)), max(1, round(height * max(scale, top / width)))
    return top, max(1, round(height * top / width))


def _write(storage, image, size, path, options, written):
    if not storage.exists(path):
        resized = (
            image
            if size == image.size
            else image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        )
        output = BytesIO()
        resized.save(output, "WEBP", **options)
        path = storage.save(path, output)
        written.append(path)
    return {"width": size[0], "height": size[1], "name": path}


def discard(storage, names):
    """Delete ``names`` from ``storage`` now, as far as it lets us.

    For files a failed save wrote: the row that would have named them was
    never saved. A name the storage will not delete either (it stopped
    answering altogether) is logged; no row names it, so ``manage.py
    quarantine_media`` (run by every release) takes it away later.
    """
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # each storage has its own errors
            logger.warning(
                "Could not delete %s after a failed save: quarantine_media will",
                name,
                exc_info=True,
            )


def build(file, widths, shapes=(), focus=CENTRE):
    """Write the missing WebP renditions of ``file`` (and its crops to ``shapes``
    around ``focus``) and return their description, or ``{}`` when the original
    cannot be read (logged; pages then show it plain)."""
    storage, name = file.storage, file.name
    try:
        with storage.open(name, "rb") as handle:
            data = handle.read()
        # Not in a `with`: closing the original would free what `image` may share.
        opened = Image.open(BytesIO(data))
        width, height = opened.size
        turned = opened.getexif().get(ORIENTATION) in (5, 6, 7, 8)  # a quarter turn
        if turned:
            width, height = height, width
        # JPEG decodes at 1/2, 1/4 or 1/8 scale directly: a 24-megapixel
        # photo needs no full decode for a 1600 px copy.
        top, top_height = _working_size(width, height, widths, shapes)
        if not shapes:
            opened.draft(None, (top, top))
        else:  # the decoder's sides are the stored ones, before turning
            opened.draft(None, (top_height, top) if turned else (top, top_height))
        opened.load()
        image = _upright_and_small(opened, top)
        del opened
    except Exception:  # A missing file, or anything Pillow refuses.
        logger.warning("No renditions for %s: the image cannot be read", name, exc_info=True)
        return {}
    written = []
    try:
        return _build(storage, name, data, image, width, height, widths, shapes, focus, written)
    except Exception:
        # The storage failed part of the way (an object store refusing or gone):
        # what this call wrote goes, so no half a set of renditions is left.
        discard(storage, written)
        raise


def _build(storage, name, data, image, width, height, widths, shapes, focus, written):
    # The encoding is part of the name: files made another way are never reused.
    digest = hashlib.sha256(data + spec_key(widths).encode()).hexdigest()[:12]
    options = {"quality": WEBP_QUALITY, "method": 4}
    renditions = [
        _write(
            storage,
            image,
            (target, max(1, round(height * target / width))),
            rendition_name(name, digest, target),
            options,
            written,
        )
        for target in target_widths(width, widths)
    ]
    info = {
        "source": name,
        "key": spec_key(widths, shapes, focus),
        "width": width,
        "height": height,
        "webp": renditions,
    }
    if shapes:
        info["crops"] = {}
        for shape in shapes:
            # Each crop's names hold its shape and focal point: moving the
            # point never serves an old crop under a kept name.
            seed = f"{spec_key(widths)}/{shape}/{focus[0]:.3f},{focus[1]:.3f}"
            digest = hashlib.sha256(data + seed.encode()).hexdigest()[:12]
            box = crop_box(image.width, image.height, shape, focus)
            cropped = image.crop(box)
            # The crop's size in the original's pixels, as ``width`` above.
            ratio = width / image.width
            crop_width = min(width, round(cropped.width * ratio))
            crop_height = max(1, round(crop_width * cropped.height / cropped.width))
            info["crops"][shape] = {
                "width": crop_width,
                "height": crop_height,
                "webp": [
                    _write(
                        storage,
                        cropped,
                        (target, max(1, round(crop_height * target / crop_width))),
                        rendition_name(name, digest, target),
                        options,
                        written,
                    )
                    for target in target_widths(crop_width, widths)
                ],
            }
    return info


def is_current(info, file, widths, shapes=(), focus=CENTRE):
    """Whether ``info`` describes ``file`` as made with ``widths`` (``shapes``,
    ``focus``) now."""
    return (
        bool(info)
        and info.get("source") == file.name
        and info.get("key") == spec_key(widths, shapes, focus)
    )


def rendition_entries(info):
    """Every rendition ``info`` describes, of the whole image and of its crops."""
    info = info or {}
    yield from info.get("webp", [])
    for crop in (info.get("crops") or {}).values():
        yield from crop.get("webp", [])


def rendition_names(info):
    return {entry["name"] for entry in rendition_entries(info)}


def delete_later(storage, names):
    """Delete ``names`` from ``storage`` once the transaction commits (never if it
    rolls back: the row would still describe them)."""
    if not names:
        return

    def delete():
        for name in sorted(names):
            try:
                storage.delete(name)
            except OSError:
                logger.warning("Could not delete the rendition %s", name, exc_info=True)

    transaction.on_commit(delete)


class RenditionsField(models.JSONField):
    """The WebP renditions of the image in the field named ``source`` (see the module)."""

    def __init__(self, *args, source, widths=ARTICLE_WIDTHS, shapes=(), focus=None, **kwargs):
        self.source = source
        self.widths = tuple(widths)
        #: ``SHAPES`` keys to crop to, around the focal point named by ``focus``,
        #: two fields of the row (x, y) holding fractions 0–1 (else the centre).
        self.shapes = tuple(shapes)
        self.focus = tuple(focus) if focus else None
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["widths"] = self.widths
        if self.shapes:
            kwargs["shapes"] = self.shapes
        if self.focus:
            kwargs["focus"] = self.focus
        for key, value in (("default", dict), ("blank", True), ("editable", False)):
            if kwargs.get(key) == value:
                del kwargs[key]
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        if not cls._meta.abstract:
            pre_save.connect(
                self._row_saving, sender=cls, weak=False, dispatch_uid=f"uploads_{cls}_{name}"
            )
            post_delete.connect(
                self._row_deleted, sender=cls, weak=False, dispatch_uid=f"renditions_{cls}_{name}"
            )
            post_save.connect(
                self._row_saved, sender=cls, weak=False, dispatch_uid=f"originals_{cls}_{name}"
            )

    def sync(self, instance):
        """Make ``instance``'s renditions match its image; return whether they changed."""
        file = getattr(instance, self.source)
        old = getattr(instance, self.attname) or {}
        focus = self.focal_point(instance)
        if file and is_current(old, file, self.widths, self.shapes, focus):
            return False
        new = build(file, self.widths, self.shapes, focus) if file else {}
        setattr(instance, self.attname, new)
        stale = rendition_names(old) - rendition_names(new)
        if stale and not self._shared(instance, old.get("source")):
            delete_later(getattr(instance, self.source).storage, stale)
        return old != new

    def focal_point(self, instance):
        """The row's focal point as fractions, clamped to 0–1 (the centre without one)."""
        if not self.focus:
            return CENTRE
        return tuple(
            min(
                1.0,
                max(
                    0.0,
                    float(getattr(instance, name) if getattr(instance, name) is not None else 0.5),
                ),
            )
            for name in self.focus
        )

    def is_current(self, instance):
        """Whether the row's renditions describe its image, widths, shapes and focal point."""
        info = getattr(instance, self.attname)
        file = getattr(instance, self.source)
        return is_current(info, file, self.widths, self.shapes, self.focal_point(instance))

    def pre_save(self, instance, add):
        # Runs after the image field's own pre_save (declared before it), which
        # has put a new upload into storage under its final name.
        file = getattr(instance, self.source)
        name = file.name or ""
        shown = (getattr(instance, self.attname) or {}).get("source") or ""
        stored = "" if add else self._stored_name(instance)
        # A name new to the row, maybe a revision's: its file may be quarantined.
        brought_back = bool(name) and name != stored and bring_back(file.storage, name)
        try:
            self.sync(instance)
        except Exception:
            # The renditions failed (build() took back its own files): the
            # original this save uploaded goes too, as the row never names it.
            if instance.__dict__.pop(self._uploading_key, False) and name:
                discard(file.storage, [name])
            raise
        instance.__dict__.pop(self._uploading_key, None)
        # Settled once the row is saved (and committed): the replaced original
        # leaves the served storage unless another row names it; the quarantined
        # copy of one brought back goes.
        settle = {stored, shown} - {name, ""}
        if brought_back:
            settle.add(name)
        instance.__dict__[self._settle_key] = settle
        return super().pre_save(instance, add)

    @property
    def _uploading_key(self):
        return f"_{self.attname}_uploading"

    def _row_saving(self, sender, instance, **kwargs):
        # Before the image field's pre_save stores a new upload: whether this
        # save is the one that puts the original into storage.
        file = getattr(instance, self.source)
        instance.__dict__[self._uploading_key] = bool(file) and not file._committed

    @property
    def _settle_key(self):
        return f"_{self.attname}_settle"

    def _stored_name(self, instance):
        """The image's name in the row as stored now ("" for a new row)."""
        if instance.pk is None:
            return ""
        source = instance._meta.get_field(self.source)
        stored = (
            type(instance)
            ._base_manager.filter(pk=instance.pk)
            .values_list(source.attname, flat=True)
            .first()
        )
        return stored or ""

    def _row_saved(self, sender, instance, **kwargs):
        names = instance.__dict__.pop(self._settle_key, None)
        if names:
            settle_later(instance._meta.get_field(self.source).storage, names)

    def _shared(self, instance, source):
        """Whether another row shows the same original (and so the same renditions)."""
        if not source:
            return False
        return (
            type(instance)
            ._default_manager.filter(**{self.source: source})
            .exclude(pk=instance.pk)
            .exists()
        )

    def _row_deleted(self, sender, instance, **kwargs):
        info = getattr(instance, self.attname, None) or {}
        storage = instance._meta.get_field(self.source).storage
        names = rendition_names(info)
        if names and not self._shared(instance, info.get("source")):
            delete_later(storage, names)
        settle_later(storage, {getattr(instance, self.source).name, info.get("source")})


def picture_context(instance, field_name):
    """What a ``<picture>`` of ``instance``'s image needs: ``src`` alone when no
    renditions describe the image (an old row, or it could not be read), else
    also ``width``, ``height`` and the WebP ``srcset``. No file is opened."""
    field = instance._meta.get_field(field_name)
    file = getattr(instance, field.source)
    if not file:
        return None
    return stored_picture(file.storage, file.name, getattr(instance, field.attname))


def stored_picture(storage, name, info, shape=None):
    """``picture_context()`` for the image stored as ``name`` in ``storage``,
    described by the renditions ``info`` (a ``RenditionsField``'s value): for
    rows read as plain values, without a model instance. With ``shape`` (a
    ``SHAPES`` key), its crop when one was made (else the whole image); the
    ``<img>`` fallback then is the crop's widest rendition, not the original of
    another shape."""
    if not name:
        return None
    info = info or {}
    # Renditions of this very image, even if made with other widths than now.
    if info.get("source") != name or not info.get("webp"):
        return {"src": storage.url(name)}
    described = ((info.get("crops") or {}).get(shape) if shape else None) or info
    if not described.get("webp"):
        described = info
    return {
        "src": storage.url(described["webp"][-1]["name"])
        if described is not info
        else storage.url(name),
        "width": described["width"],
        "height": described["height"],
        "srcset": ", ".join(
            f"{storage.url(entry['name'])} {entry['width']}w" for entry in described["webp"]
        ),
    }
