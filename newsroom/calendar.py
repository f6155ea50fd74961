"""The editorial calendar: which language versions go live, or went live, on which day.

Days are Baku days (the site's time zone). One query fetches every article
with a publication moment in the month, whatever the number of articles.
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from articles.models import Article
from articles.selectors import month_bounds
from articles.visibility import content_q, status_of
from core.i18n import LANGUAGE_CODES, column, columns, localized


@dataclass(frozen=True)
class Entry:
    """One language version's publication moment."""

    article_id: int
    language: str
    moment: datetime
    title: str
    status: str  # PublicationStatus: public (went live), scheduled (goes live), missing

    @property
    def local_moment(self):
        return timezone.localtime(self.moment)


def entries_between(start, end, now=None) -> list[Entry]:
    """Return every version whose moment falls in ``[start, end)``, in time order."""
    now = now or timezone.now()
    in_range = Q()
    for code in LANGUAGE_CODES:
        moment = column("published_at", code)
        in_range |= Q(**{f"{moment}__gte": start, f"{moment}__lt": end})
    articles = (
        Article.objects.filter(in_range)
        .only(
            "pk",
            "original_language",
            *columns("title"),
            *columns("published_at"),
        )
        .annotate(
            **{
                # Bodies stay in the database: only whether there is one.
                column("has_text", code): ExpressionWrapper(content_q(code), BooleanField())
                for code in LANGUAGE_CODES
            }
        )
        .order_by()
    )
    entries = []
    for article in articles:
        for code in LANGUAGE_CODES:
            moment = getattr(article, column("published_at", code))
            if moment is None or not start <= moment < end:
                continue
            status = status_of(getattr(article, column("has_text", code)), moment, now)
            title = (
                getattr(article, column("title", code))
                or localized(article, "title", article.original_language).text
                or f"#{article.pk}"
            )
            entries.append(Entry(article.pk, code, moment, title, status))
    entries.sort(key=lambda e: (e.moment, LANGUAGE_CODES.index(e.language), e.article_id))
    return entries


def month_grid(year: int, month: int, now=None):
    """Return the month as weeks (Monday first) of days, each with its entries."""
    now = now or timezone.now()
    start, end = month_bounds(year, month)
    by_day = defaultdict(list)
    entries = entries_between(start, end, now)
    for entry in entries:
        by_day[entry.local_moment.date()].append(entry)
    today = timezone.localtime(now).date()
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == month,
                "is_today": day == today,
                "entries": by_day.get(day, []) if day.month == month else [],
            }
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    ]
    return {"start": start, "weeks": weeks, "entries": entries}


def parse_month(value, now=None):
    """Return ``(year, month)`` from ``2017-11``; the current Baku month otherwise."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 1900 <= year <= 9998 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    today = timezone.localtime(now).date()
    return today.year, today.month


def neighbour_months(year: int, month: int):
    """Return the previous and next months as ``YYYY-MM``."""
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(f"{y:04d}-{m:02d}" for y, m in (previous, following))
