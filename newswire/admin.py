"""Partners, their keys and their daily counts in the admin: for editors only.

Webhooks (newswire/push.py) are kept here too: a webhook's secret is shown
once, on the page that answers its creation (or a new secret's button); its
page sends a test delivery at once and lists the latest deliveries.

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
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.dates import BAKU
from newsroom.actions import can_publish
from newswire import push
from newswire.models import ApiKey, DailyUsage, Delivery, Event, Partner, Webhook, new_secret

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
            context["webhooks_url"] = (
                reverse("admin:newswire_webhook_changelist") + f"?partner__id__exact={obj.pk}"
            )
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


#: Deliveries listed on a webhook's page.
LOG_SIZE = 50


class WebhookForm(forms.ModelForm):
    url = forms.URLField(
        label=_("address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("http or https; redirects are not followed."),
    )
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=[choice for choice in Event.choices if choice[0] != Event.TEST],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "What is sent. Scheduled versions go only to partners receiving embargoed items."
        ),
    )

    class Meta:
        model = Webhook
        fields = ["partner", "url", "is_active", "events"]


@admin.register(Webhook)
class WebhookAdmin(EditorsOnly, admin.ModelAdmin):
    form = WebhookForm
    list_display = ["url", "partner", "is_active", "event_list", "created_at"]
    list_filter = ["is_active", "partner"]
    search_fields = ["url", "partner__name"]
    list_select_related = ["partner"]
    change_form_template = "admin/newswire/webhook/change_form.html"

    @admin.display(description=_("events"))
    def event_list(self, webhook):
        return ", ".join(str(Event(event).label) for event in webhook.events)

    def get_urls(self):
        return [
            path(
                "<int:webhook_id>/send-test/",
                self.admin_site.admin_view(self.send_test_view),
                name="newswire_webhook_send_test",
            ),
            path(
                "<int:webhook_id>/new-secret/",
                self.admin_site.admin_view(self.new_secret_view),
                name="newswire_webhook_new_secret",
            ),
            *super().get_urls(),
        ]

    def _webhook_for_post(self, request, webhook_id):
        if request.method != "POST":
            return None
        if not self.has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(Webhook.objects.select_related("partner"), pk=webhook_id)

    def send_test_view(self, request, webhook_id):
        """Send a test delivery now (POST) and say how it went."""
        webhook = self._webhook_for_post(request, webhook_id)
        if webhook is None:
            return HttpResponseNotAllowed(["POST"])
        delivery = push.send_test(webhook)
        if delivery.status == Delivery.Status.DELIVERED:
            messages.success(
                request,
                gettext("Test delivered: the address answered %(code)s.")
                % {"code": delivery.response_code},
            )
        elif delivery.response_code is not None:
            messages.error(
                request,
                gettext("Test not delivered: the address answered %(code)s.")
                % {"code": delivery.response_code},
            )
        else:
            messages.error(
                request,
                gettext("Test not delivered: %(error)s") % {"error": delivery.error},
            )
        return HttpResponseRedirect(reverse("admin:newswire_webhook_change", args=[webhook.pk]))

    def new_secret_view(self, request, webhook_id):
        """Replace the secret (POST) and show the new one, this once."""
        webhook = self._webhook_for_post(request, webhook_id)
        if webhook is None:
            return HttpResponseNotAllowed(["POST"])
        webhook.secret = new_secret()
        webhook.save(update_fields=["secret"])
        return self._secret_page(request, webhook)

    def _secret_page(self, request, webhook):
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Webhook secret"),
            "webhook": webhook,
            "secret": webhook.secret,
            "opts": self.model._meta,
            "back": reverse("admin:newswire_webhook_change", args=[webhook.pk]),
        }
        response = TemplateResponse(request, "admin/newswire/webhook/secret.html", context)
        # The secret is on this page only: no cache, no history copy.
        response["Cache-Control"] = "no-store"
        return response

    def response_add(self, request, obj, post_url_continue=None):
        return self._secret_page(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["send_test_url"] = reverse("admin:newswire_webhook_send_test", args=[obj.pk])
            context["new_secret_url"] = reverse("admin:newswire_webhook_new_secret", args=[obj.pk])
            context["deliveries"] = list(obj.deliveries.order_by("-created_at", "-pk")[:LOG_SIZE])
            context["deliveries_url"] = (
                reverse("admin:newswire_delivery_changelist") + f"?webhook__id__exact={obj.pk}"
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Delivery)
class DeliveryAdmin(EditorsOnly, admin.ModelAdmin):
    list_display = [
        "created_at",
        "webhook",
        "event",
        "article_id",
        "language",
        "version",
        "status",
        "response_code",
        "attempts",
        "last_attempt_at",
        "next_attempt_at",
    ]
    list_filter = ["status", "event", "webhook__partner", "webhook"]
    list_select_related = ["webhook"]
    date_hierarchy = "created_at"
    fields = [
        "uid",
        "webhook",
        "event",
        "article_id",
        "language",
        "version",
        "moment",
        "status",
        "attempts",
        "response_code",
        "error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
        "body",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again (from now, for another 24 hours)"))
    def send_again(self, request, queryset):
        now = timezone.now()
        count = queryset.exclude(event=Event.TEST).update(
            status=Delivery.Status.PENDING, next_attempt_at=now, created_at=now, attempts=0
        )
        messages.success(
            request,
            ngettext(
                "%(count)s delivery will be sent again.",
                "%(count)s deliveries will be sent again.",
                count,
            )
            % {"count": count},
        )
