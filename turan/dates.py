"""Publication moments as readers see them: their language, Baku time, the weekday."""

from django.utils import dateformat, timezone, translation

from turan.i18n import current_language

# Russian needs the genitive month ("25 ноября"), which Django calls "E".
_PATTERNS = {"ru": "j E Y", "az": "j F Y", "en": "j F Y"}


def lower(text: str, language: str) -> str:
    """Lower-case ``text`` by the rules of ``language`` (Azerbaijani dotted/dotless i)."""
    if language == "az":
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()


def long_datetime(value, language: str | None = None) -> str:
    """Return e.g. ``25 noyabr 2017 (şənbə) 12:51`` in the current time zone (Baku)."""
    if value is None:
        return ""
    language = language or current_language()
    value = timezone.localtime(value)
    with translation.override(language):
        date = dateformat.format(value, _PATTERNS.get(language, "j F Y"))
        weekday = dateformat.format(value, "l")
        time = dateformat.format(value, "H:i")
    if language in {"ru", "az"}:
        date, weekday = lower(date, language), lower(weekday, language)
    return f"{date} ({weekday}) {time}"
