"""Partners, their keys and their daily counts in the admin: for editors only.

Editors are whoever may publish (``articles.publish_article``, newsroom/roles.py):
deciding who receives the newswire, and who receives embargoed items ahead of
their moment, is an editorial decision. A key is made on the partner's page
and shown once, on the page that answers the button; only its digest is kept.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.dates import BAKU
from newsroom.actions import can_publish
from newswire.models import ApiKey, DailyUsage, Partner

USAGE_DAYS = 30


class EditorsOnly:
    """Every permission of the model is the editors' (``articles.publish_article``)."""

    def has_module_permission(self, request):
        return can_publish(request.user)

    def has_view_permission(self, request, obj=None):
        return can_publish(request.user)

    def has_add_permission(self, request, *args):
        return can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        return can_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_publish(request.user)


class PartnerForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The language versions the partner receives."),
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "is_active",
            "languages",
            "sections",
            "rate_limit",
            "receives_embargoed",
        ]
        widgets = {"sections": forms.CheckboxSelectMultiple}


class ApiKeyForm(forms.ModelForm):
    revoke = forms.BooleanField(label=_("revoke"), required=False)

    class Meta:
        model = ApiKey
        fields = ["name"]

    def save(self, commit=True):
        key = super().save(commit=False)
        if self.cleaned_data.get("revoke") and key.revoked_at is None:
            key.revoked_at = timezone.now()
        if commit:
            key.save()
        return key


class ApiKeyInline(EditorsOnly, admin.TabularInline):
    model = ApiKey
    form = ApiKeyForm
    extra = 0
    can_delete = False
    fields = ["prefix", "name", "created_at", "last_used_at", "revoked_at", "revoke"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    verbose_name_plural = _("API keys (made with “Create a key” above)")

    def has_add_permission(self, request, obj=None):
        return False  # a key is made by the button, which shows it once


class DailyUsageInline(EditorsOnly, admin.TabularInline):
    model = DailyUsage
    extra = 0
    can_delete = False
    fields = ["day", "count"]
    readonly_fields = ["day", "count"]
    max_num = 0
    verbose_name_plural = _("Requests per day (last 30 days)")

    def get_queryset(self, request):
        since = timezone.localdate(timezone.now(), BAKU) - timedelta(days=USAGE_DAYS)
        return super().get_queryset(request).filter(day__gte=since).order_by("-day")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Partner)
class PartnerAdmin(EditorsOnly, admin.ModelAdmin):
    form = PartnerForm
    list_display = [
        "name",
        "is_active",
        "language_list",
        "rate_limit",
        "receives_embargoed",
        "requests_today",
    ]
    list_filter = ["is_active", "receives_embargoed"]
    search_fields = ["name"]
    inlines = [ApiKeyInline, DailyUsageInline]
    change_form_template = "admin/newswire/partner/change_form.html"

    @admin.display(description=_("languages"))
    def language_list(self, partner):
        return ", ".join(partner.languages)

    @admin.display(description=_("requests today"))
    def requests_today(self, partner):
        return getattr(partner, "today", None) or 0

    def get_queryset(self, request):
        today = timezone.localdate(timezone.now(), BAKU)
        return (
            super()
            .get_queryset(request)
            .annotate(today=Sum("usage__count", filter=Q(usage__day=today)))
        )

    def get_urls(self):
        return [
            path(
                "<int:partner_id>/new-key/",
                self.admin_site.admin_view(self.new_key_view),
                name="newswire_partner_new_key",
            ),
            *super().get_urls(),
        ]

    def new_key_view(self, request, partner_id):
        """Create a key (POST) and show it, this once."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        partner = get_object_or_404(Partner, pk=partner_id)
        label = (request.POST.get("label") or "").strip()[:100]
        key, token = partner.issue_key(name=label)
        messages.success(
            request,
            gettext("Key %(prefix)s… created for %(partner)s.")
            % {"prefix": key.prefix, "partner": partner.name},
        )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("New API key"),
            "partner": partner,
            "key": key,
            "token": token,
            "opts": self.model._meta,
            "back": reverse("admin:newswire_partner_change", args=[partner.pk]),
        }
        response = TemplateResponse(request, "admin/newswire/partner/new_key.html", context)
        # The key is on this page only: no cache, no history copy.
        response["Cache-Control"] = "no-store"
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["new_key_url"] = reverse("admin:newswire_partner_new_key", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(DailyUsage)
class DailyUsageAdmin(EditorsOnly, admin.ModelAdmin):
    list_display = ["partner", "day", "count"]
    list_filter = ["partner"]
    date_hierarchy = "day"

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
