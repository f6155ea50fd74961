from django.contrib import admin

from core.admin import TranslatedAdmin
from core.i18n import columns
from core.imports import ImportAdminMixin, SlugResource
from tags.models import Tag


class TagResource(SlugResource):
    class Meta:
        model = Tag
        fields = ["slug", "kind", *columns("name")]
        import_order = fields


@admin.register(Tag)
class TagAdmin(ImportAdminMixin, TranslatedAdmin):
    resource_classes = [TagResource]
    fields = ["kind", "name", "slug"]
    list_display = ["__str__", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = [*columns("name"), "slug"]
    one_language_required = ("name",)
