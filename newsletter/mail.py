"""The newsletter's messages: the confirmation request and the daily digest.

Addresses never reach a log line: failures are logged by subscriber id.
"""

import logging
from datetime import datetime, time, timedelta
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from articles.models import Article
from core.dates import BAKU, long_date
from core.i18n import column, localized
from newsletter import tokens
from newsletter.models import Subscriber

log = logging.getLogger(__name__)


def absolute(path):
    return urljoin(settings.NEWSLETTER_BASE_URL, path)


def send_confirmation(email, language, sections):
    """Mail ``email`` the link that subscribes it; True once the server took it."""
    token = tokens.confirmation_token(email, language, sections)
    with translation.override(language):
        context = {
            "confirm_url": absolute(reverse("newsletter:confirm", args=[token])),
            "days": settings.NEWSLETTER_CONFIRM_MAX_AGE // 86400,
            "SITE_NAME": settings.SITE_NAME,
        }
        message = EmailMultiAlternatives(
            subject=gettext("Confirm your subscription to the %(SITE_NAME)s newsletter")
            % {"SITE_NAME": settings.SITE_NAME},
            body=render_to_string("newsletter/mail/confirm.txt", context),
            to=[email],
            headers={"Auto-Submitted": "auto-generated"},
        )
    try:
        message.send()
    except OSError:
        log.warning("Newsletter: a confirmation request could not be sent")
        return False
    return True


def day_bounds(day):
    start = datetime.combine(day, time.min, tzinfo=BAKU)
    return start, start + timedelta(days=1)


def day_articles(language, day, at):
    """``day``'s (a Baku date) versions public in ``language`` at ``at``, oldest first."""
    start, end = day_bounds(day)
    moment = column("published_at", language)
    return list(
        Article.objects.public(language, at)
        .filter(**{f"{moment}__gte": start, f"{moment}__lt": end})
        .select_related("section")
        .order_by(moment, "pk")
    )


def digest_message(subscriber, articles, day, connection=None):
    language = subscriber.language
    with translation.override(language):
        unsubscribe = absolute(
            reverse("newsletter:unsubscribe", args=[tokens.unsubscribe_token(subscriber)])
        )
        items = [
            {
                "title": article.version(language).title,
                "lead": getattr(article, column("lead", language), ""),
                "section": localized(article.section, "name").text,
                "url": absolute(article.get_absolute_url(language)),
            }
            for article in articles
        ]
        context = {
            "items": items,
            "day": long_date(day, language, weekday=False),
            "unsubscribe_url": unsubscribe,
            "SITE_NAME": settings.SITE_NAME,
            "LANGUAGE_CODE": language,
        }
        message = EmailMultiAlternatives(
            subject=gettext("%(SITE_NAME)s: the day's articles, %(day)s")
            % {"SITE_NAME": settings.SITE_NAME, "day": context["day"]},
            body=render_to_string("newsletter/mail/digest.txt", context),
            to=[subscriber.email],
            connection=connection,
            headers={
                # RFC 2369 and RFC 8058: mail clients show an unsubscribe
                # button that POSTs "List-Unsubscribe=One-Click" to the URL.
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": f"<digest-{language}.{urlsplit(settings.NEWSLETTER_BASE_URL).hostname}>",
                "Auto-Submitted": "auto-generated",
                "Precedence": "bulk",
            },
        )
        message.attach_alternative(
            render_to_string("newsletter/mail/digest.html", context), "text/html"
        )
    return message


def claim(subscriber, day):
    """Mark ``day`` sent to ``subscriber`` unless it already was; True if this run may send."""
    return bool(
        Subscriber.objects.due(subscriber.language, day)
        .filter(pk=subscriber.pk)
        .update(last_sent_on=day)
    )


def send_digests(day=None, at=None):
    """Send ``day``'s digest (a Baku date, today by default) to every subscriber
    not yet sent it; return ``(sent, failed)``.

    Each subscriber is marked for the day, in its own statement, before its
    message goes: a second run, or one racing this one, skips it, and a run
    that dies mid-way never sends anyone the day twice. A message that fails
    (the server refuses it, an error, an interrupt) gives the mark back, so the
    next run tries again. Only a process killed outright (SIGKILL, power loss)
    while a message is on its way leaves that one subscriber marked and
    unsent: at most once, never twice.
    """
    at = at or timezone.now()
    day = day or timezone.localdate(at, BAKU)
    sent = failed = 0
    connection = get_connection()
    try:
        for language in (code for code, _name in settings.LANGUAGES):
            articles = day_articles(language, day, at)
            if not articles:
                continue
            due = Subscriber.objects.due(language, day).prefetch_related("sections").order_by("pk")
            for subscriber in due.iterator(chunk_size=500):
                chosen = {section.pk for section in subscriber.sections.all()}
                theirs = [a for a in articles if not chosen or a.section_id in chosen]
                if not theirs:
                    continue
                previous = subscriber.last_sent_on
                with transaction.atomic():
                    if not claim(subscriber, day):
                        continue
                try:
                    digest_message(subscriber, theirs, day, connection).send()
                except BaseException as error:
                    # Not sent: give the day back, so the next run sends it.
                    Subscriber.objects.filter(pk=subscriber.pk, last_sent_on=day).update(
                        last_sent_on=previous
                    )
                    if not isinstance(error, OSError):
                        raise
                    log.warning(
                        "Newsletter: the digest to subscriber %s was refused", subscriber.pk
                    )
                    failed += 1
                    # A fresh connection for the next one: this one may be broken.
                    connection.close()
                    continue
                sent += 1
    finally:
        connection.close()
    log.info("Newsletter: %s digests of %s sent, %s refused", sent, day, failed)
    return sent, failed
