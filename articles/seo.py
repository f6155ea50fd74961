"""Small rules shared by feeds, sitemaps and page metadata.

A version's modified moment is ``Article.modified_at(language)``, the one
definition every surface reads (fetch ``with_modified()`` or
``with_corrections()`` so that it costs no query).
"""

import re

from django.utils import timezone

from core.i18n import column

# Open Graph names a locale, not a language.
OG_LOCALES = {"ru": "ru_RU", "az": "az_AZ", "en": "en_GB"}

# Characters XML 1.0 cannot carry at all, even escaped; a title pasted from a
# word processor may hold one, and it must not break a feed or a sitemap.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value) -> str:
    """Return ``value`` as text without the characters XML 1.0 forbids."""
    return _XML_ILLEGAL.sub("", str(value or ""))


# Silent reading of non-fiction by adults, words per minute, from
# Trauzettel-Klosinski & Dietz (2012, IReST: the same texts read in 17
# languages): English 228, Russian 184; Turkish (166) stands in for
# Azerbaijani, a close relative with the same agglutinative long words.
WORDS_PER_MINUTE = {"ru": 184, "az": 166, "en": 228}
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def reading_minutes(html, language) -> int:
    """Minutes a reader of ``language`` needs for the rich text ``html``: at least one."""
    words = len(_WORD.findall(_TAG.sub(" ", html or "")))
    return max(1, round(words / WORDS_PER_MINUTE[language]))


def x_default_language(article):
    """The version to offer when no language matches: the original if public, else the first."""
    codes = article.public_languages()
    if article.original_language in codes:
        return article.original_language
    return codes[0] if codes else None


def published_at(article, language):
    return getattr(article, column("published_at", language))


def iso_moment(value) -> str:
    """ISO 8601 in Baku time with its offset, to the second: ``2017-11-25T12:51:00+04:00``."""
    if value is None:  # a staff preview of a version not yet scheduled
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
