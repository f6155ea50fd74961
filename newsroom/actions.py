"""Editorial actions: everything the newsroom does to an article, as plain functions.

Each action runs in one transaction, takes the acting ``user`` explicitly (the
revision it records names them), checks ``articles.publish_article`` itself
where a publication moment is involved (``PermissionDenied`` without it), and
returns a result. The admin calls them; a management command, an API or a
test can too::

    publish_version(article, code, at=None, *, user) -> ArticleRevision | None
    unpublish_version(article, code, *, user) -> ArticleRevision | None
    save_article(article, changes, *, user, base_revision=None, corrections=(),
                 checked=(), save_related=None) -> SaveResult
    merge_changes(article, changes, *, base_revision) -> SaveResult   (writes nothing)
    record_revision(article, *, user, checked=()) -> ArticleRevision | None
    restore_revision(revision, *, user, language=None) -> ArticleRevision
    mark_translation_checked(article, code, *, user) -> ArticleRevision | None
    add_correction(article, code, kind, note, *, user) -> Correction

An action saves the article's row with ``Article.save(record_revision=False)``
and records the revision itself once everything it writes (tags, bylines) is
written; any other ``Article.save()`` is recorded by newsroom/signals.py,
without a user. Checking who may change an article at all stays with the
caller (the admin's change permission).
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import (
    Article,
    ArticleRevision,
    Byline,
    Correction,
    PublicationStatus,
    Section,
    TranslationState,
)
from articles.visibility import has_content, has_text
from authors.models import Author
from core.i18n import LANGUAGE_CODES, LANGUAGE_NAMES, column
from core.quarantine import quarantine_storage
from core.text import sanitize_html
from newsroom import history, pending
from newsroom.history import (
    SHARED_FIELDS,
    comparable,
    display_text,
    parse_moment,
    related_names,
    restored_snapshot,
    snapshot_value,
    take_snapshot,
    translated_columns,
)
from photos.models import Photo
from tags.models import Tag

PUBLISH_PERMISSION = "articles.publish_article"
#: Lists of related rows compared as one field (the bylines, in order).
LIST_FIELDS = ("authors",)


class _Now:
    def __repr__(self):
        return "NOW"


#: A publication moment in ``save_article``'s changes: the moment the save happens.
NOW = _Now()


class RestoreRefused(Exception):
    pass


# Permissions and checks


def can_publish(user):
    """May ``user`` publish, schedule and unpublish language versions?"""
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


def require_publisher(user):
    if not can_publish(user):
        raise PermissionDenied


def _check_language(code):
    if code not in LANGUAGE_CODES:
        raise ValueError(f"Unknown language {code!r}")


def missing_text_message(code):
    return gettext(
        "Write the title and the body in %(language)s before setting its publication moment."
    ) % {"language": LANGUAGE_NAMES[code]}


def withdrawal_message(code):
    return gettext(
        "The %(language)s version is published or scheduled: only an editor can withdraw it. "
        "Keep its title and body."
    ) % {"language": LANGUAGE_NAMES[code]}


def _lock(article):
    """Read ``article`` again, its row locked until the transaction ends."""
    article.refresh_from_db(from_queryset=Article.objects.select_for_update())
    return article


# Publication


def publish_version(article, code, at=None, *, user):
    """Publish the ``code`` version now, or schedule it at ``at`` (an aware datetime).

    The article is read again under its row lock (unsaved changes are not
    saved). A version without a title or a body cannot be given a moment
    (``ValidationError``). Returns the revision recorded, or None when the
    version already had that moment.
    """
    require_publisher(user)
    _check_language(code)
    name = column("published_at", code)
    with transaction.atomic():
        _lock(article)
        if not has_content(article, code):
            raise ValidationError({name: missing_text_message(code)})
        return _set_moment(article, code, at or timezone.now(), user)


def unpublish_version(article, code, *, user):
    """Take the ``code`` version off the site (no moment). Returns the revision
    recorded, or None when the version had no moment."""
    require_publisher(user)
    _check_language(code)
    with transaction.atomic():
        _lock(article)
        return _set_moment(article, code, None, user)


def _set_moment(article, code, moment, user):
    name = column("published_at", code)
    if getattr(article, name) == moment:
        return None
    setattr(article, name, moment)
    article.save(update_fields=[name, "updated_at"], record_revision=False)
    return history.record_revision(article, user)


# Saving with a three-way merge


@dataclass
class Conflict:
    """A field the saver and someone else both changed, differently, since the base."""

    name: str  # the snapshot key: "title_en", "section", "authors"…
    revision: ArticleRevision  # the latest revision that changed it: who and when
    theirs: object  # as stored now (snapshot value)
    yours: object  # as the saver has it (snapshot value)
    theirs_text: str  # both as people read them (names for ids, Baku time, body as text)
    yours_text: str

    @property
    def who(self):
        return self.revision.author_name or gettext("someone")


@dataclass
class SaveResult:
    """What ``save_article`` (or ``merge_changes``) made of the changes."""

    article: Article
    saved: bool = False
    #: The revision recorded (None: nothing changed, or nothing saved).
    revision: ArticleRevision | None = None
    #: Fields both changed differently: nothing was written.
    conflicts: list[Conflict] = field(default_factory=list)
    #: Fields only someone else changed since the base revision: their value, as
    #: stored now, was kept (a datetime for a moment, ids for section, tags, authors).
    kept: dict = field(default_factory=dict)
    #: The revisions saved since the base revision, oldest first.
    later: list[ArticleRevision] = field(default_factory=list)
    #: The pending changes the save made or dropped (``{language: pending.Held}``).
    held: dict = field(default_factory=dict)

    @property
    def savers(self):
        """Who saved since the base revision, in order, each once."""
        return list(
            dict.fromkeys(revision.author_name or gettext("someone") for revision in self.later)
        )

    @property
    def latest_number(self):
        return self.later[-1].number if self.later else None


def snapshot_names():
    """The fields ``save_article`` takes: every key of a revision's snapshot."""
    return [*translated_columns(), *SHARED_FIELDS]


def merge_changes(article, changes, *, base_revision):
    """Compare ``changes`` with what was saved since revision ``base_revision``,
    under the article's row lock, and write nothing: the ``kept`` and
    ``conflicts`` that ``save_article`` would find now."""
    result = SaveResult(article=article)
    if article.pk is None or base_revision is None:
        return result
    changes = _resolve_now(changes, timezone.now())
    with transaction.atomic():
        stored = Article.objects.select_for_update().get(pk=article.pk)
        _merge(stored, changes, base_revision, result)
    return result


def save_article(
    article,
    changes,
    *,
    user,
    base_revision=None,
    corrections=(),
    checked=(),
    save_related=None,
    hold_live=None,
):
    """Save ``changes`` to ``article`` (new or stored) as ``user``; return a ``SaveResult``.

    ``changes`` maps snapshot fields (``title_en``, ``section``, ``tags``,
    ``authors``, ``published_at_en``…, see ``snapshot_names``) to their new
    values; a moment may be ``NOW``. Every other field is written as stored
    now, whatever ``article`` holds.

    With ``base_revision`` (the revision the editor started from), each change
    is compared three ways: a field nobody else changed since gets the new
    value; a field only someone else changed keeps theirs (``result.kept``); a
    field both changed differently is a conflict, and then nothing at all is
    written (``result.saved`` is False, ``result.conflicts`` says who and shows
    both texts).

    Without ``articles.publish_article`` the save may not move any moment
    (``PermissionDenied``), nor empty the title or body of a version that has
    one, nor mark ``corrections``. A moment needs the version's title and body
    (``ValidationError``, keyed by the moment's field).

    ``corrections`` are ``(language, kind, note)`` for public versions marked
    as updated or corrected; ``checked`` the translations ticked as checked.
    ``save_related(result)``, if given, writes the related rows the caller
    edits itself (the admin's byline formset) once the row is saved, instead
    of the action writing ``changes["authors"]``; ``result.kept`` says which
    lists stay as stored. The revision is recorded after it, with ``user``.

    ``hold_live`` (languages) keeps the edits to those versions' text, where
    the version is public before and after the save, as pending changes
    (newsroom/pending.py) instead of writing them: readers keep the published
    text. With it, a version's pending change that the save writes directly
    (the form showed its text) is dropped as applied. ``None``: no pending
    changes are made or dropped.
    """
    unknown = set(changes) - set(snapshot_names())
    if unknown:
        raise ValueError(f"Not article fields: {', '.join(sorted(unknown))}")
    if corrections:
        require_publisher(user)
    changes = _resolve_now(changes, timezone.now())
    adding = article._state.adding
    with transaction.atomic():
        stored = (
            Article.objects.select_for_update().get(pk=article.pk)
            if article.pk is not None and not adding
            else None
        )
        result = SaveResult(article=article)
        if stored is not None and base_revision is not None:
            _merge(stored, changes, base_revision, result)
            if result.conflicts:
                return result
        if not can_publish(user):
            _check_no_withdrawal(stored, changes)
        _apply(article, stored, changes, result.kept)
        held = {}
        if hold_live is not None:
            held = pending.hold_live_changes(
                article,
                stored,
                changes,
                hold_live,
                base_revision=base_revision,
                result=result,
                now=timezone.now(),
            )
            if result.conflicts:
                return result
            held.update(pending.drop_applied(stored, changes, held))
            result.held = held
        _check_moments(article, stored, changes, user)
        marks = []
        for mark in corrections:
            if mark[0] in held and held[mark[0]].fields:
                _correction(stored, *mark, user=user)  # checked now, told on publication
                held[mark[0]].correction = tuple(mark[1:])
            else:
                marks.append(_correction(stored, *mark, user=user))
        try:
            article.save(record_revision=False)
            if "tags" in changes and "tags" not in result.kept:
                article.tags.set(changes["tags"])
            if save_related is not None:
                save_related(result)
            elif "authors" in changes and "authors" not in result.kept:
                write_bylines(article, changes["authors"])
            for mark in marks:
                mark.article = article
                mark.save()
            result.revision = history.record_revision(
                article,
                user,
                checked=checked,
                extra_events=[item.event for item in held.values() if item.event],
            )
            pending.write_held(article, held, result.revision, user)
        except BaseException:
            if adding:  # the row is rolled back: the article is unsaved again
                article.pk = None
                article._state.adding = True
            raise
        result.saved = True
    return result


def _resolve_now(changes, now):
    return {name: now if value is NOW else value for name, value in changes.items()}


def _merge(stored, changes, base_number, result):
    """Compare ``changes`` three ways against revision ``base_number`` and the
    ``stored`` article (row locked); fill ``result.kept``, ``conflicts`` and ``later``."""
    later = list(
        ArticleRevision.objects.filter(article=stored, number__gt=base_number)
        .select_related("created_by")
        .order_by("number")
    )
    base = ArticleRevision.objects.filter(article=stored, number=base_number).first()
    if not later or base is None:
        return
    result.later = later
    current = take_snapshot(stored)
    conflicting = []
    for name, value in changes.items():
        if name not in current or name not in base.snapshot:
            continue
        was = comparable(name, base.snapshot[name])
        now = comparable(name, current[name])
        mine = comparable(name, value)
        if now == was:
            continue  # nobody else changed it: the new value is saved
        if mine == was or (name in LIST_FIELDS and mine == now):
            # Only they changed it (a list both changed the same way: their rows stay).
            result.kept[name] = _stored_value(stored, name, current)
        elif mine != now:
            conflicting.append(name)
    if not conflicting:
        return
    yours = {name: snapshot_value(changes[name]) for name in conflicting}
    names = related_names(current, yours)
    result.conflicts = [
        Conflict(
            name=name,
            revision=_who_changed(name, later),
            theirs=current[name],
            yours=yours[name],
            theirs_text=display_text(name, current[name], names),
            yours_text=display_text(name, yours[name], names),
        )
        for name in conflicting
    ]


def _stored_value(stored, name, snapshot):
    if name in ("section", "tags", "authors", "lead_photo"):
        return snapshot.get(name)  # ids
    return getattr(stored, name)


def _who_changed(name, later):
    for revision in reversed(later):
        if name in revision.changed_fields:
            return revision
    return later[-1]


def _apply(article, stored, changes, kept):
    """Put on ``article`` what the save writes: the stored row, then the changes
    (the value someone else saved meanwhile where only they changed a field)."""
    if stored is not None:
        for model_field in Article._meta.concrete_fields:
            if model_field.primary_key or model_field.name in changes:
                continue
            value = getattr(stored, model_field.attname)
            if isinstance(model_field, models.FileField):
                value = value.name
            setattr(article, model_field.attname, value)
    for name, value in changes.items():
        if name not in LIST_FIELDS and name != "tags":
            _assign(article, name, kept.get(name, value))


def _assign(article, name, value):
    model_field = Article._meta.get_field(name)
    if isinstance(model_field, models.FileField):
        model_field.save_form_data(article, value)  # None: unchanged; False: cleared
    elif isinstance(model_field, models.ForeignKey) and not isinstance(value, models.Model):
        setattr(article, model_field.attname, value)
    else:
        setattr(article, name, value)


def _check_no_withdrawal(stored, changes):
    """Without the publish permission, a version with a moment keeps its title and
    body: emptying either would withdraw it."""
    for code in LANGUAGE_CODES:
        if stored is None or getattr(stored, column("published_at", code)) is None:
            continue
        for field_name in ("title", "body"):
            name = column(field_name, code)
            if name not in changes:
                continue
            value = changes[name] or ""
            if field_name == "body":
                value = sanitize_html(value)
            if not value:
                raise PermissionDenied(withdrawal_message(code))


def _check_moments(article, stored, changes, user):
    """Without the publish permission every moment stays as stored; a moment the
    save sets needs the version's title and body."""
    errors = {}
    for code in LANGUAGE_CODES:
        name = column("published_at", code)
        moment = getattr(article, name)
        before = getattr(stored, name) if stored is not None else None
        if comparable(name, moment) != comparable(name, before):
            require_publisher(user)
        if name in changes and moment is not None:
            title = getattr(article, column("title", code))
            if not has_text(title, getattr(article, column("body", code))):
                errors[name] = missing_text_message(code)
    if errors:
        raise ValidationError(errors)


def _correction(stored, code, kind, note, *, user):
    """An unsaved correction of the ``code`` version, checked: only a version
    readers already see (as stored before this change) can be marked."""
    _check_language(code)
    if stored is None or stored.publication_status(code) != PublicationStatus.PUBLIC:
        raise ValidationError(
            gettext("Only a public version can be marked as updated or corrected (%(language)s).")
            % {"language": LANGUAGE_NAMES[code]}
        )
    correction = Correction(
        article=stored,
        language=code,
        kind=kind,
        note=(note or "").strip(),
        created_by=history.user_or_none(user),
    )
    correction.full_clean()
    return correction


def write_bylines(article, authors):
    """Make ``article``'s bylines the ``authors`` (ids or authors, in order) that
    still exist; leave the rows alone when they already are."""
    wanted = [snapshot_value(author) for author in authors]
    existing = set(Author.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    wanted = [pk for pk in wanted if pk in existing]
    current = list(article.bylines.order_by("position", "pk").values_list("author_id", flat=True))
    if wanted == current:
        return
    article.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(article=article, author_id=pk, position=position)
        for position, pk in enumerate(wanted)
    )


# Revisions


def record_revision(article, *, user, checked=()):
    """Record ``article`` as saved now by ``user`` (``checked``: translations ticked
    as checked); return the revision, or None when nothing changed since the last."""
    with transaction.atomic():
        return history.record_revision(article, user, checked=checked)


def restore_revision(revision, *, user, language=None):
    """Write ``revision``'s content back to its article and record it as a new revision.

    With ``language``, only that version's text is restored; the other
    versions and the shared fields (section, tags, bylines, image) stay as
    they are. Without ``articles.publish_article`` the publication moments
    stay as they are now, and the text of a live version is restored as a
    pending change of it (newsroom/pending.py). Refused (``RestoreRefused``)
    when a version would keep a moment without its title or body.
    """
    if language is not None:
        _check_language(language)
    may_publish = can_publish(user)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=revision.article_id)
        stored = Article.objects.get(pk=article.pk)
        target = restored_snapshot(take_snapshot(article), revision, may_publish, language)
        restored = {}
        for name in translated_columns():
            value = target.get(name)
            if isinstance(Article._meta.get_field(name), models.DateTimeField):
                value = parse_moment(value)
            setattr(article, name, value)
            restored[name] = value
        for code in LANGUAGE_CODES:
            if getattr(article, column("published_at", code)) and not has_content(article, code):
                raise RestoreRefused(
                    gettext(
                        "Revision #%(number)s has no title or no body in %(language)s, "
                        "which has a publication moment: it cannot be restored as it is."
                    )
                    % {"number": revision.number, "language": LANGUAGE_NAMES[code]}
                )
        held, rebased = {}, []
        if may_publish:
            rebased = pending.rebase_on_restore(stored, article)
        else:
            held = pending.hold_live_changes(
                article,
                stored,
                restored,
                LANGUAGE_CODES,
                base_revision=None,
                result=SaveResult(article=article),
                now=timezone.now(),
            )
        article.original_language = target["original_language"]
        if Section.objects.filter(pk=target["section"]).exists():
            article.section_id = target["section"]
        article.lead_photo_id = restored_photo(target)
        article.save(record_revision=False)
        article.tags.set(Tag.objects.filter(pk__in=target.get("tags") or []))
        write_bylines(article, target.get("authors") or [])
        result = history.record_revision(
            article,
            user,
            restored_from=revision.number,
            extra_events=[
                *(item.event for item in held.values() if item.event),
                *(item.event for item in rebased),
            ],
        )
        pending.write_held(article, held, result, user)
        pending.write_rebased(rebased, result)
        return result


def restored_photo(target):
    """The library photo a snapshot's article led with (its id), if it still exists.

    A revision from before the library names the image file instead: the
    photo that holds it now (migration articles 0017 made one for every
    current image), else a new photo of it, whose save brings the file back
    from the quarantine where replacing it put it (core/quarantine.py).
    """
    if "lead_photo" in target:
        pk = target["lead_photo"]
        return pk if pk and Photo.objects.filter(pk=pk).exists() else None
    name = target.get("lead_image") or ""
    if not name:
        return None
    photo = Photo.objects.filter(image=name).first()
    if photo is None:
        storage = Photo._meta.get_field("image").storage
        if not (storage.exists(name) or quarantine_storage().exists(name)):
            return None
        credit = target.get("lead_image_credit") or ""
        photo = Photo(image=name, **{column("credit", code): credit for code in LANGUAGE_CODES})
        photo.save()
    return photo.pk


# Translations and corrections


def mark_translation_checked(article, code, *, user):
    """Record that the ``code`` translation says what the original says now: it is
    no longer outdated. Returns the revision recorded, or None when the
    translation was not outdated."""
    _check_language(code)
    with transaction.atomic():
        _lock(article)
        if code == article.original_language:
            raise ValueError(f"{code!r} is the article's original language, not a translation")
        outdated = TranslationState.objects.filter(article=article, language=code, outdated=True)
        if not outdated.exists():
            return None
        return history.record_revision(article, user, checked=[code])


def add_correction(article, code, kind, note, *, user):
    """Tell readers of the public ``code`` version that it was updated or corrected
    (``kind``), with ``note`` in that language. Returns the correction."""
    require_publisher(user)
    with transaction.atomic():
        _lock(article)
        correction = _correction(article, code, kind, note, user=user)
        correction.save()
        return correction
