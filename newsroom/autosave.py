"""Autosave of the article form: a per-person copy of what was typed, on the server.

static/turan/admin/autosave.js posts the form's fields every
``AUTOSAVE_INTERVAL`` seconds while the form holds changes, and once more with
``navigator.sendBeacon`` when the tab is hidden or left; it also asks before
leaving a form with unsaved changes. Reopening the form offers the copy with
its time (Baku time, in the admin's language); restoring it only fills the
form, so what reaches the article still goes through the form's checks and
the sanitiser on a real save, which deletes the copy.

An autosave is no revision and no write readers can see: ``Autosave`` lives
in newsroom, which is no content app, so its table has no content-version
trigger and the page cache stays valid. Only someone who may change the
article (or add one, for the add form) may autosave it; each person has their
own copy, at most ``AUTOSAVE_MAX_BYTES`` of form data.
"""

import json

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext

from core.dates import BAKU
from newsroom.models import Autosave

DEFAULT_MAX_BYTES = 1_000_000
DEFAULT_INTERVAL = 30
MAX_FIELDS = 2000


def max_bytes():
    return int(getattr(settings, "AUTOSAVE_MAX_BYTES", DEFAULT_MAX_BYTES))


def interval():
    return float(getattr(settings, "AUTOSAVE_INTERVAL", DEFAULT_INTERVAL))


def _is_text(value):
    return isinstance(value, str)


def _valid_field(field):
    if not isinstance(field, dict) or not _is_text(field.get("name")):
        return False
    if not _is_text(field.get("type", "")):
        return False
    if "value" in field and not _is_text(field["value"]):
        return False
    if "checked" in field and not isinstance(field["checked"], bool):
        return False
    options = field.get("options")
    return options is None or (
        isinstance(options, list)
        and all(
            isinstance(option, list) and len(option) == 2 and all(map(_is_text, option))
            for option in options
        )
    )


def parse_fields(raw):
    """Return the posted fields as a list, or ``None`` when they are not what the
    script sends (names and string values, checkbox states, chosen options)."""
    try:
        fields = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(fields, list) or len(fields) > MAX_FIELDS:
        return None
    return fields if all(_valid_field(field) for field in fields) else None


def store(user, article, fields, now=None):
    """Keep ``fields`` as ``user``'s autosave of ``article``'s form (``None``: the add
    form); return the moment, or ``None`` when the article went meanwhile."""
    now = now or timezone.now()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                Autosave.objects.update_or_create(
                    user=user, article=article, defaults={"fields": fields, "saved_at": now}
                )
            return now
        except IntegrityError:
            # The same person's other tab created it meanwhile (update it), or
            # the article was deleted (the next attempt fails the same way).
            continue
    return None


def discard(user, article):
    Autosave.objects.filter(user=user, article=article).delete()


def moment_label(moment, now=None):
    """The autosave's time in Baku, with the day when it is not today's."""
    local = timezone.localtime(moment, BAKU)
    today = timezone.localtime(now or timezone.now(), BAKU).date()
    if local.date() == today:
        return formats.time_format(local, "H:i")
    return formats.date_format(local, "SHORT_DATETIME_FORMAT")


class AutosaveAdminMixin:
    """The autosave endpoint, the offer on the form, and the copy's end on a real save.

    Goes before ``ArticleSaveMixin`` in ``ArticleAdmin``'s bases.
    """

    @property
    def media(self):
        return super().media + forms.Media(js=["turan/admin/autosave.js"])

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="{}_{}_autosave_add".format(*info),
            ),
            path(
                "<int:object_id>/autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="{}_{}_autosave".format(*info),
            ),
            *super().get_urls(),
        ]

    def autosave_view(self, request, object_id=None):
        """POST ``fields`` (JSON) keeps the form's copy; POST ``discard`` deletes it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._autosaved_article(request, object_id)
        if request.POST.get("discard"):
            discard(request.user, article)
            return HttpResponse(status=204)
        raw = request.POST.get("fields", "")
        if len(raw.encode()) > max_bytes():
            return JsonResponse(
                {"error": gettext("This form is too long to be kept automatically.")}, status=413
            )
        fields = parse_fields(raw)
        if fields is None:
            return JsonResponse({"error": "fields"}, status=400)
        saved = store(request.user, article, fields)
        if saved is None:
            return JsonResponse({"error": "gone"}, status=409)
        label = moment_label(saved)
        return JsonResponse(
            {
                "saved": saved.isoformat(),
                "status": gettext("Autosaved at %(time)s (Baku time)") % {"time": label},
            }
        )

    def _autosaved_article(self, request, object_id):
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        article = self.get_object(request, str(object_id))
        if article is None:
            raise Http404
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def autosave_context(self, request, obj, add):
        """What autosave.js needs on the form: where to post, how often, the offer."""
        info = self.opts.app_label, self.opts.model_name
        if add:
            url = reverse("admin:{}_{}_autosave_add".format(*info))
        elif self.has_change_permission(request, obj):
            url = reverse("admin:{}_{}_autosave".format(*info), args=[obj.pk])
        else:
            return None
        offer = None
        # A form shown again after a refused save holds the posted text: nothing to offer.
        if request.method == "GET":
            autosave = Autosave.objects.filter(user=request.user, article=obj).first()
            if autosave is not None:
                label = moment_label(autosave.saved_at)
                offer = {
                    "fields": autosave.fields,
                    "text": gettext(
                        "Changes to this form that were never saved were kept automatically "
                        "at %(time)s (Baku time)."
                    )
                    % {"time": label},
                    "restore": gettext("Restore autosave from %(time)s") % {"time": label},
                }
        return {
            "url": url,
            "interval": interval(),
            "unsaved": request.method == "POST",
            "offer": offer,
            "strings": {
                "discard": gettext("Discard"),
                "restored": gettext("The autosaved text is back in the form. Check it and save."),
                "failed": gettext("Autosave failed: your changes are only in this page."),
            },
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["autosave"] = self.autosave_context(request, obj, add=obj is None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # A real save ends the copy (newsroom/admin_save.py answers with these).

    def response_add(self, request, obj, post_url_continue=None):
        discard(request.user, None)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        discard(request.user, obj)
        return super().response_change(request, obj)
