"""Atom feeds in the reader's language: everything, a section, a tag (people
included) and an author.

The URL's language prefix decides the language; every feed reads
``Article.objects.public()``, so a scheduled version enters its feeds at its
moment. Feed objects serve every request and thread, so nothing per-request is
kept on ``self``: the language is read from the active translation each time.
"""

import hashlib
import json
import mimetypes
import re
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from django.conf import settings
from django.contrib.postgres.aggregates import JSONBAgg
from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.db.models import F, JSONField, OuterRef, Subquery, TextField, Value
from django.db.models.functions import MD5, Coalesce, JSONObject
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import feedgenerator, timezone
from django.utils.html import escape, format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.xmlutils import UnserializableContentError
from django.views.decorators.http import require_safe

from articles import cards, selectors
from articles.cards import Named
from articles.models import BODY_COLUMNS, Article, Figure, Section
from articles.seo import published_at, xml_text
from core import brand, compression
from core.db.compiled import Compiled, StandIns
from core.db.orm import sql_of
from core.i18n import LANGUAGE_CODES, column, current_language, localized
from core.links import cached_reverse
from core.memo import Kept
from core.text import sanitize_html, split_placements
from photos.models import CREDIT_LABELS, Photo
from quotes.models import Quote

FEED_LENGTH = 30
# What XML 1.0 cannot carry (as django.utils.xmlutils refuses it).
CONTROL = re.compile(r"[\x00-\x08\x0B-\x0C\x0E-\x1F]")


# Statements of ArticleFeed.items(), by kind and language, compiled once per process.
_statements = {}


def _parsed(value):
    return json.loads(value) if isinstance(value, str) else value


class XMLWriter:
    """What feeds write with Django's ``SimplerXMLGenerator`` (sorted attributes,
    empty elements closed short, control characters refused), byte for byte,
    without a SAX handler's layers of calls per tag: ~2,000 of them a feed,
    a third of its time (tests/articles/test_feeds.py holds the two equal)."""

    def __init__(self, encoding="utf-8"):
        self.encoding = encoding
        self.parts = []
        self._pending = False
        self._marks = []

    def mark(self):
        """Cut here: ``pieces()`` starts a new piece."""
        self._marks.append(len(self.parts))

    def add(self, piece):
        """``piece`` (a ``compression.Piece`` written before: a feed's entry) as
        a piece of its own."""
        if self._pending:
            self.parts.append(">")
            self._pending = False
        self.mark()
        self.parts.append(piece)
        self.mark()

    def pieces(self):
        """What was written, cut at each ``mark()``, as ``compression.Piece``s."""
        bounds = [0, *self._marks, len(self.parts)]
        pieces = []
        for start, end in zip(bounds, bounds[1:], strict=False):
            if end - start == 1 and isinstance(self.parts[start], compression.Piece):
                pieces.append(self.parts[start])
            elif end > start:
                pieces.append(
                    compression.piece("".join(self.parts[start:end]).encode(self.encoding))
                )
        return pieces

    def startDocument(self):  # noqa: N802 - the SAX handler's names
        self.parts.append(f'<?xml version="1.0" encoding="{self.encoding}"?>\n')

    def startElement(self, name, attrs):  # noqa: N802
        parts = self.parts
        if self._pending:
            parts.append(">")
        parts.append("<" + name)
        if attrs:
            for key, value in sorted(attrs.items()):
                parts.append(f" {key}={quoteattr(value)}")
        self._pending = True

    def endElement(self, name):  # noqa: N802
        if self._pending:
            self.parts.append("/>")
            self._pending = False
        else:
            self.parts.append(f"</{name}>")

    def characters(self, content):
        if content:
            if CONTROL.search(content):
                raise UnserializableContentError("Control characters are not supported in XML 1.0")
            if self._pending:
                self.parts.append(">")
                self._pending = False
            self.parts.append(xml_escape(content))

    def addQuickElement(self, name, contents=None, attrs=None):  # noqa: N802
        self.startElement(name, attrs)
        if contents is not None:
            self.characters(contents)
        self.endElement(name)


MEDIA_RSS = "http://search.yahoo.com/mrss/"
CONTENT_MODULE = "http://purl.org/rss/1.0/modules/content/"
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


def add_media(handler, item):
    """The lead image as Media RSS ``<media:content>`` (its size; no byte length
    to look up, which RSS's ``<enclosure>`` would need from the storage)."""
    image = item.get("image")
    if image:
        attributes = {"url": image["url"], "medium": "image", "type": image["type"]}
        if image.get("width") and image.get("height"):
            attributes["width"] = str(image["width"])
            attributes["height"] = str(image["height"])
        handler.startElement("media:content", attributes)
        if image.get("caption"):
            handler.addQuickElement("media:description", image["caption"], {"type": "plain"})
        handler.endElement("media:content")


# Feed entries as written lately (``compression.Piece``s), keyed by what they
# are made of (entry_key()): every entry of the feeds, in both formats and
# every language, and then some.
_entries = Kept(512)


class OwnWriterMixin:
    """``write()`` through ``XMLWriter``: the same bytes as Django's SAX writer,
    written to one list and to the response at once.

    Each entry is written once and kept (``_entries``), by the key its item
    carries (``entry_key``); an item carrying its kept ``entry`` is not
    written again. The response also learns its body's pieces, one per entry
    (``core.compression.PIECES``), so each is compressed once
    (public.middleware.ReaderGZipMiddleware).
    """

    #: The element of an entry: Atom's ``entry``, RSS's ``item``.
    item_element = "entry"

    def write(self, outfile, encoding):
        handler = XMLWriter(encoding)
        handler.startDocument()
        self.write_document(handler)
        pieces = handler.pieces()
        outfile.write(b"".join(piece.data for piece in pieces))
        setattr(outfile, compression.PIECES, pieces)

    def write_items(self, handler):
        # Django's, each entry a piece of its own.
        for item in self.items:
            entry = item.get("entry")
            if entry is None:
                writer = XMLWriter(handler.encoding)
                writer.startElement(self.item_element, self.item_attributes(item))
                self.add_item_elements(writer, item)
                writer.endElement(self.item_element)
                entry = compression.piece("".join(writer.parts).encode(handler.encoding))
                if item.get("entry_key"):
                    _entries.put(item["entry_key"], entry)
            handler.add(entry)


class NewsAtomFeed(OwnWriterMixin, feedgenerator.Atom1Feed):
    """Atom 1.0 with every author of an entry (Django's writes at most one),
    the full text as ``<content type="html">``, the lead image as Media RSS and
    the site's mark as the feed's icon and logo."""

    def write_document(self, handler):
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for name in ("icon", "logo"):
            if self.feed.get(name):
                handler.addQuickElement(name, self.feed[name])

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, uri in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", uri)
            handler.endElement("author")
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})
        add_media(handler, item)


class NewsRssFeed(OwnWriterMixin, feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with the same entries: the lead as ``<description>``, the full
    text as ``<content:encoded>``, every author as ``<dc:creator>`` (RSS's own
    ``<author>`` wants an e-mail address) and the lead image as Media RSS."""

    item_element = "item"

    def write_document(self, handler):
        handler.startElement("rss", self.rss_attributes())
        handler.startElement("channel", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_MODULE,
            "xmlns:dc": DUBLIN_CORE,
            "xmlns:media": MEDIA_RSS,
        }

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("logo"):
            handler.startElement("image", {})
            handler.addQuickElement("url", self.feed["logo"])
            handler.addQuickElement("title", self.feed["title"])
            handler.addQuickElement("link", self.feed["link"])
            handler.endElement("image")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _uri in item.get("authors", ()):
            handler.addQuickElement("dc:creator", name)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])
        add_media(handler, item)


def whole_seconds(moment):
    return moment.replace(microsecond=0) if moment is not None else None


def _first(row, field, language):
    """``row``'s ``field`` in ``language``, else the first language that has it."""
    order = [language, *(code for code in LANGUAGE_CODES if code != language)]
    return next((row[column(field, code)] for code in order if row.get(column(field, code))), "")


#: The widest rendition an inline figure of a feed links to: a feed reader's column.
FEED_FIGURE_WIDTH = 1200


def feed_figure(row, language, domain, secure):
    """A photo placed in a body, as a feed carries it: ``<figure><img>`` with an
    absolute address (a rendition up to ``FEED_FIGURE_WIDTH`` wide, else the
    original), the alt text and caption in ``language``, the credit after its
    label."""
    storage = Photo._meta.get_field("image").storage
    renditions = row.get("renditions") or {}
    if isinstance(renditions, str):
        renditions = json.loads(renditions)
    name, width, height = row["image"], renditions.get("width"), renditions.get("height")
    if renditions.get("source") == name:
        fitting = [e for e in renditions.get("webp") or () if e["width"] <= FEED_FIGURE_WIDTH]
        if fitting:
            name, width, height = fitting[-1]["name"], fitting[-1]["width"], fitting[-1]["height"]
    else:
        width = height = None
    size = format_html(' width="{}" height="{}"', width, height) if width and height else ""
    img = format_html(
        '<img src="{}" alt="{}"{}>',
        add_domain(domain, storage.url(name), secure),
        row.get(column("alt", language)) or "",
        size,
    )
    caption = row.get(column("caption", language)) or ""
    credit = _first(row, "credit", language)
    texts = [caption] if caption else []
    if credit:
        label = CREDIT_LABELS.get(row.get("kind"), CREDIT_LABELS[Photo.CreditKind.PHOTO])
        texts.append(f"{label} {credit}")
    if not texts:
        return format_html("<figure>{}</figure>", img)
    return format_html("<figure>{}<figcaption>{}</figcaption></figure>", img, " ".join(texts))


def feed_title(subject=None) -> str:
    """``Analytics — Turan Analytics``, like the title of the page the feed follows."""
    site = str(settings.SITE_NAME)
    if subject is None:
        return site
    return f"{localized(subject, 'name').text} — {site}"


# Entries' full texts written lately, keyed by what they are made of
# (full_text_key()): every entry of the feeds in every language, and then some.
_full_texts = Kept(512)


def body_digest(language):
    """The MD5 of the version's body, worked out by the database: what a full
    text is known by without sending the body (the bodies of thirty entries
    are about 570 KB at 2,000 articles)."""
    return MD5(Coalesce(F(column("body", language)), Value(""), output_field=TextField()))


def _digest(*parts):
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part if isinstance(part, bytes) else str(part).encode())
        digest.update(b"\0")
    return digest.digest()


def full_text_key(language, body_md5, placed, domain, secure):
    """What an entry's full text is made of, as a digest.

    Sanitising and writing thirty bodies again on every request was most of a
    feed's own Python. The text is a function of the language, the body (its
    MD5), the placed quotes' and photos' rows (their JSON as the statement
    sent it) and the site's address alone, so it is kept by a digest of
    exactly those: whatever changed them (the admin, ``update()``, a bulk
    load, raw SQL, a restore) gives another key, and no write has to know of
    this memo.
    """
    return _digest(language, body_md5, placed, domain, secure)


def entry_key(feed_type, item, text_key):
    """What a written entry is made of, as a digest: the writer, every value of
    its item but the full text, and the full text's own key."""
    return _digest(
        f"{feed_type.__module__}.{feed_type.__qualname__}",
        *(
            f"{name}={value!r}"
            for name, value in sorted(item.items())
            if name not in ("content", "entry", "entry_key")
        ),
        text_key,
    )


class ArticleFeed(Feed):
    """The newest public articles in the current language."""

    feed_type = NewsAtomFeed

    #: The kind of list, naming its prepared statement; subclasses narrow it.
    kind = "all"

    def get_feed(self, obj, request):
        """The feed, as Django's ``Feed.get_feed()`` builds it, without asking
        for every attribute of every entry through ``_get_dynamic_attr()``
        (a third of the feed's time): the methods are called directly.

        Item ids and author links are paths until here: Django makes only the
        entry link absolute. An entry written before is not written again
        (``_entries``), a full text written before not again (``_full_texts``);
        the bodies are read only for the full texts not kept.
        """
        domain, secure = get_current_site(request).domain, request.is_secure()
        feed = self.feed_type(
            title=self.title(obj),
            subtitle=self.subtitle(obj),
            link=add_domain(domain, self.link(obj), secure),
            description=self.description(obj),
            language=get_language(),
            feed_url=add_domain(domain, request.path, secure),
            author_name=self.author_name(),
            author_link=None,
            author_email=None,
            categories=None,
            feed_copyright=None,
            feed_guid=None,
            ttl=None,
            stylesheets=None,
        )
        feed.feed["icon"] = add_domain(domain, static(brand.FEED_ICON), secure)
        feed.feed["logo"] = add_domain(domain, static(brand.FEED_LOGO), secure)
        language = current_language()
        items, unwritten = [], []
        for article in self.items(obj):
            item = {
                "title": self.item_title(article),
                "link": add_domain(domain, self.item_link(article), secure),
                "description": self.item_description(article),
                "unique_id": add_domain(domain, self.item_guid(article), secure),
                "unique_id_is_permalink": None,
                "enclosures": [],
                "pubdate": self.item_pubdate(article),
                "updateddate": self.item_updateddate(article),
                "author_name": None,
                "author_email": None,
                "author_link": None,
                "comments": None,
                "categories": self.item_categories(article),
                "item_copyright": None,
                "image": self.item_image(article, domain, secure),
                "authors": [
                    (name, add_domain(domain, uri, secure))
                    for name, uri in self.item_extra_kwargs(article)["authors"]
                ],
            }
            text_key = full_text_key(
                language, article.feed_body_md5, article.placed_text, domain, secure
            )
            item["entry_key"] = entry_key(self.feed_type, item, text_key)
            item["entry"] = _entries.get(item["entry_key"])
            if item["entry"] is None:
                item["content"] = _full_texts.get(text_key)
                if item["content"] is None:
                    unwritten.append((article, item))
            items.append(item)
        if unwritten:
            self.write_full_texts(unwritten, language, domain, secure)
        for item in items:
            feed.add_item(**item)
        return feed

    def write_full_texts(self, unwritten, language, domain, secure):
        """The full texts of ``unwritten`` (article, item) pairs, no memo had
        them: their bodies in one statement, each text written and kept."""
        bodies = {
            row["pk"]: row
            for row in Article.objects.filter(pk__in=[article.pk for article, _item in unwritten])
            .order_by()
            .annotate(feed_body=F(column("body", language)), feed_body_md5=body_digest(language))
            .values("pk", "feed_body", "feed_body_md5")
        }
        for article, item in unwritten:
            row = bodies.get(article.pk, {"feed_body": "", "feed_body_md5": ""})
            article.feed_body = row["feed_body"]
            text_key = full_text_key(
                language, row["feed_body_md5"], article.placed_text, domain, secure
            )
            item["content"] = _full_texts.put(text_key, self.full_text(article, domain, secure))
            if row["feed_body_md5"] != article.feed_body_md5:
                # Changed since the entries were read: the entry is made of this body.
                item["entry_key"] = entry_key(self.feed_type, item, text_key)

    def narrow(self, articles, value):
        """``articles`` narrowed to the feed's subject, the one with id ``value``."""
        return articles

    def subject(self, obj):
        """The id ``narrow()`` is given for ``obj``."""
        return None

    def items_queryset(self, language, at, value):
        # The categories are the tags' names only: they travel with each entry
        # as JSON (tag_names) rather than as prefetched Tag rows.
        names = (
            Article.tags.through.objects.filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(
                names=JSONBAgg(
                    JSONObject(**{code: column("tag__name", code) for code in LANGUAGE_CODES}),
                    order_by=("tag__name_ru", "tag__pk"),
                )
            )
            .values("names")
        )
        # The quotes the body places, with their speakers' names, for the full text.
        quotes = (
            Quote.objects.filter(articles=OuterRef("pk"))
            .order_by()
            .values("articles")
            .annotate(
                rows=JSONBAgg(
                    JSONObject(
                        pk="pk",
                        **{column("text", code): column("text", code) for code in LANGUAGE_CODES},
                        **{
                            column("role", code): column("speaker_role", code)
                            for code in LANGUAGE_CODES
                        },
                        **{
                            column("name", code): column("speaker__name", code)
                            for code in LANGUAGE_CODES
                        },
                    )
                )
            )
            .values("rows")
        )
        # The photos the body places, with what a plain figure shows of them.
        figures = (
            Figure.objects.filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(
                rows=JSONBAgg(
                    JSONObject(
                        pk="photo_id",
                        image="photo__image",
                        renditions="photo__renditions",
                        kind="photo__credit_kind",
                        **{
                            column(field, code): column(f"photo__{field}", code)
                            for field in ("caption", "alt", "credit")
                            for code in LANGUAGE_CODES
                        },
                    )
                )
            )
            .values("rows")
        )
        return (
            self.narrow(Article.objects.public(language, at), value)
            # The bodies stay deferred (modeltranslation reads a deferred bare
            # "body" as the active language's): the one shown is known by its
            # digest, and read only when its full text is not kept.
            .defer(*BODY_COLUMNS)
            .annotate(
                feed_body_md5=body_digest(language),
                tag_names=Subquery(names, output_field=JSONField()),
                author_rows=Subquery(cards.byline_names(), output_field=JSONField()),
                quote_rows=Subquery(quotes, output_field=JSONField()),
                figure_rows=Subquery(figures, output_field=JSONField()),
                # The lead photo from the library, in the same row (raw() takes no joins).
                photo_image=F("lead_photo__image"),
                photo_renditions=F("lead_photo__renditions"),
                photo_caption=F(column("lead_photo__caption", language)),
            )
            .with_modified(language)[:FEED_LENGTH]
        )

    def items(self, obj):
        """The newest public articles, in one prepared statement per kind and language.

        The tags' names and the bylines' authors (slug and names: all an entry
        shows of them) travel with each article as JSON, not as model rows.
        """
        language = current_language()
        name = f"feed_{self.kind}_{language}"
        statement = _statements.get(name)
        if statement is None:
            stand_ins = StandIns()
            value = stand_ins.number("value") if self.kind != "all" else None
            queryset = self.items_queryset(language, stand_ins.moment("at"), value)
            sql, params = sql_of(queryset)
            statement = _statements[name] = Compiled(sql, params, stand_ins).prepare(
                f"turan_{name}"
            )
        values = {"at": timezone.now(), "value": self.subject(obj)}
        articles = statement.run(lambda sql, params: list(Article.objects.raw(sql, params)), values)
        for article in articles:
            article.tag_names = _parsed(article.tag_names)
            article.authors_shown = [Named(row) for row in _parsed(article.author_rows) or ()]
            # As sent, to key the full text by (full_text()); then the rows by quote and photo.
            article.placed_text = "\0".join(
                rows if isinstance(rows, str) else json.dumps(rows, sort_keys=True)
                for rows in (article.quote_rows, article.figure_rows)
            )
            article.quote_rows = {row["pk"]: row for row in _parsed(article.quote_rows) or ()}
            article.figure_rows = {row["pk"]: row for row in _parsed(article.figure_rows) or ()}
        return articles

    def title(self, obj):
        return feed_title(obj)

    def subtitle(self, obj):
        return _(
            "Independent analysis of politics, economy and society in Azerbaijan and the region."
        )

    def description(self, obj):
        return self.subtitle(obj)

    def link(self, obj):
        return reverse("home")

    def author_name(self):
        return str(settings.SITE_NAME)

    def item_title(self, article):
        return xml_text(article.version(current_language()).title)

    def item_description(self, article):
        version = article.version(current_language())
        text = version.lead or version.search_description
        # Atom's summary is declared HTML; the lead is plain text, so escape it
        # once more and a "<script>" in it stays words.
        return escape(xml_text(text))

    def full_text(self, article, domain, secure):
        """The full text as HTML: the body sanitised again on output, its placed
        quotes as block quotes with the speaker and its placed photos as plain
        figures with an absolute address (feed readers drop classes and styles,
        so it is plain HTML); worked out once per text (``write_full_texts()``)."""
        language = current_language()
        html = sanitize_html(article.feed_body or "")
        parts = []
        for part in split_placements(html):
            if isinstance(part, str):
                parts.append(part)
            elif part.kind == "photo":
                if (row := article.figure_rows.get(part.pk)) is not None:
                    parts.append(feed_figure(row, language, domain, secure))
            elif (row := article.quote_rows.get(part.pk)) is not None:
                words = _first(row, "text", language)
                if not words:
                    continue
                speaker = ", ".join(
                    text
                    for text in (_first(row, "name", language), _first(row, "role", language))
                    if text
                )
                parts.append(
                    format_html(
                        "<blockquote><p>{}</p><footer>— {}</footer></blockquote>", words, speaker
                    )
                )
        return xml_text("".join(parts))

    def item_image(self, article, domain, secure):
        """The lead photo with its recorded size and the version's caption, or None."""
        name = article.photo_image
        if not name:
            return None
        renditions = article.photo_renditions or {}
        if isinstance(renditions, str):  # raw() leaves JSON as text
            renditions = json.loads(renditions)
        kind, _encoding = mimetypes.guess_type(name)
        storage = Photo._meta.get_field("image").storage
        caption = article.version(current_language()).caption or article.photo_caption or ""
        return {
            "url": add_domain(domain, storage.url(name), secure),
            "type": kind or "image/jpeg",
            "width": renditions.get("width"),
            "height": renditions.get("height"),
            "caption": xml_text(caption),
        }

    def item_link(self, article):
        return article.get_absolute_url(current_language())

    def item_guid(self, article):
        """The short address: stays the same when the slug is edited."""
        return reverse("articles:detail-short", kwargs={"pk": article.pk})

    def item_pubdate(self, article):
        # Whole seconds, as on the pages: "publish now" leaves microseconds.
        return whole_seconds(published_at(article, current_language()))

    def item_updateddate(self, article):
        """The version's last marked change, else its publication (``Article.modified_at``)."""
        return whole_seconds(article.modified_at(current_language()))

    def item_categories(self, article):
        language = current_language()
        order = [language, *(code for code in LANGUAGE_CODES if code != language)]
        # The first language, from the reader's on, that names the tag (as localized()).
        return [
            xml_text(next((names[code] for code in order if names[code]), ""))
            for names in article.tag_names or ()
        ]

    def item_extra_kwargs(self, article):
        return {
            "authors": [
                (
                    xml_text(localized(author, "name").text),
                    cached_reverse("articles:author", author.slug),
                )
                for author in article.authors_shown
            ]
        }


class SectionFeed(ArticleFeed):
    kind = "section"

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def narrow(self, articles, value):
        return articles.filter(section=value)

    def subject(self, section):
        return section.pk

    def link(self, section):
        return reverse("articles:section", kwargs={"slug": section.slug})

    def subtitle(self, section):
        return _("The latest articles in this section.")


class TagFeed(ArticleFeed):
    """Articles about a topic, person, organisation or place."""

    kind = "tag"

    def get_object(self, request, slug):
        return selectors.public_tag(slug, current_language())

    def narrow(self, articles, value):
        return articles.filter(tags=value)

    def subject(self, tag):
        return tag.pk

    def link(self, tag):
        return tag.get_absolute_url()

    def subtitle(self, tag):
        return _("The latest articles about this subject.")


class AuthorFeed(ArticleFeed):
    kind = "author"

    def get_object(self, request, slug):
        return selectors.public_author(slug, current_language())

    def narrow(self, articles, value):
        return articles.filter(authors=value)

    def subject(self, author):
        return author.pk

    def link(self, author):
        return author.get_absolute_url()

    def subtitle(self, author):
        return _("The latest articles by this author.")


def rss(feed_class):
    """The same feed in RSS 2.0 (same entries, same statement)."""
    return type(f"Rss{feed_class.__name__}", (feed_class,), {"feed_type": NewsRssFeed})


# Included inside i18n_patterns by turan/urls.py, so every feed has a language prefix.
app_name = "feeds"

FEEDS = {
    "all": ("feed/", ArticleFeed),
    "section": ("section/<slug:slug>/feed/", SectionFeed),
    "tag": ("tag/<slug:slug>/feed/", TagFeed),
    "author": ("author/<slug:slug>/feed/", AuthorFeed),
}

# Feeds are read, never written to: anything but GET and HEAD is a 405.
# Each in Atom at …/feed/ and in RSS 2.0 at …/feed/rss/.
urlpatterns = [
    *(path(route, require_safe(feed()), name=name) for name, (route, feed) in FEEDS.items()),
    *(
        path(f"{route}rss/", require_safe(rss(feed)()), name=f"{name}-rss")
        for name, (route, feed) in FEEDS.items()
    ),
]
