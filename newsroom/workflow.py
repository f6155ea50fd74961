"""Review of language versions: draft → ready for review → changes requested /
approved, then scheduled / published by their publication moment.

The review state is stored per version (``newsroom.VersionReview``; no row is
a draft); scheduled and published are never stored, they follow from the
moment (``articles.visibility``) and win over the stored state. Each step is
an editorial action in the manner of newsroom/actions.py: one transaction, the
acting ``user``, its permission checked here, the step recorded in the
article's history, the people concerned told by mail after commit
(newsroom/notify.py)::

    submit_for_review(article, code, *, user) -> VersionReview
    approve_version(article, code, *, user) -> VersionReview
    request_changes(article, code, note, *, user) -> VersionReview

A refused step raises ``ReviewRefused`` (a ``ValidationError``) with a message
for the person who tried, or ``PermissionDenied``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, PublicationStatus
from core.i18n import LANGUAGE_CODES
from newsroom import history, notes, notify
from newsroom.actions import can_publish
from newsroom.models import ReviewState, VersionReview
from newsroom.publication import language_label

CHANGE_PERMISSION = "articles.change_article"


class Stage(models.TextChoices):
    """What the list, the form and the dashboard show for a version."""

    MISSING = "missing", _("no text")
    DRAFT = "draft", _("draft")
    READY = "ready", _("ready for review")
    CHANGES_REQUESTED = "changes", _("changes requested")
    APPROVED = "approved", _("approved")
    SCHEDULED = "scheduled", _("scheduled")
    PUBLISHED = "published", _("published")


class ReviewRefused(ValidationError):
    pass


def stage_of(article, code, state=None, now=None):
    """The version's stage: its moment's status first, then its review ``state``."""
    status = article.publication_status(code, now or timezone.now())
    if status == PublicationStatus.PUBLIC:
        return Stage.PUBLISHED
    if status == PublicationStatus.SCHEDULED:
        return Stage.SCHEDULED
    if status == PublicationStatus.MISSING:
        return Stage.MISSING
    return Stage(state or ReviewState.DRAFT)


def review_states(articles):
    """``{(article id, language): state}`` for ``articles``, in one query."""
    ids = [article.pk for article in articles]
    return {
        (article_id, language): state
        for article_id, language, state in VersionReview.objects.filter(
            article_id__in=ids
        ).values_list("article_id", "language", "state")
    }


def stages(article, now=None):
    """``{code: Stage}`` for every language of one article."""
    states = review_states([article]) if article.pk else {}
    return {
        code: stage_of(article, code, states.get((article.pk, code)), now)
        for code in LANGUAGE_CODES
    }


def can_submit(user):
    return user is not None and user.has_perm(CHANGE_PERMISSION)


def allowed_steps(user, stage):
    """The steps ``user`` may take from ``stage``: "submit", "approve", "request_changes"."""
    steps = []
    if can_submit(user) and stage in (Stage.DRAFT, Stage.CHANGES_REQUESTED):
        steps.append("submit")
    if can_publish(user):
        if stage == Stage.READY:
            steps.append("approve")
        if stage in (Stage.READY, Stage.APPROVED):
            steps.append("request_changes")
    return steps


def _check_language(code):
    if code not in LANGUAGE_CODES:
        raise ValueError(f"Unknown language {code!r}")


def _step(article, code, step, *, user, state, note="", event):
    """Move the ``code`` version to ``state`` by ``step``, under the article's row lock."""
    _check_language(code)
    if step == "submit":
        if not can_submit(user):
            raise PermissionDenied
    elif not can_publish(user):
        raise PermissionDenied
    with transaction.atomic():
        article.refresh_from_db(from_queryset=Article.objects.select_for_update())
        review = VersionReview.objects.filter(article=article, language=code).first()
        stage = stage_of(article, code, review.state if review else None)
        if step not in allowed_steps(user, stage):
            raise ReviewRefused(refusal_message(code, step, stage))
        now = timezone.now()
        if review is None:
            review = VersionReview(article=article, language=code)
        review.state = state
        review.changed_at = now
        review.changed_by = history.user_or_none(user)
        if step == "submit":
            review.submitted_by = history.user_or_none(user)
        review.save()
        if note:
            notes.add_note(article, note, user=user, language=code)
        entry = {"kind": event.value, "language": code}
        if note:
            entry["note"] = note
        history.record_revision(article, user, extra_events=[entry])
        notify.review_step(article, code, step, user=user, note=note)
    return review


def submit_for_review(article, code, *, user):
    """Send the ``code`` version to the editors: it needs a title and a body."""
    return _step(
        article,
        code,
        "submit",
        user=user,
        state=ReviewState.READY,
        event=history.Event.SUBMITTED,
    )


def approve_version(article, code, *, user):
    """An editor's yes to a version ready for review (publishing stays its own step)."""
    return _step(
        article,
        code,
        "approve",
        user=user,
        state=ReviewState.APPROVED,
        event=history.Event.APPROVED,
    )


def request_changes(article, code, note, *, user):
    """Send the version back to its author with ``note`` (required), kept as an
    internal note of the article."""
    note = (note or "").strip()
    if not note:
        raise ReviewRefused(gettext("Say what should change: the note is required."))
    return _step(
        article,
        code,
        "request_changes",
        user=user,
        state=ReviewState.CHANGES_REQUESTED,
        note=note,
        event=history.Event.CHANGES_REQUESTED,
    )


STEPS = {
    "submit": submit_for_review,
    "approve": approve_version,
    "request_changes": request_changes,
}


def refusal_message(code, step, stage):
    language = language_label(code)
    if stage == Stage.MISSING:
        return gettext(
            "The %(language)s version needs a title and a body before it can be reviewed."
        ) % {"language": language}
    if stage in (Stage.SCHEDULED, Stage.PUBLISHED):
        return gettext(
            "The %(language)s version already has its publication moment: it is past review."
        ) % {"language": language}
    return gettext("The %(language)s version is %(stage)s: this step is not possible now.") % {
        "language": language,
        "stage": stage.label,
    }


def step_label(step):
    return {
        "submit": gettext("Submit for review"),
        "approve": gettext("Approve"),
        "request_changes": gettext("Request changes"),
    }[step]


#: Editing these in a version takes back its approval (newsroom/outdated.py's list).
APPROVED_TEXT_FIELDS = ("title", "lead", "body", "caption")


def reopen_after_edit(sender, instance, created, **kwargs):
    """post_save of ``ArticleRevision``: an approved version whose text someone
    who may not publish changed is a draft again (approval is of a text), and
    the revision says so. An editor's own edits keep the approval."""
    if not created or not instance.changed_fields or can_publish(instance.created_by):
        return
    languages = {
        code
        for code in LANGUAGE_CODES
        for name in APPROVED_TEXT_FIELDS
        if f"{name}_{code}" in instance.changed_fields
    }
    if not languages:
        return
    approved = VersionReview.objects.filter(
        article_id=instance.article_id, language__in=languages, state=ReviewState.APPROVED
    )
    reopened = sorted(approved.values_list("language", flat=True))
    if not reopened:
        return
    approved.update(
        state=ReviewState.DRAFT, changed_at=timezone.now(), changed_by=instance.created_by
    )
    instance.events = [
        *instance.events,
        *({"kind": history.Event.REOPENED.value, "language": code} for code in reopened),
    ]
    type(instance).objects.filter(pk=instance.pk).update(events=instance.events)
