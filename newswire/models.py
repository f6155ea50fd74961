import hashlib
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Section
from core.i18n import LANGUAGE_CODES

#: Every key starts so: a leaked one is recognisable in logs and by secret scanners.
KEY_PREFIX = "turan_"


def all_languages():
    return list(LANGUAGE_CODES)


class Partner(models.Model):
    """A medium that receives the newswire: what it may read, and how fast."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    languages = ArrayField(
        models.CharField(max_length=2, choices=settings.LANGUAGES),
        verbose_name=_("languages"),
        default=all_languages,
        help_text=_("The language versions the partner receives."),
    )
    sections = models.ManyToManyField(
        Section,
        verbose_name=_("sections"),
        blank=True,
        related_name="+",
        help_text=_("Empty: every section."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive partner's keys are refused.")
    )
    rate_limit = models.PositiveIntegerField(
        _("requests per minute"),
        default=120,
        help_text=_("Per key; beyond it the API answers 429."),
    )
    receives_embargoed = models.BooleanField(
        _("receives embargoed items"),
        default=False,
        help_text=_(
            "Scheduled versions reach this partner before their moment, marked with the "
            "moment until which they are embargoed. Only editors can change this."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name

    def issue_key(self, name=""):
        """Create a key for the partner; return ``(key, token)``. The token is
        shown once: only its digest is kept."""
        token = KEY_PREFIX + secrets.token_urlsafe(32)
        key = ApiKey.objects.create(
            partner=self, name=name, prefix=token[: len(KEY_PREFIX) + 6], digest=digest(token)
        )
        return key, token


def digest(token: str) -> str:
    """The stored form of a key: SHA-256 of its text (docs/architecture.md, "Partner keys")."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class ApiKey(models.Model):
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="keys"
    )
    name = models.CharField(_("label"), max_length=100, blank=True)
    #: The key's first characters, to tell keys apart in the admin.
    prefix = models.CharField(_("begins with"), max_length=20, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.prefix}…"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class DailyUsage(models.Model):
    """Requests a partner made on one day (Baku), for billing and abuse: one row a day."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="usage"
    )
    day = models.DateField(_("day"))
    count = models.PositiveBigIntegerField(_("requests"), default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("requests per day")
        verbose_name_plural = _("requests per day")
        constraints = [models.UniqueConstraint(fields=["partner", "day"], name="daily_usage_once")]

    def __str__(self):
        return f"{self.partner_id} {self.day}: {self.count}"


class RateWindow(models.Model):
    """Requests made with one key in one minute: the limit every worker shares."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    window = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="rate_window_once")]

    def __str__(self):
        return f"{self.key_id} {self.window:%H:%M}: {self.count}"


class VersionChange(models.Model):
    """When a language version last changed for partners, kept by the database.

    A row per (article, language) that ever had a publication moment, written
    by triggers (migration 0001) on every path: a save, ``update()``, a bulk
    load, raw SQL, a deletion (the row stays: it is the take-down notice).
    ``seen_public`` / ``seen_scheduled``: some write found the version public /
    scheduled, so a partner may hold it and must be told when it goes.
    """

    # No constraint, and nullable so that joins are outer: the row outlives a
    # deleted article, as its notice.
    article = models.ForeignKey(
        Article, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    section_id = models.BigIntegerField(null=True)
    changed_at = models.DateTimeField()
    sequence = models.BigIntegerField()
    seen_public = models.BooleanField(default=False)
    seen_scheduled = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="version_change_once")
        ]
        indexes = [
            models.Index(fields=["changed_at", "article", "language"], name="version_change_at"),
            # The last change number: part of the cache key for embargoed distribution.
            models.Index(fields=["sequence"], name="version_change_sequence"),
        ]

    def __str__(self):
        return f"{self.article_id}:{self.language} {self.changed_at}"


# Push: webhooks and their deliveries (newswire/push.py, docs/api.md "Webhooks").

SECRET_PREFIX = "turan_whsec_"


class Event(models.TextChoices):
    PUBLISHED = "published", _("published")
    SCHEDULED = "scheduled", _("scheduled (embargoed)")
    UPDATED = "updated", _("updated")
    CORRECTED = "corrected", _("corrected")
    UNPUBLISHED = "unpublished", _("unpublished")
    TEST = "test", _("test")


def all_events():
    return [event for event in Event.values if event != Event.TEST]


def new_secret():
    return SECRET_PREFIX + secrets.token_urlsafe(32)


class Webhook(models.Model):
    """An address of a partner's that is sent each version it may see, as it changes."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(
        _("address"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("http or https; redirects are not followed."),
    )
    #: Signs every delivery (HMAC-SHA256); shown to the editor once, when made.
    secret = models.CharField(max_length=100, default=new_secret, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    events = ArrayField(
        models.CharField(max_length=20, choices=[c for c in Event.choices if c[0] != "test"]),
        verbose_name=_("events"),
        default=all_events,
        help_text=_(
            "What is sent. Scheduled versions go only to partners receiving embargoed items."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    #: How far the change feed has been read for this address (newswire/push.py).
    read_until = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["partner__name", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self):
        return self.url


class Delivery(models.Model):
    """One event of one version for one webhook: sent once, retried until it arrives."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("given up")

    webhook = models.ForeignKey(
        Webhook, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries"
    )
    #: The delivery id partners see (``X-Turan-Delivery``), the same on every attempt.
    uid = models.UUIDField(_("delivery id"), unique=True, editable=False)
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    # Which version: no constraint, like VersionChange, so the log outlives the article.
    article_id = models.BigIntegerField(_("article"), null=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    version = models.BigIntegerField(_("version"), null=True)
    #: What makes the event once: ``live``, ``embargo``, ``canceled`` (newswire/push.py).
    phase = models.CharField(max_length=10, blank=True)
    #: The version's place in the change feed: deliveries go out in this order.
    moment = models.DateTimeField(_("moment"))
    body = models.TextField()
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    response_code = models.PositiveIntegerField(_("response code"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "article_id", "language", "version", "phase"],
                condition=~models.Q(event="test"),
                name="delivery_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at", "moment", "id"],
                condition=models.Q(status="pending"),
                name="delivery_due",
            ),
            models.Index(fields=["webhook", "-created_at"], name="delivery_log"),
        ]

    def __str__(self):
        return f"{self.event} {self.article_id}:{self.language} v{self.version}"
