from django.contrib import admin

from core.admin import TranslatedAdmin
from core.i18n import LANGUAGE_CODES
from tags.models import Tag


@admin.register(Tag)
class TagAdmin(TranslatedAdmin):
    fields = ["kind", "name", "slug"]
    list_display = ["__str__", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = [*(f"name_{code}" for code in LANGUAGE_CODES), "slug"]
    one_language_required = ("name",)
