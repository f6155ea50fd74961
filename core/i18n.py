"""Language helpers: the one place that decides fallback for short labels."""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_NAMES = dict(settings.LANGUAGES)


@cache
def column(field: str, language: str) -> str:
    """Return the name of ``field``'s translated column in ``language`` (``title_az``).

    The one way code names a language's column, for queries and attributes
    alike, and a per-language annotation after it (``is_public_az``). Kept per
    (field, language): the names are few, and pages ask for them in loops.
    """
    return build_localized_fieldname(field, language)


def columns(field: str, languages=None) -> list[str]:
    """``field``'s columns in every language (or ``languages``), in ``LANGUAGES`` order."""
    return [column(field, code) for code in languages or LANGUAGE_CODES]


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


def localized(
    obj, field: str, language: str | None = None, fallback: bool = True, among=None
) -> Localized:
    """Return ``obj.<field>`` in ``language``, else (if ``fallback``) the first
    other language, in ``LANGUAGES`` order, that has it — only languages in
    ``among``, when given (e.g. those whose version readers may see)."""
    language = language or current_language()
    order = _lookup_order(field, language, fallback, tuple(among) if among is not None else None)
    for name, code in order:
        value = getattr(obj, name, None)
        if value:
            return Localized(value, code)
    return Localized("", language)


@cache
def _lookup_order(
    field: str, language: str, fallback: bool, among: tuple | None = None
) -> tuple[tuple[str, str], ...]:
    """``(column, language)`` pairs in the order ``localized()`` reads them."""
    others = [code for code in LANGUAGE_CODES if code != language] if fallback else []
    if among is not None:
        others = [code for code in others if code in among]
    return tuple((column(field, code), code) for code in [language, *others])
