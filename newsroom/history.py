"""Article history: a revision per save, publication events, comparisons and restores.

``record_revision(article, user)`` stores a snapshot of every content field
(every translated column, section, original language, tags, bylines, lead
image and credit), which fields changed since the previous revision and the
publication events those changes make (scheduled, published, unpublished,
rescheduled, per language). The editorial actions (newsroom.actions) record
once their many-to-many fields and bylines are saved, with the user; every
other ``Article.save()`` is recorded by newsroom/signals.py without one.

Saves that bypass ``Article.save()`` (``QuerySet.update()``, ``bulk_update()``)
are not recorded; the next revision shows their changes.

The History page, comparison and restore views are newsroom/admin_history.py.
"""

from datetime import UTC, datetime

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from articles.models import Article, ArticleRevision, Byline, Section
from authors.models import Author
from core.dates import BAKU
from core.i18n import LANGUAGE_CODES, LANGUAGE_NAMES, column
from core.text import sanitize_html
from newsroom.diffs import html_to_text, word_diff
from newsroom.outdated import sync_translation_states
from photos.models import Photo
from tags.models import Tag

#: Content fields shared by all languages, in the order the history shows them.
SHARED_FIELDS = (
    "original_language",
    "section",
    "tags",
    "authors",
    "lead_photo",
)
REVISIONS_PER_PAGE = 50


class Event(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    PUBLISHED = "published", _("published")
    UNPUBLISHED = "unpublished", _("unpublished")
    RESCHEDULED = "rescheduled", _("publication moment changed")
    CHECKED = "checked", _("translation checked")
    # Review steps (newsroom/workflow.py).
    SUBMITTED = "submitted", _("submitted for review")
    APPROVED = "approved", _("approved")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    REOPENED = "reopened", _("edited after approval: a draft again")
    # Pending changes of public versions (newsroom/pending.py).
    PENDING_SAVED = "pending", _("pending change saved")
    PENDING_PUBLISHED = "pending_published", _("pending change published")
    PENDING_DISCARDED = "pending_discarded", _("pending change discarded")
    PENDING_REBASED = "pending_rebased", _("pending change based on the text before a restore")


# Snapshots


def translated_fields():
    """Return the article's translated fields, in the model's order."""
    names = translator.get_options_for_model(Article).fields
    return [field.name for field in Article._meta.fields if field.name in names]


def translated_columns():
    return [column(name, code) for name in translated_fields() for code in LANGUAGE_CODES]


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
        lead_photo=article.lead_photo_id,
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


def parse_moment(value):
    """A snapshot's moment (ISO text) as a datetime, or None."""
    return parse_datetime(value) if isinstance(value, str) and value else None


def publication_events(before, after, now=None):
    """Return the publication events between two snapshots, one per changed language."""
    now = now or timezone.now()
    events = []
    for code in LANGUAGE_CODES:
        name = column("published_at", code)
        if comparable(name, (before or {}).get(name)) == comparable(name, after.get(name)):
            continue
        old, new = parse_moment((before or {}).get(name)), parse_moment(after.get(name))
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


def user_or_none(user):
    return user if user is not None and user.is_authenticated else None


def record_revision(
    article, user=None, *, kind=None, restored_from=None, checked=(), extra_events=()
):
    """Record the article as saved now by ``user``; return the revision, or ``None``
    when nothing changed since the last one (``extra_events``, such as review
    steps or a pending change saved, are always recorded)."""
    user = user_or_none(user)
    with transaction.atomic():
        # Serialise numbering (and the check in newsroom.concurrency) per article.
        Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
        previous = ArticleRevision.objects.filter(article=article).order_by("-number").first()
        snapshot = take_snapshot(article)
        before = previous.snapshot if previous else None
        changed = changed_fields(before, snapshot)
        events = publication_events(before, snapshot)
        original = article.original_language
        checked = [
            item for item in checked if (item if isinstance(item, str) else item[0]) != original
        ]
        events += [
            {"kind": Event.CHECKED.value, "language": item}
            if isinstance(item, str)
            else {"kind": Event.CHECKED.value, "language": item[0], "field": item[1]}
            for item in checked
        ]
        events += list(extra_events)
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


#: Labels in the newsroom's terms where the model's verbose name is another word.
FIELD_LABELS = {"authors": _("bylines")}


def field_label(name):
    field, _code = split_name(name)
    if field in FIELD_LABELS:
        return capfirst(FIELD_LABELS[field])
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
    if event.get("field"):
        label = f"{label} ({field_label(event['field'])})"
    moment = baku_time(event.get("moment"))
    if moment and kind != Event.UNPUBLISHED:
        return gettext("%(language)s: %(event)s, %(moment)s") % {
            "language": language,
            "event": label,
            "moment": moment,
        }
    if event.get("note"):
        return gettext("%(language)s: %(event)s: %(note)s") % {
            "language": language,
            "event": label,
            "note": event["note"],
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
    if name in ("section", "tags", "authors", "lead_photo"):
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
        "lead_photo": {obj.pk: str(obj) for obj in Photo.objects.filter(pk__in=ids("lead_photo"))},
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
        rows = [row(column(field, code)) for field in translated_fields()]
        rows = [item for item in rows if item]
        if rows:
            groups.append({"code": code, "name": LANGUAGE_NAMES[code], "rows": rows})
    rows = [item for item in (row(name) for name in SHARED_FIELDS) if item]
    if rows:
        groups.append({"code": None, "name": gettext("All languages"), "rows": rows})
    return groups


# Restoring


def restored_snapshot(current, revision, can_publish, language=None):
    """Return what restoring ``revision`` writes: its content (only the
    ``language`` version's text when given; every shared field stays); the
    current publication moments unless the user may publish."""
    if language is None:
        target = {**current, **revision.snapshot}
        if "lead_image" in revision.snapshot and "lead_photo" not in revision.snapshot:
            # A revision from before the media library: its image file decides.
            del target["lead_photo"]
    else:
        target = dict(current)
        for name in translated_columns():
            if split_name(name)[1] == language and name in revision.snapshot:
                target[name] = revision.snapshot[name]
    if not can_publish:
        for code in LANGUAGE_CODES:
            name = column("published_at", code)
            target[name] = current.get(name)
    return target


#: The fields a restore may change that are relations, not text.
RELATION_FIELDS = ("section", "tags", "authors", "lead_photo")


def changed_relations(current, target):
    """The labels of the relations (section, tags, bylines, image) ``target`` changes."""
    return [
        field_label(name)
        for name in RELATION_FIELDS
        if comparable(name, current.get(name)) != comparable(name, target.get(name))
    ]


def restore_revision(article, revision, user, language=None):
    """Restore ``revision`` of ``article`` as ``user``: ``newsroom.actions.restore_revision``."""
    from newsroom import actions

    if revision.article_id != article.pk:
        raise ValueError(f"Revision #{revision.number} is not one of article {article.pk}'s")
    return actions.restore_revision(revision, user=user, language=language)
