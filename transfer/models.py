from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class ImportedPost(models.Model):
    """A WordPress post brought in: which article (and language) it became.

    ``(source, wp_id)`` is the post's identity in its site; ``checksum`` is
    of what the import read from it, so a rerun of the same file finds every
    post unchanged and writes nothing, and a changed post updates its version.
    ``group`` is the translation group (Polylang's, WPML's, or the post alone)
    the article stands for.
    """

    source = models.CharField(_("source"), max_length=200)
    wp_id = models.PositiveBigIntegerField(_("WordPress id"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    guid = models.CharField(_("GUID"), max_length=500, blank=True)
    group = models.CharField(_("translation group"), max_length=200)
    checksum = models.CharField(_("checksum"), max_length=64)
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="imported_posts",
    )
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        ordering = ["source", "wp_id"]
        verbose_name = _("imported post")
        verbose_name_plural = _("imported posts")
        constraints = [
            models.UniqueConstraint(fields=["source", "wp_id"], name="imported_post_once")
        ]
        indexes = [
            models.Index(fields=["source", "group"], name="imported_post_group"),
            # The old ``?p=ID`` address (transfer.middleware).
            models.Index(fields=["wp_id"], name="imported_post_wp_id"),
        ]

    def __str__(self):
        return f"{self.source} #{self.wp_id} ({self.language})"


class OldAddress(models.Model):
    """An address an imported post had, answered with a 301 to its version here."""

    path = models.CharField(_("path"), max_length=500, unique=True)
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="old_addresses",
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)

    class Meta:
        ordering = ["path"]
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.path
