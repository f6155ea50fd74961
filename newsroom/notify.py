"""Mail to the people a review step or an outdated translation concerns.

- submitted for review → the editors: active staff who hold
  ``articles.publish_article`` through their groups or their own permissions
  (sections have no editors of their own; superusers are not written to unless
  they are in the group);
- changes requested, approved → the version's authors: the staff accounts of
  its bylines and whoever submitted it, else whoever created the article;
- a translation outdated → whoever translated it: who last saved (or checked)
  that translation (``TranslationState.updated_by``).

Nobody is told of their own step. Each message is in the recipient's admin
language (``StaffLanguage``) where known, else in the version's language, and
links to the article's change form (``ADMIN_BASE_URL``).

Messages go through Django's email framework once the transaction commits
(``transaction.on_commit``): a rolled-back step sends nothing. A failing mail
server never fails the step: the error is logged and, inside
``report_failures_to(callable)`` (the admin's views), the person is told.
"""

import contextlib
import contextvars
import logging
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from articles.models import ArticleRevision
from core import dates
from core.i18n import LANGUAGE_CODES, column
from newsroom.models import StaffLanguage, VersionReview

logger = logging.getLogger(__name__)

PUBLISH_PERMISSION = "articles.publish_article"

_reporter = contextvars.ContextVar("turan_mail_reporter", default=None)


@contextlib.contextmanager
def report_failures_to(report):
    """Within the block, a delivery that fails calls ``report(text)`` (text in
    the active language) besides being logged."""
    token = _reporter.set(report)
    try:
        yield
    finally:
        _reporter.reset(token)


# Recipients


def _reachable(users):
    return [user for user in users if user is not None and user.is_active and user.email]


def editors():
    User = get_user_model()
    return list(
        User.objects.with_perm(
            PUBLISH_PERMISSION,
            include_superusers=False,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .filter(is_staff=True, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


def creator(article):
    first = (
        ArticleRevision.objects.filter(article=article, created_by__isnull=False)
        .select_related("created_by")
        .order_by("number")
        .first()
    )
    return first.created_by if first else None


def authors_of(article, code):
    """The accounts behind the version: its bylines' staff accounts and who
    submitted it, else who created the article."""
    User = get_user_model()
    review = VersionReview.objects.filter(article=article, language=code).first()
    users = list(
        User.objects.filter(
            Q(author__bylines__article=article)
            | Q(pk=review.submitted_by_id if review and review.submitted_by_id else None)
        )
        .distinct()
        .order_by("pk")
    )
    return users or [user for user in [creator(article)] if user is not None]


def translator_of(article, code):
    """Who last saved or checked the ``code`` translation, else who last changed
    one of its fields."""
    state = article.translation_states.filter(language=code).select_related("updated_by").first()
    if state is not None and state.updated_by is not None:
        return state.updated_by
    prefix = f"_{code}"
    for revision in (
        ArticleRevision.objects.filter(article=article, created_by__isnull=False)
        .select_related("created_by")
        .order_by("-number")[:50]
    ):
        if any(name.endswith(prefix) for name in revision.changed_fields):
            return revision.created_by
    return None


def language_for(user, fallback):
    chosen = StaffLanguage.objects.filter(user=user).values_list("language", flat=True).first()
    return chosen if chosen in LANGUAGE_CODES else fallback


# Messages


def change_url(article):
    path = reverse("admin:articles_article_change", args=[article.pk])
    return urljoin(settings.ADMIN_BASE_URL, path)


def display_name(user):
    if user is None:
        return gettext("someone")
    return user.get_full_name() or user.get_username()


def version_title(article, code):
    return getattr(article, column("title", code)) or str(article)


def _language_name(code):
    """The version's language in the message's, as a word in a sentence
    (Russian and Azerbaijani write language names in lower case)."""
    name = str(translation.get_language_info(code)["name_translated"])
    active = translation.get_language()
    return dates.lower(name, active) if active in ("ru", "az") else name


def _compose(kind, article, code, *, actor, note=""):
    """Subject and body of one message, in the active language."""
    context = {
        "title": version_title(article, code),
        "language": _language_name(code),
        "who": display_name(actor),
        "note": note,
        "url": change_url(article),
    }
    if kind == "submit":
        subject = gettext("For review (%(language)s): %(title)s")
        body = gettext(
            "%(who)s submitted the %(language)s version of “%(title)s” for review.\n\n"
            "Review it: %(url)s\n"
        )
    elif kind == "approve":
        subject = gettext("Approved (%(language)s): %(title)s")
        body = gettext(
            "%(who)s approved the %(language)s version of “%(title)s”.\n\nThe article: %(url)s\n"
        )
    elif kind == "request_changes":
        subject = gettext("Changes requested (%(language)s): %(title)s")
        body = gettext(
            "%(who)s asks for changes to the %(language)s version of “%(title)s”:\n\n"
            "%(note)s\n\nThe article: %(url)s\n"
        )
    elif kind == "outdated":
        subject = gettext("Translation outdated (%(language)s): %(title)s")
        body = gettext(
            "The original of “%(title)s” changed after your %(language)s translation was "
            "saved. The form shows what changed: %(url)s\n"
        )
    else:
        raise ValueError(kind)
    return subject % context, body % context


def messages_for(kind, article, code, recipients, *, actor, note=""):
    result = []
    seen = set()
    for user in _reachable(recipients):
        if user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        with translation.override(language_for(user, code)):
            subject, body = _compose(kind, article, code, actor=actor, note=note)
        result.append(EmailMessage(subject, body, to=[user.email]))
    return result


def send_after_commit(messages):
    """Deliver ``messages`` once the current transaction commits."""
    if not messages:
        return
    report = _reporter.get()
    transaction.on_commit(lambda: deliver(messages, report))


def deliver(messages, report=None):
    """Send ``messages`` on one connection; a failure is logged and reported, never raised."""
    try:
        with get_connection(fail_silently=False) as connection:
            connection.send_messages(messages)
    except Exception:
        logger.exception(
            "Newsroom mail not delivered (%d message(s)): %s",
            len(messages),
            ", ".join(address for message in messages for address in message.to),
        )
        report = report or _reporter.get()
        if report is not None:
            report(
                gettext(
                    "Saved, but the notification mail could not be sent (%(count)d recipient(s))."
                )
                % {"count": len(messages)}
            )
        return False
    return True


# Events


def review_step(article, code, step, *, user, note=""):
    """Tell whoever the review step ``step`` of the ``code`` version concerns."""
    recipients = editors() if step == "submit" else authors_of(article, code)
    send_after_commit(messages_for(step, article, code, recipients, actor=user, note=note))


def translation_outdated(article, code):
    """Tell the translator that the ``code`` translation is outdated now."""
    latest = (
        ArticleRevision.objects.filter(article=article)
        .select_related("created_by")
        .order_by("-number")
        .first()
    )
    actor = latest.created_by if latest else None
    translator = translator_of(article, code)
    send_after_commit(messages_for("outdated", article, code, [translator], actor=actor))


def on_translation_state_saved(sender, instance, created, update_fields=None, **kwargs):
    """post_save of ``TranslationState``: a translation that just became outdated."""
    if not instance.outdated:
        return
    was = getattr(instance, "_turan_was_outdated", None)
    if was:
        return
    translation_outdated(instance.article, instance.language)


def remember_outdated(sender, instance, **kwargs):
    """pre_save of ``TranslationState``: whether it was outdated before this save
    (read only when it is about to be outdated: the one case that matters)."""
    if not instance.outdated or instance.pk is None:
        instance._turan_was_outdated = False
        return
    instance._turan_was_outdated = (
        sender.objects.filter(pk=instance.pk).values_list("outdated", flat=True).first()
    )
