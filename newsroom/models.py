from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoginDelay(models.Model):
    """Sign-in attempts for one username since its last success, from any address.

    newsroom/login_delay.py counts them and makes each attempt past
    ``LOGIN_ACCOUNT_FAILURE_LIMIT`` wait; a success deletes the row. Usernames
    that are no account are counted too, so the wait tells nothing about which
    exist.
    """

    username = models.CharField(max_length=255, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt = models.DateTimeField(db_index=True)
    # No attempt before this moment, but from a browser the account signed in with.
    next_attempt = models.DateTimeField()

    def __str__(self):
        return f"{self.username}: {self.attempts}"


class Autosave(models.Model):
    """The article form as one staff member left it, kept on the server.

    Stored form data, nothing more: not a revision, never read by a public
    page, and its table is no content app's (newsroom is not one), so writing
    it changes no content version. Restoring it puts the fields back in the
    form, and only a real save, through the form's checks and the sanitiser,
    writes the article (newsroom/autosave.py). One per person and form: the
    article's change form, or the add form (``article`` empty).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    #: The form's fields as static/turan/admin/autosave.js collects them.
    fields = models.JSONField()
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            # One add-form autosave per person too: NULLs are not distinct here.
            models.UniqueConstraint(
                fields=["user", "article"],
                name="newsroom_autosave_one_per_form",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.user_id}: {self.article_id or 'new'} at {self.saved_at:%Y-%m-%d %H:%M}"


class ReviewState(models.TextChoices):
    """Where a language version stands in review, before it has a moment.

    Scheduled and published are not states of their own: they follow from the
    version's publication moment (articles.visibility), and win over these.
    """

    DRAFT = "draft", _("draft")
    READY = "ready", _("ready for review")
    CHANGES_REQUESTED = "changes", _("changes requested")
    APPROVED = "approved", _("approved")


class VersionReview(models.Model):
    """The review state of one language version of an article (no row: a draft).

    newsroom/workflow.py writes it. A newsroom table, not a content app's, so
    a review step changes no content version: cached pages stay valid.
    """

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    state = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.DRAFT)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: Who sent it for review last: told when an editor answers.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="newsroom_review_one")
        ]
        indexes = [models.Index(fields=["state", "language"], name="newsroom_review_state")]

    def __str__(self):
        return f"{self.article_id} {self.language}: {self.state}"


class Note(models.Model):
    """An internal note on an article, for staff only (newsroom/notes.py).

    Never read by a public page, feed, API, sitemap, search or export: those
    live in apps below the newsroom, which cannot import it.
    """

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The author's name as it was, kept when the account goes.
    author_name = models.CharField(max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, blank=True)
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return f"{self.author_name}: {self.text[:40]}"


class StaffLanguage(models.Model):
    """A staff member's admin language, kept for mail sent to them
    (newsroom/admin_language.py writes it with the admin's cookie)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)

    def __str__(self):
        return f"{self.user_id}: {self.language}"


class PendingChange(models.Model):
    """Edits to a public language version, kept apart until they are published.

    Readers read the article row, so a public version's text stays as
    published while its changed fields (``fields``: ``{"title_en": …}``, only
    those that differ from the live text) wait here; newsroom/pending.py saves,
    publishes and discards them. Like ``Autosave``, its table belongs to no
    content app: saving a pending change changes no content version.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="pending_changes"
    )
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    fields = models.JSONField(default=dict)
    #: A correction or update marked while saving, told to readers on publication.
    correction_kind = models.CharField(max_length=10, blank=True)
    correction_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    #: The revision that recorded its last save (the base of concurrent edits).
    revision_number = models.PositiveIntegerField(null=True)
    #: The pending fields whose live text an editor's restore replaced since they
    #: were written (newsroom/pending.py ``mark_restored``): publishing them
    #: would undo the restore, so it needs saying so.
    restored_fields = models.JSONField(default=list, blank=True)
    #: The revision that restored them.
    restored_revision = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="pending_change_once")
        ]
        permissions = [
            (
                "publish_own_fixes",
                _("Can publish their own pending changes of live versions (small fixes)"),
            ),
        ]

    def __str__(self):
        return f"{self.article_id} · {self.language}"
