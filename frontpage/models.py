from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class Placement(models.Model):
    """An article placed on one language's home page by an editor, until a moment.

    The home shows a placement only while it runs (no ``until``, or ``until``
    still ahead) and while the article's version in that language is public
    (the one visibility rule): placing a scheduled version makes it lead the
    moment it appears; unpublishing it takes it off at once. Without a lead
    placement the newest public article leads, as before.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead story")
        FEATURED = "featured", _("Featured story")
        BREAKING = "breaking", _("Breaking news")

    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    role = models.CharField(_("place"), max_length=10, choices=Role.choices)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="placements"
    )
    position = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("Featured stories are shown in this order, lowest first."),
    )
    until = models.DateTimeField(
        _("until"),
        null=True,
        blank=True,
        help_text=_(
            "Baku time. After this moment the home page no longer shows it. Empty: until removed."
        ),
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    placed_at = models.DateTimeField(_("placed"), auto_now_add=True)

    class Meta:
        ordering = ["language", "role", "position", "-placed_at"]
        verbose_name = _("front-page placement")
        verbose_name_plural = _("front-page placements")
        constraints = [
            # One lead story and one breaking banner per language at a time.
            models.UniqueConstraint(
                fields=["language", "role"],
                condition=Q(role__in=["lead", "breaking"]),
                name="placement_one_lead_or_breaking_per_language",
                violation_error_message=_(
                    "This language already has one: change or remove that placement first."
                ),
            ),
            models.UniqueConstraint(
                fields=["language", "role", "article"],
                name="placement_once_per_role",
                violation_error_message=_("This article already has this place in this language."),
            ),
        ]
        indexes = [
            # The page cache asks for the next moment a placement ends (public/pagecache.py).
            models.Index(fields=["until"], condition=Q(until__isnull=False), name="placement_until")
        ]

    def __str__(self):
        return f"{self.get_role_display()} [{self.language}]: {self.article}"
