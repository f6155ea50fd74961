from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from tags.models import Tag


class Quote(models.Model):
    """Words of a named person, with the role they held when they said them."""

    text = models.TextField(_("words"))
    speaker = models.ForeignKey(
        Tag,
        verbose_name=_("speaker"),
        on_delete=models.PROTECT,
        related_name="quotes",
        limit_choices_to={"kind": Tag.Kind.PERSON},
    )
    speaker_role = models.CharField(
        _("role at the time"),
        max_length=200,
        blank=True,
        help_text=_("The role the speaker held then, e.g. “NATO Secretary General (2009–2014)”."),
    )
    said_on = models.DateField(_("said on"), null=True, blank=True)
    place = models.CharField(_("where"), max_length=200, blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the words were published.")
    )

    class Meta:
        ordering = ["-said_on", "-pk"]
        get_latest_by = "said_on"
        # The quotes archive's order: a page walks it and stops after twenty
        # public quotes, instead of sorting every public quote for each page.
        indexes = [
            models.Index(
                F("said_on").desc(nulls_last=True), F("id").desc(), name="quote_archive_order"
            )
        ]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self):
        words = localized(self, "text").text
        short = words if len(words) <= 60 else words[:59] + "…"
        return f"{self.speaker}: «{short}»"
