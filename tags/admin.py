from django.contrib import admin

from core.admin import TranslatedAdmin
from core.i18n import columns
from tags.models import Tag


@admin.register(Tag)
class TagAdmin(TranslatedAdmin):
    fields = ["kind", "name", "slug"]
    list_display = ["__str__", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = [*columns("name"), "slug"]
    one_language_required = ("name",)
