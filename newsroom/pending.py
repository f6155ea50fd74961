"""Pending changes of public language versions.

Readers read the article row (articles/visibility.py decides who sees it); so
that a public version's text can be corrected, previewed and approved before
readers see it, the changed text of a public version is kept apart, in a
``PendingChange`` per (article, language), holding only the fields that differ
from the live text. The article row, its content version and every cached
page stay as they are until the change is published.

* ``hold_live_changes`` (called by ``newsroom.actions.save_article`` for the
  languages its caller holds) takes a save's edits to a version that is public
  and stays public out of the row and into the pending change, merging them
  three ways with someone else's pending save since the form's base revision.
* ``publish_pending`` writes the pending text into the version (an editor, or
  its author with ``newsroom.publish_own_fixes``), with the correction or
  update marked while saving; ``discard_pending`` drops it.
* Every save, publication and discard is a revision event; the save's event
  carries the pending text, so that a later save can tell what its form showed.

Versioned per language: the text readers read in that language (title, lead,
body, caption, search description). The slug, the moment and the fields every
language shares (section, tags, bylines, image) are saved directly as before.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import Article, ArticleRevision, Correction, PublicationStatus
from articles.visibility import has_text
from core.db.orm import set_prefetched
from core.i18n import LANGUAGE_CODES, LANGUAGE_NAMES, column
from core.text import sanitize_html
from newsroom import history
from newsroom.diffs import html_to_text, word_diff
from newsroom.history import Event, comparable, display_text, field_label
from newsroom.models import PendingChange
from quotes.models import Quote

VERSIONED_FIELDS = ("title", "lead", "body", "caption", "search_description")
PUBLISH_PERMISSION = "articles.publish_article"
OWN_FIXES_PERMISSION = "newsroom.publish_own_fixes"


def versioned_columns(code):
    return [column(name, code) for name in VERSIONED_FIELDS]


def pending_changes(article):
    """``{language: PendingChange}`` of a stored article."""
    if article is None or article.pk is None:
        return {}
    return {change.language: change for change in article.pending_changes.all()}


def is_live(article, code, now=None):
    """Whether readers see the ``code`` version now (as stored)."""
    return article.publication_status(code, now) == PublicationStatus.PUBLIC


def may_publish(user, change):
    """An editor publishes any pending change; someone granted "small fixes"
    (``newsroom.publish_own_fixes``) the ones only they wrote."""
    if user is None or not user.is_authenticated:
        return False
    if user.has_perm(PUBLISH_PERMISSION):
        return True
    return (
        user.has_perm(OWN_FIXES_PERMISSION)
        and change.created_by_id == user.pk
        and change.updated_by_id == user.pk
    )


def may_discard(user, change):
    return may_publish(user, change) or (
        user is not None and user.is_authenticated and change.created_by_id == user.pk
    )


# What a form showed: the pending text as of a revision


def pending_as_of(article, code, number):
    """The pending fields of the ``code`` version as revision ``number`` left them."""
    revisions = (
        ArticleRevision.objects.filter(article=article, number__lte=number)
        .order_by("-number")
        .values_list("events", flat=True)
    )
    for events in revisions.iterator():
        for event in reversed(events or []):
            if event.get("language") != code:
                continue
            if event.get("kind") in (Event.PENDING_SAVED, Event.PENDING_REBASED):
                return dict(event.get("fields") or {})
            if event.get("kind") in (Event.PENDING_PUBLISHED, Event.PENDING_DISCARDED):
                return {}
    return {}


@dataclass
class Held:
    """What one save did to one version's pending change."""

    language: str
    fields: dict  # the pending fields after the save ({} drops the change)
    change: PendingChange | None  # as stored before the save
    correction: tuple | None = None  # (kind, note) marked while saving
    applied: bool = False  # dropped because the save wrote the text into the version
    unchanged: bool = False  # held, but the pending text stays as it was

    @property
    def event(self):
        if self.unchanged:
            return None
        if self.applied:
            return {"kind": Event.PENDING_PUBLISHED.value, "language": self.language}
        if self.fields:
            return {
                "kind": Event.PENDING_SAVED.value,
                "language": self.language,
                "fields": self.fields,
            }
        return {"kind": Event.PENDING_DISCARDED.value, "language": self.language}


def hold_live_changes(article, stored, changes, languages, *, base_revision, result, now):
    """Take the edits to versions public before and after this save out of
    ``article`` (the row to be written, its changes applied) into pending
    changes; return ``{language: Held}``, filling ``result.conflicts`` when
    someone else saved the same pending field differently since
    ``base_revision``. Edits to a held language's other versions, and to
    versions not public, are left on ``article``.
    """
    from newsroom.actions import Conflict  # newsroom.actions calls this module

    held = {}
    if stored is None:
        return held
    existing = {
        change.language: change
        for change in PendingChange.objects.select_for_update().filter(article=stored)
    }
    base = None
    if base_revision is not None:
        base = ArticleRevision.objects.filter(article=stored, number=base_revision).first()
    for code in languages:
        moment = getattr(article, column("published_at", code))
        if not is_live(stored, code, now) or moment is None or moment > now:
            continue
        names = [name for name in versioned_columns(code) if name in changes]
        change = existing.get(code)
        if not names and change is None:
            continue
        current = dict(change.fields) if change is not None else {}
        shown = current
        if change is not None and base is not None and (change.revision_number or 0) > base.number:
            shown = pending_as_of(stored, code, base.number)
        fields = dict(current)
        for name in names:
            live = getattr(stored, name)
            mine = getattr(article, name)
            was, now_value = shown.get(name, live), current.get(name, live)
            if comparable(name, now_value) == comparable(name, was):
                value = mine  # nobody else changed the pending text: the form's is saved
            elif comparable(name, mine) == comparable(name, was):
                value = now_value  # only they changed it: theirs stays
            elif comparable(name, mine) == comparable(name, now_value):
                value = mine
            else:
                revision = ArticleRevision.objects.get(
                    article=stored, number=change.revision_number
                )
                result.conflicts.append(
                    Conflict(
                        name=name,
                        revision=revision,
                        theirs=now_value,
                        yours=mine,
                        theirs_text=display_text(name, now_value),
                        yours_text=display_text(name, mine),
                    )
                )
                continue
            if comparable(name, value) == comparable(name, live):
                fields.pop(name, None)
            else:
                fields[name] = value
            setattr(article, name, live)  # readers keep the published text
        if change is None and not fields:
            continue
        held[code] = Held(
            code, fields, change, unchanged=change is not None and fields == change.fields
        )
    return held


@dataclass
class Rebase:
    """What an editor's restore does to one version's pending change."""

    change: PendingChange
    fields: dict  # the pending fields left ({} deletes the change)
    restored: list  # the pending fields whose live text the restore replaced

    @property
    def event(self):
        if not self.fields:
            return {"kind": Event.PENDING_DISCARDED.value, "language": self.change.language}
        return {
            "kind": Event.PENDING_REBASED.value,
            "language": self.change.language,
            "fields": self.fields,
            "restored": self.restored,
        }


def rebase_on_restore(stored, article):
    """The pending changes an editor's restore (``stored``: the row before it,
    ``article``: the row it writes) touches, each re-based on the restored text.

    A pending field the restore left alone still applies as it is. One whose
    live text the restore replaced was written against the text before it:
    if it says what the restored text says it is dropped (it is live now),
    otherwise it is kept, marked ``restored_fields``, so that publishing it
    cannot undo the restore without the editor saying so (``publish_pending``).
    """
    rebased = []
    for change in PendingChange.objects.select_for_update().filter(article=stored):
        fields, marked, touched = dict(change.fields), set(change.restored_fields), False
        for name, value in change.fields.items():
            before, after = getattr(stored, name), getattr(article, name)
            if comparable(name, before) == comparable(name, after):
                continue
            touched = True
            if comparable(name, value) == comparable(name, after):
                fields.pop(name)
                marked.discard(name)
            else:
                marked.add(name)
        if touched:
            rebased.append(Rebase(change, fields, sorted(marked & fields.keys())))
    return rebased


def write_rebased(rebased, revision):
    """Store what ``rebase_on_restore`` decided, once the restore's revision exists."""
    for item in rebased:
        change = item.change
        if not item.fields:
            change.delete()
            continue
        change.fields = item.fields
        change.restored_fields = item.restored
        change.restored_revision = revision.number if revision is not None else None
        if revision is not None:
            change.revision_number = revision.number
        change.save()


def drop_applied(stored, changes, held):
    """Pending changes of versions this save wrote directly (no longer public, or
    saved by an editor at once): the form showed their text, which the save
    carried into the version. Return ``{language: Held}`` dropping them."""
    dropped = {}
    if stored is None:
        return dropped
    for change in PendingChange.objects.select_for_update().filter(article=stored):
        code = change.language
        if code not in held and any(name in changes for name in versioned_columns(code)):
            dropped[code] = Held(code, {}, change, applied=True)
    return dropped


def write_held(article, held, revision, user):
    """Store the pending changes a save made, once its revision is recorded."""
    now = timezone.now()
    user = history.user_or_none(user)
    for item in held.values():
        change = item.change
        if item.unchanged and item.correction is None:
            continue
        if not item.fields:
            if change is not None:
                change.delete()
            continue
        if change is None:
            change = PendingChange(article=article, language=item.language, created_at=now)
            change.created_by = user
        # Written again: that field is re-based by its author. (A form opened
        # before the restore cannot: the restore changed the row's field since
        # its base, so writing it there is a conflict, shown with both texts.)
        change.restored_fields = [
            name
            for name in change.restored_fields
            if name in item.fields
            and comparable(name, item.fields[name]) == comparable(name, change.fields.get(name))
        ]
        if not change.restored_fields:
            change.restored_revision = None
        change.fields = item.fields
        change.updated_by = user
        change.updated_at = now
        if not item.unchanged:
            change.revision_number = revision.number if revision is not None else None
        if item.correction is not None:
            change.correction_kind, change.correction_note = item.correction
        change.save()


# Publishing and discarding


def _locked(article, code):
    if code not in LANGUAGE_CODES:
        raise ValueError(f"Unknown language {code!r}")
    article.refresh_from_db(from_queryset=Article.objects.select_for_update())
    change = PendingChange.objects.select_for_update().filter(article=article, language=code)
    return change.first()


class RestoredTextRefused(ValidationError):
    pass


def restored_refusal(change):
    return RestoredTextRefused(
        gettext(
            "Revision #%(number)s restored the live text of %(fields)s after this change "
            "was written: publishing it replaces the restored text. Compare it below, "
            "then confirm, or ask its author to re-base it."
        )
        % {
            "number": change.restored_revision,
            "fields": ", ".join(str(field_label(name)) for name in change.restored_fields),
        }
    )


def publish_pending(article, code, *, user, kind=None, note=None, replace_restored=False):
    """Write the ``code`` version's pending change into the version: readers see
    it now. ``kind`` and ``note`` mark it as an update or a correction (the
    ones marked while saving when not given). A change with fields an editor
    restored since they were written is refused unless ``replace_restored``.
    Returns the revision recorded, or None when there was no pending change."""
    with transaction.atomic():
        change = _locked(article, code)
        if change is None:
            return None
        if not may_publish(user, change):
            raise PermissionDenied
        if change.restored_fields and not replace_restored:
            raise restored_refusal(change)
        for name, value in change.fields.items():
            if name.startswith("body_"):
                value = sanitize_html(value or "")
            setattr(article, name, value)
        moment = getattr(article, column("published_at", code))
        title, body = (getattr(article, column(name, code)) for name in ("title", "body"))
        if moment is not None and not has_text(title, body):
            raise ValidationError(
                gettext(
                    "The pending change leaves the %(language)s version without its title or "
                    "body: it cannot be published."
                )
                % {"language": LANGUAGE_NAMES[code]}
            )
        kind = change.correction_kind if kind is None else kind
        note = (change.correction_note if note is None else note or "").strip()
        correction = None
        if kind:
            if not user.has_perm(PUBLISH_PERMISSION):
                raise PermissionDenied
            correction = Correction(
                article=article,
                language=code,
                kind=kind,
                note=note,
                created_by=history.user_or_none(user),
            )
            correction.full_clean()
        article.save(record_revision=False)
        if correction is not None:
            correction.save()
        change.delete()
        return history.record_revision(
            article,
            user,
            extra_events=[{"kind": Event.PENDING_PUBLISHED.value, "language": code}],
        )


def discard_pending(article, code, *, user):
    """Drop the ``code`` version's pending change. Returns the revision recorded,
    or None when there was none."""
    with transaction.atomic():
        change = _locked(article, code)
        if change is None:
            return None
        if not may_discard(user, change):
            raise PermissionDenied
        change.delete()
        return history.record_revision(
            article,
            user,
            extra_events=[{"kind": Event.PENDING_DISCARDED.value, "language": code}],
        )


# Showing


def pending_diff(article, change):
    """``[{"label", "name", "diff"}]``: each pending field against the live text."""
    rows = []
    for name in versioned_columns(change.language):
        if name not in change.fields:
            continue
        live, pending = getattr(article, name) or "", change.fields[name] or ""
        if name.startswith("body_"):
            live, pending = html_to_text(live), html_to_text(pending)
        rows.append({"label": field_label(name), "name": name, "diff": word_diff(live, pending)})
    return rows


def with_pending(article, code):
    """``article`` with the ``code`` version's pending text put on it, unsaved (previews)."""
    change = PendingChange.objects.filter(article=article, language=code).first()
    if change is None:
        return None
    for name, value in change.fields.items():
        setattr(article, name, sanitize_html(value or "") if name.startswith("body_") else value)
    if column("body", code) in change.fields:
        cite_pending_quotes(article)
    return change


def cite_pending_quotes(article):
    """Make ``article.quotes`` (what the body renders its placeholders from) the
    quotes its bodies place now, the pending body included: the prefetch holds
    the saved bodies' quotes, which lack a quote only the pending text places.
    Reads only the quotes missing from the prefetch (none: no query)."""
    placed = article.placed_quote_ids()
    known = {quote.pk: quote for quote in article.quotes.all()}
    missing = placed - known.keys()
    if missing:
        known.update(
            (quote.pk, quote)
            for quote in Quote.objects.select_related("speaker").filter(pk__in=missing)
        )
    set_prefetched(article, "quotes", [known[pk] for pk in sorted(placed) if pk in known])
