from django.contrib import admin

from authors.models import Author
from core.admin import TranslatedAdmin
from core.i18n import columns


@admin.register(Author)
class AuthorAdmin(TranslatedAdmin):
    fields = ["name", "slug", "is_institution", "role", "bio", "photo", "user"]
    list_display = ["__str__", "role", "is_institution", "user"]
    list_filter = ["is_institution"]
    list_select_related = ["user"]
    search_fields = [*columns("name"), "slug"]
    raw_id_fields = ["user"]
    one_language_required = ("name",)
