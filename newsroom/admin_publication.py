"""The article admin's publication workflow: roles, per-language scheduling,
unpublishing, marked corrections, the editorial calendar and previews.

``PublicationAdminMixin`` goes before ``TranslatedAdmin`` in ``ArticleAdmin``'s
bases. Whoever lacks ``articles.publish_article`` (journalists) gets neither the
controls nor any way round them: the fields are not in their form (a forged
POST is ignored), the editorial actions (newsroom.actions) refuse to move a
moment for them, the unpublish actions are not theirs, and deleting follows
Django's own delete permission.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, PublicationStatus
from articles.visibility import has_content, has_text
from core.i18n import LANGUAGE_CODES, LANGUAGE_NAMES, column
from core.text import sanitize_html
from newsroom import actions, preview
from newsroom import calendar as editorial_calendar
from newsroom.forms import PUBLICATION_COMPANIONS
from newsroom.publication import (
    is_incomplete,
    language_label,
    moment_in_words,
    publication_summary,
    version_in_words,
    zone_label,
)

MOMENTS = [column("published_at", code) for code in LANGUAGE_CODES]


def _unpublish_action(code):
    field = column("published_at", code)

    def unpublish(modeladmin, request, queryset):
        if not modeladmin.has_publish_permission(request):
            raise PermissionDenied
        articles = queryset.exclude(**{f"{field}__isnull": True})
        if request.POST.get("post") != "yes":
            return modeladmin.unpublish_confirmation(request, queryset, articles, code)
        count = 0
        for article in articles:
            if actions.unpublish_version(article, code, user=request.user) is None:
                continue
            modeladmin.log_change(
                request,
                article,
                gettext("Unpublished the %(language)s version.")
                % {"language": LANGUAGE_NAMES[code]},
            )
            count += 1
        modeladmin.message_user(
            request,
            ngettext(
                "The %(language)s version of %(count)d article is no longer public.",
                "The %(language)s versions of %(count)d articles are no longer public.",
                count,
            )
            % {"language": language_label(code), "count": count},
            messages.SUCCESS,
        )
        return None

    unpublish.__name__ = f"unpublish_{code}"
    return unpublish


class PublicationAdminMixin:
    publication_readonly_fields = ["publication_summary"]

    @property
    def media(self):
        return super().media + forms.Media(js=["turan/admin/publication.js"])

    def has_publish_permission(self, request):
        return actions.can_publish(request.user)

    # The form: fields and fieldsets by role

    def get_readonly_fields(self, request, obj=None):
        links = (
            "preview_and_share_links" if self.has_publish_permission(request) else "preview_links"
        )
        return [
            *super().get_readonly_fields(request, obj),
            "publication_summary",
            "publication_table",
            links,
        ]

    def get_fieldsets(self, request, obj=None):
        """Replace the ``published_at_<code>`` rows: by the per-language controls for
        those who may publish, by nothing for anyone else; the summary in words
        and the preview links head the fieldset either way."""
        can_publish = self.has_publish_permission(request)
        links = "preview_and_share_links" if can_publish else "preview_links"
        fieldsets, placed = [], False
        for name, options in super().get_fieldsets(request, obj):
            fields = list(options.get("fields", ()))
            if not any(field in MOMENTS for field in fields):
                fieldsets.append((name, options))
                continue
            rows = ["publication_summary", "publication_table"]
            if can_publish:
                for code in LANGUAGE_CODES:
                    rows += [f"schedule_{code}", column("published_at", code), f"backdate_{code}"]
                    if self.is_public_version(obj, code):
                        rows += [f"change_kind_{code}", f"change_note_{code}"]
            rows.append(links)
            rest = [field for field in fields if field not in MOMENTS]
            fieldsets.append((name, {**options, "fields": [*rows, *rest]}))
            placed = True
        if not placed:
            fieldsets.append(
                (
                    _("Publication"),
                    {"fields": ["publication_summary", "publication_table", links]},
                )
            )
        return fieldsets

    @staticmethod
    def is_public_version(obj, code):
        return (
            obj is not None
            and obj.pk is not None
            and obj.publication_status(code) == PublicationStatus.PUBLIC
        )

    def translation_context(self, form, obj=None):
        """Add the per-language publication rows to the language switcher."""
        context = super().translation_context(form, obj)
        companions = [
            name
            for name in PUBLICATION_COMPANIONS
            if any(f"{name}_{code}" in form.fields for code in LANGUAGE_CODES)
        ]
        context["config"]["companions"] = companions
        # A title without a body, or a body without a title: marked "incomplete".
        context["config"]["versionFields"] = ["title", "body"]
        for tab in context["tabs"]:
            title, body = (
                self._form_text(form, obj, column(name, tab["code"])) for name in ("title", "body")
            )
            tab["is_incomplete"] = bool(title or sanitize_html(body)) and not has_text(title, body)
        if companions:
            for tab in context["tabs"]:
                if any(f"{name}_{tab['code']}" in form.errors for name in companions):
                    tab["has_errors"] = True
            current = next(
                (tab["code"] for tab in context["tabs"] if tab["has_errors"]),
                context["config"]["original"],
            )
            context["current"] = context["config"]["current"] = current
        return context

    @staticmethod
    def _form_text(form, obj, name):
        if name in form.fields:
            value = form[name].value()
        else:
            value = getattr(obj, name, None) if obj is not None else None
        return value.strip() if isinstance(value, str) else ""

    # Saving (newsroom/admin_save.py saves through newsroom.actions.save_article)

    def report_incomplete(self, request, article):
        """Say so when a save leaves a version with a title but no body, or the reverse."""
        for code in LANGUAGE_CODES:
            if not is_incomplete(article, code):
                continue
            if getattr(article, column("title", code)):
                text = gettext(
                    "The %(language)s version has a title but no body: it is saved as "
                    "incomplete and cannot be published until it has both."
                )
            else:
                text = gettext(
                    "The %(language)s version has a body but no title: it is saved as "
                    "incomplete and cannot be published until it has both."
                )
            self.message_user(request, text % {"language": language_label(code)}, messages.WARNING)

    def report_publication(self, request, article, form):
        """Say where each version stands once a save moved a moment."""
        changed = getattr(form, "changed_data", [])
        if self.has_publish_permission(request) and any(
            name.startswith(("published_at_", "schedule_")) for name in changed
        ):
            self.message_user(request, publication_summary(article), messages.INFO)

    # Unpublishing from the list

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_publish_permission(request):
            for code in LANGUAGE_CODES:
                action = _unpublish_action(code)
                description = gettext("Unpublish (%(language)s)") % {
                    "language": language_label(code)
                }
                actions[action.__name__] = (action, action.__name__, description)
        return actions

    def unpublish_confirmation(self, request, selected, articles, code):
        """The page between choosing "Unpublish (language)" and doing it: what
        disappears where, with a button that posts the action again and Cancel."""
        now = timezone.now()
        versions = []
        for article in articles:
            status = article.publication_status(code, now)
            with translation.override(code):
                title = str(getattr(article, column("title", code)) or article)
            versions.append(
                {
                    "article": article,
                    "title": title,
                    "state": version_in_words(article, code, now),
                    "url": (
                        request.build_absolute_uri(article.get_absolute_url(code))
                        if status == PublicationStatus.PUBLIC
                        else None
                    ),
                    "change_url": reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                        args=[article.pk],
                    ),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Unpublish the %(language)s version?")
            % {"language": language_label(code)},
            "subtitle": None,
            "versions": versions,
            "language_name": language_label(code),
            "language_code": code,
            "action": f"unpublish_{code}",
            "selected": [str(pk) for pk in selected.values_list("pk", flat=True)],
            "skipped": selected.count() - len(versions),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "changelist_url": request.get_full_path(),
        }
        return TemplateResponse(
            request, "admin/articles/article/unpublish_confirmation.html", context
        )

    # Read-only rows

    @admin.display(description=_("Status"))
    def publication_summary(self, obj):
        return format_html(
            '<p class="turan-publication-summary">{}</p><p class="turan-zone-note">{}</p>',
            publication_summary(obj or Article()),
            gettext("Moments are in %(zone)s.") % {"zone": zone_label()},
        )

    @admin.display(description=_("All languages"))
    def publication_table(self, obj):
        """Every version on one table: its status, its moment and what can be done.
        static/turan/admin/publication.js moves each language's publication
        controls (the choice and the moment) into its row, so that scheduling
        all three takes no switching of tabs; without JavaScript the table
        still says where each version stands."""
        article = obj or Article()
        now = timezone.now()
        rows = []
        for code in LANGUAGE_CODES:
            moment = getattr(article, column("published_at", code))
            preview_cell = ""
            if article.pk is not None and has_content(article, code):
                with translation.override(code):
                    url = reverse("newsroom:preview", kwargs={"pk": article.pk})
                preview_cell = format_html(
                    '<a href="{}" target="_blank" rel="noopener" class="turan-pubtable__preview">'
                    "{}</a>",
                    url,
                    gettext("Preview"),
                )
            rows.append(
                format_html(
                    '<tr data-lang="{}"><th scope="row" lang="{}">{}</th>'
                    '<td class="turan-pubtable__status">{}</td>'
                    '<td class="turan-pubtable__moment">{}</td>'
                    '<td class="turan-pubtable__controls" data-turan-slots="schedule_{} '
                    'published_at_{} backdate_{}"></td>'
                    '<td class="turan-pubtable__actions">{}</td></tr>',
                    code,
                    code,
                    LANGUAGE_NAMES[code],
                    version_in_words(article, code, now),
                    moment_in_words(moment, now) if moment else "—",
                    code,
                    code,
                    code,
                    preview_cell,
                )
            )
        return format_html(
            '<table class="turan-pubtable"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col" class="turan-pubtable__controls">{}</th><th scope="col">{}</th>'
            "</tr></thead><tbody>{}</tbody></table>",
            gettext("Language"),
            gettext("Status"),
            gettext("Moment (%(zone)s)") % {"zone": zone_label(now)},
            gettext("Publish or schedule"),
            gettext("Actions"),
            format_html_join("", "{}", ((row,) for row in rows)),
        )

    @admin.display(description=_("Preview"))
    def preview_links(self, obj):
        return self._preview_links(obj, share=False)

    @admin.display(description=_("Preview"))
    def preview_and_share_links(self, obj):
        return self._preview_links(obj, share=True)

    def _preview_links(self, obj, share):
        if obj is None or obj.pk is None:
            return gettext("Save the article to preview it.")
        rows = []
        for code in LANGUAGE_CODES:
            if not has_content(obj, code):
                rows.append(
                    format_html(
                        '<li data-lang="{}"><span lang="{}">{}</span>: {}</li>',
                        code,
                        code,
                        LANGUAGE_NAMES[code],
                        gettext("no text yet"),
                    )
                )
                continue
            with translation.override(code):
                url = reverse("newsroom:preview", kwargs={"pk": obj.pk})
            share_link = ""
            if share:
                share_link = format_html(
                    ' · <a href="{}" class="turan-share-preview">{}</a>',
                    reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_share_preview",
                        args=[obj.pk, code],
                    ),
                    gettext("Make a link for a reviewer"),
                )
            rows.append(
                format_html(
                    '<li data-lang="{}"><span lang="{}">{}</span>: '
                    '<a href="{}" target="_blank" rel="noopener" class="turan-preview">{}</a>{}</li>',
                    code,
                    code,
                    LANGUAGE_NAMES[code],
                    url,
                    gettext("Preview"),
                    share_link,
                )
            )
        return format_html(
            '<ul class="turan-preview-links">{}</ul>',
            format_html_join("", "{}", ((r,) for r in rows)),
        )

    # Admin views: the editorial calendar, shareable preview links

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "calendar/",
                self.admin_site.admin_view(self.calendar_view),
                name="{}_{}_calendar".format(*info),
            ),
            path(
                "<int:object_id>/share/<str:language>/",
                self.admin_site.admin_view(self.share_preview_view),
                name="{}_{}_share_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def calendar_view(self, request):
        """A month of publication moments, per day and language, in Baku time."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        now = timezone.now()
        year, month = editorial_calendar.parse_month(request.GET.get("month"), now)
        grid = editorial_calendar.month_grid(year, month, now)
        previous, following = editorial_calendar.neighbour_months(year, month)
        title = gettext("Editorial calendar")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "subtitle": None,
            "calendar": grid,
            "month_start": grid["start"],
            "previous_month": previous,
            "next_month": following,
            "today_month": "{:04d}-{:02d}".format(*editorial_calendar.parse_month("", now)),
            "weekdays": _weekday_names(),
            "zone": zone_label(now),
            "statuses": {
                "public": gettext("went live"),
                "scheduled": gettext("goes live"),
                "missing": gettext("no text: will not go live"),
            },
        }
        return TemplateResponse(request, "admin/articles/article/calendar.html", context)

    def share_preview_view(self, request, object_id, language):
        """Show a new shareable preview link for one version (editors only)."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        article = self.get_object(request, str(object_id))
        if article is None or language not in LANGUAGE_CODES or not has_content(article, language):
            raise Http404
        now = timezone.now()
        url = request.build_absolute_uri(
            preview.shared_preview_url(article, language, request.user)
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": gettext("Preview link for a reviewer"),
            "subtitle": None,
            "url": url,
            "language_name": LANGUAGE_NAMES[language],
            "language_code": language,
            "expires": now + preview.link_max_age(),
            "zone": zone_label(now),
            "change_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[article.pk]
            ),
        }
        return TemplateResponse(request, "admin/articles/article/share_preview.html", context)


def _weekday_names():
    from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR

    return [{"abbr": WEEKDAYS_ABBR[day], "name": WEEKDAYS[day]} for day in range(7)]
