from django.contrib import admin

from core.admin import TranslatedAdmin
from core.i18n import columns
from quotes.models import Quote


@admin.register(Quote)
class QuoteAdmin(TranslatedAdmin):
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
