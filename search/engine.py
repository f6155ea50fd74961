"""Search over the public versions of articles: PostgreSQL full-text search
per language, with trigram similarity for typos in titles and tag names.

Each language's document is a stored column, ``search_<language>``
(``articles/migrations/0007_search_columns.py``), with a GIN index. The
trigram expressions here repeat, argument for argument, the ones the
``0002_search.py`` indexes are built on; PostgreSQL uses an expression index
only for exactly the indexed expression.

Only the newest ``MAX_CANDIDATES`` matches of each kind are ranked: a word in
most of 100,000 articles is then answered by reading the newest public
versions until enough match, not by ranking all of them. Which of the two
plans serves a query is decided here, from how many of the newest public
versions match, not left to PostgreSQL: it underestimates the public versions of a language
several times over (it takes "published", "has a title" and "has a body" for
independent), and so chose the wrong plan for common and for rare words.
"""

import hashlib
import html
import re
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from functools import reduce
from operator import and_

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    DateTimeField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Left, Length, NullIf, Replace
from django.db.models.lookups import GreaterThan, IsNull
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, Section, TagListing
from core.dates import BAKU
from core.db.compiled import Compiled, StandIns, fetch_all, to_rows
from core.db.orm import TableColumn, expression_sql, sql_of
from core.db.routing import reading_connection
from core.i18n import column
from core.links import cached_reverse
from search import azerbaijani
from search.azerbaijani import fold
from tags.models import Tag

QUERY_MAX_LENGTH = 200
# Shorter queries match too many titles by trigrams to be useful.
TRIGRAM_MIN_LENGTH = 4
# Azerbaijani words shorter than this are matched whole, longer ones by their
# inflected forms (or, with none in the documents, as prefixes).
PREFIX_MIN_LENGTH = 3
MAX_WORDS = 16
# The most inflected forms of the documents one Azerbaijani query word stands for.
MAX_FORMS = 64
# How many of the newest matches of each kind (text, title, tag) are ranked.
# The reader can reach older ones with the date and section filters.
MAX_CANDIDATES = 500
# Titles are searched for typos when the words find fewer matches than this.
TYPO_FALLBACK_BELOW = 20
# A word matching at least this share of the newest SAMPLE public versions is
# common: its newest matches are found by reading the newest versions until
# enough match (each costs its stored document read, ~25 µs at 100,000
# articles). The matches of a rarer word come from the GIN index and are
# sorted (~4 µs each, but all of them). The two cost the same near a quarter.
SAMPLE = 100
COMMON_SHARE = 0.25
# ts_rank's weights for body (C), lead (B) and title (A) positions, D unused.
# ts_rank weighs a word's first occurrence most, and the title comes first:
# a title match outranks any number of lead or body ones, a lead match any
# number of body ones.
RANK_WEIGHTS = [0.0, 0.1, 0.4, 1.0]
# Text search configuration per language. Azerbaijani has no stemmer in
# PostgreSQL: its text is folded by turan_fold() and indexed with "simple",
# and each query word stands for its inflected forms found in the documents
# (raw_query(), search/azerbaijani.py).
CONFIGS = {"ru": "russian", "az": "simple", "en": "turan_english"}
FOLDED = {"az"}
TITLE_WEIGHT = 0.5  # of the title's word similarity, when it is similar enough
TAG_BOOST = 0.3  # for an article tagged with a person, place... named like the query
SNIPPET_SOURCE_LENGTH = 2000
# A tag or an entity left unfinished at the end of cut HTML.
CUT_SHORT = r"(<[^>]*|&[#0-9A-Za-z]*)$"
HEADLINE_OPTIONS = {"max_words": 35, "min_words": 15, "short_word": 2}


WORD = re.compile(r"[^\W_]+")
MARK = re.compile(r"(</?mark>)")


def shown_fields(language):
    """What a result shows: its title, link, date and section. Its excerpt is
    made in the query; the rest of the row is not read (a narrow row is cheaper
    to carry through the ranking of the candidates, too)."""
    return (
        "id",
        column("title", language),
        column("slug", language),
        column("published_at", language),
        "section",
    )


class Fold(Func):
    """``turan_fold(text)``: lower case with Azerbaijani letters folded to ASCII."""

    function = "turan_fold"
    output_field = TextField()


class Plain(Func):
    """``turan_plain(html)``: the text of sanitised HTML, with no ``<`` or ``>`` left."""

    function = "turan_plain"
    output_field = TextField()


class Blocks(Func):
    """``turan_blocks(html)``: as ``Plain``, with one line per block (paragraph,
    heading, list item) and single spaces (migration 0003 of search)."""

    function = "turan_blocks"
    output_field = TextField()


class Document(TableColumn):
    """The stored ``search_<language>`` column: title (A), lead (B) and body text (C).

    PostgreSQL generates it (``turan_search_vector()``, migration 0007); it is
    no model field, so no other query fetches it.
    """

    def __init__(self, language, alias=None):
        if language not in CONFIGS:
            raise ValueError(f"Unknown language {language!r}")
        super().__init__(column("search", language), SearchVectorField(), alias)
        self.language = language


class AnyOf(Func):
    """``expression = ANY(ARRAY(subquery))``: the subquery runs once per query,
    not once per row."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


def clean_query(query) -> str:
    """Return the query as PostgreSQL may see it: no NUL or other control
    characters, single spaces, at most ``QUERY_MAX_LENGTH`` characters."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", query or "").split())[:QUERY_MAX_LENGTH]


def search_vector(language: str) -> Document:
    """The indexed document: title (A), lead (B) and body text (C) in ``language``."""
    return Document(language)


def raw_query(query: str, using=None) -> str:
    """The Azerbaijani tsquery text: every word (folded) by its inflected forms.

    A word of ``PREFIX_MIN_LENGTH`` letters or more stands for the words of the
    documents that are one of its stems plus endings (search/azerbaijani.py):
    "limanlarımızdan" for "limanı", "liman", "limanda"…; one query reads them
    all from the documents' word list. A word with no such form in the
    documents (a beginning: "azərb") is matched as a prefix, as before; shorter
    words are matched whole.
    """
    words = [fold(word) for word in WORD.findall(query)[:MAX_WORDS]]
    stems = {word: azerbaijani.stems(word) for word in words if len(word) >= PREFIX_MIN_LENGTH}
    known = indexed_words(
        set().union(*(azerbaijani.lookup_prefixes(found) for found in stems.values())), using
    )
    parts = []
    for word in words:
        if word not in stems:
            parts.append(_lexeme(word))
            continue
        forms = sorted(
            (form for form in known if azerbaijani.is_form_of(form, stems[word])),
            key=lambda form: (len(form), form),
        )[:MAX_FORMS]
        if forms:
            parts.append("(" + " | ".join(_lexeme(form) for form in forms) + ")")
        else:
            parts.append(f"{_lexeme(word)}:*")
    return " & ".join(parts)


def _lexeme(word):
    """``word`` quoted for a tsquery (a word of the documents may hold anything)."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _reader(using):
    """``using``'s connection, or the one this request reads from (core/db/routing.py)."""
    return connections[using] if using else reading_connection


def indexed_words(prefixes, using=None) -> list:
    """The words of the Azerbaijani documents that start with one of ``prefixes``.

    Each prefix is a range of the word list's primary key (C collation: the
    words from ``prefix`` up to ``prefix`` followed by the last code point).
    """
    if not prefixes:
        return []
    prefixes = sorted(prefixes)
    ranges = " OR ".join(["(word >= %s AND word < %s)"] * len(prefixes))
    params = [value for prefix in prefixes for value in (prefix, prefix + "\U0010ffff")]
    with _reader(using).cursor() as cursor:
        cursor.execute(f"SELECT word FROM search_azerbaijani_word WHERE {ranges}", params)
        return [word for (word,) in cursor.fetchall()]


def typo_words(query: str) -> list:
    """The words compared with titles for typos: those of four letters or more."""
    return [word for word in WORD.findall(query) if len(word) >= TRIGRAM_MIN_LENGTH][:MAX_WORDS]


def text_query(language: str, query: str, raw: str | None = None) -> SearchQuery:
    if language not in FOLDED:
        # websearch_to_tsquery accepts any input: quotes, "or", -word, stray symbols.
        return SearchQuery(query, config=CONFIGS[language], search_type="websearch")
    raw = raw_query(query) if raw is None else raw
    return SearchQuery(Fold(Value(raw)), config=CONFIGS[language], search_type="raw")


def lead_text(language: str):
    """The lead in the body's form: HTML text (``&``, ``<`` and ``>`` as entities)."""
    lead = Coalesce(F(column("lead", language)), Value(""), output_field=TextField())
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        lead = Replace(lead, Value(character), Value(entity))
    return lead


def snippet_text(language: str):
    """Lead and body as one text in the body's form: HTML text with tags removed,
    cut to its first ``SNIPPET_SOURCE_LENGTH`` characters (ts_headline's cost grows
    with the text; an excerpt comes from the opening, where a match is likeliest)."""
    lead = lead_text(language)
    # The body's HTML is cut before its tags are taken out: turan_plain() then
    # reads a few thousand characters, not a whole long body. A tag or an
    # entity cut short at the end goes whole, so none of it shows as text.
    body = Func(
        Left(F(column("body", language)), SNIPPET_SOURCE_LENGTH),
        Value(CUT_SHORT),
        Value(""),
        function="regexp_replace",
        output_field=TextField(),
    )
    text = Func(
        Value("\n"),
        NullIf(lead, Value("")),
        Blocks(body),
        function="concat_ws",
        output_field=TextField(),
    )
    return Left(text, SNIPPET_SOURCE_LENGTH)


class MatchesOnlyInBody(Expression):
    """The stored document matches ``query`` in the body (weight C) alone: not
    in the title or the lead (``ts_filter`` keeps their A and B positions)."""

    output_field = BooleanField()

    def __init__(self, document, query):
        super().__init__()
        self.document, self.query = document, query

    def get_source_expressions(self):
        return [self.document, self.query]

    def set_source_expressions(self, expressions):
        self.document, self.query = expressions

    def as_sql(self, compiler, connection):
        document, document_params = compiler.compile(self.document)
        query, query_params = compiler.compile(self.query)
        sql = f"({document} @@ {query} AND NOT (ts_filter({document}, '{{a,b}}') @@ {query}))"
        return sql, (*document_params, *query_params, *document_params, *query_params)


def excerpt_text(language: str, tsquery):
    """The text an excerpt is made from: the lead, or lead and body when the
    words are found in the body alone (or there is no lead).

    A match in the title or the lead is seen in the result's title and lead;
    only a match in the body needs a passage of the body to show why the
    article was found. The lead is a few dozen words, so its excerpt costs
    ts_headline a tenth of the body's (a page of twenty results: under a
    millisecond instead of about five).
    """
    return Case(
        When(_whole(language, tsquery), then=snippet_text(language)),
        default=lead_text(language),
        output_field=TextField(),
    )


def _whole(language, tsquery):
    """The excerpt is of lead and body (``excerpt_text()``)."""
    return (
        Q(MatchesOnlyInBody(search_vector(language), tsquery))
        | Q(**{column("lead", language): ""})
        | Q(**{f"{column('lead', language)}__isnull": True})
    )


def excerpt_cut(language: str, tsquery):
    """``"1"`` when ``excerpt_text()`` is lead and body cut short at
    ``SNIPPET_SOURCE_LENGTH`` (its last word may be a part of one), else ``""``."""
    long = GreaterThan(
        Length(Coalesce(F(column("body", language)), Value(""), output_field=TextField())),
        SNIPPET_SOURCE_LENGTH,
    )
    return Case(
        When(_whole(language, tsquery) & Q(long), then=Value("1")),
        default=Value(""),
        output_field=TextField(),
    )


def day_start(day):
    return datetime.combine(day, time.min, tzinfo=BAKU)


def day_end(day):
    return datetime.combine(day, time.max, tzinfo=BAKU)


def match_conditions(query: str, language: str) -> dict:
    """The ways an article may match a (cleaned) query, as filter conditions, each
    served by its own GIN index: ``text`` (the document), ``title`` (typos in a
    title) and ``tag`` (typos in the name of a person, place... it is tagged with).
    """
    return _ways(Terms.of(query, language))


def _ways(terms) -> dict:
    language = terms.language
    ways = {"text": SearchVectorExact(search_vector(language), terms.text_query())}
    # Typos in a title: every word of four letters or more is close to one of
    # its words ("karabah talks" finds "Karabakh peace talks resume").
    if terms.words:
        title = Fold(F(column("title", language)))
        ways["title"] = reduce(
            and_, [TrigramWordSimilar(title, Fold(Value(word))) for word in terms.words]
        )
    # Typos in a name: the query is close to the name of a person, place...
    # the article is tagged with.
    if terms.names:
        ways["tag"] = Q(pk__in=tagged_with_similar_name(terms.query, language))
    return ways


def similar_tags(query: str, language: str):
    """The ids of the tags (people, places...) named like the query."""
    return Tag.objects.filter(
        TrigramWordSimilar(Fold(F(column("name", language))), Fold(Value(query)))
    ).values("pk")


def tagged_with_similar_name(query: str, language: str):
    """The ids of the articles tagged with a name close to the query."""
    return Article.tags.through.objects.filter(tag__in=similar_tags(query, language)).values(
        "article_id"
    )


@dataclass(frozen=True)
class Terms:
    """What one search puts into its SQL: the words, the moment and the filters.

    The SQL's structure depends on these only through ``shape()`` (the language,
    how many title words, which filters...); ``stand_ins()`` is the same shape
    with stand-ins for its values (core/db/compiled.py), so the SQL of a shape
    is compiled once (``SearchResults``) and each search binds its own
    ``values()`` to it.
    """

    language: str
    query: str
    raw: str  # the Azerbaijani tsquery text ("" for the other languages)
    words: tuple  # compared with titles for typos
    names: bool  # long enough to be compared with the names of tags
    moment: datetime
    section: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    order: str = "relevance"  # or "date": newest first

    @classmethod
    def of(cls, query, language, section=None, date_from=None, date_to=None, at=None, order=None):
        """The terms of a search, or None when the query has no word to search for."""
        if language not in CONFIGS:
            raise ValueError(f"Unknown language {language!r}")
        query = clean_query(query)
        if not WORD.search(query):
            return None
        return cls(
            language=language,
            query=query,
            raw=raw_query(query) if language in FOLDED else "",
            words=tuple(typo_words(query)),
            names=len(query) >= TRIGRAM_MIN_LENGTH,
            moment=at or timezone.now(),
            section=getattr(section, "pk", section),
            start=day_start(date_from) if date_from is not None else None,
            end=day_end(date_to) if date_to is not None else None,
            order=order if order in ORDERS else "relevance",
        )

    def shape(self):
        return (
            self.order,
            self.language,
            len(self.words),
            self.names,
            self.section is not None,
            self.start is not None,
            self.end is not None,
        )

    def stand_ins(self, stand_ins):
        """These terms with stand-ins from ``stand_ins`` (a ``StandIns``) for their
        values, named as in ``values()``. A shape's SQL may leave texts out (the
        sample reads no title words); the moment, section and period it uses."""
        return replace(
            self,
            query=stand_ins.text("query", required=False),
            raw=stand_ins.text("raw", required=False) if self.raw else "",
            words=tuple(
                stand_ins.text(f"word{number}", required=False) for number in range(len(self.words))
            ),
            moment=stand_ins.moment("moment"),
            section=stand_ins.number("section") if self.section is not None else None,
            start=stand_ins.moment("start") if self.start is not None else None,
            end=stand_ins.moment("end") if self.end is not None else None,
        )

    def values(self):
        """What this search binds to the stand-ins of ``stand_ins()``, by name."""
        values = {
            "query": self.query,
            "raw": self.raw,
            "moment": self.moment,
            "section": self.section,
            "start": self.start,
            "end": self.end,
        }
        for number, word in enumerate(self.words):
            values[f"word{number}"] = word
        return values

    def text_query(self):
        return text_query(self.language, self.query, self.raw or None)

    def articles(self):
        """The versions public at the moment, in the section and period if any."""
        published = column("published_at", self.language)
        articles = Article.objects.public(self.language, self.moment)
        if self.section is not None:
            articles = articles.filter(section_id=self.section)
        if self.start is not None:
            articles = articles.filter(**{f"{published}__gte": self.start})
        if self.end is not None:
            articles = articles.filter(**{f"{published}__lte": self.end})
        return articles


def sample_query(terms):
    """How common the words are where the search starts: which of the newest
    SAMPLE public versions (in the chosen section and period) they match.

    One cheap query, read in publication order whatever the words. It also
    brings the tags named like the query, looked up once: PostgreSQL often
    prices comparing every tag name below using their trigram index.
    """
    language = terms.language
    ways = _ways(terms)
    if "tag" in ways:
        # Only tags on a version public in the language can bring a result.
        on_public = TagListing.objects.filter(
            tag=OuterRef("pk"), **{f"{column('public_from', language)}__lte": terms.moment}
        )
        tags = ArraySubquery(similar_tags(terms.query, language).filter(Exists(on_public)))
    else:
        tags = Value([], output_field=ArrayField(BigIntegerField()))
    return (
        terms.articles()
        .annotate(
            hit=ExpressionWrapper(ways["text"], output_field=BooleanField()), similar_tags=tags
        )
        .values_list("hit", "similar_tags")[:SAMPLE]
    )


def older_query(terms, oldest):
    """A public version older than ``oldest`` that the words match, if any:
    read newest first from the publication index (COALESCE keeps PostgreSQL
    from fetching every match from the GIN index instead)."""
    published = column("published_at", terms.language)
    match = Coalesce(
        SearchVectorExact(search_vector(terms.language), terms.text_query()),
        Value(False),
        output_field=BooleanField(),
    )
    older = terms.articles().filter(match, **{f"{published}__lt": oldest})
    return older.order_by(F(published).desc()).values("pk")[:1]


def read_sample(rows):
    """``(hits, tag ids)`` from the sample's rows, or None when it has none
    (nothing is public in that section and period)."""
    if not rows:
        return None
    return sum(1 for hit, _tags in rows if hit), list(rows[0][1] or ())


def candidates_query(terms, hits, tag_ids):
    """The matches as ``(candidate, published, score)`` rows, one per article,
    given what the sample found (``read_sample()``). Unordered: the page ranks them.

    A common word alone (the usual search) scores each of its newest matches in
    the same scan of the publication index that finds it, while its stored
    document is at hand; a join back to the articles, as the other ways take,
    cost twice as much. The other ways are ids first and scored afterwards:
    a score in their own scans would be computed for every match before the
    newest are chosen.

    A name's tagged articles are among them only in a section: outside one,
    these are the words' own matches (boosted when tagged), and
    ``candidates_sql()`` adds the tags' articles from the tags' rows.
    """
    language = terms.language
    published = column("published_at", language)
    articles = terms.articles()

    def newest(condition, order=None):
        """The public matches of ``condition``, newest first."""
        order = order or F(published)
        return articles.filter(condition).order_by(order.desc(), "-pk")

    tsquery = terms.text_query()
    ways = _ways(terms)
    on_section = terms.section is not None
    if tag_ids:
        on_tags = AnyOf(F("tag_id"), Value(tag_ids, output_field=ArrayField(BigIntegerField())))
        tagged = Article.tags.through.objects.filter(on_tags).values("article_id")
        ways["tag"] = Q(pk__in=tagged)
    else:
        ways.pop("tag", None)
    if hits >= TYPO_FALLBACK_BELOW or tag_ids:
        # Titles are searched for typos only when the words themselves find
        # less than a page and the query names no person, place or topic
        # with public articles: a word in thousands of titles would otherwise
        # compare the query with each of them, and a name's tagged articles
        # (its own typos caught by the tag's trigrams) answer the query.
        ways.pop("title", None)
    common = hits >= SAMPLE * COMMON_SHARE
    if common:
        # A common word: read the publication index newest first and stop at
        # MAX_CANDIDATES matches. COALESCE hides the match from the GIN index
        # (and from its statistics), so PostgreSQL cannot prefer fetching all
        # the matches and sorting them.
        text = newest(Coalesce(ways.pop("text"), Value(False), output_field=BooleanField()))
    else:
        # A rarer word: its matches come from the GIN index and are sorted.
        # The sort key is the publication moment plus nothing, which no index
        # provides, so PostgreSQL cannot prefer reading the publication index
        # in the hope of stopping early (and read all of it).
        unindexed = F(published) + Value(timedelta(0))
        text = newest(ways.pop("text"), ExpressionWrapper(unindexed, output_field=DateTimeField()))
    if "title" in ways:
        # Too few matches in the sample to rule typos out: the test is then
        # whether the words match fewer than TYPO_FALLBACK_BELOW versions in
        # all. One-time test, run once, on the text matches found above.
        found = text.values("pk")[TYPO_FALLBACK_BELOW - 1 : TYPO_FALLBACK_BELOW]
        ways["title"] = IsNull(Subquery(found), True) & ways["title"]
    # A title match first, then a lead match, then the body-only matches
    # (the first occurrence weighs most), newest first among equals.
    score = SearchRank(search_vector(language), tsquery, weights=RANK_WEIGHTS)
    if "title" in ways:
        score += Case(
            When(
                ways["title"],
                then=TrigramWordSimilarity(
                    Fold(Value(terms.query)), Fold(F(column("title", language)))
                ),
            ),
            default=0.0,
        ) * Value(TITLE_WEIGHT)
    if "tag" in ways:
        score += Case(When(Q(pk__in=tagged), then=TAG_BOOST), default=0.0)
    columns = {
        "candidate": F("pk"),
        "published": F(published),
        "score": ExpressionWrapper(score, output_field=FloatField()),
    }
    if not on_section:
        # The tags' own articles are candidates_sql()'s.
        ways.pop("tag", None)
    if common and not ways:
        return text.values(**columns)[:MAX_CANDIDATES]
    # Each way of matching is its own scan, and the ids are put together
    # afterwards: one OR over all three could use no index at all. For title
    # typos and tags, PostgreSQL's own estimates serve well enough.
    matching = [way.values("pk")[:MAX_CANDIDATES] for way in [text, *map(newest, ways.values())]]
    first, *others = matching
    # Unordered: the page orders them (public()'s order would cost a sort).
    return (
        articles.filter(pk__in=first.union(*others, all=True) if others else first)
        .order_by()
        .values(**columns)
    )


# A name with public tagged articles, outside a section: the words' matches
# are scored as ever (with the tag's boost when tagged too), and the tags'
# newest articles straight from the tags' own rows (``tag_listings()``),
# read from no article: an article the words do not match scores the boost
# alone. The FULL JOIN gives each article once. Reading each of a name's
# ~270 tagged articles back for its score cost ~2.5 ms at 100,000 articles.
TAGGED_SQL = """SELECT COALESCE(by_words.candidate, by_tags.candidate) AS candidate,
    COALESCE(by_words.published, by_tags.published) AS published,
    COALESCE(by_words.score, %s) AS score
FROM ({words}) AS by_words
FULL JOIN (
    SELECT listed.article_id AS candidate, MAX(listed.published) AS published
    FROM ({listings}) AS listed
    GROUP BY listed.article_id
) AS by_tags ON by_tags.candidate = by_words.candidate"""


def candidates_sql(terms, hits, tag_ids, using=DEFAULT_DB_ALIAS):
    """``candidates_query()``'s rows as SQL and parameters: for a name with
    public tagged articles outside a section, ``TAGGED_SQL``."""
    words, words_params = sql_of(candidates_query(terms, hits, tag_ids), using)
    if not tag_ids or terms.section is not None:
        return words, words_params
    on_tags = AnyOf(F("tag_id"), Value(tag_ids, output_field=ArrayField(BigIntegerField())))
    listings, listings_params = sql_of(tag_listings(terms, on_tags), using)
    sql = TAGGED_SQL.format(words=words, listings=listings)
    return sql, (TAG_BOOST, *words_params, *listings_params)


def tag_listings(terms, on_tags):
    """The newest ``MAX_CANDIDATES`` public articles tagged ``on_tags``, in the
    period if any, as ``TagListing`` knows them (its ``public_from_<code>`` is
    the visibility rule's moment): their ids, newest first."""
    moment = column("public_from", terms.language)
    listings = TagListing.objects.filter(on_tags, **{f"{moment}__lte": terms.moment})
    if terms.start is not None:
        listings = listings.filter(**{f"{moment}__gte": terms.start})
    if terms.end is not None:
        listings = listings.filter(**{f"{moment}__lte": terms.end})
    newest = listings.order_by(F(moment).desc(), F("article_id").desc())
    return newest.values("article_id", published=F(moment))[:MAX_CANDIDATES]


def headline(terms, text=None):
    """The excerpt of an article (``snippet()`` makes it safe HTML): the words
    highlighted in its lead or, if they are only in its body, in the body.

    ``text``: an expression standing for ``excerpt_text()`` (``page_sql()``
    computes that once a row and hands its column in)."""
    language = terms.language
    tsquery = terms.text_query()
    text = excerpt_text(language, tsquery) if text is None else text
    return SearchHeadline(
        Fold(text) if language in FOLDED else text,
        tsquery,
        config=CONFIGS[language],
        start_sel="<mark>",
        stop_sel="</mark>",
        **HEADLINE_OPTIONS,
    )


# snippet() finds the excerpt in its text (and, for folded text, puts it back
# on the original letters): the text is sent along after a "<>" that neither
# part can contain, and then whether it was cut short. The text is computed
# once a row (the dearest part after ts_headline: ~0.2 ms for 2,000
# characters); OFFSET 0 keeps PostgreSQL from pulling the subquery up and
# computing it for each use.
EXCERPT_SQL = """(SELECT pg_catalog.concat({headline}, '<>', source.text, '<>', source.cut)
    FROM (SELECT {text} AS text, {cut} AS cut OFFSET 0) AS source)"""


def excerpt_sql(terms, using=DEFAULT_DB_ALIAS):
    """``EXCERPT_SQL`` for ``terms``, its parameters, and the article table's name."""
    articles = Article.objects.all()
    tsquery = terms.text_query()
    text, text_params, table = expression_sql(
        articles, excerpt_text(terms.language, tsquery), using
    )
    cut, cut_params, _table = expression_sql(articles, excerpt_cut(terms.language, tsquery), using)
    source = RawSQL("source.text", (), output_field=TextField())
    excerpt, excerpt_params, _table = expression_sql(articles, headline(terms, source), using)
    sql = EXCERPT_SQL.format(headline=excerpt, text=text, cut=cut)
    return sql, (*excerpt_params, *text_params, *cut_params), table


# The page: the candidates ranked, the page's rows cut from them, and only
# those joined to their articles for what a result shows and its excerpt
# (ts_headline is the dearest part of a row). "total" is the number of
# candidates, counted in the same query (CountedPaginator reads it), and
# "oldest" the oldest one's publication (``SearchResults.has_older()``).
PAGE_SQL = """SELECT {columns}, ranked.score AS rank, {headline} AS headline, ranked.total,
    ranked.oldest
FROM (
    SELECT candidates.*, COUNT(*) OVER () AS total, MIN(candidates.published) OVER () AS oldest
    FROM ({candidates}) AS candidates
    ORDER BY {order}
    LIMIT %s OFFSET %s
) AS ranked
JOIN {table} ON {table}.{pk} = ranked.candidate
ORDER BY {outer_order}"""
# The orders of a page: best first, or newest first (the newest candidates
# are the newest matches of each way: the date order reads no more rows).
ORDERS = {
    "relevance": ("score DESC", "published DESC", "candidate DESC"),
    "date": ("published DESC", "score DESC", "candidate DESC"),
}


def page_sql(terms, hits, tag_ids, using=DEFAULT_DB_ALIAS):
    """The SQL of a page of results and its parameters (the page's size and
    offset last): ``id``, the shown fields, ``rank``, ``headline`` and ``total``."""
    candidates, candidate_params = candidates_sql(terms, hits, tag_ids, using)
    excerpt, excerpt_params, table = excerpt_sql(terms, using)
    quote = connection.ops.quote_name
    sql = PAGE_SQL.format(
        columns=", ".join(f"{table}.{quote(name)}" for name in page_columns(terms.language)),
        headline=excerpt,
        candidates=candidates,
        order=", ".join(f"candidates.{key}" for key in ORDERS[terms.order]),
        outer_order=", ".join(f"ranked.{key}" for key in ORDERS[terms.order]),
        table=table,
        pk=quote(Article._meta.pk.column),
    )
    return sql, (*excerpt_params, *candidate_params)


def page_columns(language):
    """The article columns of a result: ``shown_fields()``'s."""
    return [Article._meta.get_field(name).column for name in shown_fields(language)]


def search_articles(
    query, language, section=None, date_from=None, date_to=None, at=None, order=None
):
    """Return the versions public in ``language`` that match ``query``, best first.

    A ``SearchResults``: slice it for a page, iterate it for all. Each article
    carries ``rank`` (its score) and ``headline`` (ts_headline's excerpt; pass
    the article to ``snippet()`` for safe HTML). Dates are days in Baku time,
    both ends included. Of each way of matching (text, title, tag) only the
    newest ``MAX_CANDIDATES`` matches take part.
    """
    return SearchResults(query, language, section, date_from, date_to, at=at, order=order)


class Result:
    """One search result: what it shows (``shown_fields()``, in the search's
    language), its ``rank``, ``headline`` (``snippet()`` makes it safe HTML),
    and the page's ``total`` and ``oldest`` candidate.

    Read straight from the page's rows: twenty model instances of forty
    fields, with their post-init signals, cost more than the rest of the
    results' Python. Its section is the one handed in, else read when asked for.
    """

    __slots__ = (
        "pk",
        "title",
        "slug",
        "published_at",
        "section_id",
        "rank",
        "headline",
        "total",
        "oldest",
        "_section",
        "language",
    )

    def __init__(self, *values):
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)

    @property
    def id(self):
        return self.pk

    @property
    def section(self):
        if self._section is None:
            self._section = Section.objects.get(pk=self.section_id)
        return self._section

    @section.setter
    def section(self, section):
        self._section = section

    def get_absolute_url(self):
        if self.language == translation.get_language():
            return cached_reverse("articles:detail", self.pk, self.slug or "article")
        with translation.override(self.language):
            return cached_reverse("articles:detail", self.pk, self.slug or "article")

    def __repr__(self):
        return f"<Result {self.pk}: {self.title!r}>"


class SearchResults:
    """A search's results, best first: slice it for a page (one query, after
    the sample's), iterate it for all of them.

    The SQL of the sample and of the page is compiled once per shape of search
    (``Terms.shape()`` and what the sample decided) and kept for the process:
    building it with the ORM took ~5 ms a search, most of a search's Python
    time. A search binds its own values to the stand-ins of the kept SQL
    (a ``Compiled`` statement, core/db/compiled.py, which refuses a shape
    whose stand-ins were written into the SQL or changed on the way).
    Rows come with the sections of ``sections`` (the page holds them already),
    else with their section read when it is asked for.
    """

    _compiled = {}

    def __init__(
        self,
        query,
        language,
        section=None,
        date_from=None,
        date_to=None,
        sections=(),
        at=None,
        order=None,
    ):
        self.terms = Terms.of(query, language, section, date_from, date_to, at, order)
        self.sections = {section.pk: section for section in sections}
        self._sample = None

    @classmethod
    def _sql(cls, key, terms, build, generic=False):
        """``build(stand-in terms, their StandIns)``'s SQL, compiled once per key,
        and the same prepared (``Prepared``, named after its SQL; ``generic``:
        run with its generic plan)."""
        if (kept := cls._compiled.get(key)) is None:
            stand_ins = StandIns()
            sql, params = build(terms.stand_ins(stand_ins), stand_ins)
            compiled = Compiled(sql, params, stand_ins, "search")
            # Named after the SQL and its constants: a session keeps the
            # statement prepared under this name for as long as it lives.
            text = repr((sql, params)).encode()
            name = "turan_search_" + hashlib.md5(text, usedforsecurity=False).hexdigest()
            kept = cls._compiled[key] = (compiled, compiled.prepare(name, generic))
        return kept

    def _values(self, **extra):
        return {**self.terms.values(), **extra}

    def sample(self):
        """``read_sample()`` of this search's sample, read once."""
        if self._sample is None:
            _compiled, statement = self._sql(
                ("sample", *self.terms.shape()),
                self.terms,
                lambda terms, _stand_ins: sql_of(sample_query(terms)),
                # The same plan for any words (the newest public versions, the
                # tags by their trigram index), which took longer to make than
                # to run: planned once per session.
                generic=True,
            )
            rows = statement.run(_sample_rows, self._values())
            self._sample = (read_sample(rows),)
        return self._sample[0]

    def _page(self):
        """The page's statement: ``(Compiled, Prepared)``."""
        hits, tag_ids = self.sample()
        common, typo = hits >= SAMPLE * COMMON_SHARE, hits < TYPO_FALLBACK_BELOW
        key = ("page", *self.terms.shape(), common, typo, bool(tag_ids))

        def build(terms, stand_ins):
            sql, params = page_sql(terms, hits, stand_ins.numbers("tags") if tag_ids else [])
            return sql, (*params, stand_ins.number("limit"), stand_ins.number("offset"))

        return self._sql(key, self.terms, build)

    def _page_values(self, limit, offset):
        """What the page's statement binds: ``limit`` results (None: all) from ``offset``."""
        return self._values(tags=list(self.sample()[1]), limit=limit, offset=offset)

    def __getitem__(self, window):
        if not isinstance(window, slice) or window.step is not None:
            raise TypeError("Search results are read a slice at a time.")
        start = window.start or 0
        if self.terms is None or self.sample() is None:
            return []
        limit = None if window.stop is None else max(window.stop - start, 0)
        _compiled, statement = self._page()
        rows = statement.run(fetch_all, self._page_values(limit, start))
        sections, language = self.sections, self.terms.language
        # A row is page_columns() (shown_fields()' order) then rank, headline,
        # total and oldest: Result's slots up to its section.
        section_id = Result.__slots__.index("section_id")
        return [Result(*row, sections.get(row[section_id]), language) for row in rows]

    def __iter__(self):
        return iter(self[0:])

    def count(self):
        if self.terms is None or (sample := self.sample()) is None:
            return 0
        sql, params = candidates_sql(self.terms, *sample)
        with reading_connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS candidates", params)
            return cursor.fetchone()[0]

    def has_older(self, oldest):
        """Whether the words match a version older than ``oldest``, the oldest
        candidate: a search of ``MAX_CANDIDATES`` candidates then finds more
        than it ranks. One query, reading the publication index from there
        until the first match (a common word's next one is close by); its SQL
        is compiled once per shape, as the page's is."""
        if self.terms is None or oldest is None:
            return False

        def build(terms, stand_ins):
            return sql_of(older_query(terms, stand_ins.moment("oldest")))

        _compiled, statement = self._sql(("older", *self.terms.shape()), self.terms, build)
        return bool(statement.run(fetch_all, self._values(oldest=oldest)))

    def explain(self, options="", size=20):
        """PostgreSQL's plan for the first page of ``size`` (planned for its
        values), with EXPLAIN's ``options`` in text format ("(ANALYZE)"...)."""
        if self.terms is None or self.sample() is None:
            return ""
        compiled, _statement = self._page()
        with reading_connection.cursor() as cursor:
            values = compiled.bind(self._page_values(size, 0))
            cursor.execute(f"EXPLAIN {options} {compiled.sql}", values)
            return "\n".join(row[0] for row in cursor.fetchall())


def _sample_rows(sql, params):
    """The sample's ``(hit, similar tags)`` rows."""
    with reading_connection.cursor() as cursor:
        cursor.execute(sql, params)
        to_rows(cursor)
        # The ORM orders the columns of values_list() in Python, not in the SQL.
        names = [column.name for column in cursor.description]
        hit, tags = names.index("hit"), names.index("similar_tags")
        return [(row[hit], row[tags]) for row in cursor.fetchall()]


def snippet(article) -> SafeString:
    """Return the article's highlighted excerpt as HTML: escaped text and ``<mark>``.

    ts_headline's input had no ``<`` of its own, so every ``<mark>`` in it is
    a highlight; everything else is HTML text (entities from the body) that is
    decoded and escaped again here, so no markup from an article gets through.
    The excerpt is found in the text it was cut from: it starts at its
    sentence's start and ends at its sentence's end when those are near, a
    cut elsewhere shows as "…", and the text's blocks (lead, heading,
    paragraph) as line breaks.
    """
    headline, separator, original = (getattr(article, "headline", None) or "").partition("<>")
    original, _separator, cut = original.partition("<>")
    parts = MARK.split(headline)
    placed = _place(parts, original) if separator else None
    if placed is None:
        return mark_safe(_render(parts))  # noqa: S308 - _render() escapes every text part
    start, end, marks = placed
    start, opened = _sentence_start(original, start)
    end, closed = _sentence_end(original, end, bool(cut))
    if marks and marks[-1][1] > end:
        end = marks[-1][1]  # a highlighted word stays, cut short or not
    pieces, position = [], start
    for mark_start, mark_end in marks:
        if mark_end > end:
            break
        pieces += [original[position:mark_start], "<mark>", original[mark_start:mark_end]]
        pieces.append("</mark>")
        position = mark_end
    pieces.append(original[position:end])
    html_text = _render(pieces)
    return mark_safe(  # noqa: S308 - _render() escapes every text part
        ("" if opened else "…") + html_text + ("" if closed else "…")
    )


# How far an excerpt reaches back to its sentence's start, or on to its end.
SENTENCE_REACH = 80
SENTENCE_START = re.compile(r"(?:[.!?…»”\"]\s|\n)(?=\S)")
SENTENCE_END = re.compile(r"[.!?…](?=[»”\"]?(?:\s|$))[»”\"]?|\n")


def _place(parts, original):
    """Where the excerpt of ``parts`` lies in ``original``: ``(start, end,
    marks)``, the highlights as ``(start, end)`` pairs; None if not found.

    turan_fold() replaces each character by exactly one character, so an
    excerpt of folded text lies where it is found in the folded original.
    """
    excerpt = "".join(part for part in parts if part not in ("<mark>", "</mark>"))
    start = original.find(excerpt)
    if start < 0:
        start = fold(original).find(excerpt)
    if start < 0 or not excerpt.strip():
        return None
    marks, position, opened = [], start, None
    for part in parts:
        if part == "<mark>":
            opened = position if opened is None else opened
        elif part == "</mark>":
            if opened is not None:
                marks.append((opened, position))
            opened = None
        else:
            position += len(part)
    if opened is not None:
        marks.append((opened, position))
    return start, start + len(excerpt), marks


def _sentence_start(text, start):
    """The excerpt's start moved back to its sentence's start when near, and
    whether it starts a sentence (or a block, or the text) now."""
    low = max(0, start - SENTENCE_REACH)
    if not text[low:start].strip():
        return start, low == 0 or bool(SENTENCE_START.match(text, start - 2, start + 1))
    found = [
        match.end()
        for match in SENTENCE_START.finditer(text, low, start + 1)
        if match.end() <= start
    ]
    if found:
        return found[-1], True
    if low == 0:
        return len(text) - len(text.lstrip()), True
    return start, False


def _sentence_end(text, end, cut=False):
    """The excerpt's end moved on to its sentence's end when near, and whether
    it ends a sentence (or a block, or the text) now. At the end of a ``cut``
    text, the last word (perhaps a part of one) is left out."""
    rest = text[end:]
    if not rest.strip():
        if not cut:
            return end, True
        return max(text.rfind(" ", 0, end), text.rfind("\n", 0, end), 0), False
    if text[end - 1 : end] in ".!?…" and rest[:1].isspace():
        return end, True
    found = SENTENCE_END.search(text, end, end + SENTENCE_REACH)
    if found:
        return (found.start() if found.group() == "\n" else found.end()), True
    return end, False


def _render(parts) -> str:
    """``parts`` (text and ``<mark>`` tags) as HTML: text escaped, a line as a
    ``<br>``, the highlights balanced."""
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
            out.append("<br>".join(escape(html.unescape(line)) for line in part.split("\n")))
    if open_mark:
        out.append("</mark>")
    return "".join(out).strip()


# "Did you mean …": each typed word of four letters or more that is no word
# of a title or tag name (as folded: "xezer" is "Xəzər") is replaced by the
# closest one (search_title_word, migration 0002 of search). The trigram index
# on ``loose`` serves the ``%`` test (pg_trgm's similarity threshold, 0.3);
# the closest word wins, the one closest as typed among equals.
SUGGEST_SQL = """
SELECT typed.position, EXISTS (
    SELECT FROM search_title_word AS known
    WHERE known.language = %(language)s
        AND known.folded = turan_fold(typed.word)
), (
    SELECT known.word FROM search_title_word AS known
    WHERE known.language = %(language)s
        AND known.loose OPERATOR(public.%%) turan_loose(%(language)s, typed.word)
    ORDER BY public.similarity(known.loose, turan_loose(%(language)s, typed.word)) DESC,
        public.similarity(known.word, pg_catalog.lower(typed.word)) DESC, known.word
    LIMIT 1
)
FROM pg_catalog.unnest(%(words)s::text[]) WITH ORDINALITY AS typed (word, position)
"""


def suggest(query: str, language: str, using=None) -> str | None:
    """The query with its misspelt words replaced by the closest words of the
    titles and tag names in ``language``, or None when no word changes.

    One query, through the trigram index; the caller decides whether the
    suggestion is worth showing (it finds public articles).
    """
    if language not in CONFIGS:
        raise ValueError(f"Unknown language {language!r}")
    query = clean_query(query)
    spans = [match for match in WORD.finditer(query) if len(match.group()) >= TRIGRAM_MIN_LENGTH][
        :MAX_WORDS
    ]
    if not spans:
        return None
    with _reader(using).cursor() as cursor:
        cursor.execute(
            SUGGEST_SQL, {"language": language, "words": [match.group() for match in spans]}
        )
        found = {position: (known, closest) for position, known, closest in cursor.fetchall()}
    parts, end = [], 0
    for position, match in enumerate(spans, start=1):
        known, closest = found.get(position, (True, None))
        if known or not closest:
            continue
        if match.group()[0].isupper():
            closest = (
                "İ" if language == "az" and closest[0] == "i" else closest[0].upper()
            ) + closest[1:]
        parts += [query[end : match.start()], closest]
        end = match.end()
    if not parts:
        return None
    return "".join(parts) + query[end:]
