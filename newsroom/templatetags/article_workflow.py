"""Reader-facing pieces of the editorial workflow: corrections, updates, the modified date."""

from django import template
from django.utils import dateformat, timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from articles.models import Correction
from core.dates import lower
from core.i18n import current_language

register = template.Library()

# "26 ноября 2017 10:05": Russian needs the genitive month ("E").
_PATTERNS = {"ru": "j E Y H:i", "az": "j F Y H:i", "en": "j F Y H:i"}


def short_datetime(value, language=None) -> str:
    """Return ``26 November 2017 10:05`` in Baku time and the reader's language."""
    if value is None:
        return ""
    language = language or current_language()
    with translation.override(language):
        text = dateformat.format(timezone.localtime(value), _PATTERNS.get(language, "j F Y H:i"))
    return lower(text, language) if language in {"ru", "az"} else text


def _time(value, language) -> str:
    return format_html(
        '<time datetime="{}">{}</time>',
        timezone.localtime(value).replace(microsecond=0).isoformat(),
        short_datetime(value, language),
    )


def _with_time(message, value, language):
    # The message is translated text; only the <time> element is markup.
    return mark_safe(conditional_escape(message) % {"moment": _time(value, language)})  # noqa: S308


@register.simple_tag
def version_corrections(article, language=None):
    """The corrections and updates of the version in ``language`` (the page's)."""
    return article.corrections_in(language or current_language())


@register.simple_tag
def correction_heading(correction, language=None):
    """``Corrected <time>26 November 2017 10:05</time>`` / ``Updated …``."""
    language = language or current_language()
    if correction.kind == Correction.Kind.CORRECTION:
        message = gettext("Corrected %(moment)s")
    else:
        message = gettext("Updated %(moment)s")
    return _with_time(message, correction.created_at, language)


@register.simple_tag
def version_modified(article, language=None):
    """``Updated <time>…</time>``: the version's last marked change (``modified_at``)."""
    language = language or current_language()
    moment = article.modified_at(language)
    if moment is None:
        return ""
    return _with_time(gettext("Last updated %(moment)s"), moment, language)


register.filter("short_datetime", short_datetime)
