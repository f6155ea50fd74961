from django.conf import settings
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from authors.models import Author
from quotes.models import Quote
from tags.models import Tag
from turan.i18n import LANGUAGE_CODES, current_language, localized
from turan.text import ascii_slug, quote_ids, sanitize_html, unique_slug

# The body editor's vocabulary; turan.text.sanitize_html enforces the same set
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


def public_q(language: str, at=None) -> Q:
    """The visibility rule: a version is public in ``language`` at ``at`` when it
    has a title and a body in that language and its publication moment has come.

    Columns are named explicitly, so modeltranslation's rewriting of filters to
    the active language never decides which version is read.
    """
    if language not in LANGUAGE_CODES:
        raise ValueError(f"Unknown language {language!r}")
    at = at or timezone.now()
    return Q(
        **{
            f"published_at_{language}__lte": at,
            f"title_{language}__gt": "",
            f"body_{language}__gt": "",
        }
    )


class ArticleQuerySet(models.QuerySet):
    def public(self, language=None, at=None):
        """Return the articles readers may see in ``language`` at ``at``, newest first."""
        language = language or current_language()
        return self.filter(public_q(language, at)).order_by(f"-published_at_{language}", "-pk")

    def with_public_languages(self, at=None):
        """Annotate ``is_public_<code>`` for every language (for tabs and hreflang)."""
        at = at or timezone.now()
        return self.annotate(
            **{
                f"is_public_{code}": ExpressionWrapper(public_q(code, at), BooleanField())
                for code in LANGUAGE_CODES
            }
        )

    def in_section(self, section):
        return self.filter(section=section)

    def for_list(self):
        """Fetch what a list item shows (section, bylines) in constant queries."""
        return self.select_related("section").prefetch_related(
            models.Prefetch(
                "bylines", queryset=Byline.objects.select_related("author").order_by("position")
            )
        )

    def for_page(self):
        """Fetch everything an article page shows in constant queries."""
        return self.for_list().prefetch_related(
            "tags", models.Prefetch("quotes", queryset=Quote.objects.select_related("speaker"))
        )

    def bulk_create(self, objs, *args, **kwargs):
        for obj in objs:
            obj.prepare_for_save()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        for obj in objs:
            obj.prepare_for_save()
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        for name, value in kwargs.items():
            if name.split("_")[0] == "body" and (value is None or isinstance(value, str)):
                kwargs[name] = sanitize_html(value)
        return super().update(**kwargs)


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
    caption = models.CharField(_("lead image caption"), max_length=300, blank=True)
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
    lead_image = models.ImageField(_("lead image"), upload_to="articles/%Y/%m/", blank=True)
    lead_image_credit = models.CharField(_("image credit"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
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
            models.Index(fields=[f"-published_at_{code}"], name=f"article_published_{code}")
            for code in LANGUAGE_CODES
        ]

    def __str__(self):
        return (
            localized(self, "title", self.original_language).text or f"#{self.pk}"
            if self.pk
            else ""
        )

    def get_absolute_url(self, language=None):
        language = language or current_language()
        with translation.override(language):
            return reverse(
                "articles:detail",
                kwargs={"pk": self.pk, "slug": getattr(self, f"slug_{language}") or "article"},
            )

    def prepare_for_save(self):
        """Sanitise the body and fill blank slugs, in every language."""
        for code in LANGUAGE_CODES:
            setattr(self, f"body_{code}", sanitize_html(getattr(self, f"body_{code}")))
            title = getattr(self, f"title_{code}")
            if title and not getattr(self, f"slug_{code}"):
                setattr(self, f"slug_{code}", ascii_slug(title, max_length=120) or "article")

    def placed_quote_ids(self):
        return {pk for code in LANGUAGE_CODES for pk in quote_ids(getattr(self, f"body_{code}"))}

    def is_public(self, language, at=None):
        return type(self).objects.filter(pk=self.pk).filter(public_q(language, at)).exists()

    def public_languages(self):
        """Languages annotated public by ``with_public_languages()``, in LANGUAGES order."""
        return [code for code in LANGUAGE_CODES if getattr(self, f"is_public_{code}", False)]

    def publication_status(self, language, now=None):
        """Return missing / draft / scheduled / public for one language version."""
        now = now or timezone.now()
        if not (getattr(self, f"title_{language}") and getattr(self, f"body_{language}")):
            return PublicationStatus.MISSING
        moment = getattr(self, f"published_at_{language}")
        if moment is None:
            return PublicationStatus.DRAFT
        return PublicationStatus.PUBLIC if moment <= now else PublicationStatus.SCHEDULED


class PublicationStatus(models.TextChoices):
    MISSING = "missing", _("missing")
    DRAFT = "draft", _("draft")
    SCHEDULED = "scheduled", _("scheduled")
    PUBLIC = "public", _("public")


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
