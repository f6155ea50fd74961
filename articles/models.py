from datetime import datetime

from django.conf import settings
from django.contrib.postgres.aggregates import JSONBAgg
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Value
from django.db.models.functions import Coalesce, JSONObject, NullIf
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from articles.versions import Version

# The visibility rule lives in articles/visibility.py. Its names stay
# importable from here: callers' and migration 0007's (articles.models.OctetLength).
from articles.visibility import OctetLength as OctetLength
from articles.visibility import PublicationStatus as PublicationStatus
from articles.visibility import content_q, public_q, status
from authors.models import Author
from core.i18n import LANGUAGE_CODES, Localized, column, columns, current_language, localized
from core.links import cached_reverse
from core.text import (
    SanitizingQuerySet,
    ascii_slug,
    drop_photos,
    photo_ids,
    quote_ids,
    sanitize_html,
    unique_slug,
)
from photos.models import Photo
from quotes.models import Quote
from tags.models import Tag

# The body editor's vocabulary; core.text.sanitize_html enforces the same set
# on every write path, the editor only offers it.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    # Both lists need it: without it Tiptap cannot build the schema and no
    # body editor appears at all.
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "HardBreak": True,
    "HorizontalRule": True,
    # A header row (th cells) is offered when a table is inserted; merged
    # cells are kept (colspan/rowspan), no widths or styles.
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        blank=True,
        help_text=_("Stable ASCII address; made from the name when left blank."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return localized(self, "name").text or self.slug

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Section, localized(self, "name", "en").text, self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("articles:section", self.slug)


# Named one by one: modeltranslation would read a bare "body" as the active language's.
BODY_COLUMNS = ("body", *columns("body"))


class ArticleQuerySet(SanitizingQuerySet):
    # The bulk write paths skip post_save: the placed photos (Article.figures),
    # which pages and the media embargo read, are kept in step here.
    def bulk_create(self, objs, *args, **kwargs):
        objs = super().bulk_create(objs, *args, **kwargs)
        Figure.objects.bulk_create(
            [
                Figure(article_id=obj.pk, photo_id=pk)
                for obj in objs
                if obj.pk
                for pk in sorted(obj.placed_photo_ids())
            ],
            ignore_conflicts=True,
        )
        return objs

    def bulk_update(self, objs, fields, *args, **kwargs):
        rows = super().bulk_update(objs, fields, *args, **kwargs)
        if any(field.split("_")[0] == "body" for field in fields):
            for obj in objs:
                obj.figures.set(sorted(obj.placed_photo_ids()))
        return rows

    def update(self, **kwargs):
        if not any(name.split("_")[0] == "body" for name in kwargs):
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        rows = super().update(**kwargs)
        for article in Article.objects.filter(pk__in=pks).only(*BODY_COLUMNS):
            placed = article.placed_photo_ids()
            known = set(Photo.objects.filter(pk__in=placed).values_list("pk", flat=True))
            article.figures.set(sorted(known))
        return rows

    def public(self, language=None, at=None):
        """Return the articles readers may see in ``language`` at ``at``, newest first."""
        language = language or current_language()
        return self.filter(public_q(language, at)).order_by(
            "-" + column("published_at", language), "-pk"
        )

    def with_public_languages(self, at=None):
        """Annotate ``is_public_<code>`` for every language (for tabs and hreflang)."""
        at = at or timezone.now()
        return self.annotate(
            **{
                column("is_public", code): ExpressionWrapper(public_q(code, at), BooleanField())
                for code in LANGUAGE_CODES
            }
        )

    def in_section(self, section):
        return self.filter(section=section)

    def with_outdated(self):
        """Annotate ``outdated_<code>``: that translation's original changed since (lists)."""
        return self.annotate(
            **{column("outdated", code): outdated_translation(code) for code in LANGUAGE_CODES}
        )

    def outdated_in(self, language):
        """Return the articles whose ``language`` translation is outdated."""
        return self.filter(outdated_translation(language))

    def with_bylines(self):
        """Fetch the section and the bylines with the articles (constant queries)."""
        return self.select_related("section", "lead_photo").prefetch_related(bylines_prefetch())

    def for_headlines(self):
        """Fetch what a headline shows (title, date, section) in one query.

        The bodies, which no list shows, stay in the database: fetching them
        cost lists and feeds more than everything else they read.
        """
        return self.select_related("section", "lead_photo").defer(*BODY_COLUMNS)

    def for_list(self):
        """Fetch what a list item shows (section, bylines) in constant queries."""
        return self.for_headlines().prefetch_related(bylines_prefetch())

    def for_page(self):
        """Fetch everything an article page shows in constant queries."""
        return (
            self.with_bylines()
            .prefetch_related(
                "tags",
                models.Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
                "figures",
            )
            .with_corrections()
        )

    def with_corrections(self):
        """Annotate ``correction_log``: every language's corrections and updates as
        JSON, oldest first, read by ``Article.corrections_in()`` in the same query."""
        log = (
            Correction.objects.filter(article=models.OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(
                log=JSONBAgg(
                    JSONObject(
                        id="pk",
                        language="language",
                        kind="kind",
                        note="note",
                        created_at="created_at",
                    ),
                    order_by=("created_at", "pk"),
                )
            )
            .values("log")
        )
        return self.annotate(correction_log=models.Subquery(log, output_field=models.JSONField()))

    def with_modified(self, *languages):
        """Annotate ``last_marked_<code>`` (every language unless named): when that
        version was last marked as updated or corrected, read by
        ``Article.modified_at()`` in the same query.

        One correlated subquery per language, evaluated only for the rows
        fetched, so a feed's LIMIT and a sitemap's newest-first index scan stay
        as they are (a joined ``Max()`` would group every public article first).
        """
        return self.annotate(
            **{
                column("last_marked", code): latest_mark(code)
                for code in languages or LANGUAGE_CODES
            }
        )


#: Sent by ``Article.save()`` once the row is saved, unless it was called with
#: ``record_revision=False``: newsroom records the revision (newsroom/signals.py).
article_saved = Signal()


class Article(models.Model):
    original_language = models.CharField(
        _("original language"),
        max_length=2,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the article was written in; the others translate it."),
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=130,
        blank=True,
        help_text=_("Readable ASCII address; made from the title when left blank."),
    )
    lead = models.TextField(_("lead"), blank=True)
    body = ProseEditorField(
        _("body"), blank=True, extensions=BODY_EXTENSIONS, sanitize=sanitize_html
    )
    caption = models.CharField(
        _("lead image caption"),
        max_length=300,
        blank=True,
        help_text=_("This article's own caption; empty: the photo's caption from the library."),
    )
    translator = models.CharField(
        _("translator"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who translated this version, as readers should see it; leave empty on the original."
        ),
    )
    search_description = models.CharField(
        _("search description"),
        max_length=300,
        blank=True,
        help_text=_("Shown by search engines and when shared; the lead is used when empty."),
    )
    published_at = models.DateTimeField(
        _("publication moment"),
        null=True,
        blank=True,
        help_text=_("Baku time. Empty: not published in this language."),
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    authors = models.ManyToManyField(
        Author, verbose_name=_("authors"), through="Byline", related_name="articles", blank=True
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), related_name="articles", blank=True)
    quotes = models.ManyToManyField(
        Quote,
        verbose_name=_("quotes"),
        related_name="articles",
        blank=True,
        help_text=_("Kept in step with the quotes placed in the body."),
    )
    lead_photo = models.ForeignKey(
        "photos.Photo",
        verbose_name=_("lead photo"),
        null=True,
        blank=True,
        # A photo a page shows is not deleted from the library under it.
        on_delete=models.PROTECT,
        related_name="lead_of",
        help_text=_("From the media library: its alt text and credit come with it."),
    )
    figures = models.ManyToManyField(
        "photos.Photo",
        verbose_name=_("inline figures"),
        through="Figure",
        related_name="figure_of",
        blank=True,
        help_text=_("Kept in step with the photos placed in the body."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # When the row was last saved, by anyone, for any reason: the admin list's
    # column and the stamp shareable preview links are bound to. Nothing
    # reader-facing reads it; readers and crawlers are told ``modified_at()``.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish language versions")),
        ]
        indexes = [
            # Only versions with content, newest first (overall, and per
            # section): lists, feeds and archives read these without
            # touching the (large) bodies.
            *(
                models.Index(
                    fields=["-" + column("published_at", code), "-id"],
                    condition=content_q(code),
                    name=f"article_published_{code}",
                )
                for code in LANGUAGE_CODES
            ),
            *(
                models.Index(
                    fields=["section", "-" + column("published_at", code), "-id"],
                    condition=content_q(code),
                    name=f"article_public_{code}",
                )
                for code in LANGUAGE_CODES
            ),
        ]

    def __str__(self):
        return (
            localized(self, "title", self.original_language).text or f"#{self.pk}"
            if self.pk
            else ""
        )

    def save(self, *args, record_revision=True, **kwargs):
        """Save the row; ``record_revision=False`` when the caller records the
        revision itself, once tags and bylines are saved too (newsroom.actions)."""
        super().save(*args, **kwargs)
        if record_revision:
            article_saved.send(sender=type(self), instance=self)

    def get_absolute_url(self, language=None):
        language = language or current_language()
        slug = getattr(self, column("slug", language)) or "article"
        # Pages link mostly to their own language: switching costs more than reversing.
        if language == translation.get_language():
            return cached_reverse("articles:detail", self.pk, slug)
        with translation.override(language):
            return cached_reverse("articles:detail", self.pk, slug)

    def autocomplete_titles(self):
        """``(code, title)`` of every language with a title, the original first
        (how the admin's article pickers name it)."""
        order = sorted(LANGUAGE_CODES, key=lambda code: code != self.original_language)
        return [(code, title) for code in order if (title := getattr(self, column("title", code)))]

    def prepare_for_save(self):
        """Sanitise the body and fill blank slugs, in every language; a photo
        placed in a body that is not in the library is taken out."""
        for code in LANGUAGE_CODES:
            body, slug = column("body", code), column("slug", code)
            setattr(self, body, sanitize_html(getattr(self, body)))
            title = getattr(self, column("title", code))
            if title and not getattr(self, slug):
                setattr(self, slug, ascii_slug(title, max_length=120) or "article")
        if placed := self.placed_photo_ids():
            known = set(Photo.objects.filter(pk__in=placed).values_list("pk", flat=True))
            if known != placed:
                for body in columns("body"):
                    setattr(self, body, sanitize_html(drop_photos(getattr(self, body), known)))

    def placed_quote_ids(self):
        return {pk for body in columns("body") for pk in quote_ids(getattr(self, body))}

    def placed_photo_ids(self):
        """The library photos the bodies place as inline figures (any language)."""
        return {pk for body in columns("body") for pk in photo_ids(getattr(self, body))}

    def is_public(self, language, at=None):
        return type(self).objects.filter(pk=self.pk).filter(public_q(language, at)).exists()

    def lead_image_alt(self, language=None):
        """The lead photo's alt text in ``language``: the photo's alt, else the
        caption (this article's own, else the photo's); "" without a photo.

        Never another language's text: an ``alt`` attribute cannot carry a
        ``lang``. The same order as ``lead_alt_expression()`` in SQL.
        """
        photo = self.lead_photo
        if photo is None:
            return ""
        language = language or current_language()
        return (
            getattr(photo, column("alt", language))
            or getattr(self, column("caption", language))
            or getattr(photo, column("caption", language))
            or ""
        )

    def lead_caption(self, language=None):
        """The caption under the lead photo: this article's own, else the photo's,
        as ``Localized`` (another language's only from versions readers may see)."""
        among = self.public_languages()
        own = localized(self, "caption", language, among=among)
        if own.text or self.lead_photo is None:
            return own
        return localized(self.lead_photo, "caption", language, among=among)

    def lead_credit(self, language=None):
        """The lead photo's credit as ``Localized`` (another language's only from
        versions readers may see); empty without a photo."""
        if self.lead_photo is None:
            return Localized("", language or current_language())
        return self.lead_photo.credit_text(language, among=self.public_languages())

    def public_languages(self):
        """Languages annotated public by ``with_public_languages()``, in LANGUAGES order."""
        return [code for code in LANGUAGE_CODES if getattr(self, column("is_public", code), False)]

    def outdated_languages(self):
        """Return the translations whose original changed since they were last saved or
        checked, in LANGUAGES order (from ``with_outdated()`` annotations when present)."""
        flags = columns("outdated")
        if all(hasattr(self, flag) for flag in flags):
            return [
                code
                for code, flag in zip(LANGUAGE_CODES, flags, strict=True)
                if getattr(self, flag)
            ]
        if not self.pk:
            return []
        outdated = set(
            self.translation_states.filter(outdated=True).values_list("language", flat=True)
        )
        return [code for code in LANGUAGE_CODES if code in outdated]

    def publication_status(self, language, now=None):
        """Return missing / draft / scheduled / public for one language version."""
        return status(self, language, now)

    def version(self, language) -> Version:
        """The ``language`` version, read by accessor: ``.title``, ``.slug``,
        ``.published_at``, ``.status``, ``.url``, ``.has_content``..."""
        return Version(self, language)

    # Corrections and updates (editorial workflow)

    def corrections_in(self, language):
        """The marked corrections and updates of one version, oldest first.

        Reads ``correction_log`` when the queryset annotated it
        (``for_page()``, no query), else asks the database.
        """
        log = getattr(self, "correction_log", _NOT_ANNOTATED)
        if log is _NOT_ANNOTATED:
            return list(self.corrections.filter(language=language).order_by("created_at", "pk"))
        return [
            Correction(
                pk=entry["id"],
                article=self,
                language=entry["language"],
                kind=entry["kind"],
                note=entry["note"],
                created_at=datetime.fromisoformat(entry["created_at"]),
            )
            for entry in log or []
            if entry["language"] == language
        ]

    def last_marked_at(self, language):
        """When the version was last marked as updated or corrected (``None`` if never).

        Reads ``last_marked_<language>`` (``with_modified()``) or else
        ``correction_log`` (``with_corrections()``) when annotated, else asks
        the database.
        """
        marked = getattr(self, column("last_marked", language), _NOT_ANNOTATED)
        if marked is _NOT_ANNOTATED:
            marked = max((c.created_at for c in self.corrections_in(language)), default=None)
        return marked

    def modified_at(self, language):
        """When the version last changed for readers (see ``modified_moment()``):
        the page's "Last updated", JSON-LD ``dateModified``, Open Graph
        ``article:modified_time``, the feed's ``<updated>`` and the sitemap's
        ``<lastmod>`` all read this.
        """
        return modified_moment(
            getattr(self, column("published_at", language)), self.last_marked_at(language)
        )


def modified_moment(published, last_marked):
    """The one definition of a version's modified moment: the later of its
    publication moment and its latest marked update or correction in that
    language (``None`` while it has neither).

    Unmarked edits do not count, and neither does anything done to another
    language: an edit to another version, a tag or a typo fix is not a
    modification readers are told about.
    """
    return max((m for m in (published, last_marked) if m is not None), default=None)


class TagListing(models.Model):
    """A row of ``Article.tags``' table, with the moments the database keeps on it.

    ``public_from_<code>`` is the article's ``published_at_<code>`` while that
    version has content, NULL otherwise, kept so by triggers (migration
    0009): "public in ``code`` at ``at``" is ``public_from_<code> <= at`` here as
    ``public_q()`` is on the article, and an index on (tag, moment) lists a
    tag's newest public articles without reading them. Django writes the
    table through ``Article.tags``; this model only reads it.
    """

    article = models.ForeignKey(Article, on_delete=models.DO_NOTHING, related_name="+")
    tag = models.ForeignKey(Tag, on_delete=models.DO_NOTHING, related_name="+")
    public_from_ru = models.DateTimeField(null=True, editable=False)
    public_from_az = models.DateTimeField(null=True, editable=False)
    public_from_en = models.DateTimeField(null=True, editable=False)

    class Meta:
        managed = False
        db_table = "articles_article_tags"

    def __str__(self):
        return f"{self.article_id}: {self.tag_id}"


class QuoteListing(models.Model):
    """A row of ``Article.quotes``' table, with the moments the database keeps on it.

    ``public_from_<code>`` is the article's ``published_at_<code>`` while that
    version has content *and its own body places the quote*, NULL otherwise,
    kept so by triggers (migration 0011): a quote is carried in a language only
    by that language's body, never by a sibling's draft. "Carried in public in
    ``code`` at ``at``" is ``public_from_<code> <= at``. Django writes the table
    through ``Article.quotes``; this model only reads it.
    """

    article = models.ForeignKey(Article, on_delete=models.DO_NOTHING, related_name="+")
    quote = models.ForeignKey(Quote, on_delete=models.DO_NOTHING, related_name="listings")
    public_from_ru = models.DateTimeField(null=True, editable=False)
    public_from_az = models.DateTimeField(null=True, editable=False)
    public_from_en = models.DateTimeField(null=True, editable=False)

    class Meta:
        managed = False
        db_table = "articles_article_quotes"

    def __str__(self):
        return f"{self.article_id}: {self.quote_id}"

    @classmethod
    def public(cls, language, at=None):
        """The rows whose quote is carried in public in ``language`` at ``at``."""
        return cls.objects.filter(
            **{column("public_from", language) + "__lte": at or timezone.now()}
        )


class Figure(models.Model):
    """A library photo placed in an article's body (``<figure data-photo="ID">``).

    Django writes the table through ``Article.figures``, kept equal to the
    placed photos on save (articles/signals.py): which photos a page shows
    inline without reading the bodies, and which pages a photo is in. A photo
    a body places cannot be deleted from the library under it.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    photo = models.ForeignKey("photos.Photo", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("inline figure")
        verbose_name_plural = _("inline figures")
        constraints = [
            models.UniqueConstraint(fields=["article", "photo"], name="figure_photo_once")
        ]

    def __str__(self):
        return f"{self.article_id}: {self.photo_id}"


def lead_alt_expression(language, prefix=""):
    """``Article.lead_image_alt(language)`` as SQL, for rows read without instances."""
    photo = f"{prefix}lead_photo__"
    return Coalesce(
        NullIf(photo + column("alt", language), Value("")),
        NullIf(prefix + column("caption", language), Value("")),
        NullIf(photo + column("caption", language), Value("")),
        Value(""),
    )


class Byline(models.Model):
    """An author of an article, in byline order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_author_once")
        ]

    def __str__(self):
        return str(self.author)


class BylineListing(models.Model):
    """A byline row with the moments the database keeps on it (migration 0020).

    ``public_from_<code>`` is the article's ``published_at_<code>`` while that
    version has content, NULL otherwise: "public in ``code`` at ``at``" is
    ``public_from_<code> <= at`` here as ``public_q()`` is on the article, and
    an index on (author, moment) lists an author's newest public articles
    without reading the others. ``Byline`` writes the table; this model only
    reads it.
    """

    article = models.ForeignKey(Article, on_delete=models.DO_NOTHING, related_name="+")
    author = models.ForeignKey(Author, on_delete=models.DO_NOTHING, related_name="+")
    public_from_ru = models.DateTimeField(null=True, editable=False)
    public_from_az = models.DateTimeField(null=True, editable=False)
    public_from_en = models.DateTimeField(null=True, editable=False)

    class Meta:
        managed = False
        db_table = "articles_byline"

    def __str__(self):
        return f"{self.article_id}: {self.author_id}"


def bylines_prefetch():
    """Articles' bylines in order, with their authors: one query for all of them."""
    return models.Prefetch(
        "bylines", queryset=Byline.objects.select_related("author").order_by("position")
    )


# Marks an article fetched without ``ArticleQuerySet.with_corrections()``.
_NOT_ANNOTATED = object()


class Correction(models.Model):
    """A change to a public version that readers are told about, in that language."""

    class Kind(models.TextChoices):
        UPDATE = "update", _("update")
        CORRECTION = "correction", _("correction")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    note = models.TextField(
        _("note"),
        max_length=500,
        help_text=_("Plain text in the version's language, shown to readers under the article."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        get_latest_by = "created_at"
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language}): {self.note[:60]}"


def latest_mark(language):
    """An expression: when the article's ``language`` version was last marked as
    updated or corrected (NULL if never)."""
    return models.Subquery(
        Correction.objects.filter(article=models.OuterRef("pk"), language=language)
        .order_by("-created_at")
        .values("created_at")[:1],
        output_field=models.DateTimeField(),
    )


# History and outdated translations (newsroom/history.py, newsroom/outdated.py)


def outdated_translation(language):
    """An expression: the article's ``language`` translation is outdated."""
    return models.Exists(
        TranslationState.objects.filter(
            article=models.OuterRef("pk"), language=language, outdated=True
        )
    )


class ArticleRevision(models.Model):
    """One saved state of an article: the content, who saved it, when, and what changed."""

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        RESTORED = "restored", _("restored")
        BASELINE = "baseline", _("history started")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CHANGED)
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept when the account is deleted later.
    created_by_name = models.CharField(_("saved by (name)"), max_length=300, blank=True)
    snapshot = models.JSONField(_("content"), default=dict)
    changed_fields = models.JSONField(_("changed fields"), default=list)
    events = models.JSONField(_("events"), default=list)
    restored_from = models.PositiveIntegerField(_("restored from"), null=True, blank=True)

    class Meta:
        ordering = ["article", "-number"]
        get_latest_by = "number"
        verbose_name = _("article revision")
        verbose_name_plural = _("article revisions")
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_once")
        ]

    def __str__(self):
        return f"#{self.number}"

    @property
    def author_name(self):
        user = self.created_by
        if user is not None:
            return user.get_full_name() or user.get_username()
        return self.created_by_name


class TranslationState(models.Model):
    """Which text of the original a translation was last saved (or checked) against."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="translation_states",
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    source_language = models.CharField(
        _("original language"), max_length=2, choices=settings.LANGUAGES
    )
    #: The original's title, lead, body and caption when the translation was last saved.
    source = models.JSONField(_("original text"), default=dict)
    outdated = models.BooleanField(_("outdated"), default=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["article", "language"]
        verbose_name = _("translation state")
        verbose_name_plural = _("translation states")
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="translation_state_once")
        ]
        indexes = [models.Index(fields=["language", "outdated"], name="translation_outdated")]

    def __str__(self):
        return f"{self.article_id} · {self.language}"
