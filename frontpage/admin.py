from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import PublicationStatus
from core.i18n import LANGUAGE_NAMES, column
from frontpage.models import Placement


class PlacementForm(forms.ModelForm):
    class Meta:
        model = Placement
        fields = ["language", "role", "article", "position", "until"]

    def clean(self):
        cleaned_data = super().clean()
        article, language = cleaned_data.get("article"), cleaned_data.get("language")
        until = cleaned_data.get("until")
        if until is not None and until <= timezone.now() and "until" in self.changed_data:
            self.add_error("until", _("This moment has passed: choose a later one, or none."))
        if article is not None and language:
            status = article.publication_status(language)
            if status == PublicationStatus.MISSING:
                self.add_error(
                    "article",
                    _("This article has no %(language)s version to place.")
                    % {"language": LANGUAGE_NAMES[language]},
                )
        return cleaned_data


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    """Editors choose each language's lead story, featured stories and breaking
    banner (the role ``Editor`` holds these permissions; journalists may look)."""

    form = PlacementForm
    list_display = ["role", "language", "article_title", "position", "until", "shown", "placed_by"]
    list_display_links = ["role"]
    list_filter = ["language", "role"]
    autocomplete_fields = ["article"]
    list_select_related = ["article", "placed_by"]
    ordering = ["language", "role", "position", "-placed_at"]

    def get_changeform_initial_data(self, request):
        # "Place on the home page" links from an article carry ?article=…&language=….
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("role", Placement.Role.FEATURED)
        return initial

    @admin.display(description=_("article"))
    def article_title(self, placement):
        title = getattr(placement.article, column("title", placement.language)) or str(
            placement.article
        )
        return format_html('<span lang="{}">{}</span>', placement.language, title)

    @admin.display(description=_("on the home page now"))
    def shown(self, placement):
        now = timezone.now()
        if placement.until is not None and placement.until <= now:
            return gettext("no: ended")
        status = placement.article.publication_status(placement.language, now)
        if status == PublicationStatus.PUBLIC:
            return gettext("yes")
        if status == PublicationStatus.SCHEDULED:
            return gettext("from its publication moment")
        return gettext("no: the version is not public")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.placed_by = request.user
        super().save_model(request, obj, form, change)
