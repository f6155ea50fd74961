from django.contrib import admin

from core.admin import TranslatedAdmin
from pages.models import Page


@admin.register(Page)
class PageAdmin(TranslatedAdmin):
    fields = ["kind", "title", "body"]
    list_display = ["__str__", "updated_at"]
