"""The admin's front page for the newsroom: what is waiting for whom.

Above Django's list of apps (kept below it): my drafts; submitted for review
(editors: everyone's; journalists: their own, waiting); to translate, missing
and outdated, per language; scheduled today and tomorrow (Baku days);
recently published. Each figure links to the article list filtered by the
same condition (newsroom/admin_list.py's filters, so the two agree).

Its query count does not grow with the archive (``tests/newsroom/
test_dashboard.py`` holds the budget): five queries for the figures, each
over the rows an index or a short list narrows it to (mine; waiting for
review; moments today, tomorrow and the last two days; outdated translation
states), the missing translations over every article by stored lengths only,
then one query per list of a few rows.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import Article, PublicationStatus, TranslationState
from core.i18n import LANGUAGE_CODES, column
from newsroom.actions import can_publish
from newsroom.admin_list import (
    OPEN,
    mine_q,
    moment_q,
    review_annotation,
    review_q,
    to_translate_q,
)
from newsroom.models import ReviewState, VersionReview
from newsroom.publication import language_label, moment_in_words
from newsroom.workflow import stage_of

ROWS = 5


@dataclass
class Figure:
    label: str
    count: int
    url: str
    code: str = ""


@dataclass
class Row:
    title: str
    url: str
    badges: list = field(default_factory=list)  # (code, stage value, label)
    when: str = ""


@dataclass
class Block:
    key: str
    title: str
    figures: list
    rows: list = field(default_factory=list)
    empty: str = ""
    more_url: str = ""


def changelist_url(**query):
    base = reverse("admin:articles_article_changelist")
    return f"{base}?{urlencode(query)}" if query else base


def _rows_query():
    return Article.objects.select_related(None).annotate(
        **{f"review_state_{code}": review_annotation(code) for code in LANGUAGE_CODES}
    )


def _row(article, now, when=""):
    badges = []
    for code in LANGUAGE_CODES:
        stage = stage_of(article, code, getattr(article, f"review_state_{code}", None), now)
        if stage.value != "missing":
            badges.append((code, stage.value, stage.label))
    return Row(
        title=str(article),
        url=reverse("admin:articles_article_change", args=[article.pk]),
        badges=badges,
        when=when,
    )


def build(user, now=None):
    """The dashboard's blocks for ``user``, in the order their role needs them."""
    now = now or timezone.now()
    editor = can_publish(user)
    mine = mine_q(user)
    any_open = review_q(OPEN, LANGUAGE_CODES, now)
    ready_any = review_q(ReviewState.READY, LANGUAGE_CODES, now)
    waiting = ready_any if editor else ready_any & mine
    window = moment_q("today", LANGUAGE_CODES, now) | moment_q("tomorrow", LANGUAGE_CODES, now)

    # Each group of figures is counted over the few rows that can match
    # (an index or a short list narrows them first), not over the archive.
    mine_counts = {
        "drafts": Count("pk", filter=any_open),
        "changes": Count("pk", filter=review_q(ReviewState.CHANGES_REQUESTED, LANGUAGE_CODES, now)),
    }
    review_counts = {"ready": Count("pk", filter=waiting)}
    translate_counts = {}
    moment_counts = {}
    for code in LANGUAGE_CODES:
        ready = review_q(ReviewState.READY, [code], now)
        review_counts[f"ready_{code}"] = Count("pk", filter=ready if editor else ready & mine)
        translate_counts[f"missing_{code}"] = Count("pk", filter=to_translate_q(code))
        for kind in ("today", "tomorrow", "recent"):
            moment_counts[f"{kind}_{code}"] = Count("pk", filter=moment_q(kind, [code], now))
    figures = {
        **Article.objects.filter(mine).aggregate(**mine_counts),
        **Article.objects.filter(
            pk__in=VersionReview.objects.filter(state=ReviewState.READY).values("article_id")
        ).aggregate(**review_counts),
        **Article.objects.aggregate(**translate_counts),
        **Article.objects.filter(window | moment_q("recent", LANGUAGE_CODES, now)).aggregate(
            **moment_counts
        ),
    }
    outdated = dict(
        TranslationState.objects.filter(outdated=True)
        .values("language")
        .annotate(count=Count("article_id", distinct=True))
        .values_list("language", "count")
    )
    figures.update({f"outdated_{code}": outdated.get(code, 0) for code in LANGUAGE_CODES})

    def per_language(key, label, link):
        return [
            Figure(
                label=label % {"language": language_label(code)},
                count=figures[f"{key}_{code}"],
                url=changelist_url(**link(code)),
                code=code,
            )
            for code in LANGUAGE_CODES
        ]

    drafts = Block(
        key="drafts",
        title=gettext("My drafts"),
        figures=[
            Figure(gettext("in writing"), figures["drafts"], changelist_url(mine="1", review=OPEN)),
            Figure(
                gettext("changes requested"),
                figures["changes"],
                changelist_url(mine="1", review=ReviewState.CHANGES_REQUESTED),
            ),
        ],
        rows=[
            _row(article, now)
            for article in _rows_query().filter(mine & any_open).order_by("-updated_at")[:ROWS]
        ],
        empty=gettext("No drafts of yours."),
        more_url=changelist_url(mine="1", review=OPEN),
    )
    review = Block(
        key="review",
        title=gettext("Submitted for review") if editor else gettext("Mine, waiting for review"),
        figures=per_language(
            "ready",
            "%(language)s",
            lambda code: {
                "review": f"{ReviewState.READY}:{code}",
                **({} if editor else {"mine": "1"}),
            },
        ),
        rows=[
            _row(article, now)
            for article in _rows_query().filter(waiting).order_by("updated_at")[:ROWS]
        ],
        empty=gettext("Nothing is waiting for review."),
        more_url=changelist_url(review=ReviewState.READY, **({} if editor else {"mine": "1"})),
    )
    translate = Block(
        key="translate",
        title=gettext("To translate"),
        figures=[
            *per_language(
                "missing", gettext("%(language)s: missing"), lambda code: {"translate": code}
            ),
            *per_language(
                "outdated", gettext("%(language)s: outdated"), lambda code: {"outdated": code}
            ),
        ],
    )
    scheduled_rows = []
    for article in _rows_query().filter(window).order_by("pk")[: ROWS * 2]:
        moments = [
            (getattr(article, column("published_at", code)), code)
            for code in LANGUAGE_CODES
            if article.publication_status(code, now) == PublicationStatus.SCHEDULED
        ]
        first = min(moments)[0] if moments else None
        scheduled_rows.append(
            (first, _row(article, now, moment_in_words(first, now) if first else ""))
        )
    scheduled_rows.sort(key=lambda pair: pair[0] or now)
    scheduled = Block(
        key="scheduled",
        title=gettext("Scheduled today and tomorrow"),
        figures=[
            *per_language(
                "today", gettext("today, %(language)s"), lambda code: {"moment": f"today:{code}"}
            ),
            *per_language(
                "tomorrow",
                gettext("tomorrow, %(language)s"),
                lambda code: {"moment": f"tomorrow:{code}"},
            ),
        ],
        rows=[row for _first, row in scheduled_rows],
        empty=gettext("Nothing is scheduled for today or tomorrow."),
        more_url=reverse("admin:articles_article_calendar"),
    )
    recent_rows = [
        _row(article, now)
        for article in _rows_query()
        .filter(moment_q("recent", LANGUAGE_CODES, now))
        .order_by("-updated_at")[:ROWS]
    ]
    recent = Block(
        key="recent",
        title=gettext("Recently published"),
        figures=per_language("recent", "%(language)s", lambda code: {"moment": f"recent:{code}"}),
        rows=recent_rows,
        empty=gettext("Nothing was published in the last two days."),
        more_url=changelist_url(moment="recent"),
    )
    if editor:
        return [review, scheduled, translate, recent, drafts]
    return [drafts, review, translate, scheduled, recent]
