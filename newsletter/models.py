from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Section


class SubscriberQuerySet(models.QuerySet):
    def due(self, language, day):
        """Return the subscribers in ``language`` who have not had ``day``'s digest."""
        return self.filter(language=language).filter(
            models.Q(last_sent_on__isnull=True) | models.Q(last_sent_on__lt=day)
        )


class Subscriber(models.Model):
    """A confirmed address. Nothing is stored before its owner confirms."""

    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    sections = models.ManyToManyField(
        Section,
        blank=True,
        related_name="+",
        verbose_name=_("sections"),
        help_text=_("None chosen: every section."),
    )
    confirmed_at = models.DateTimeField(_("confirmed"))
    last_sent_on = models.DateField(
        _("last digest"),
        null=True,
        blank=True,
        help_text=_("The Baku day of the last digest sent; a day is never sent twice."),
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-confirmed_at", "-pk"]
        get_latest_by = "confirmed_at"
        constraints = [
            models.UniqueConstraint(
                fields=["email", "language"], name="newsletter_one_subscription_per_language"
            )
        ]

    def __str__(self):
        return f"{self.email} ({self.language})"


class SignupWindow(models.Model):
    """Signup requests per hashed client address or hashed email, per window."""

    key = models.CharField(max_length=64)
    window = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="newsletter_signup_window")
        ]

    def __str__(self):
        return f"{self.key} {self.window:%Y-%m-%d %H:%M}: {self.count}"


class ReadCount(models.Model):
    """Views of one language version in one hour (UTC), added in batches."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="read_counts")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language", "hour"], name="newsletter_read_count_hour"
            )
        ]
        indexes = [models.Index(fields=["language", "hour"], name="newsletter_reads_by_hour")]

    def __str__(self):
        return f"{self.article_id} ({self.language}) {self.hour:%Y-%m-%d %H}h: {self.count}"
