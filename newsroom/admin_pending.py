"""Pending changes in the article admin (newsroom/pending.py holds the rules).

The change form shows a version's pending text in its fields (what the
journalist works on), a notice on that language's tab with links to both
previews and to the review page, and, for editors on a public version, the
choice "Save my changes as a pending change" (ticked while a change is
pending, so that an editor's unrelated save never publishes it unseen). The
review page shows the pending text against the live text as word diffs and
publishes or discards it.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Correction
from core.i18n import LANGUAGE_CODES, LANGUAGE_NAMES, column
from newsroom import history, pending
from newsroom.history import baku_time
from newsroom.models import PendingChange

COMPANIONS = ("pending_change", "hold")


def _author(user):
    if user is None:
        return gettext("someone")
    return user.get_full_name() or user.get_username()


class PendingNoticeWidget(forms.Widget):
    """Says that the version has a pending change, by whom, and links to it."""

    def __init__(self, *args, change=None, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.change, self.article = change, article

    def render(self, name, value, attrs=None, renderer=None):
        change, article = self.change, self.article
        code = change.language
        with translation.override(code):
            preview_url = reverse("newsroom:preview-pending", kwargs={"pk": article.pk})
        review_url = reverse("admin:articles_article_pending", args=[article.pk, code])
        text = gettext(
            "Readers see the published text. The text in this tab is a pending change, "
            "saved by %(name)s at %(when)s (Baku time); it goes live when it is published."
        ) % {"name": _author(change.updated_by), "when": baku_time(change.updated_at)}
        restored = restored_notice(change)
        return format_html(
            '<div class="turan-pending" role="note" data-lang="{}"><p>{}</p>{}'
            '<p><a href="{}" target="_blank" rel="noopener" class="turan-pending__preview">{}</a>'
            ' · <a href="{}" class="turan-pending__review">{}</a></p></div>',
            code,
            text,
            format_html('<p class="turan-pending__restored">{}</p>', restored) if restored else "",
            preview_url,
            gettext("Preview the pending change"),
            review_url,
            gettext("Review, publish or discard"),
        )


def restored_notice(change):
    """What an editor's restore since the change was written means for it, or ""."""
    if not change.restored_fields:
        return ""
    return gettext(
        "Based on an older text: revision #%(number)s restored the live %(fields)s after "
        "this change was written. Publishing the change as it is replaces the restored "
        "text; the comparison is with the restored text."
    ) % {
        "number": change.restored_revision,
        "fields": ", ".join(str(history.field_label(name)) for name in change.restored_fields),
    }


def _declared_fields():
    fields = {}
    for code in LANGUAGE_CODES:
        fields[f"pending_change_{code}"] = forms.Field(
            label=_("Pending change"), required=False, disabled=True
        )
        fields[f"hold_{code}"] = forms.BooleanField(
            label=_("Save my changes as a pending change"),
            required=False,
            help_text=_(
                "This version is live. Ticked, your changes to its text wait for "
                "publication and readers keep the published text; unticked, they go "
                "live when you save."
            ),
        )
    return fields


_PendingFields = forms.models.ModelFormMetaclass(
    "_PendingFields", (forms.ModelForm,), {"__module__": __name__, **_declared_fields()}
)


class PendingFormMixin(_PendingFields):
    """Show pending text in the fields; say which languages' live edits are held."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.pending = pending.pending_changes(instance)
        if not self.is_bound:
            for change in self.pending.values():
                self.initial.update(
                    {name: value for name, value in change.fields.items() if name in self.fields}
                )
        for code in LANGUAGE_CODES:
            change = self.pending.get(code)
            if change is None:
                self.fields.pop(f"pending_change_{code}", None)
            elif f"pending_change_{code}" in self.fields:
                self.fields[f"pending_change_{code}"].widget = PendingNoticeWidget(
                    change=change, article=instance
                )
            hold = f"hold_{code}"
            if not (instance.pk and self.sets_moment(code) and pending.is_live(instance, code)):
                self.fields.pop(hold, None)
            elif hold in self.fields:
                self.fields[hold].initial = change is not None

    def held_languages(self):
        """The languages whose live version's edits this save keeps pending: all of
        them for someone who may not publish, the ticked ones for an editor."""
        cleaned = getattr(self, "cleaned_data", {})
        return [
            code
            for code in LANGUAGE_CODES
            if not self.sets_moment(code) or cleaned.get(f"hold_{code}")
        ]


class PendingAdminMixin:
    """The pending changes in the article admin: form rows, tab badge, messages,
    the list's marks and the review page."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.pk is None or not fieldsets:
            return fieldsets
        changes = pending.pending_changes(obj)
        names = [f"pending_change_{code}" for code in LANGUAGE_CODES if code in changes]
        if self.has_publish_permission(request):
            names += [f"hold_{code}" for code in LANGUAGE_CODES if pending.is_live(obj, code)]
        if not names:
            return fieldsets
        (name, options), *rest = fieldsets
        fields = list(options["fields"])
        at = fields.index("section") + 1 if "section" in fields else len(fields)
        return [(name, {**options, "fields": [*fields[:at], *names, *fields[at:]]}), *rest]

    def translation_context(self, form, obj=None):
        context = super().translation_context(form, obj)
        present = [
            name
            for name in COMPANIONS
            if any(f"{name}_{code}" in form.fields for code in LANGUAGE_CODES)
        ]
        config = context["config"]
        config["companions"] = [*config.get("companions", []), *present]
        changes = getattr(form, "pending", {})
        for tab in context["tabs"]:
            tab["has_pending"] = tab["code"] in changes
        return context

    def report_pending(self, request, result):
        for code, item in result.held.items():
            if not item.fields or item.applied or item.unchanged:
                continue
            self.message_user(
                request,
                gettext(
                    "The %(language)s version is live: your changes to it are saved as a "
                    "pending change. Readers see the published text until it is published."
                )
                % {"language": LANGUAGE_NAMES[code]},
                messages.INFO,
            )

    # The list

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                **{
                    column("pending", code): Exists(
                        PendingChange.objects.filter(article=OuterRef("pk"), language=code)
                    )
                    for code in LANGUAGE_CODES
                }
            )
        )

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if "pending_versions" not in columns:
            at = columns.index("language_statuses") + 1 if "language_statuses" in columns else 1
            columns.insert(at, "pending_versions")
        return columns

    @admin.display(description=_("pending changes"))
    def pending_versions(self, obj):
        codes = [code for code in LANGUAGE_CODES if getattr(obj, column("pending", code), False)]
        if not codes:
            return "—"
        return format_html_join(
            " ",
            "<a class='turan-status turan-status--pending' href='{}' title='{}: {}'>{}</a>",
            (
                (
                    reverse("admin:articles_article_pending", args=[obj.pk, code]),
                    LANGUAGE_NAMES[code],
                    gettext("pending change"),
                    code.upper(),
                )
                for code in codes
            ),
        )

    # The review page

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/pending/<str:language>/",
                self.admin_site.admin_view(self.pending_view),
                name="{}_{}_pending".format(*info),
            ),
            *super().get_urls(),
        ]

    def pending_view(self, request, object_id, language):
        """GET: the pending change against the live text; POST: publish or discard it."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or language not in LANGUAGE_CODES:
            raise Http404(gettext("No article with this id."))
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
        )
        change = PendingChange.objects.filter(article=obj, language=language).first()
        if change is None:
            messages.info(
                request,
                gettext("The %(language)s version has no pending change.")
                % {"language": LANGUAGE_NAMES[language]},
            )
            return HttpResponseRedirect(change_url)
        can_publish = pending.may_publish(request.user, change)
        marks = request.user.has_perm(pending.PUBLISH_PERMISSION)
        error = None
        if request.method == "POST":
            try:
                if "_discard" in request.POST:
                    pending.discard_pending(obj, language, user=request.user)
                    done = gettext("The pending change of the %(language)s version is discarded.")
                else:
                    kind = request.POST.get("kind", "") if marks else None
                    note = request.POST.get("note", "") if marks else None
                    pending.publish_pending(
                        obj,
                        language,
                        user=request.user,
                        kind=kind,
                        note=note,
                        replace_restored="_replace_restored" in request.POST,
                    )
                    done = gettext("The pending change of the %(language)s version is published.")
            except ValidationError as refusal:
                error = " ".join(refusal.messages)
            else:
                messages.success(request, done % {"language": LANGUAGE_NAMES[language]})
                return HttpResponseRedirect(change_url)
        with translation.override(language):
            preview_urls = {
                "live": reverse("newsroom:preview", kwargs={"pk": obj.pk}),
                "pending": reverse("newsroom:preview-pending", kwargs={"pk": obj.pk}),
            }
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Pending change · %(language)s")
            % {"language": LANGUAGE_NAMES[language]},
            "subtitle": str(obj),
            "object": obj,
            "opts": self.opts,
            "change": change,
            "language": language,
            "author": _author(change.updated_by),
            "when": baku_time(change.updated_at),
            "rows": pending.pending_diff(obj, change),
            "restored": restored_notice(change),
            "can_publish": can_publish,
            "can_discard": pending.may_discard(request.user, change),
            "marks": marks,
            "kinds": Correction.Kind.choices,
            "preview_urls": preview_urls,
            "change_url": change_url,
            "error": error,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/pending_review.html", context)
