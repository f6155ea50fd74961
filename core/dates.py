"""Publication moments as readers see them: their language, Baku time, the weekday."""

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.dates import MONTHS, MONTHS_ALT, WEEKDAYS, WEEKDAYS_ABBR

from core.i18n import current_language

#: The site's time zone (``TIME_ZONE``, Asia/Baku): the one every day, month
#: and year of the site is counted in, whatever zone is active. The same object
#: as ``timezone.get_default_timezone()`` (zoneinfo keeps one per key).
BAKU = ZoneInfo(settings.TIME_ZONE)

_GENITIVE = {"ru"}
# Languages whose dates write month and weekday names in lower case.
_LOWER_CASE = {"ru", "az"}


@cache
def _calendar(language):
    """``(months, weekdays)``: the names a date is written with in ``language``.

    Read once per process and language from Django's catalogues, which do not
    change while it runs: a list page writes dozens of dates, and each name
    looked up anew cost a translation lookup (dateformat.format() also parsed
    its pattern anew for each, a third of a list page's time).
    """
    with translation.override(language):
        # Russian needs the genitive month ("25 ноября"): Django's alternative month names.
        months = MONTHS_ALT if language in _GENITIVE else MONTHS
        months = {number: str(name) for number, name in months.items()}
        weekdays = {number: str(name) for number, name in WEEKDAYS.items()}
    if language in _LOWER_CASE:
        months = {number: lower(name, language) for number, name in months.items()}
        weekdays = {number: lower(name, language) for number, name in weekdays.items()}
    return months, weekdays


def lower(text: str, language: str) -> str:
    """Lower-case ``text`` by the rules of ``language`` (Azerbaijani dotted/dotless i)."""
    if language == "az":
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()


def _date_and_weekday(value, language, weekday=True):
    """The date and (unless not wanted: ``""``) the weekday's name in ``language``."""
    months, weekdays = _calendar(language)
    return f"{value.day} {months[value.month]} {value.year}", (
        weekdays[value.weekday()] if weekday else ""
    )


def long_datetime(value, language: str | None = None) -> str:
    """Return e.g. ``25 noyabr 2017 (şənbə) 12:51`` in the current time zone (Baku)."""
    if value is None:
        return ""
    language = language or current_language()
    value = timezone.localtime(value)
    date, weekday = _date_and_weekday(value, language)
    return f"{date} ({weekday}) {value:%H:%M}"


def long_date(value, language: str | None = None, weekday: bool = True) -> str:
    """Return e.g. ``25 ноября 2017 (суббота)`` for a date (or an aware moment, in Baku)."""
    if value is None:
        return ""
    language = language or current_language()
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    date, day_name = _date_and_weekday(value, language, weekday)
    return f"{date} ({day_name})" if weekday else date


def month_year(year: int, month: int, language: str | None = None) -> str:
    """Return a month as a heading names it: ``Ноябрь 2017``, ``Noyabr 2017``."""
    language = language or current_language()
    with translation.override(language):
        return f"{MONTHS[month]} {year}"


def month_name(month: int, language: str | None = None) -> str:
    language = language or current_language()
    with translation.override(language):
        return str(MONTHS[month])


def weekdays(language: str | None = None) -> list[tuple[int, str, str]]:
    """Return the week as the language's calendars print it: ``(python weekday, abbr, name)``.

    The first day is the locale's (Django's ``FIRST_DAY_OF_WEEK``: Monday for
    Russian and Azerbaijani, Sunday for English).
    """
    language = language or current_language()
    with translation.override(language):
        first = (int(formats.get_format("FIRST_DAY_OF_WEEK")) - 1) % 7
        order = [(first + offset) % 7 for offset in range(7)]
        return [(day, str(WEEKDAYS_ABBR[day]), str(WEEKDAYS[day])) for day in order]
