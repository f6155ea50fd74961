"""Search over the public versions of articles: PostgreSQL full-text search
per language, with trigram similarity for typos in titles and tag names.

The expressions here repeat, argument for argument, the ones the
``articles/migrations/0002_search.py`` indexes are built on; PostgreSQL uses
an expression index only for exactly the indexed expression.
"""

import html
import re
from datetime import datetime, time
from functools import reduce
from operator import and_
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchConfig,
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from tags.models import Tag

QUERY_MAX_LENGTH = 200
# Shorter queries match too many titles by trigrams to be useful.
TRIGRAM_MIN_LENGTH = 4
# Azerbaijani words shorter than this are matched whole, longer ones as prefixes.
PREFIX_MIN_LENGTH = 3
MAX_WORDS = 16
# Text search configuration per language. Azerbaijani has no stemmer in
# PostgreSQL: its text is folded by turan_fold() and indexed with "simple",
# and its query words match as prefixes, which covers most case endings
# ("Azərbaycan" finds "Azərbaycanın", "Azərbaycanda").
CONFIGS = {"ru": "russian", "az": "simple", "en": "turan_english"}
FOLDED = {"az"}
TITLE_WEIGHT = 0.5  # of the title's word similarity, when it is similar enough
TAG_BOOST = 0.3  # for an article tagged with a person, place... named like the query
HEADLINE_OPTIONS = {"max_words": 35, "min_words": 15, "short_word": 2}

WORD = re.compile(r"[^\W_]+")
MARK = re.compile(r"(</?mark>)")
_AZERBAIJANI_FOLD = str.maketrans("ƏəĞğİIıÖöŞşÇçÜü", "eeggiiioossccuu")
_BAKU = ZoneInfo(settings.TIME_ZONE)


class Fold(Func):
    """``turan_fold(text)``: lower case with Azerbaijani letters folded to ASCII."""

    function = "turan_fold"
    output_field = TextField()


class Plain(Func):
    """``turan_plain(html)``: the text of sanitised HTML, with no ``<`` or ``>`` left."""

    function = "turan_plain"
    output_field = TextField()


class SearchDocument(Func):
    function = "turan_search_vector"
    output_field = SearchVectorField()


class AnyOf(Func):
    """``expression = ANY(ARRAY(subquery))``: the subquery runs once per query,
    not once per row."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


def fold(text: str) -> str:
    """Python's twin of ``turan_fold()``, to find a folded snippet in the original."""
    return text.translate(_AZERBAIJANI_FOLD).lower()


def clean_query(query) -> str:
    """Return the query as PostgreSQL may see it: no NUL or other control
    characters, single spaces, at most ``QUERY_MAX_LENGTH`` characters."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", query or "").split())[:QUERY_MAX_LENGTH]


def search_vector(language: str) -> SearchDocument:
    """The indexed document: title (A), lead (B) and body text (C) in ``language``."""
    fields = [F(f"{name}_{language}") for name in ("title", "lead", "body")]
    if language in FOLDED:
        fields = [Fold(field) for field in fields]
    return SearchDocument(SearchConfig(CONFIGS[language]), *fields)


def ranking_vector(language: str) -> SearchVector:
    """Title (A) and lead (B) only: cheap enough to build for every match.

    Ranking on the whole document would rebuild each match's body vector (an
    expression index stores none): about 0.4 ms per article against 0.016 ms.
    """
    title, lead = F(f"title_{language}"), F(f"lead_{language}")
    if language in FOLDED:
        title, lead = Fold(title), Fold(lead)
    config = CONFIGS[language]
    return SearchVector(title, config=config, weight="A") + SearchVector(
        lead, config=config, weight="B"
    )


def text_query(language: str, query: str) -> SearchQuery:
    if language not in FOLDED:
        # websearch_to_tsquery accepts any input: quotes, "or", -word, stray symbols.
        return SearchQuery(query, config=CONFIGS[language], search_type="websearch")
    # Each word is letters and digits only, so quoting it cannot break the syntax.
    raw = " & ".join(
        f"'{word}':*" if len(word) >= PREFIX_MIN_LENGTH else f"'{word}'"
        for word in WORD.findall(query)[:MAX_WORDS]
    )
    return SearchQuery(Fold(Value(raw)), config=CONFIGS[language], search_type="raw")


def snippet_text(language: str):
    """Lead and body as one text in the body's form: HTML text with tags removed."""
    lead = Coalesce(F(f"lead_{language}"), Value(""), output_field=TextField())
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        lead = Replace(lead, Value(character), Value(entity))
    return Func(
        Value(" "),
        lead,
        Plain(F(f"body_{language}")),
        function="concat_ws",
        output_field=TextField(),
    )


def day_start(day):
    return datetime.combine(day, time.min, tzinfo=_BAKU)


def day_end(day):
    return datetime.combine(day, time.max, tzinfo=_BAKU)


def search_articles(query, language, section=None, date_from=None, date_to=None, at=None):
    """Return the versions public in ``language`` that match ``query``, best first.

    Each article carries ``rank`` (its score) and ``headline`` (ts_headline's
    excerpt; pass the article to ``snippet()`` for safe HTML). Dates are days
    in Baku time, both ends included.
    """
    articles = Article.objects.public(language, at)
    query = clean_query(query)
    if not WORD.search(query):
        return articles.none()

    tsquery = text_query(language, query)
    # Each way of matching is its own index scan, and the ids are put
    # together afterwards. One OR over all three would be answered by a
    # BitmapOr whose lossy trigram pages make PostgreSQL re-check every row on
    # them against the full-text condition, rebuilding the document each time.
    matching = [
        Article.objects.filter(SearchVectorExact(search_vector(language), tsquery)).values("pk")
    ]
    # A title match first, then a lead match, then the body-only matches,
    # newest first among equals.
    score = SearchRank(ranking_vector(language), tsquery)
    title = Fold(F(f"title_{language}"))
    # Typos in a title: every word of four letters or more is close to one of
    # its words ("karabah talks" finds "Karabakh peace talks resume").
    words = [word for word in WORD.findall(query) if len(word) >= TRIGRAM_MIN_LENGTH]
    if words:
        similar_title = reduce(
            and_, [TrigramWordSimilar(title, Fold(Value(word))) for word in words[:MAX_WORDS]]
        )
        matching.append(Article.objects.filter(similar_title).values("pk"))
        score += Case(
            When(similar_title, then=TrigramWordSimilarity(Fold(Value(query)), title)),
            default=0.0,
        ) * Value(TITLE_WEIGHT)
    # Typos in a name: the query is close to the name of a person, place...
    # the article is tagged with.
    if len(query) >= TRIGRAM_MIN_LENGTH:
        tagged = Article.tags.through.objects.filter(
            tag__in=Tag.objects.filter(
                TrigramWordSimilar(Fold(F(f"name_{language}")), Fold(Value(query)))
            )
        ).values("article_id")
        matching.append(tagged)
        score += Case(When(AnyOf(F("pk"), ArraySubquery(tagged)), then=TAG_BOOST), default=0.0)
    first, *others = [part.order_by() for part in matching]
    articles = articles.filter(pk__in=first.union(*others, all=True) if others else first)

    if section is not None:
        articles = articles.in_section(section)
    if date_from is not None:
        articles = articles.filter(**{f"published_at_{language}__gte": day_start(date_from)})
    if date_to is not None:
        articles = articles.filter(**{f"published_at_{language}__lte": day_end(date_to)})

    text = snippet_text(language)
    headline = SearchHeadline(
        Fold(text) if language in FOLDED else text,
        tsquery,
        config=CONFIGS[language],
        start_sel="<mark>",
        stop_sel="</mark>",
        **HEADLINE_OPTIONS,
    )
    if language in FOLDED:
        # The excerpt is of folded text; snippet() puts it back on the original,
        # sent along after a "<>" that neither part can contain. One expression,
        # so PostgreSQL builds it only for the rows of the page, after sorting.
        headline = Func(headline, Value("<>"), text, function="concat", output_field=TextField())
    return articles.annotate(
        rank=ExpressionWrapper(score, output_field=FloatField()), headline=headline
    ).order_by(F("rank").desc(), f"-published_at_{language}", "-pk")


def snippet(article) -> SafeString:
    """Return the article's highlighted excerpt as HTML: escaped text and ``<mark>``.

    ts_headline's input had no ``<`` of its own, so every ``<mark>`` in it is
    a highlight; everything else is HTML text (entities from the body) that is
    decoded and escaped again here, so no markup from an article gets through.
    """
    headline, separator, original = (getattr(article, "headline", None) or "").partition("<>")
    parts = MARK.split(headline)
    if separator:
        parts = _restore_letters(parts, original)
    out, open_mark = [], False
    for part in parts:
        if part == "<mark>":
            if not open_mark:
                out.append(part)
                open_mark = True
        elif part == "</mark>":
            if open_mark:
                out.append(part)
                open_mark = False
        else:
            out.append(escape(html.unescape(part)))
    if open_mark:
        out.append("</mark>")
    return mark_safe("".join(out).strip())  # noqa: S308 - every text part is escaped above


def _restore_letters(parts, original):
    """Map a headline made from folded text back onto the original text.

    turan_fold() replaces each character by exactly one character, so the
    excerpt's place in the folded text is its place in the original.
    """
    excerpt = "".join(part for part in parts if part not in ("<mark>", "</mark>"))
    start = fold(original).find(excerpt)
    if start < 0:
        return parts
    restored, position = [], start
    for part in parts:
        if part in ("<mark>", "</mark>"):
            restored.append(part)
        else:
            restored.append(original[position : position + len(part)])
            position += len(part)
    return restored
