import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.i18n import columns, localized
from core.images import ARTICLE_WIDTHS, RenditionsField, stored_picture
from core.uploads import UnguessablePath

#: The crops made of every photo: the lead (16:9), cards (4:3) and the three
#: shapes search engines take for an article's image (JSON-LD).
PHOTO_SHAPES = ("16x9", "4x3", "1x1")

# A label typed into the credit ("Фото: Фото: …" on the page otherwise): the
# kinds' words in the three languages, followed by a colon or a spaced dash.
_LABEL = re.compile(
    r"^\s*(?:фото|фотография|photo|photograph|foto|fotoşəkil|иллюстрация|illustration|"
    r"illüstrasiya|İllüstrasiya|инфографика|infographic|infoqrafika|İnfoqrafika|скриншот|"
    r"screenshot|ekran görüntüsü)\s*(?::|\s[-–—]\s)\s*",
    re.IGNORECASE,
)


def strip_credit_label(text):
    """``text`` without the kind labels typed before it ("Фото: АПА" → "АПА")."""
    text = (text or "").strip()
    while (stripped := _LABEL.sub("", text, count=1)) != text:
        text = stripped
    return text


class Photo(models.Model):
    class CreditKind(models.TextChoices):
        PHOTO = "photo", pgettext_lazy("credit kind", "Photo")
        ILLUSTRATION = "illustration", pgettext_lazy("credit kind", "Illustration")
        INFOGRAPHIC = "infographic", pgettext_lazy("credit kind", "Infographic")
        SCREENSHOT = "screenshot", pgettext_lazy("credit kind", "Screenshot")

    image = models.ImageField(
        _("image"),
        upload_to=UnguessablePath("photos"),
        help_text=_(
            "JPEG, PNG, WebP or GIF; a very large original is stored downscaled. "
            "Click the image to set its focal point: crops keep it in view."
        ),
    )
    focal_x = models.FloatField(
        _("focal point, across"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 is the left edge, 1 the right edge."),
    )
    focal_y = models.FloatField(
        _("focal point, down"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 is the top edge, 1 the bottom edge."),
    )
    # Declared after the image (its pre_save needs the upload already stored).
    renditions = RenditionsField(
        _("renditions"),
        source="image",
        widths=ARTICLE_WIDTHS,
        shapes=PHOTO_SHAPES,
        focus=("focal_x", "focal_y"),
    )
    caption = models.CharField(
        _("caption"), max_length=300, blank=True, help_text=_("Shown under the image.")
    )
    alt = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the image shows, for readers who cannot see it. Not the caption "
            "again: screen readers read both."
        ),
    )
    credit_kind = models.CharField(
        _("credit kind"), max_length=16, choices=CreditKind, default=CreditKind.PHOTO
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_('The author or agency only: the page adds "Photo:" or "Illustration:".'),
    )
    source = models.TextField(
        _("source"), blank=True, help_text=_("Where the image comes from (not shown to readers).")
    )
    licence = models.TextField(
        _("licence"),
        blank=True,
        help_text=_("Terms of use: who may publish it, until when (not shown to readers)."),
    )
    tags = models.ManyToManyField(
        "tags.Tag", verbose_name=_("tags"), blank=True, related_name="photos"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        get_latest_by = "created"
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        indexes = [
            # The media view asks which photo a file belongs to (public/media.py).
            models.Index(fields=["image"], name="photo_image"),
        ]

    def __str__(self):
        text = localized(self, "caption").text or localized(self, "alt").text
        return text or self.image.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs):
        for name in columns("credit"):
            setattr(self, name, strip_credit_label(getattr(self, name)))
        self.credit = strip_credit_label(self.credit)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"image", "focal_x", "focal_y"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "renditions"}
        super().save(*args, **kwargs)

    def picture(self, shape=None):
        """What ``{% picture %}`` needs for the whole image or its ``shape`` crop."""
        return stored_picture(self.image.storage, self.image.name, self.renditions, shape)

    def crop_urls(self):
        """The widest rendition of each crop (16:9, 4:3, 1:1): what search engines
        take for an article's image. Empty until the crops are made."""
        info = self.renditions or {}
        if info.get("source") != self.image.name:
            return []
        crops = info.get("crops") or {}
        return [
            self.image.storage.url(crops[shape]["webp"][-1]["name"])
            for shape in PHOTO_SHAPES
            if crops.get(shape, {}).get("webp")
        ]

    def credit_text(self, language=None, among=None):
        """The credit as ``Localized``: a name reads the same in any language, so
        another language's (of ``among``, when given) stands in for a missing one."""
        return localized(self, "credit", language, among=among)

    def credit_label(self):
        """The kind's label as pages print it before the credit ("Photo:")."""
        return CREDIT_LABELS[self.credit_kind]

    def text(self, field, language, among=None):
        """``field`` (caption, alt, credit) in ``language``; caption and credit fall
        back to another language of ``among``, alt never does (an ``alt``
        attribute cannot say which language it is in)."""
        if field == "alt":
            return localized(self, "alt", language, fallback=False)
        return localized(self, field, language, among=among)


CREDIT_LABELS = {
    Photo.CreditKind.PHOTO: _("Photo:"),
    Photo.CreditKind.ILLUSTRATION: _("Illustration:"),
    Photo.CreditKind.INFOGRAPHIC: _("Infographic:"),
    Photo.CreditKind.SCREENSHOT: _("Screenshot:"),
}
