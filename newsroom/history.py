"""Article history: a revision per save, publication events, comparisons and restores.

``record_revision(article, user)`` stores a snapshot of every content field
(every translated column, section, original language, tags, bylines, lead
image and credit), which fields changed since the previous revision and the
publication events those changes make (scheduled, published, unpublished,
rescheduled, per language). The admin records after its many-to-many fields
and bylines are saved, with the user; every other ``Article.save()`` is
recorded by newsroom/signals.py without one.

Saves that bypass ``Article.save()`` (``QuerySet.update()``, ``bulk_update()``)
are not recorded; the next revision shows their changes.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from articles.models import Article, ArticleRevision, Byline, Section
from authors.models import Author
from core.i18n import LANGUAGE_CODES, LANGUAGE_NAMES
from core.text import sanitize_html
from newsroom.diffs import html_to_text, word_diff
from newsroom.outdated import checked_languages, sync_translation_states
from tags.models import Tag

BAKU = ZoneInfo("Asia/Baku")
#: Content fields shared by all languages, in the order the history shows them.
SHARED_FIELDS = (
    "original_language",
    "section",
    "tags",
    "authors",
    "lead_image",
    "lead_image_credit",
)
REVISIONS_PER_PAGE = 50


class Event(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    PUBLISHED = "published", _("published")
    UNPUBLISHED = "unpublished", _("unpublished")
    RESCHEDULED = "rescheduled", _("publication moment changed")
    CHECKED = "checked", _("translation checked")


# Snapshots


def translated_fields():
    """Return the article's translated fields, in the model's order."""
    names = translator.get_options_for_model(Article).fields
    return [field.name for field in Article._meta.fields if field.name in names]


def translated_columns():
    return [f"{name}_{code}" for name in translated_fields() for code in LANGUAGE_CODES]


def snapshot_value(value):
    """Return a field's value as the snapshot stores it (JSON)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet):
        return sorted(value.values_list("pk", flat=True))
    if isinstance(value, FieldFile):
        return value.name or ""
    if hasattr(value, "read"):  # an uploaded file not yet stored
        return getattr(value, "name", "") or ""
    if value is False:  # a cleared file input
        return ""
    return value


def take_snapshot(article):
    """Return every content field of ``article`` as JSON (as stored now, for m2m)."""
    data = {name: snapshot_value(getattr(article, name)) for name in translated_columns()}
    data.update(
        original_language=article.original_language,
        section=article.section_id,
        tags=sorted(article.tags.values_list("pk", flat=True)),
        authors=list(
            Byline.objects.filter(article=article)
            .order_by("position", "pk")
            .values_list("author_id", flat=True)
        ),
        lead_image=article.lead_image.name or "",
        lead_image_credit=article.lead_image_credit,
    )
    return data


def comparable(name, value):
    """Return ``value`` of field ``name`` normalised, so that equal contents compare equal."""
    value = snapshot_value(value)
    if value is None:
        return ""
    if isinstance(value, str):
        if name.startswith("body_"):
            value = sanitize_html(value)
        if name.startswith("published_at_") and value:
            parsed = parse_datetime(value)
            # Forms carry whole seconds; "publish now" stores microseconds.
            return parsed.astimezone(UTC).replace(microsecond=0).isoformat() if parsed else value
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, list | tuple) and name != "authors":
        return sorted(value)
    return value


def changed_fields(before, after):
    """Return the snapshot keys whose value differs (all non-empty ones for a first save)."""
    if before is None:
        return [name for name, value in after.items() if comparable(name, value) not in ("", [])]
    return [
        name
        for name, value in after.items()
        if comparable(name, before.get(name)) != comparable(name, value)
    ]


def _moment(value):
    return parse_datetime(value) if isinstance(value, str) and value else None


def publication_events(before, after, now=None):
    """Return the publication events between two snapshots, one per changed language."""
    now = now or timezone.now()
    events = []
    for code in LANGUAGE_CODES:
        name = f"published_at_{code}"
        if comparable(name, (before or {}).get(name)) == comparable(name, after.get(name)):
            continue
        old, new = _moment((before or {}).get(name)), _moment(after.get(name))
        if new is None:
            kind = Event.UNPUBLISHED
        elif old is None:
            kind = Event.PUBLISHED if new <= now else Event.SCHEDULED
        elif new <= now < old:
            kind = Event.PUBLISHED
        else:
            kind = Event.RESCHEDULED
        events.append(
            {
                "kind": kind.value,
                "language": code,
                "moment": after.get(name),
                "previous": (before or {}).get(name),
            }
        )
    return events


# Recording


def _user_or_none(user):
    return user if user is not None and user.is_authenticated else None


def record_revision(article, user=None, *, kind=None, restored_from=None, checked=()):
    """Record the article as saved now by ``user``; return the revision, or ``None``
    when nothing changed since the last one."""
    user = _user_or_none(user)
    with transaction.atomic():
        # Serialise numbering (and the check in newsroom.concurrency) per article.
        Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
        previous = ArticleRevision.objects.filter(article=article).order_by("-number").first()
        snapshot = take_snapshot(article)
        before = previous.snapshot if previous else None
        changed = changed_fields(before, snapshot)
        events = publication_events(before, snapshot)
        checked = [code for code in checked if code != article.original_language]
        events += [{"kind": Event.CHECKED.value, "language": code} for code in checked]
        if previous is not None and not changed and not events and restored_from is None:
            return None
        if kind is None:
            if previous is None:
                kind = ArticleRevision.Kind.CREATED
            elif restored_from is not None:
                kind = ArticleRevision.Kind.RESTORED
            else:
                kind = ArticleRevision.Kind.CHANGED
        revision = ArticleRevision.objects.create(
            article=article,
            number=previous.number + 1 if previous else 1,
            kind=kind,
            created_by=user,
            created_by_name=(user.get_full_name() or user.get_username()) if user else "",
            snapshot=snapshot,
            changed_fields=changed,
            events=events,
            restored_from=restored_from,
        )
        sync_translation_states(article, changed, checked, user)
    return revision


# Who is saving, for saves the admin makes outside its form (list actions).
_acting_user = ContextVar("turan_acting_user", default=None)


@contextmanager
def acting_user(user):
    """Attribute the revisions recorded inside the block to ``user``."""
    token = _acting_user.set(user)
    try:
        yield
    finally:
        _acting_user.reset(token)


def record_saved_article(article):
    """Record a save made through ``Article.save()`` (the ``post_save`` fallback)."""
    return record_revision(article, _acting_user.get())


def latest_revision(article):
    return ArticleRevision.objects.filter(article=article).order_by("-number").first()


def ensure_revision(article):
    """Return the latest revision, recording the current state first if there is none
    (articles older than the history, or written by ``bulk_create``)."""
    return latest_revision(article) or record_revision(article, kind=ArticleRevision.Kind.BASELINE)


# Showing


def baku_time(value):
    if not value:
        return ""
    if isinstance(value, str):
        value = parse_datetime(value)
    return formats.date_format(timezone.localtime(value, BAKU), "DATETIME_FORMAT")


def split_name(name):
    """Return ``(field, language)`` for a snapshot key; language is None for shared fields."""
    field, _sep, code = name.rpartition("_")
    if code in LANGUAGE_CODES and field in translated_fields():
        return field, code
    return name, None


def field_label(name):
    field, _code = split_name(name)
    try:
        return capfirst(Article._meta.get_field(field).verbose_name)
    except Exception:  # a field the model no longer has
        return field


def group_changes(names):
    """Return the changed fields grouped by language, then the shared ones."""
    by_language = {code: [] for code in LANGUAGE_CODES}
    shared = []
    for name in names:
        field, code = split_name(name)
        (by_language[code] if code else shared).append(field_label(name))
    groups = [
        {"code": code, "name": LANGUAGE_NAMES[code], "fields": fields}
        for code, fields in by_language.items()
        if fields
    ]
    if shared:
        groups.append({"code": None, "name": gettext("All languages"), "fields": shared})
    return groups


def describe_event(event):
    kind = Event(event["kind"]) if event["kind"] in Event.values else None
    label = kind.label if kind else event["kind"]
    language = LANGUAGE_NAMES.get(event.get("language"), event.get("language") or "")
    moment = baku_time(event.get("moment"))
    if moment and kind != Event.UNPUBLISHED:
        return gettext("%(language)s: %(event)s, %(moment)s") % {
            "language": language,
            "event": label,
            "moment": moment,
        }
    return gettext("%(language)s: %(event)s") % {"language": language, "event": label}


def display_text(name, value, names=None):
    """Return a snapshot value as text a person reads (names for ids, Baku time)."""
    names = names or {}
    field, _code = split_name(name)
    if value in (None, "", []):
        return ""
    if field == "body":
        return html_to_text(value)
    if field == "published_at":
        return baku_time(value)
    if name == "original_language":
        return LANGUAGE_NAMES.get(value, value)
    if name in ("section", "tags", "authors"):
        ids = value if isinstance(value, list) else [value]
        return ", ".join(names.get(name, {}).get(pk, f"#{pk}") for pk in ids)
    return str(value)


def related_names(*snapshots):
    """Return the names of the sections, tags and authors the snapshots refer to."""

    def ids(key):
        found = set()
        for snapshot in snapshots:
            value = snapshot.get(key)
            found.update(value if isinstance(value, list) else [value] if value else [])
        return found

    return {
        "section": {obj.pk: str(obj) for obj in Section.objects.filter(pk__in=ids("section"))},
        "tags": {obj.pk: str(obj) for obj in Tag.objects.filter(pk__in=ids("tags"))},
        "authors": {obj.pk: str(obj) for obj in Author.objects.filter(pk__in=ids("authors"))},
    }


def compare(old, new):
    """Return the differences between two snapshots, grouped by language (escaped HTML)."""
    names = related_names(old, new)
    groups = []

    def row(name):
        before, after = old.get(name), new.get(name)
        if comparable(name, before) == comparable(name, after):
            return None
        text_before = display_text(name, before, names)
        text_after = display_text(name, after, names)
        if text_before == text_after:  # only the markup changed: show it as text
            text_before, text_after = str(before or ""), str(after or "")
        return {
            "label": field_label(name),
            "name": name,
            "diff": word_diff(text_before, text_after),
        }

    for code in LANGUAGE_CODES:
        rows = [row(f"{field}_{code}") for field in translated_fields()]
        rows = [item for item in rows if item]
        if rows:
            groups.append({"code": code, "name": LANGUAGE_NAMES[code], "rows": rows})
    rows = [item for item in (row(name) for name in SHARED_FIELDS) if item]
    if rows:
        groups.append({"code": None, "name": gettext("All languages"), "rows": rows})
    return groups


# Restoring


class RestoreRefused(Exception):
    pass


def restored_snapshot(current, revision, can_publish):
    """Return what restoring ``revision`` writes: its content; the current publication
    moments unless the user may publish."""
    target = {**current, **revision.snapshot}
    if not can_publish:
        for code in LANGUAGE_CODES:
            name = f"published_at_{code}"
            target[name] = current.get(name)
    return target


def restore_revision(article, revision, user):
    """Write ``revision``'s content back to ``article`` and record it as a new revision."""
    can_publish = user.has_perm("articles.publish_article")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        target = restored_snapshot(take_snapshot(article), revision, can_publish)
        for name in translated_columns():
            value = target.get(name)
            if isinstance(Article._meta.get_field(name), models.DateTimeField):
                value = _moment(value)
            setattr(article, name, value)
        for code in LANGUAGE_CODES:
            has_content = getattr(article, f"title_{code}") and getattr(article, f"body_{code}")
            if getattr(article, f"published_at_{code}") and not has_content:
                raise RestoreRefused(
                    gettext(
                        "Revision #%(number)s has no title or no body in %(language)s, "
                        "which has a publication moment: it cannot be restored as it is."
                    )
                    % {"number": revision.number, "language": LANGUAGE_NAMES[code]}
                )
        article.original_language = target["original_language"]
        if Section.objects.filter(pk=target["section"]).exists():
            article.section_id = target["section"]
        article.lead_image = target.get("lead_image") or ""
        article.lead_image_credit = target.get("lead_image_credit") or ""
        article.save(record_revision=False)
        article.tags.set(Tag.objects.filter(pk__in=target.get("tags") or []))
        existing = set(Author.objects.filter(pk__in=target.get("authors") or []).values_list("pk"))
        authors = [pk for pk in target.get("authors") or [] if (pk,) in existing]
        current = list(
            article.bylines.order_by("position", "pk").values_list("author_id", flat=True)
        )
        if authors != current:
            article.bylines.all().delete()
            Byline.objects.bulk_create(
                Byline(article=article, author_id=pk, position=position)
                for position, pk in enumerate(authors)
            )
        return record_revision(article, user, restored_from=revision.number)


# Admin


class RevisionAdminMixin:
    """Record a revision per admin save; the History page, comparison and restore."""

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

    def changelist_view(self, request, extra_context=None):
        # List actions (unpublishing, say) save articles: their revisions name the user.
        with acting_user(request.user):
            return super().changelist_view(request, extra_context)

    def save_related(self, request, form, formsets, change):
        # The row was saved without a revision (PublicationAdminMixin.save_model):
        # recorded now, once tags and bylines are saved too.
        super().save_related(request, form, formsets, change)
        record_revision(form.instance, request.user, checked=checked_languages(form))

    def _revision_context(self, request, obj, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": str(obj),
            "object": obj,
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "can_restore": self.has_change_permission(request, obj),
            "can_publish": request.user.has_perm("articles.publish_article"),
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
        can_publish = request.user.has_perm("articles.publish_article")
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
        )
        if request.method == "POST":
            try:
                restored = restore_revision(obj, revision, request.user)
            except RestoreRefused as refusal:
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
        context = {
            **self._revision_context(
                request, obj, gettext("Restore revision #%(number)s") % {"number": revision.number}
            ),
            "revision": revision,
            "when": baku_time(revision.created_at),
            "groups": compare(current, restored_snapshot(current, revision, can_publish)),
            "keeps_moments": not can_publish
            and any(
                comparable(f"published_at_{code}", current.get(f"published_at_{code}"))
                != comparable(f"published_at_{code}", revision.snapshot.get(f"published_at_{code}"))
                for code in LANGUAGE_CODES
            ),
            "change_url": change_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.revision_templates["restore"], context)
