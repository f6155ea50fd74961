"""Internal notes on an article: staff talking to staff (author, time, text,
optionally the language version it is about).

Shown on the article's change form only. The model is the newsroom's, and
every public surface (pages, feeds, the partner API, sitemaps, search, the
archive export) lives in an app below the newsroom, which cannot import it
(the layers contract), so none of them can show one by accident.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from core.i18n import LANGUAGE_CODES
from newsroom.history import user_or_none
from newsroom.models import Note

MAX_LENGTH = 5000


def add_note(article, text, *, user, language=""):
    """Add ``text`` as ``user``'s note on ``article`` (about its ``language``
    version, or the whole article); return the note."""
    if user is None or not user.is_staff:
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError(gettext("The note is empty."))
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            gettext("A note is at most %(count)d characters.") % {"count": MAX_LENGTH}
        )
    if language and language not in LANGUAGE_CODES:
        raise ValueError(f"Unknown language {language!r}")
    author = user_or_none(user)
    with transaction.atomic():
        return Note.objects.create(
            article=article,
            author=author,
            author_name=(author.get_full_name() or author.get_username()) if author else "",
            language=language or "",
            text=text,
        )


def notes_of(article):
    """The article's notes, oldest first."""
    if article is None or article.pk is None:
        return Note.objects.none()
    return Note.objects.filter(article=article).select_related("author")
