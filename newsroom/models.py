from django.conf import settings
from django.db import models


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
