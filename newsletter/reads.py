"""Most read: views counted in process memory, written to the database in batches.

A page from the cache never runs its view, so an article page counts itself:
``static/js/reads.js`` sends one ``POST /<lang>/r/<id>`` beacon
(``navigator.sendBeacon``, no cookies, no body) once the page is visible. The
beacon's view adds one to a dictionary in this process, keyed on (article,
language, hour); no database is touched. Every ``READS_FLUSH_SECONDS`` or
``READS_FLUSH_VIEWS`` views, whichever comes first, the request that crosses
the line writes the whole dictionary as one upsert (``ReadCount``, a row per
article, language and UTC hour). Counts waiting in a process that is killed
are lost (at most one batch); a process that exits normally writes them.

Bots are left out by their user agent: one naming itself with any of
``BOT_MARKERS``, or naming nothing. That is a courtesy filter, not a defence:
anyone may send beacons, so the lists show only what the visibility rule
allows, whatever was counted.
"""

import atexit
import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Sum, Value
from django.utils import timezone

from articles.models import Article
from articles.selectors import memoised
from core.db.counters import bump_many
from core.i18n import column

log = logging.getLogger(__name__)

#: Substrings (lower case) of the user agents that are not readers: crawlers,
#: link previews, command-line clients and headless browsers.
BOT_MARKERS = (
    "bot",
    "crawl",
    "spider",
    "slurp",
    "preview",
    "facebookexternalhit",
    "embedly",
    "curl",
    "wget",
    "python",
    "httpclient",
    "okhttp",
    "go-http-client",
    "java/",
    "libwww",
    "headless",
    "lighthouse",
    "pingdom",
    "monitor",
)

_lock = threading.Lock()
_pending: dict[tuple[int, str, object], int] = {}
_state = {"views": 0, "since": time.monotonic()}


def is_bot(user_agent):
    agent = (user_agent or "").lower()
    return not agent or any(marker in agent for marker in BOT_MARKERS)


def hour_of(moment):
    return moment.replace(minute=0, second=0, microsecond=0)


def count(article_id, language, now=None):
    """Count one view of ``article_id`` in ``language``; write the batch when it is due."""
    key = (article_id, language, hour_of(now or timezone.now()))
    with _lock:
        # Made-up ids must not grow the dictionary without end: write it out first.
        full = key not in _pending and len(_pending) >= settings.READS_MAX_PENDING
        if not full:
            _add(key)
        due = full or (
            _state["views"] >= settings.READS_FLUSH_VIEWS
            or time.monotonic() - _state["since"] >= settings.READS_FLUSH_SECONDS
        )
    if due:
        flush()
    if full:
        with _lock:
            _add(key)


def _add(key):
    _pending[key] = _pending.get(key, 0) + 1
    _state["views"] += 1


def flush():
    """Write the counts waiting in this process; return how many views were written."""
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _state["views"] = 0
        _state["since"] = time.monotonic()
    if not batch:
        return 0
    ids = {article_id for article_id, _language, _hour in batch}
    try:
        # Beacons name any id they like: only rows for articles that exist.
        known = set(Article.objects.filter(pk__in=ids).values_list("pk", flat=True))
        rows = sorted(
            (article_id, language, hour, views)
            for (article_id, language, hour), views in batch.items()
            if article_id in known
        )
        from newsletter.models import ReadCount

        bump_many(ReadCount, ["article", "language", "hour"], rows)
    except DatabaseError:
        log.warning("Most read: %d views could not be written", sum(batch.values()))
        return 0
    return sum(views for *_key, views in rows)


def pending():
    with _lock:
        return dict(_pending)


def install_exit_flush():
    atexit.register(_flush_at_exit)


def _flush_at_exit():
    try:
        flush()
    except Exception:  # noqa: BLE001 - the interpreter is going away
        pass


WINDOWS = (("day", timedelta(hours=24)), ("week", timedelta(days=7)))


def most_read(language, limit, at=None):
    """``{"day": [...], "week": [...]}``: the ``limit`` articles most read in
    ``language`` over the last 24 hours and 7 days, public in ``language`` at
    ``at``, as dicts of ``pk``, ``title`` and ``url``. One query."""
    at = at or timezone.now()
    title, slug = column("title", language), column("slug", language)
    parts = []
    for name, length in WINDOWS:
        parts.append(
            Article.objects.public(language, at)
            .filter(
                read_counts__language=language,
                read_counts__hour__gte=hour_of(at - length),
            )
            .values("pk", title, slug)
            .annotate(window=Value(name), reads=Sum("read_counts__count"))
            .order_by("-reads", "-pk")[:limit]
        )
    lists = {name: [] for name, _length in WINDOWS}
    rows = parts[0].union(*parts[1:], all=True)
    for row in rows:
        article = Article(pk=row["pk"], **{slug: row[slug]})
        lists[row["window"]].append(
            {
                "pk": row["pk"],
                "title": row[title],
                "url": article.get_absolute_url(language),
                "reads": row["reads"],
            }
        )
    for name in lists:
        lists[name].sort(key=lambda item: (-item["reads"], -item["pk"]))
    return lists


def most_read_for(request, language, limit):
    """``most_read()``, kept per process for the content version and at most
    ``READS_LIST_SECONDS`` (the counts move with the clock)."""
    return memoised(
        f"most_read_{language}_{limit}",
        request,
        lambda: most_read(language, limit),
        max_age=settings.READS_LIST_SECONDS,
    )
