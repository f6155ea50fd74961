"""Queries that span models, each built on ``Article.objects.public()``.

Every function returns a QuerySet (or plain data from one query) with its
``select_related``/``prefetch_related`` done, so a page's query count does not
grow with the data.
"""

import json
from datetime import datetime, timedelta

from django.contrib.postgres.aggregates import JSONBAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.db import DEFAULT_DB_ALIAS
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    JSONField,
    OuterRef,
    Subquery,
)
from django.db.models.functions import JSONObject, TruncDay, TruncMonth, TruncYear
from django.http import Http404
from django.utils import timezone, translation

from articles.models import (
    Article,
    Byline,
    BylineListing,
    Correction,
    Figure,
    QuoteListing,
    Section,
    TagListing,
)
from authors.models import Author
from core.dates import BAKU
from core.db.compiled import Compiled, StandIns, fetch_all
from core.db.content_version import depends_on
from core.db.orm import set_prefetched, set_related, sql_of
from core.i18n import LANGUAGE_CODES, column, columns
from core.links import cached_reverse
from pages.models import Page
from pages.models import content_q as page_content_q
from photos.models import Photo
from quotes.models import Quote
from tags.models import Tag

# The kinds of tag that make two articles related: who and what they are
# about, not where (every piece is "about" Azerbaijan).
RELATED_KINDS = (Tag.Kind.PERSON, Tag.Kind.TOPIC)


def published_field(language):
    return column("published_at", language)


class Unnest(Func):
    """``UNNEST(array)``: one row per element (in a subquery's select list)."""

    function = "UNNEST"


def latest_by_section(language, per_section, at=None):
    """Return the newest ``per_section`` public articles of every section, in one query
    (the front page reads them as cards: ``cards.front_page()``).

    Rows are ordered by section (navigation order), newest first within each.
    For each section a correlated ``ARRAY(SELECT id … LIMIT n)`` walks that
    section's publication index and stops after ``n`` ids, so the cost grows
    with the number of sections, not of articles (a window over every public
    article read each one's body to check it has one); the outer query
    fetches just the chosen rows.
    """
    field = published_field(language)
    newest = (
        Article.objects.public(language, at)
        .filter(section=OuterRef("pk"))
        .order_by(f"-{field}", "-pk")
        .values("pk")[:per_section]
    )
    # annotate() then values(): see with_related().
    chosen = (
        Section.objects.order_by()
        .annotate(ids=Unnest(ArraySubquery(newest), output_field=BigIntegerField()))
        .values("ids")
    )
    return (
        Article.objects.filter(pk__in=chosen)
        .order_by("section__position", "section_id", f"-{field}", "-pk")
        .for_headlines()
    )


# (content version, valid until, sections, pages) last read by this process.
_navigation = (None, None, [], [])


def _site_navigation(version, until=None):
    """``(sections, pages)``: the header's sections and the footer's site pages,
    in one query (the pages ride along as an uncorrelated array, computed once).

    Each section carries ``has_<code>``: whether anything in it is public in
    that language now, so a header links no section that would be a 404. The
    answer holds for the content version until the next scheduled moment
    (``until``, from the page cache), when a section may gain its first piece.
    """
    global _navigation
    cached_version, cached_until, sections, pages = _navigation
    now = timezone.now()
    if version is None or version != cached_version or (cached_until and now >= cached_until):
        flags = {
            column("has", code): ExpressionWrapper(
                page_content_q(code), output_field=BooleanField()
            )
            for code in LANGUAGE_CODES
        }
        # annotate() then values(): modeltranslation's values(json=…) selects every column.
        rows = (
            Page.objects.order_by("pk")
            .annotate(
                json=JSONObject(kind="kind", **{name: name for name in columns("title")}, **flags)
            )
            .values("json")
        )
        filled = {
            column("has", code): Exists(
                Article.objects.public(code, now).filter(section=OuterRef("pk"))
            )
            for code in LANGUAGE_CODES
        }
        sections = list(Section.objects.annotate(site_pages=ArraySubquery(rows), **filled))
        if sections:
            pages = sections[0].site_pages
        else:
            pages = [row["json"] for row in rows]
        if version is not None:
            _navigation = (version, until, sections, pages)
    return sections, pages


def navigation_sections(version=None, until=None):
    """Every section in navigation order, for the header of every page.

    Kept per process for the content version ``version`` (see
    public/pagecache.py) until the next scheduled moment ``until``: any write
    to content changes the version, so the list is read again once after
    each, not on every page. Without a version (staff requests) it is read
    every time.
    """
    return _site_navigation(version, until)[0]


def site_pages(language, version=None, until=None):
    """``[(kind, title, url)]``: the site pages readers may see in ``language``,
    in the order of ``Page.Kind`` (read with the sections, kept the same way)."""
    order = {kind: index for index, kind in enumerate(Page.Kind.values)}
    pages = [
        page for page in _site_navigation(version, until)[1] if page.get(column("has", language))
    ]
    pages.sort(key=lambda page: order.get(page["kind"], len(order)))
    with translation.override(language):
        return [
            (
                page["kind"],
                page[column("title", language)],
                cached_reverse("pages:page", page["kind"]),
            )
            for page in pages
        ]


def people_in_the_news(language, since, limit=8, at=None):
    """Return the people tagged on the most public articles published since ``since``."""
    recent = Article.objects.public(language, at).filter(
        **{f"{published_field(language)}__gte": since}
    )
    # The filter and the count share one join, so only recent public articles count.
    return (
        Tag.objects.filter(kind=Tag.Kind.PERSON, articles__in=recent.values("pk"))
        .annotate(mentions=Count("articles"))
        .order_by("-mentions", column("name", language), "pk")[:limit]
    )


def with_related(articles, language, limit=4, at=None):
    """Annotate ``related_rows``: the newest public articles sharing a person or topic.

    The related articles travel as a JSON array inside the article's own
    query (a correlated ``ARRAY(SELECT …)``), so the article page pays no
    extra query for them; ``related_articles()`` turns the rows into
    ``Article`` instances for the templates.

    The candidates come from the tags' own rows (``TagListing``), which know
    when each version became public: each subject's newest ``limit`` are read
    from the (tag, moment) index without looking up any article, so the cost
    grows with the page's subjects, not with how many articles they have; of
    those few the newest ``limit`` are fetched and made into JSON rows.
    """
    field = published_field(language)
    moment = column("public_from", language)
    # Per subject of the page, its newest public articles other than the page:
    # a few entries of the (tag, moment) index, however many articles it has.
    newest = (
        TagListing.objects.filter(
            tag=OuterRef("tag_id"), **{f"{moment}__lte": at or timezone.now()}
        )
        .exclude(article=OuterRef(OuterRef(OuterRef("pk"))))  # the article on the page
        .order_by(f"-{moment}", "-article_id")
        .values("article_id")[:limit]
    )
    # annotate() then values(): see latest_by_section().
    chosen = (
        Article.tags.through.objects.filter(
            article=OuterRef(OuterRef("pk")), tag__kind__in=RELATED_KINDS
        )
        .annotate(ids=Unnest(ArraySubquery(newest), output_field=BigIntegerField()))
        .values("ids")
    )
    related = (
        Article.objects.filter(pk__in=chosen)
        .order_by(f"-{field}", "-pk")
        # annotate() then values(): modeltranslation's values(name=expression)
        # selects extra columns, which an ARRAY subquery refuses.
        .annotate(
            row=JSONObject(
                pk="pk",
                slug=column("slug", language),
                title=column("title", language),
                published=field,
                section_slug="section__slug",
                **{
                    column("section_name", code): column("section__name", code)
                    for code in LANGUAGE_CODES
                },
            )
        )
        .values("row")[:limit]
    )
    return articles.annotate(related_rows=ArraySubquery(related))


def related_articles(article, language):
    """Return the related articles annotated by ``with_related()`` as unsaved instances."""
    # Chosen from the newest of each subject: the page shows what their
    # listings hold (a scope of the page cache, core/db/content_version.py).
    depends_on(
        *(f"listing:{tag.pk}:{language}" for tag in article.tags.all() if tag.kind in RELATED_KINDS)
    )
    result = []
    for row in getattr(article, "related_rows", None) or []:
        section = _instance(
            Section,
            slug=row["section_slug"],
            **{column("name", code): row[column("section_name", code)] for code in LANGUAGE_CODES},
        )
        related = _instance(
            Article,
            id=row["pk"],
            **{
                column("slug", language): row["slug"],
                column("title", language): row["title"],
                column("published_at", language): datetime.fromisoformat(row["published"]),
            },
        )
        set_related(related, "section", section)
        result.append(related)
    return result


# Every concrete field's default, per model, worked out once.
_defaults = {}


def _instance(model, **values):
    """A ``model`` holding ``values`` (by attname) and every other field's default.

    Like ``model(**values)`` but cheaper: modeltranslation switches the active
    language to work out each translated field's default, on every instance.
    """
    defaults = _defaults.get(model)
    if defaults is None:
        defaults = _defaults[model] = {
            field.attname: field.get_default() for field in model._meta.concrete_fields
        }
    row = defaults | values
    return model.from_db(DEFAULT_DB_ALIAS, list(row), list(row.values()))


def public_quotes(language, at=None):
    """Return the quotes carried by an article public in ``language``.

    A quote reaches readers with the version whose own body places it, never
    before and never through a sibling version (an embargoed translation's
    quotes stay unseen in every language). Each quote is annotated with the
    first public article that carried it in ``language`` (``source_pk``,
    ``source_slug``, ``source_title``, ``source_published``), for the date and a link.
    """
    moment = column("public_from", language)
    carriers = (
        QuoteListing.public(language, at).filter(quote=OuterRef("pk")).order_by(moment, "article")
    )
    return (
        Quote.objects.filter(Exists(carriers))
        .select_related("speaker")
        .annotate(
            source_pk=Subquery(carriers.values("article")[:1]),
            source_slug=Subquery(carriers.values("article__" + column("slug", language))[:1]),
            source_title=Subquery(carriers.values("article__" + column("title", language))[:1]),
            source_published=Subquery(carriers.values(moment)[:1]),
        )
        # Not by the annotations: PostgreSQL then works them out for one page only.
        .order_by(F("said_on").desc(nulls_last=True), "-pk")
    )


# Statements of quote_page(), by kind and language, compiled once per process.
_quote_statements = {}
# PostgreSQL's largest bigint: OFFSET takes no more.
_LAST_OFFSET = 2**63 - 1


def quote_page(language, speaker=None, limit=20, offset=0, at=None):
    """``limit`` quotes of ``public_quotes(language)`` from ``offset`` on (only the
    person ``speaker``'s, a pk, when given), with their speakers: one prepared
    statement per kind and language, not a queryset compiled per request."""
    kind = "all" if speaker is None else "speaker"
    statement = _quote_statements.get((kind, language))
    if statement is None:
        stand_ins = StandIns()
        quotes = public_quotes(language, at=stand_ins.moment("at"))
        if speaker is not None:
            quotes = quotes.filter(speaker=stand_ins.number("speaker"))
        quotes = quotes.select_related(None).annotate(speaker_row=_row(Tag, "speaker__"))
        sql, params = sql_of(quotes)
        statement = _quote_statements[(kind, language)] = Compiled(
            f"{sql} LIMIT %s OFFSET %s",
            [*params, stand_ins.number("limit"), stand_ins.number("offset")],
            stand_ins,
        ).prepare(f"turan_quotes_{kind}_{language}")
    values = {
        "at": at or timezone.now(),
        "speaker": speaker,
        "limit": limit,
        "offset": min(offset, _LAST_OFFSET),
    }
    quotes = statement.run(lambda sql, params: list(Quote.objects.raw(sql, params)), values)
    for quote in quotes:
        set_related(quote, "speaker", _from_row(Tag, _parsed(quote.speaker_row)))
        del quote.speaker_row
    return quotes


class QuotePages:
    """``quote_page()`` as a ``Paginator``'s object list: sliced a page at a time;
    its ``count()`` is the queryset's."""

    ordered = True

    def __init__(self, language, speaker=None, at=None):
        self.language, self.speaker, self.at = language, speaker, at or timezone.now()

    def count(self):
        quotes = public_quotes(self.language, self.at)
        if self.speaker is not None:
            quotes = quotes.filter(speaker=self.speaker)
        return quotes.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.stop is None:
            raise TypeError("QuotePages takes bounded slices only")
        start = index.start or 0
        return quote_page(
            self.language, self.speaker, max(0, index.stop - start), start, at=self.at
        )


# {name: (content version, valid until, value)} last worked out by this process.
_memoised = {}


def memoised(name, request, compute, max_age=None):
    """``compute()``, kept per process for the request's content version until
    the next scheduled moment (both set by the page cache, public/pagecache.py).

    What public output shows changes only with the version or at a scheduled
    moment, so a value worked out from it is good for as long as the version
    holds and the moment has not come. A value that also moves with the clock
    (what was published in the last 30 days) gives ``max_age`` in seconds.
    Without a version (staff requests, or no page cache in the chain) it is
    worked out every time. Only the latest version's values are kept: one
    entry per ``name``.
    """
    version = getattr(request, "content_version", None)
    if version is None:
        return compute()
    now = timezone.now()
    kept = _memoised.get(name)
    if kept is not None and kept[0] == version and (kept[1] is None or now < kept[1]):
        return kept[2]
    until = getattr(request, "content_until", None)
    if max_age is not None:
        aged = now + timedelta(seconds=max_age)
        until = aged if until is None else min(until, aged)
    value = compute()
    _memoised[name] = (version, until, value)
    return value


def quote_speakers(language, limit=100, at=None):
    """Return the ``limit`` people most quoted in public in ``language``, most quoted first."""
    carried = QuoteListing.public(language, at).values("quote")
    return (
        Tag.objects.filter(kind=Tag.Kind.PERSON, quotes__in=carried)
        .annotate(quoted=Count("quotes", distinct=True))
        .order_by("-quoted", column("name", language), "pk")[:limit]
    )


def tags_with_languages(at=None):
    """Tags annotated ``has_<code>``: whether a version public in that language at
    ``at`` carries them (tagged, or placing a quote of the person)."""
    at = at or timezone.now()
    annotations = {}
    for code in LANGUAGE_CODES:
        moment = column("public_from", code)
        tagged = TagListing.objects.filter(tag=OuterRef("pk"), **{f"{moment}__lte": at})
        quoted = QuoteListing.objects.filter(
            quote__speaker=OuterRef("pk"), **{f"{moment}__lte": at}
        )
        annotations[column("has", code)] = ExpressionWrapper(
            Exists(tagged) | Exists(quoted), output_field=BooleanField()
        )
    return Tag.objects.annotate(**annotations)


def public_tag(slug, language, at=None):
    """Return the tag ``slug`` if a version public in ``language`` carries it
    (tagged with it, or placing a quote of the person), else raise Http404.

    A tag known only from unpublished versions has no page and no feed yet:
    its name can be news in itself ("SOCAR-BP merger").
    """
    # ``has_<code>``: the languages the tag has a page in (hreflang), in the same query.
    return _public_by_slug(Tag, tags_with_languages, "tag", slug, language, at)


def authors_with_languages(at=None):
    """Authors annotated ``has_<code>``: whether a version public in that language is theirs."""
    at = at or timezone.now()
    # From the bylines' own moments (BylineListing): one probe of an index per
    # language, not a join of the author's every byline with public().
    return Author.objects.annotate(
        **{
            column("has", code): Exists(
                BylineListing.objects.filter(
                    author=OuterRef("pk"), **{f"{column('public_from', code)}__lte": at}
                )
            )
            for code in LANGUAGE_CODES
        }
    )


def public_author(slug, language, at=None):
    """Return the author ``slug`` if a version public in ``language`` is theirs, else 404."""
    # ``has_<code>``: the languages the author has a page in (hreflang), in the same query.
    return _public_by_slug(Author, authors_with_languages, "author", slug, language, at)


# Statements of _public_by_slug(), by kind and language, compiled once per process.
_slug_statements = {}


def _public_by_slug(model, annotated, kind, slug, language, at=None):
    """The ``model`` row ``slug`` of ``annotated(at)`` that has something public in
    ``language`` (``has_<language>``), else raise Http404.

    Building the queryset (six ``EXISTS`` for a tag, three over ``public()``
    for an author) cost the tag and author pages more Python than their cards:
    its SQL is compiled once per kind and language, with stand-ins for the
    slug and the moment, and prepared like the cards' statements.
    """
    statement = _slug_statements.get((kind, language))
    if statement is None:
        stand_ins = StandIns()
        found = annotated(stand_ins.moment("at")).filter(
            **{column("has", language): True}, slug=stand_ins.text("slug")
        )
        sql, params = sql_of(found.order_by()[:1])
        statement = _slug_statements[(kind, language)] = Compiled(sql, params, stand_ins).prepare(
            f"turan_public_{kind}_{language}"
        )
    values = {"at": at or timezone.now(), "slug": slug}
    found = statement.run(
        lambda sql, params: next(iter(model.objects.raw(sql, params)), None), values
    )
    if found is None:
        raise Http404(f"No public {kind} {slug!r}.")
    return found


def speakers_with_languages(at=None):
    """People annotated ``has_<code>``: whether a version public in that language
    places a quote of theirs (their page of the quotes archive has something)."""
    at = at or timezone.now()
    return Tag.objects.filter(kind=Tag.Kind.PERSON).annotate(
        **{
            column("has", code): Exists(
                QuoteListing.objects.filter(
                    quote__speaker=OuterRef("pk"), **{f"{column('public_from', code)}__lte": at}
                )
            )
            for code in LANGUAGE_CODES
        }
    )


# Date archives: days, months and years are Baku ones (TIME_ZONE), whatever
# time zone happens to be active.


def _local(value):
    return timezone.localtime(value, BAKU)


def _start_of(year, month=1, day=1):
    """Return the aware start of that Baku day, or None past year 9999."""
    try:
        return datetime(year, month, day, tzinfo=BAKU)
    except ValueError:
        return None


def day_bounds(day):
    """Return the aware start of ``day`` and of the next day (None past year 9999)."""
    try:
        following = day + timedelta(days=1)
    except OverflowError:
        return _start_of(day.year, day.month, day.day), None
    return _start_of(day.year, day.month, day.day), _start_of(
        following.year, following.month, following.day
    )


def month_bounds(year, month):
    """Return the aware start of that Baku month and of the next (None past year 9999)."""
    return _start_of(year, month), _start_of(year + (month == 12), month % 12 + 1)


def year_bounds(year):
    return _start_of(year), _start_of(year + 1)


def public_between(language, start, end, at=None):
    """Return the public articles published in ``[start, end)`` (``end`` None: open)."""
    field = published_field(language)
    lookups = {f"{field}__gte": start}
    if end is not None:
        lookups[f"{field}__lt"] = end
    return Article.objects.public(language, at).filter(**lookups)


def _period_counts(language, trunc, start=None, end=None, at=None):
    """The queryset of ``counts_by()``: public articles per period, in order."""
    field = published_field(language)
    articles = (
        public_between(language, start, end, at)
        if start is not None
        else Article.objects.public(language, at)
    )
    unit = {"year": TruncYear, "month": TruncMonth, "day": TruncDay}[trunc]
    return (
        articles.order_by()  # the public ordering would join the GROUP BY
        .annotate(period=unit(field, tzinfo=BAKU))
        .values("period")
        .annotate(count=Count("pk"))
        .order_by("period")
    )


def _neighbour_moments(language, start, end=None, at=None):
    """The queryset of ``neighbours()``: the moment before ``start``, and the one from ``end``."""
    field = published_field(language)
    public = Article.objects.public(language, at)
    before = public.filter(**{f"{field}__lt": start}).order_by(f"-{field}")
    moments = before.values_list(field, flat=True)[:1]
    if end is not None:
        after = public.filter(**{f"{field}__gte": end}).order_by(field)
        moments = moments.union(after.values_list(field, flat=True)[:1], all=True)
    return moments


# Statements of the date archives, by shape and language, compiled once per process.
_archive_statements = {}


def _archive_rows(shape, language, build, values):
    """The rows of ``build(stand_ins)``'s queryset for ``values``: its SQL compiled once
    per ``shape`` and language (an archive page asked the ORM to build and
    compile two aggregates on every request) and prepared like the cards'."""
    statement = _archive_statements.get((shape, language))
    if statement is None:
        stand_ins = StandIns()
        sql, params = sql_of(build(stand_ins))
        statement = _archive_statements[(shape, language)] = Compiled(
            sql, params, stand_ins
        ).prepare(f"turan_archive_{shape}_{language}")
    return statement.run(fetch_all, {"at": timezone.now(), **values})


def counts_by(language, trunc, start=None, end=None, at=None):
    """Return ``[(local datetime, count)]`` of public articles per year, month or day."""
    bounds = ("from" if start is not None else "") + ("to" if end is not None else "")
    if start is None:
        end = None

    def build(stand_ins):
        return _period_counts(
            language,
            trunc,
            stand_ins.moment("start") if start is not None else None,
            stand_ins.moment("end") if end is not None else None,
            stand_ins.moment("at"),
        )

    values = {"start": start, "end": end}
    if at is not None:
        values["at"] = at
    rows = _archive_rows(f"counts_{trunc}_{bounds or 'all'}", language, build, values)
    # DATE_TRUNC of the Baku wall clock: a naive moment, as the ORM's converter reads it.
    return [(_local(timezone.make_aware(period, BAKU)), count) for period, count in rows]


def neighbours(language, start, end, at=None):
    """Return the last publication moment before ``start`` and the first from ``end``.

    One query: two ``LIMIT 1`` scans of the publication index, glued by UNION
    ALL, so the cost does not grow with the archive.
    """

    def build(stand_ins):
        return _neighbour_moments(
            language,
            stand_ins.moment("start"),
            stand_ins.moment("end") if end is not None else None,
            stand_ins.moment("at"),
        )

    values = {"start": start, "end": end}
    if at is not None:
        values["at"] = at
    rows = _archive_rows(
        f"neighbours_{'to' if end is not None else 'open'}", language, build, values
    )
    previous = following = None
    for (moment,) in rows:
        if moment < start:
            previous = _local(moment)
        else:
            following = _local(moment)
    return previous, following


# The article page in one query, its SQL compiled once per language and process.
#
# Building and compiling the page's queryset (visibility, language tabs,
# corrections, related articles, bylines, tags and quotes) costs the ORM more
# than PostgreSQL needs to answer it. The SQL only changes with the language:
# it is compiled with stand-ins for the moment and the id (core/db/compiled.py),
# which become the two parameters of a prepared statement that every request
# executes.
_page_sql = {}


def _row(model, prefix=""):
    """A JSON object of every column of ``model`` (reached through ``prefix``)."""
    return JSONObject(**{f.attname: f"{prefix}{f.attname}" for f in model._meta.concrete_fields})


def _from_row(model, row):
    """An instance of ``model`` as if fetched from the database, from a ``_row()`` object."""
    if row is None or row.get(model._meta.pk.attname) is None:
        return None
    fields = model._meta.concrete_fields
    return model.from_db(
        DEFAULT_DB_ALIAS,
        [f.attname for f in fields],
        [f.to_python(row[f.attname]) for f in fields],
    )


def page_queryset(language, pk, at=None):
    """The article page's queryset: everything the page shows, as one row."""
    at = at or timezone.now()
    bylines = (
        Byline.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(
            rows=JSONBAgg(
                JSONObject(byline=_row(Byline), author=_row(Author, "author__")),
                order_by=("position", "pk"),
            )
        )
        .values("rows")
    )
    tags = (
        Article.tags.through.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(rows=JSONBAgg(_row(Tag, "tag__"), order_by=("tag__name_ru", "tag__pk")))
        .values("rows")
    )
    quotes = (
        Article.quotes.through.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(
            rows=JSONBAgg(
                JSONObject(quote=_row(Quote, "quote__"), speaker=_row(Tag, "quote__speaker__")),
                order_by=("-quote__said_on", "-quote__pk"),
            )
        )
        .values("rows")
    )
    # The photos the body places (inline figures), in the same row: a page
    # costs the same statement whatever number of figures it shows.
    figures = (
        Figure.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(rows=JSONBAgg(_row(Photo, "photo__"), order_by=("photo__pk",)))
        .values("rows")
    )
    articles = (
        Article.objects.public(language, at)
        .with_public_languages(at)
        .with_corrections()
        .order_by()
        .annotate(
            section_row=_row(Section, "section__"),
            photo_row=_row(Photo, "lead_photo__"),
            byline_rows=Subquery(bylines, output_field=JSONField()),
            tag_rows=Subquery(tags, output_field=JSONField()),
            quote_rows=Subquery(quotes, output_field=JSONField()),
            figure_rows=Subquery(figures, output_field=JSONField()),
        )
        .filter(pk=pk)
    )
    return with_related(articles, language, at=at)


def _compiled_page(language):
    """The page's prepared statement for ``language``."""
    statement = _page_sql.get(language)
    if statement is None:
        stand_ins = StandIns()
        at, pk = stand_ins.moment("at"), stand_ins.number("pk")
        sql, params = sql_of(page_queryset(language, pk, at))
        statement = _page_sql[language] = Compiled(sql, params, stand_ins).prepare(
            f"turan_article_page_{language}"
        )
    return statement


def _parsed(value):
    return json.loads(value) if isinstance(value, str) else value


def article_page(language, pk, at=None):
    """Return the public article ``pk`` with all its page shows, in one query; or None.

    The same as ``Article.objects.public(language).with_public_languages()
    .for_page()`` with ``with_related()``, for the cost of binding two values.
    """
    statement = _compiled_page(language)
    values = {"at": at or timezone.now(), "pk": pk}
    article = statement.run(
        lambda sql, params: next(iter(Article.objects.raw(sql, params)), None), values
    )
    if article is None:
        return None
    article.correction_log = _parsed(article.correction_log)
    article.related_rows = [_parsed(row) for row in article.related_rows or ()]
    set_related(article, "section", _from_row(Section, _parsed(article.section_row)))
    set_related(article, "lead_photo", _from_row(Photo, _parsed(article.photo_row)))
    bylines = []
    for row in _parsed(article.byline_rows) or ():
        byline = _from_row(Byline, row["byline"])
        set_related(byline, "author", _from_row(Author, row["author"]))
        set_related(byline, "article", article)
        bylines.append(byline)
    set_prefetched(article, "bylines", bylines)
    set_prefetched(
        article, "tags", [_from_row(Tag, row) for row in _parsed(article.tag_rows) or ()]
    )
    quotes = []
    for row in _parsed(article.quote_rows) or ():
        quote = _from_row(Quote, row["quote"])
        set_related(quote, "speaker", _from_row(Tag, row["speaker"]))
        quotes.append(quote)
    set_prefetched(article, "quotes", quotes)
    set_prefetched(
        article, "figures", [_from_row(Photo, row) for row in _parsed(article.figure_rows) or ()]
    )
    for name in (
        "section_row",
        "photo_row",
        "byline_rows",
        "tag_rows",
        "quote_rows",
        "figure_rows",
    ):
        delattr(article, name)
    return article


def public_corrections(language):
    """The updates and corrections of the versions public in ``language``,
    newest first, each with its article (one query per page of them)."""
    title, slug = column("title", language), column("slug", language)
    return (
        Correction.objects.filter(
            language=language, article__in=Article.objects.public(language).values("pk")
        )
        .select_related(None)
        .annotate(article_title=F(f"article__{title}"), article_slug=F(f"article__{slug}"))
        .order_by("-created_at", "-pk")
        .defer("created_by")
    )
