from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.admin import TranslatedAdmin
from core.i18n import LANGUAGE_CODES, column, columns
from core.imports import AdminFormResource, ImportAdminMixin
from quotes.models import Quote
from tags.models import Tag


class QuoteResource(AdminFormResource):
    """Quotes have no slug: a row names its quote by ``id``, else by its
    speaker and its words in any language given (the same words of the same
    person are the same quote), so a file imported again updates, not repeats."""

    speaker = fields.Field(
        attribute="speaker", column_name="speaker", widget=widgets.ForeignKeyWidget(Tag, "slug")
    )
    # The form parses dates as the admin does (ISO, or the admin language's format).
    said_on = fields.Field(attribute="said_on", column_name="said_on", widget=widgets.Widget())

    class Meta:
        model = Quote
        fields = [
            "id",
            "speaker",
            *columns("text"),
            *columns("speaker_role"),
            "said_on",
            *columns("place"),
            *columns("source"),
        ]
        import_order = fields

    def get_instance(self, instance_loader, row):
        if str(row.get("id") or "").strip():
            try:
                pk = self.fields["id"].clean(row)
            except ValueError as error:
                raise ValidationError({"id": str(error)}) from None
            quote = self.get_queryset().filter(pk=pk).first()
            if quote is None:
                raise ValidationError({"id": _("There is no quote with this id.")})
            return quote
        slug = str(row.get("speaker") or "").strip()
        for code in LANGUAGE_CODES:
            words = str(row.get(column("text", code)) or "").strip()
            if slug and words:
                quote = (
                    self.get_queryset()
                    .filter(speaker__slug=slug, **{column("text", code): words})
                    .first()
                )
                if quote is not None:
                    return quote
        return None


@admin.register(Quote)
class QuoteAdmin(ImportAdminMixin, TranslatedAdmin):
    resource_classes = [QuoteResource]
    fields = ["speaker", "text", "speaker_role", "said_on", "place", "source"]
    # The autocomplete honours Quote.speaker's limit_choices_to: people only.
    autocomplete_fields = ["speaker"]
    list_display = ["__str__", "speaker", "said_on"]
    list_select_related = ["speaker"]
    list_filter = [("speaker", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        *columns("text"),
        *columns("speaker__name"),
    ]
    date_hierarchy = "said_on"
    one_language_required = ("text",)
