"""What a partner may read: the versions distributed to it, in change order.

A version is *distributed* to a partner when it is public (the one visibility
rule, ``public_q``) in one of the partner's languages and sections; a partner
that receives embargoed items also gets scheduled versions
(``status_q(…, SCHEDULED)``), with ``embargoedUntil``. Everything else does not
exist for it.

The feed is ordered by each version's *change key*: the later of its
publication moment and its last change (``VersionChange.changed_at``); for a
scheduled version seen early, its last change. The key of a distributed
version is never in the future and only grows, so a cursor after the last
key read misses nothing published later and repeats nothing: a version
changed meanwhile comes again, later, as a new version. A version that
stopped being distributed (unpublished, withdrawn, rescheduled, deleted) comes
as ``canceled`` at the moment of that change, to the partners that may hold it.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import BooleanField, Case, DateTimeField, F, Prefetch, Q, Value, When
from django.db.models.functions import Greatest

from articles.models import Article, PublicationStatus, bylines_prefetch
from articles.visibility import public_q, status_q
from core.i18n import LANGUAGE_CODES, column
from newswire.models import VersionChange
from quotes.models import Quote


@dataclass(frozen=True)
class Scope:
    """What one partner may read: languages, sections (empty: all), embargoed items."""

    languages: tuple
    section_ids: frozenset
    section_slugs: frozenset
    embargo: bool

    @classmethod
    def of(cls, partner, sections):
        """``sections``: the partner's ``(id, slug)`` pairs."""
        return cls(
            languages=tuple(code for code in LANGUAGE_CODES if code in partner.languages),
            section_ids=frozenset(pk for pk, _slug in sections),
            section_slugs=frozenset(slug for _pk, slug in sections),
            embargo=partner.receives_embargoed,
        )

    def key(self):
        return (
            ",".join(self.languages),
            ",".join(map(str, sorted(self.section_ids))),
            "e" if self.embargo else "",
        )


@dataclass(frozen=True)
class Entry:
    article_id: int
    language: str
    key: datetime
    sequence: int
    usable: bool


def distributed(language, scope, at):
    """The articles whose ``language`` version ``scope`` receives at ``at``."""
    q = public_q(language, at)
    if scope.embargo:
        q |= status_q(language, PublicationStatus.SCHEDULED, at)
    articles = Article.objects.filter(q)
    if scope.section_ids:
        articles = articles.filter(section_id__in=scope.section_ids)
    return articles


def entries(
    scope,
    at,
    *,
    language=None,
    section=None,
    tag=None,
    since=None,
    after=None,
    canceled=False,
    article_id=None,
    limit=None,
    recent=None,
):
    """The entries ``scope`` receives in change order, after the cursor ``after``
    (``(key, article id, language)``), at most ``limit``.

    ``section`` and ``tag`` are slugs; ``canceled`` adds the take-down notices;
    ``recent``: only versions changed or due at or after that moment (the same
    as ``since``, said so that indexes serve it: the push worker's reads).
    One query.
    """
    languages = [code for code in scope.languages if language in (None, code)]
    wanted = Q(pk__in=[])
    key_cases, usable_cases = [], []
    for code in languages:
        available = distributed(code, scope, at)
        if article_id is not None:
            available = available.filter(pk=article_id)
        chosen = available
        if section is not None:
            chosen = chosen.filter(section__slug=section)
        if tag is not None:
            chosen = chosen.filter(tags__slug=tag)
        wanted |= Q(language=code, article_id__in=chosen.values("pk"))
        moment = F(f"article__{column('published_at', code)}")
        public = Article.objects.filter(public_q(code, at)).values("pk")
        key_cases.append(
            When(
                Q(language=code, article_id__in=public),
                then=Greatest("changed_at", moment, output_field=DateTimeField()),
            )
        )
        usable_cases.append(
            When(Q(language=code, article_id__in=available.values("pk")), then=True)
        )
        if canceled:
            # Only to partners that may hold it: it was public, or (embargoed
            # distribution) scheduled, when some write saw it.
            held = (
                Q(seen_public=True) | Q(seen_scheduled=True)
                if scope.embargo
                else Q(seen_public=True)
            )
            gone = Q(language=code) & ~Q(article_id__in=available.values("pk")) & held
            if scope.section_ids:
                gone &= Q(section_id__in=scope.section_ids)
            if section is not None:
                gone &= Q(section_id__in=_section_ids(section))
            if article_id is not None:
                gone &= Q(article_id=article_id)
            wanted |= gone
    rows = (
        VersionChange.objects.filter(wanted)
        .annotate(
            key=Case(*key_cases, default=F("changed_at"), output_field=DateTimeField()),
            usable=Case(*usable_cases, default=Value(False), output_field=BooleanField()),
        )
        .order_by("key", "article_id", "language")
    )
    if since is not None:
        rows = rows.filter(key__gte=since)
    if recent is not None:
        due = Q(pk__in=[])
        for code in languages:
            due |= Q(
                language=code,
                article_id__in=Article.objects.filter(
                    **{f"{column('published_at', code)}__gte": recent}
                ).values("pk"),
            )
        rows = rows.filter(Q(changed_at__gte=recent) | due, key__gte=recent)
    if after is not None:
        key, last_id, last_language = after
        rows = rows.filter(
            Q(key__gt=key)
            | Q(key=key, article_id__gt=last_id)
            | Q(key=key, article_id=last_id, language__gt=last_language)
        )
    values = rows.values_list("article_id", "language", "key", "sequence", "usable")
    if limit is not None:
        values = values[:limit]
    return [Entry(*row) for row in values]


def _section_ids(slug):
    from articles.models import Section

    return Section.objects.filter(slug=slug).values("pk")


def articles_for(entries, at):
    """The articles of the usable ``entries``, with everything an item shows:
    five queries however many (bylines, tags, quotes, inline figures
    prefetched; corrections and the public languages annotated)."""
    ids = {entry.article_id for entry in entries if entry.usable}
    if not ids:
        return {}
    queryset = (
        Article.objects.filter(pk__in=ids)
        .with_public_languages(at)
        .select_related("section", "lead_photo")
        .prefetch_related(
            bylines_prefetch(),
            "tags",
            Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
            "figures",
        )
        .with_corrections()
    )
    return {article.pk: article for article in queryset}
