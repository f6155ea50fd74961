from django.contrib import admin

from tags.models import Tag
from turan.admin import TranslatedAdmin
from turan.i18n import LANGUAGE_CODES


@admin.register(Tag)
class TagAdmin(TranslatedAdmin):
    fields = ["kind", "name", "slug"]
    list_display = ["__str__", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = [*(f"name_{code}" for code in LANGUAGE_CODES), "slug"]
    one_language_required = ("name",)
