"""Per-language publication as the newsroom sees it: moments in Baku time, in words.

Used by the article admin (the summary over the form, the calendar) in the
staff member's own interface language, whatever the article's languages.
"""

from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from articles.models import PublicationStatus
from core import dates
from core.i18n import LANGUAGE_CODES, column, current_language


def utc_offset(at=None) -> str:
    """Return the site time zone's offset at ``at`` (now) as ``UTC+4``."""
    offset = timezone.localtime(at).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    hours, rest = divmod(abs(minutes), 60)
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(at=None) -> str:
    """``Baku time (UTC+4)``: how every moment in the admin is entered and shown."""
    return _("Baku time (%(offset)s)") % {"offset": utc_offset(at)}


def language_label(code: str) -> str:
    """The language's name in the interface language (``Azerbaijani``, ``Азербайджанский``)."""
    return str(get_language_info(code)["name_translated"])


def moment_in_words(moment, now=None) -> str:
    """``12:51 today``, ``tomorrow 09:00``, ``yesterday 18:30``, else the full date (Baku)."""
    now = now or timezone.now()
    local = timezone.localtime(moment)
    time = local.strftime("%H:%M")
    days = (local.date() - timezone.localtime(now).date()).days
    if days == 0:
        return _("%(time)s today") % {"time": time}
    if days == 1:
        return _("tomorrow %(time)s") % {"time": time}
    if days == -1:
        return _("yesterday %(time)s") % {"time": time}
    return dates.long_datetime(moment, current_language())


def is_incomplete(article, language: str) -> bool:
    """A title without a body or a body without a title: saved, but not a version
    (its status is "missing") and never publishable until both are written."""
    title = getattr(article, column("title", language))
    body = getattr(article, column("body", language))
    return bool(title or body) and not (title and body)


def version_in_words(article, language: str, now=None) -> str:
    """``public since 12:51 today`` / ``goes live tomorrow 09:00`` / ``not scheduled``."""
    now = now or timezone.now()
    status = article.publication_status(language, now)
    moment = getattr(article, column("published_at", language))
    if status == PublicationStatus.PUBLIC:
        return _("public since %(moment)s") % {"moment": moment_in_words(moment, now)}
    if status == PublicationStatus.SCHEDULED:
        return _("goes live %(moment)s") % {"moment": moment_in_words(moment, now)}
    if status == PublicationStatus.DRAFT:
        return _("not scheduled")
    if is_incomplete(article, language):
        return _("incomplete: needs both a title and a body")
    return _("no text yet")


def publication_summary(article, now=None) -> str:
    """Every version in words, in ``LANGUAGES`` order::

    Russian: public since 12:51 today · Azerbaijani: not scheduled · English: goes live tomorrow 09:00
    """
    now = now or timezone.now()
    return " · ".join(
        f"{language_label(code)}: {version_in_words(article, code, now)}" for code in LANGUAGE_CODES
    )
