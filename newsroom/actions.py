"""Editorial actions: everything the newsroom does to an article, as plain functions.

Each action runs in one transaction, takes the acting ``user`` explicitly (the
revision it records names them), checks ``articles.publish_article`` itself
where a publication moment is involved (``PermissionDenied`` without it), and
returns a result. The admin calls them; a management command, an API or a
test can too::

    publish_version(article, code, at=None, *, user) -> ArticleRevision | None
    unpublish_version(article, code, *, user) -> ArticleRevision | None
    record_revision(article, *, user, checked=()) -> ArticleRevision | None
    restore_revision(revision, *, user) -> ArticleRevision
    mark_translation_checked(article, code, *, user) -> ArticleRevision | None
    add_correction(article, code, kind, note, *, user) -> Correction

An action saves the article's row with ``Article.save(record_revision=False)``
and records the revision itself once everything it writes (tags, bylines) is
written; any other ``Article.save()`` is recorded by newsroom/signals.py,
without a user. Checking who may change an article at all stays with the
caller (the admin's change permission).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import (
    Article,
    Byline,
    Correction,
    PublicationStatus,
    Section,
    TranslationState,
)
from authors.models import Author
from core.i18n import LANGUAGE_CODES, LANGUAGE_NAMES, column
from core.text import sanitize_html
from newsroom import history
from newsroom.history import (
    parse_moment,
    restored_snapshot,
    snapshot_value,
    take_snapshot,
    translated_columns,
)
from tags.models import Tag

PUBLISH_PERMISSION = "articles.publish_article"


class RestoreRefused(Exception):
    pass


# Permissions and checks


def can_publish(user):
    """May ``user`` publish, schedule and unpublish language versions?"""
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


def require_publisher(user):
    if not can_publish(user):
        raise PermissionDenied


def _check_language(code):
    if code not in LANGUAGE_CODES:
        raise ValueError(f"Unknown language {code!r}")


def has_text(title, body):
    """Does a version with this title and body have what a public version needs?"""
    return bool(title) and bool(sanitize_html(body or ""))


def missing_text_message(code):
    return gettext(
        "Write the title and the body in %(language)s before setting its publication moment."
    ) % {"language": LANGUAGE_NAMES[code]}


def _lock(article):
    """Read ``article`` again, its row locked until the transaction ends."""
    article.refresh_from_db(from_queryset=Article.objects.select_for_update())
    return article


# Publication


def publish_version(article, code, at=None, *, user):
    """Publish the ``code`` version now, or schedule it at ``at`` (an aware datetime).

    The article is read again under its row lock (unsaved changes are not
    saved). A version without a title or a body cannot be given a moment
    (``ValidationError``). Returns the revision recorded, or None when the
    version already had that moment.
    """
    require_publisher(user)
    _check_language(code)
    name = column("published_at", code)
    with transaction.atomic():
        _lock(article)
        if not has_text(
            getattr(article, column("title", code)), getattr(article, column("body", code))
        ):
            raise ValidationError({name: missing_text_message(code)})
        return _set_moment(article, code, at or timezone.now(), user)


def unpublish_version(article, code, *, user):
    """Take the ``code`` version off the site (no moment). Returns the revision
    recorded, or None when the version had no moment."""
    require_publisher(user)
    _check_language(code)
    with transaction.atomic():
        _lock(article)
        return _set_moment(article, code, None, user)


def _set_moment(article, code, moment, user):
    name = column("published_at", code)
    if getattr(article, name) == moment:
        return None
    setattr(article, name, moment)
    article.save(update_fields=[name, "updated_at"], record_revision=False)
    return history.record_revision(article, user)


def _correction(stored, code, kind, note, *, user):
    """An unsaved correction of the ``code`` version, checked: only a version
    readers already see (as stored before this change) can be marked."""
    _check_language(code)
    if stored is None or stored.publication_status(code) != PublicationStatus.PUBLIC:
        raise ValidationError(
            gettext("Only a public version can be marked as updated or corrected (%(language)s).")
            % {"language": LANGUAGE_NAMES[code]}
        )
    correction = Correction(
        article=stored,
        language=code,
        kind=kind,
        note=(note or "").strip(),
        created_by=history.user_or_none(user),
    )
    correction.full_clean()
    return correction


def write_bylines(article, authors):
    """Make ``article``'s bylines the ``authors`` (ids or authors, in order) that
    still exist; leave the rows alone when they already are."""
    wanted = [snapshot_value(author) for author in authors]
    existing = set(Author.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    wanted = [pk for pk in wanted if pk in existing]
    current = list(article.bylines.order_by("position", "pk").values_list("author_id", flat=True))
    if wanted == current:
        return
    article.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(article=article, author_id=pk, position=position)
        for position, pk in enumerate(wanted)
    )


# Revisions


def record_revision(article, *, user, checked=()):
    """Record ``article`` as saved now by ``user`` (``checked``: translations ticked
    as checked); return the revision, or None when nothing changed since the last."""
    with transaction.atomic():
        return history.record_revision(article, user, checked=checked)


def restore_revision(revision, *, user):
    """Write ``revision``'s content back to its article and record it as a new revision.

    Without ``articles.publish_article`` the publication moments stay as they
    are now. Refused (``RestoreRefused``) when a version would keep a moment
    without its title or body.
    """
    may_publish = can_publish(user)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=revision.article_id)
        target = restored_snapshot(take_snapshot(article), revision, may_publish)
        for name in translated_columns():
            value = target.get(name)
            if isinstance(Article._meta.get_field(name), models.DateTimeField):
                value = parse_moment(value)
            setattr(article, name, value)
        for code in LANGUAGE_CODES:
            has_content = getattr(article, column("title", code)) and getattr(
                article, column("body", code)
            )
            if getattr(article, column("published_at", code)) and not has_content:
                raise RestoreRefused(
                    gettext(
                        "Revision #%(number)s has no title or no body in %(language)s, "
                        "which has a publication moment: it cannot be restored as it is."
                    )
                    % {"number": revision.number, "language": LANGUAGE_NAMES[code]}
                )
        article.original_language = target["original_language"]
        if Section.objects.filter(pk=target["section"]).exists():
            article.section_id = target["section"]
        article.lead_image = target.get("lead_image") or ""
        article.lead_image_credit = target.get("lead_image_credit") or ""
        article.save(record_revision=False)
        article.tags.set(Tag.objects.filter(pk__in=target.get("tags") or []))
        write_bylines(article, target.get("authors") or [])
        return history.record_revision(article, user, restored_from=revision.number)


# Translations and corrections


def mark_translation_checked(article, code, *, user):
    """Record that the ``code`` translation says what the original says now: it is
    no longer outdated. Returns the revision recorded, or None when the
    translation was not outdated."""
    _check_language(code)
    with transaction.atomic():
        _lock(article)
        if code == article.original_language:
            raise ValueError(f"{code!r} is the article's original language, not a translation")
        outdated = TranslationState.objects.filter(article=article, language=code, outdated=True)
        if not outdated.exists():
            return None
        return history.record_revision(article, user, checked=[code])


def add_correction(article, code, kind, note, *, user):
    """Tell readers of the public ``code`` version that it was updated or corrected
    (``kind``), with ``note`` in that language. Returns the correction."""
    require_publisher(user)
    with transaction.atomic():
        _lock(article)
        correction = _correction(article, code, kind, note, user=user)
        correction.save()
        return correction
