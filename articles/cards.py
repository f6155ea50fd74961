"""List cards: the teasers of section, tag, author and archive pages, read and
written without the ORM's per-row cost.

A list page used to cost three times an article page, though it shows less
of each article: building and compiling its queryset, a count, a bylines
prefetch, twenty model instances of forty fields each (with their post-init
signals), and a template include per card whose tags looked everything up
anew. Here a page of cards is one prepared statement per kind of list and
language (``core/db/compiled.py``), compiled once per process from the same
``public()`` queryset the view used to run, so the visibility rule stays in
``public_q``: it returns the total (for the pagination) and the page's rows as
JSON, each with only what a card shows, its section and bylines included.
``teaser()`` writes a card's HTML in Python, byte for byte what
the template include ``includes/article_teaser.html`` wrote (it is gone;
tests/articles/test_cards.py keeps its text and holds the two equal).
"""

import json
from datetime import datetime

from django.contrib.postgres.aggregates import JSONBAgg
from django.db.models import JSONField, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import JSONObject
from django.template.defaultfilters import linebreaksbr
from django.utils import dateformat, timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from articles.models import Article, Byline, BylineListing, TagListing, lead_alt_expression
from core import dates
from core.db.compiled import Compiled, StandIns, fetch_all, fetch_one
from core.db.orm import sql_of
from core.i18n import LANGUAGE_CODES, column, current_language, localized
from core.links import cached_reverse
from core.templatetags.turan_tags import label, picture_markup, time_element
from photos.models import Photo

#: The crop a card shows of its lead photo (core.images.SHAPES).
CARD_SHAPE = "4x3"

# Kinds of list: the lookup narrowing ``public()`` and the stand-ins it takes.
KINDS = ("all", "section", "tag", "author", "between", "since")
# PostgreSQL's largest bigint: OFFSET takes no more.
LAST_OFFSET = 2**63 - 1


class Named:
    """A section or author as a card shows it: its slug and its name in every language."""

    __slots__ = ("slug", *(column("name", code) for code in LANGUAGE_CODES))

    def __init__(self, row):
        self.slug = row["slug"]
        for code in LANGUAGE_CODES:
            name = column("name", code)
            setattr(self, name, row[name])


class Card:
    """What a teaser shows of an article, in one language."""

    __slots__ = (
        "pk",
        "slug",
        "title",
        "lead",
        "published_at",
        "image",
        "alt",
        "section_url",
        "section_label",
        "bylines",
    )

    def __init__(self, **values):
        for name in self.__slots__:
            setattr(self, name, values[name])

    def get_absolute_url(self):
        return cached_reverse("articles:detail", self.pk, self.slug or "article")

    @classmethod
    def of(cls, article):
        """The card of an ``Article`` fetched for a list (``for_list()``), in the active language."""
        section = article.section
        return cls(
            pk=article.pk,
            slug=article.slug,
            title=article.title,
            lead=article.lead,
            published_at=article.published_at,
            image=article.lead_photo.picture(CARD_SHAPE) if article.lead_photo else None,
            alt=article.lead_image_alt(current_language()),
            section_url=section.get_absolute_url(),
            section_label=conditional_escape(label(section, "name")),
            bylines=[
                (byline.author.get_absolute_url(), conditional_escape(label(byline.author, "name")))
                for byline in article.bylines.all()
            ],
        )


def _parsed(value):
    return json.loads(value) if isinstance(value, str) else value


def card_from_row(row, sections):
    """A ``Card`` from a row of the statement's JSON; ``sections`` memoises by slug."""
    from core.images import stored_picture

    section = row["section"]
    known = sections.get(section["slug"])
    if known is None:
        named = Named(section)
        known = sections[named.slug] = (
            cached_reverse("articles:section", named.slug),
            conditional_escape(label(named, "name")),
        )
    bylines = []
    for author in row["bylines"] or ():
        named = Named(author)
        bylines.append(
            (
                cached_reverse("articles:author", named.slug),
                conditional_escape(label(named, "name")),
            )
        )
    image = None
    if row["image"]:
        image = stored_picture(
            _IMAGE_STORAGE(), row["image"], _parsed(row["renditions"]), CARD_SHAPE
        )
    return Card(
        pk=row["pk"],
        slug=row["slug"],
        title=row["title"],
        lead=row["lead"],
        published_at=datetime.fromisoformat(row["published"]),
        image=image,
        alt=row["alt"] or "",
        section_url=known[0],
        section_label=known[1],
        bylines=bylines,
    )


def _IMAGE_STORAGE():  # noqa: N802 - reads like the storage it returns
    return Photo._meta.get_field("image").storage


def name_columns(prefix=""):
    """A JSON object's keys for a section or author as ``Named`` reads it: slug and names."""
    return {
        "slug": f"{prefix}slug",
        **{column("name", code): f"{prefix}{column('name', code)}" for code in LANGUAGE_CODES},
    }


def _narrowed(kind, language, stand_ins, at):
    """``public(language, at)`` narrowed as ``kind`` lists it, with stand-ins for its values."""
    public = Article.objects.public(language, at)
    if kind == "all":
        return public
    if kind == "section":
        return public.filter(section_id=stand_ins.number("value"))
    if kind == "tag":
        return public.filter(tags=stand_ins.number("value"))
    if kind == "author":
        return public.filter(authors=stand_ins.number("value"))
    published = column("published_at", language)
    since = {f"{published}__gte": stand_ins.moment("start")}
    if kind == "since":
        return public.filter(**since)
    if kind == "between":
        return public.filter(**since, **{f"{published}__lt": stand_ins.moment("end")})
    raise ValueError(f"Unknown kind of list {kind!r}")


def byline_names():
    """A subquery of the article's authors in byline order, as JSON ``Named`` rows."""
    return (
        Byline.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(
            rows=JSONBAgg(JSONObject(**name_columns("author__")), order_by=("position", "pk"))
        )
        .values("rows")
    )


def card_row(language):
    """A card's columns as one JSON object (read back by ``card_from_row()``)."""
    return JSONObject(
        pk="pk",
        slug=column("slug", language),
        title=column("title", language),
        lead=column("lead", language),
        published=column("published_at", language),
        image="lead_photo__image",
        renditions="lead_photo__renditions",
        alt=lead_alt_expression(language),
        section=JSONObject(**name_columns("section__")),
        bylines=Subquery(byline_names(), output_field=JSONField()),
    )


def cards_queryset(kind, language, stand_ins):
    """The queryset a page of ``kind`` cards is compiled from (its rows: ``row``)."""
    at = stand_ins.moment("at")
    public = _narrowed(kind, language, stand_ins, at)
    return public, public.annotate(row=card_row(language)).values("row")


_statements = {}

# Lists whose subject's own rows carry each version's public moment, with an
# index on (subject, moment): ``TagListing`` (migration 0009) and
# ``BylineListing`` (0020), by the column naming the subject.
LISTINGS = {"tag": (TagListing, "tag_id"), "author": (BylineListing, "author_id")}


def _listed(kind, language, value, at):
    """The subject ``value``'s listing rows public in ``language`` at ``at``, newest first."""
    model, subject = LISTINGS[kind]
    moment = column("public_from", language)
    return model.objects.filter(**{subject: value, f"{moment}__lte": at}).order_by(
        f"-{moment}", "-article_id"
    )


def _statement(kind, language, counted=True):
    key = (kind, language, counted)
    statement = _statements.get(key)
    if statement is None:
        stand_ins = StandIns()
        if kind in LISTINGS:
            # The page's ids from the subject's index, newest first, and only
            # their rows through public(): an author's 2,600 bylines at 100,000
            # articles were each joined and checked to show twenty.
            at, value = stand_ins.moment("at"), stand_ins.number("value")
            limit, offset = stand_ins.number("limit"), stand_ins.number("offset")
            listed = _listed(kind, language, value, at)
            ids_sql, ids_params = sql_of(listed.values("article_id"))
            page = RawSQL(f"{ids_sql} LIMIT %s OFFSET %s", (*ids_params, limit, offset))
            rows = (
                Article.objects.public(language, at)
                .filter(pk__in=page)
                .annotate(row=card_row(language))
                .values("row")
            )
            rows_sql, array_params = sql_of(rows)
            array = f"ARRAY({rows_sql})"
            counting = listed.order_by().values("pk")
        else:
            public, rows = cards_queryset(kind, language, stand_ins)
            limit, offset = stand_ins.number("limit"), stand_ins.number("offset")
            rows_sql, rows_params = sql_of(rows)
            # ARRAY(SELECT … ORDER BY … LIMIT …) keeps public()'s order, newest first.
            array = f"ARRAY({rows_sql} LIMIT %s OFFSET %s)"
            array_params = [*rows_params, limit, offset]
            counting = public.order_by().values("pk")
        if counted:
            count_sql, count_params = sql_of(counting)
            sql = f"SELECT (SELECT count(*) FROM ({count_sql}) AS listed), {array}"
            params = [*count_params, *array_params]
        else:
            sql, params = f"SELECT NULL, {array}", list(array_params)
        statement = _statements[key] = Compiled(sql, params, stand_ins).prepare(
            f"turan_cards_{kind}_{language}{'' if counted else '_page'}"
        )
    return statement


class Block:
    """A section's cards on the front page, with what its heading shows."""

    __slots__ = ("slug", "url", "label", "cards")

    def __init__(self, slug, url, label):
        self.slug, self.url, self.label, self.cards = slug, url, label, []


def front_page(language, per_section, at=None):
    """The newest ``per_section`` public cards of every section that has any, as
    ``Block``s in navigation order, newest first within each: the rows of
    ``selectors.latest_by_section()``, as cards, in one prepared statement."""
    from articles.selectors import latest_by_section

    key = ("front", language, per_section)
    statement = _statements.get(key)
    if statement is None:
        stand_ins = StandIns()
        rows = latest_by_section(language, per_section, at=stand_ins.moment("at"))
        sql, params = sql_of(rows.annotate(row=card_row(language)).values("row"))
        statement = _statements[key] = Compiled(sql, params, stand_ins).prepare(
            f"turan_front_{language}_{per_section}"
        )
    sections, blocks = {}, {}
    for (value,) in statement.run(fetch_all, {"at": at or timezone.now()}):
        row = _parsed(value)
        card = card_from_row(row, sections)
        slug = row["section"]["slug"]
        block = blocks.get(slug)
        if block is None:
            block = blocks[slug] = Block(slug, card.section_url, card.section_label)
        block.cards.append(card)
    return list(blocks.values())


class CardList:
    """The cards of one list, read a page at a time: a ``Paginator``'s object list.

    ``count()`` and the first slice asked for cost one statement together: it
    is run for ``expected`` (the offset the request's page number points to)
    and returns the total with that page's rows. With ``request``, the total
    is kept per content version (``selectors.memoised()``): counting a large
    section's public articles cost more than reading its page, and the total
    moves only with the version or a scheduled moment. Once known, a page's
    rows come from the statement without the count.
    """

    ordered = True

    def __init__(self, kind, language, values, per_page, expected=0, at=None, request=None):
        self.kind, self.language, self.values = kind, language, values
        self.per_page, self.expected = per_page, expected
        self.at = at or timezone.now()
        self.request = request
        self._total = None
        self._rows = None

    def _run(self, offset, limit, counted=True):
        # A page number past any list asks beyond bigint: no rows either way.
        offset = min(offset, LAST_OFFSET)
        values = {**self.values, "at": self.at, "limit": limit, "offset": offset}
        total, rows = _statement(self.kind, self.language, counted).run(fetch_one, values)
        sections = {}
        return total, [card_from_row(_parsed(row), sections) for row in rows or ()]

    def _counted(self):
        total, self._rows = self._run(self.expected, self.per_page)
        return total

    def count(self):
        if self._total is None:
            if self.request is None:
                self._total = self._counted()
            else:
                from articles.selectors import memoised

                subject = ",".join(f"{name}={value}" for name, value in sorted(self.values.items()))
                name = f"card_count_{self.kind}_{self.language}_{subject}"
                self._total = memoised(name, self.request, self._counted)
        return self._total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("CardList takes slices only")
        start, stop = index.start or 0, index.stop
        if start == self.expected and self._rows is not None:
            rows = self._rows
        else:
            limit = self.per_page if stop is None else max(0, stop - start)
            rows = self._run(start, limit, counted=False)[1]
        return rows if stop is None else rows[: max(0, stop - start)]

    def __len__(self):
        return self.count()


def teaser(card, level=2, show_section=True, image=False, counter=None):
    """A card's HTML, as the lists' template include wrote it.

    ``image`` is True for the front page's featured cards (a wider image);
    otherwise the first two cards' images load at once, the others lazily.
    """
    parts = ['\n<article class="teaser']
    if card.image:
        parts.append(
            ' teaser--image">\n    \n        \n        \n        <div class="teaser__image">\n'
        )
        alt = card.alt
        if image:
            sizes, loading = "(min-width: 64rem) 20rem, (min-width: 48rem) 31vw, 6.5rem", "lazy"
        else:
            sizes = "(min-width: 48rem) 10rem, 6.5rem"
            loading = "eager" if counter is not None and counter <= 2 else "lazy"
        parts.append("            \n                ")
        parts.append(picture_markup(card.image, alt=alt, sizes=sizes, loading=loading))
        parts.append("\n            \n        </div>\n    \n")
    else:
        parts.append('">\n    \n')
    parts.append('    <p class="teaser__meta">')
    if show_section is not False:
        parts.append(f'<a href="{escape(card.section_url)}">{card.section_label}</a> · ')
    parts.append(time_element(card.published_at))
    parts.append("</p>\n    ")
    tag = "h3" if level == 3 else "h2"
    parts.append(
        f'<{tag} class="teaser__title"><a href="{escape(card.get_absolute_url())}">'
        f"{escape(card.title)}</a></{tag}>\n    "
    )
    if card.lead:
        parts.append(f'<p class="teaser__lead">{escape(card.lead)}</p>')
    parts.append("\n    ")
    if card.bylines:
        links = ", ".join(
            f'<a href="{escape(url)}" rel="author">{name}</a>' for url, name in card.bylines
        )
        parts.append(f'<p class="teaser__byline">{links}\n</p>')
    parts.append("\n</article>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


# The ``date`` filter's format the quote card used for a moment (``+0400``, no colon).
MOMENT = "Y-m-d\\TH:i:sO"


def _lang(value):
    """`` lang="…"`` for a ``Localized`` value in another language than the page's."""
    return f' lang="{value.language}"' if value.language != current_language() else ""


def quote_card(quote, show_speaker=True):
    """A quote's card (the quotes archive, a person's page), as the template
    include ``includes/quote_card.html`` wrote it: the words and the role in the
    page's language or the first other that has them, the speaker, the date and
    the first public article that carried it (``selectors.public_quotes()``)."""
    words = localized(quote, "text")
    role = localized(quote, "speaker_role")
    parts = [
        '\n\n<figure class="quote-card">\n    <blockquote',
        _lang(words),
        f"><p>{linebreaksbr(words.text)}</p></blockquote>\n    <figcaption>\n        ",
    ]
    if show_speaker is not False:
        speaker = quote.speaker
        parts.append(
            f'<a class="quote-card__speaker" href="{escape(speaker.get_absolute_url())}">'
            f"{conditional_escape(label(speaker, 'name'))}</a>"
        )
        if role:
            parts.append(", ")
    parts.append("\n        ")
    if role:
        parts.append(f'<span class="quote-card__role"{_lang(role)}>{escape(role.text)}</span>')
    parts.append('\n        <span class="quote-card__meta">\n            ')
    if quote.said_on:
        parts.append(
            f'<time datetime="{quote.said_on.isoformat()}">'
            f"{escape(dates.long_date(quote.said_on, weekday=False))}</time>"
        )
    else:
        published = quote.source_published
        stamp = dateformat.format(timezone.localtime(published), MOMENT) if published else ""
        parts.append(
            f'<time datetime="{stamp}">{escape(dates.long_date(published, weekday=False))}</time>'
        )
    parts.append("\n            ")
    if quote.source_pk:
        url = cached_reverse("articles:detail", quote.source_pk, quote.source_slug or "article")
        parts.append(f' · <a href="{escape(url)}">{escape(quote.source_title)}</a>')
    parts.append("\n        </span>\n    </figcaption>\n</figure>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


def speaker_options(speakers, selected=None):
    """The quotes archive's ``<option>`` per speaker, ``selected`` chosen; a name
    in another language than the page's carries its ``lang``."""
    parts = []
    for person in speakers:
        name = localized(person, "name")
        chosen = " selected" if person == selected else ""
        parts.append(
            f'\n                <option value="{escape(person.slug)}"{_lang(name)}{chosen}>'
            f"{escape(name.text)}</option>\n            "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
