"""Language helpers: the one place that decides fallback for short labels."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def column(field: str, language: str) -> str:
    """Return the name of ``field``'s translated column in ``language`` (``title_az``).

    The one way code names a language's column, for queries and attributes alike.
    """
    return build_localized_fieldname(field, language)


def current_language() -> str:
    language = get_language() or settings.LANGUAGE_CODE
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Localized:
    """A translated value together with the language it is actually in."""

    text: str
    language: str

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)


def localized(obj, field: str, language: str | None = None, fallback: bool = True) -> Localized:
    """Return ``obj.<field>`` in ``language``, else (if ``fallback``) the first
    other language, in ``LANGUAGES`` order, that has it."""
    language = language or current_language()
    order = [language] + ([code for code in LANGUAGE_CODES if code != language] if fallback else [])
    for code in order:
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return Localized(value, code)
    return Localized("", language)
