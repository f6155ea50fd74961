from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from core.links import cached_reverse
from core.text import unique_slug


class Tag(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        PLACE = "place", _("Place")
        TOPIC = "topic", _("Topic")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.TOPIC)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Stable ASCII address; made from the name when left blank."),
    )

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return localized(self, "name").text or self.slug

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Tag, self.slug_source(), self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("articles:tag", self.slug)

    def slug_source(self):
        """The text a blank slug is made from: the English name, else another."""
        return localized(self, "name", "en").text
