from django.contrib import admin

from authors.models import Author
from core.admin import TranslatedAdmin
from core.i18n import columns
from core.imports import ImportAdminMixin, SlugResource


def may_see_accounts(user):
    """Whoever may list the staff accounts anyway (the user admin) may link one."""
    return user.has_perm("auth.view_user")


class AuthorResource(SlugResource):
    # Photos and staff accounts are not cells: they stay as they are.
    class Meta:
        model = Author
        fields = ["slug", *columns("name"), *columns("role"), *columns("bio"), "is_institution"]
        import_order = fields


@admin.register(Author)
class AuthorAdmin(ImportAdminMixin, TranslatedAdmin):
    resource_classes = [AuthorResource]
    fields = ["name", "slug", "is_institution", "role", "bio", "photo", "user"]
    list_display = ["__str__", "role", "is_institution", "user"]
    list_filter = ["is_institution"]
    list_select_related = ["user"]
    search_fields = [*columns("name"), "slug"]
    raw_id_fields = ["user"]
    one_language_required = ("name",)

    # The staff account field shows the username of whatever id it is given
    # (even from the add form's query string): journalists get neither the
    # field nor the column, and a forged value is ignored (not a form field).

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if may_see_accounts(request.user):
            return fields
        return [field for field in fields if field != "user"]

    def get_list_display(self, request):
        list_display = super().get_list_display(request)
        if may_see_accounts(request.user):
            return list_display
        return [field for field in list_display if field != "user"]
