from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from core.images import PORTRAIT_WIDTHS, RenditionsField
from core.links import cached_reverse
from core.text import unique_slug
from core.uploads import UnguessablePath


class Author(models.Model):
    """A public byline: a person or an institution."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Stable ASCII address; made from the name when left blank."),
    )
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("For example “Political analyst”.")
    )
    bio = models.TextField(_("biography"), blank=True)
    # A directory of its own per upload: a replaced photo never shares its
    # predecessor's address, so browsers may keep each for a year (public/media.py).
    photo = models.ImageField(_("photo"), upload_to=UnguessablePath("authors"), blank=True)
    # Declared after photo: its pre_save needs the upload already stored.
    photo_renditions = RenditionsField(
        _("photo renditions"), source="photo", widths=PORTRAIT_WIDTHS
    )
    is_institution = models.BooleanField(
        _("institution"),
        default=False,
        help_text=_("The byline is the service or another institution, not a person."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        limit_choices_to={"is_staff": True},
    )

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return localized(self, "name").text or self.slug

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, self.slug_source(), self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("articles:author", self.slug)

    def slug_source(self):
        """The text a blank slug is made from: the English name, else another."""
        return localized(self, "name", "en").text
