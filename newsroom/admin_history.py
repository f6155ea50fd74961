"""The article admin's history: the revisions page, comparisons and restores.

Restoring is ``newsroom.actions.restore_revision``; the revisions themselves
are recorded by the editorial actions (newsroom/actions.py, newsroom/history.py).
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext

from articles.models import ArticleRevision
from core.i18n import LANGUAGE_CODES, LANGUAGE_NAMES, columns
from newsroom import actions
from newsroom.history import (
    REVISIONS_PER_PAGE,
    baku_time,
    changed_relations,
    comparable,
    compare,
    describe_event,
    group_changes,
    latest_revision,
    restored_snapshot,
    take_snapshot,
)


class RevisionAdminMixin:
    """The History page, the comparison of two revisions and restoring one."""

    revision_templates = {
        "history": "admin/articles/article/revisions.html",
        "compare": "admin/articles/article/revisions_compare.html",
        "restore": "admin/articles/article/revisions_restore.html",
    }

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:number>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="{}_{}_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    def _revision_context(self, request, obj, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": str(obj),
            "object": obj,
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "can_restore": self.has_change_permission(request, obj),
            "can_publish": actions.can_publish(request.user),
        }

    def _viewable_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("No article with this id."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def history_view(self, request, object_id, extra_context=None):
        """The article's revisions, newest first (replaces the admin's log history)."""
        obj = self._viewable_object(request, object_id)
        revisions = ArticleRevision.objects.filter(article=obj).select_related("created_by")
        page = Paginator(revisions.order_by("-number"), REVISIONS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        latest = revisions.order_by("-number").values_list("number", flat=True).first()
        rows = [
            {
                "revision": revision,
                "when": baku_time(revision.created_at),
                "groups": group_changes(revision.changed_fields),
                "events": [describe_event(event) for event in revision.events],
                "is_latest": revision.number == latest,
            }
            for revision in page
        ]
        context = {
            **self._revision_context(request, obj, gettext("History")),
            "rows": rows,
            "page": page,
            "latest": latest,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.revision_templates["history"], context)

    def _revision(self, obj, number):
        try:
            return ArticleRevision.objects.select_related("created_by").get(
                article=obj, number=int(number)
            )
        except (ArticleRevision.DoesNotExist, TypeError, ValueError):
            raise Http404(gettext("No revision with this number.")) from None

    def compare_view(self, request, object_id):
        """The differences between revisions ``?a=`` and ``?b=`` (default: the last change)."""
        obj = self._viewable_object(request, object_id)
        latest = latest_revision(obj)
        if latest is None:
            raise Http404(gettext("This article has no history yet."))
        new = self._revision(obj, request.GET.get("b") or latest.number)
        old = self._revision(obj, request.GET.get("a") or max(new.number - 1, 1))
        if old.number > new.number:
            old, new = new, old
        context = {
            **self._revision_context(
                request,
                obj,
                gettext("Revisions #%(a)s and #%(b)s") % {"a": old.number, "b": new.number},
            ),
            "old": old,
            "new": new,
            "old_when": baku_time(old.created_at),
            "new_when": baku_time(new.created_at),
            "latest": latest.number,
            "groups": compare(old.snapshot, new.snapshot),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.revision_templates["compare"], context)

    def restore_view(self, request, object_id, number):
        """GET: what restoring revision ``number`` changes; POST: restore it."""
        obj = self._viewable_object(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        revision = self._revision(obj, number)
        can_publish = actions.can_publish(request.user)
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
        )
        language = request.POST.get("language") or request.GET.get("language") or None
        if language is not None and language not in LANGUAGE_CODES:
            raise Http404(gettext("No such language."))
        if request.method == "POST":
            try:
                restored = actions.restore_revision(revision, user=request.user, language=language)
            except actions.RestoreRefused as refusal:
                messages.error(request, str(refusal))
                return HttpResponseRedirect(request.path)
            self.log_change(
                request,
                obj,
                gettext("Restored revision #%(number)s.") % {"number": revision.number},
            )
            messages.success(
                request,
                gettext("Revision #%(old)s restored as revision #%(new)s.")
                % {"old": revision.number, "new": restored.number},
            )
            return HttpResponseRedirect(change_url)
        current = take_snapshot(obj)
        target = restored_snapshot(current, revision, can_publish, language)
        base_url = request.path
        context = {
            **self._revision_context(
                request, obj, gettext("Restore revision #%(number)s") % {"number": revision.number}
            ),
            "revision": revision,
            "when": baku_time(revision.created_at),
            "groups": compare(current, target),
            "relations": changed_relations(current, target),
            "language": language,
            "language_name": LANGUAGE_NAMES.get(language),
            "scopes": [
                {"url": base_url, "name": gettext("Everything"), "current": language is None},
                *(
                    {
                        "url": f"{base_url}?language={code}",
                        "name": LANGUAGE_NAMES[code],
                        "code": code,
                        "current": code == language,
                    }
                    for code in LANGUAGE_CODES
                ),
            ],
            "keeps_moments": not can_publish
            and any(
                comparable(name, current.get(name)) != comparable(name, revision.snapshot.get(name))
                for name in columns("published_at")
            ),
            "change_url": change_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.revision_templates["restore"], context)
