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
