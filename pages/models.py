from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from core.i18n import LANGUAGE_CODES, column, current_language
from core.links import cached_reverse
from core.text import SanitizingQuerySet, sanitize_html

# What a page body may hold: the article body's vocabulary without the
# libraries' quotes and photos. Tables and rules too: the sanitiser keeps them,
# and an editor without them turned a page's table into paragraphs on save.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "HardBreak": True,
    "HorizontalRule": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}


def content_q(language):
    """The pages readers may see in ``language``: a title and a body in it."""
    return ~models.Q(**{column("title", language): ""}) & ~models.Q(
        **{column("body", language): ""}
    )


class PageQuerySet(SanitizingQuerySet):
    def public(self, language):
        return self.filter(content_q(language))


class Page(models.Model):
    """One of the site's own pages, one per kind, each language a version of it."""

    class Kind(models.TextChoices):
        ABOUT = "about", _("About")
        CONTACT = "contact", _("Contact")
        STANDARDS = "editorial-standards", _("Editorial standards")
        CORRECTIONS = "corrections-policy", _("Corrections policy")
        PRIVACY = "privacy", _("Privacy")
        OWNERSHIP = "ownership", _("Ownership and funding")

    kind = models.CharField(_("page"), max_length=32, choices=Kind, unique=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = ProseEditorField(
        _("body"), blank=True, extensions=BODY_EXTENSIONS, sanitize=sanitize_html
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")

    def __str__(self):
        return self.get_kind_display()

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        super().save(*args, **kwargs)

    def get_absolute_url(self, language=None):
        language = language or current_language()
        if language == translation.get_language():
            return cached_reverse("pages:page", self.kind)
        with translation.override(language):
            return cached_reverse("pages:page", self.kind)

    def prepare_for_save(self):
        """Sanitise the body in every language; a body of empty paragraphs is empty."""
        for code in LANGUAGE_CODES:
            name = column("body", code)
            setattr(self, name, sanitize_html(getattr(self, name)))
            title = column("title", code)
            setattr(self, title, (getattr(self, title) or "").strip())

    def public_languages(self):
        return [
            code
            for code in LANGUAGE_CODES
            if getattr(self, column("title", code)) and getattr(self, column("body", code))
        ]
