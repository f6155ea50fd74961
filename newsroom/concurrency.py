"""No lost updates: a save is checked against the revision its form was loaded from.

The change form carries the number of the revision it showed (``base_revision``).
On save, with the article's row locked (``select_for_update`` in the admin's
transaction), each field is compared three ways:

* nobody else changed it since the base revision → the form's value is saved;
* only someone else changed it (the form still holds the base value) → their
  value is kept, so disjoint edits merge;
* both changed it, differently → the save is refused: the field's error names
  who saved meanwhile and shows both texts; every typed value stays in the
  form, fields only the other person changed show their value, and the form
  now carries the newer revision, so saving again (after merging) succeeds.

Inline rows that together make one ordered list (bylines: the snapshot field
``authors``) are one field of this check (``ConcurrentListFormSet``): when only
someone else changed the list, the formset keeps the stored rows and saves
nothing; when both changed it differently, the save is refused with the error
above the inline, which still shows your list.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import (
    DELETION_FIELD_NAME,
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
)
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext

from articles.models import ArticleRevision
from newsroom.diffs import word_diff
from newsroom.history import (
    baku_time,
    comparable,
    display_text,
    ensure_revision,
    related_names,
    snapshot_value,
    split_name,
    take_snapshot,
)

#: Set on the request by the admin when the change form is posted.
LOCK_ATTRIBUTE = "_turan_lock_article"
#: Set on the article by the posted formsets of ``ConcurrentListFormSet``: the form
#: and its inline formsets share the instance, and the form checks them in ``clean``.
FORMSETS_ATTRIBUTE = "_turan_concurrent_formsets"


def set_bound_value(form, name, value):
    """Make the bound ``form`` show ``value`` in field ``name`` when rendered again."""
    field = form.fields[name]
    widget = field.widget
    key = form.add_prefix(name)
    if isinstance(field, forms.FileField):
        return
    if isinstance(field, forms.ModelMultipleChoiceField) and hasattr(form.data, "setlist"):
        form.data.setlist(key, [str(pk) for pk in snapshot_value(value)])
    elif isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(value)
        for suffix, subwidget, part in zip(
            widget.widgets_names, widget.widgets, parts, strict=True
        ):
            form.data[key + suffix] = subwidget.format_value(part) or ""
    else:
        value = snapshot_value(value)
        form.data[key] = "" if value is None else str(value)


class ConcurrencyFormMixin(forms.ModelForm):
    """Merge disjoint concurrent edits; refuse overlapping ones, keeping what was typed."""

    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["base_revision"] = ensure_revision(self.instance).number

    def clean(self):
        cleaned_data = super().clean()
        self.merge_concurrent_changes(cleaned_data)
        return cleaned_data

    def merge_concurrent_changes(self, cleaned_data):
        instance = self.instance
        base_number = cleaned_data.get("base_revision")
        if not instance.pk or base_number is None:
            return
        later = list(
            ArticleRevision.objects.filter(article=instance, number__gt=base_number)
            .select_related("created_by")
            .order_by("number")
        )
        base = ArticleRevision.objects.filter(article=instance, number=base_number).first()
        if not later or base is None:
            return
        # The instance was loaded with its row locked, before the form wrote to it.
        current = take_snapshot(instance)
        theirs_only, conflicts = [], []
        for name in self.fields:
            if name not in current or name not in base.snapshot or name not in cleaned_data:
                continue
            was = comparable(name, base.snapshot[name])
            now = comparable(name, current[name])
            mine = comparable(name, cleaned_data[name])
            if now == was:
                continue
            if mine == was:
                theirs_only.append(name)
            elif mine != now:
                conflicts.append(name)
        for name in theirs_only:
            cleaned_data[name] = self._current_value(name)
        listed = self._merge_listed(base, current)
        if not conflicts and not listed:
            return
        yours = {name: snapshot_value(cleaned_data[name]) for name in conflicts}
        yours.update({formset.concurrency_field: mine for formset, mine in listed})
        names = related_names(current, yours)
        for name in conflicts:
            self.add_error(
                name,
                conflict_message(
                    name,
                    self._who_changed(name, later),
                    display_text(name, current[name], names),
                    display_text(name, yours[name], names),
                ),
            )
        for formset, mine in listed:
            name = formset.concurrency_field
            formset.refuse(
                conflict_message(
                    name,
                    self._who_changed(name, later),
                    display_text(name, current[name], names),
                    display_text(name, mine, names),
                    intro=formset.conflict_intro,
                    yours_label=formset.yours_label,
                ),
                mine,
            )
        savers = dict.fromkeys(revision.author_name or gettext("someone") for revision in later)
        self.add_error(
            None,
            gettext(
                "%(names)s saved this article while you were editing it. Both of you changed "
                "the fields marked below, so nothing was saved. Everything you typed is still "
                "in the form: merge the two versions and save again."
            )
            % {"names": ", ".join(savers)},
        )
        # Show the others' changes where only they changed something, and start the
        # next attempt from the newest revision.
        self.data = self.data.copy()
        for name in theirs_only:
            self.show_value(name, cleaned_data[name])
        self.data[self.add_prefix("base_revision")] = str(later[-1].number)

    def _merge_listed(self, base, current):
        """Check the inline lists (bylines) three ways like the fields; return the
        ``(formset, your list)`` pairs both people changed differently."""
        conflicts = []
        for formset in getattr(self.instance, FORMSETS_ATTRIBUTE, ()):
            name = formset.concurrency_field
            if name not in current or name not in base.snapshot:
                continue
            was = comparable(name, base.snapshot[name])
            now = comparable(name, current[name])
            if now == was:
                continue  # nobody else changed the list: the formset saves as usual
            mine = comparable(name, formset.posted_items())
            if mine in (was, now):
                # Only they changed it (or both the same way): their rows stay.
                formset.keep_stored()
            else:
                conflicts.append((formset, mine))
        return conflicts

    def show_value(self, name, value):
        """Show ``value`` in field ``name`` when the refused form is shown again."""
        set_bound_value(self, name, value)

    def _current_value(self, name):
        field = self.fields[name]
        if isinstance(field, forms.ModelMultipleChoiceField):
            return field.queryset.filter(pk__in=snapshot_value(getattr(self.instance, name).all()))
        return getattr(self.instance, name)

    @staticmethod
    def _who_changed(name, later):
        for revision in reversed(later):
            if name in revision.changed_fields:
                return revision
        return later[-1]


def conflict_message(name, revision, theirs, yours, *, intro=None, yours_label=None):
    """The error on a field both people changed: who, when, both texts, the difference.

    ``intro`` (with ``%(name)s``, ``%(number)s`` and ``%(when)s``) and ``yours_label``
    replace the wording for a field, for a list of inline rows."""
    who = revision.author_name or gettext("someone")
    if intro is None:
        intro = gettext(
            "%(name)s saved this field meanwhile (revision #%(number)s, %(when)s Baku time). "
            "Your version was not saved: merge the two in the field and save again."
        )
    if yours_label is None:
        yours_label = gettext("Yours, still in the field")
    _field, language = split_name(name)
    lang = format_html(" lang='{}'", language) if language else ""
    return format_html(
        "<div class='turan-conflict'>"
        "<p class='turan-conflict__who'>{}</p>"
        "<div class='turan-conflict__texts'>"
        "<div class='turan-conflict__theirs'><div class='turan-conflict__label'>{}</div>"
        "<div class='turan-conflict__text'{}>{}</div></div>"
        "<div class='turan-conflict__yours'><div class='turan-conflict__label'>{}</div>"
        "<div class='turan-conflict__text'{}>{}</div></div>"
        "</div>"
        "<div class='turan-conflict__label'>{}</div><div class='turan-diff'{}>{}</div>"
        "</div>",
        str(intro)
        % {"name": who, "number": revision.number, "when": baku_time(revision.created_at)},
        gettext("Saved by %(name)s") % {"name": who},
        lang,
        theirs or gettext("(empty)"),
        str(yours_label),
        lang,
        yours or gettext("(empty)"),
        gettext("From their version to yours"),
        lang,
        word_diff(theirs, yours),
    )


def _to_python(field, value):
    """Return a posted ``value`` as ``field`` stores it, or None if it is empty or invalid."""
    value = snapshot_value(value)
    if value in (None, ""):
        return None
    try:
        return field.to_python(value)
    except ValidationError:
        return None


class ConcurrentListFormSet(BaseInlineFormSet):
    """Inline rows that together make one ordered list, checked like one field.

    Each row holds one related object (``item_field``) and its place
    (``order_field``); their ids, in order, are the snapshot field
    ``concurrency_field`` (bylines: ``authors``). A posted formset registers on
    the instance it shares with the parent form; ``ConcurrencyFormMixin``
    compares the list three ways and calls ``keep_stored`` or ``refuse``.
    """

    concurrency_field = None
    item_field = None
    order_field = None
    #: The conflict's wording (see ``conflict_message``); None: a field's wording.
    conflict_intro = None
    yours_label = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.keeps_stored = False
        self.concurrency_error = None
        if self.is_bound and self.instance.pk is not None and self.concurrency_field:
            vars(self.instance).setdefault(FORMSETS_ATTRIBUTE, []).append(self)

    def posted_items(self):
        """Return the ids the posted rows would store, in order.

        Read from the posted values, before validation: a row someone else
        deleted meanwhile counts as the person typed it."""
        opts = self.model._meta
        item_field = opts.get_field(self.item_field).target_field
        order_field = opts.get_field(self.order_field)
        rows = []
        for index, form in enumerate(self.forms):
            if hasattr(form, "cleaned_data"):
                # A row the admin shows read-only: it stands as it was loaded.
                item = form.cleaned_data.get(self.item_field)
                position = form.cleaned_data.get(self.order_field)
                deleted = False
            else:
                item = form[self.item_field].data
                position = form[self.order_field].data
                deleted = DELETION_FIELD_NAME in form.fields and form[DELETION_FIELD_NAME].data
            item = _to_python(item_field, item)
            if item is None or (self.can_delete and deleted):
                continue
            # Saved rows keep their place among equals (by id); new ones follow in form order.
            stored = form.instance.pk is not None and not form.instance._state.adding
            key = (
                _to_python(order_field, position) or 0,
                not stored,
                form.instance.pk if stored else index,
            )
            rows.append((key, item))
        return [item for _key, item in sorted(rows, key=lambda row: row[0])]

    def keep_stored(self):
        """Save nothing, and show the rows as they are stored now."""
        self.keeps_stored = True
        attname = self.model._meta.get_field(self.item_field).attname
        self._bind(
            [
                (row.pk, getattr(row, attname), getattr(row, self.order_field), False)
                for row in self.get_queryset().all()
            ],
            [],
        )

    def refuse(self, message, items):
        """Refuse the save with ``message``, showing ``items`` (your list) over the
        stored rows, so that saving again stores exactly that list."""
        self.concurrency_error = message
        attname = self.model._meta.get_field(self.item_field).attname
        places = {}
        for index, item in enumerate(items):
            places.setdefault(item, index)
        stored = list(self.get_queryset().all())
        held = {getattr(row, attname) for row in stored}
        new = [item for item in places if item not in held]
        initial = []
        for row in stored:
            item = getattr(row, attname)
            if item not in places and new:
                item = new.pop(0)  # a row of theirs now holds one of yours
            if item in places:
                initial.append((row.pk, item, places[item], False))
            else:  # one of theirs not in your list
                initial.append((row.pk, item, getattr(row, self.order_field), self.can_delete))
        self._bind(initial, [(None, item, places[item], False) for item in new])

    def _bind(self, initial, new):
        """Post ``initial`` (the stored rows, in their order) and ``new`` rows instead of
        what was posted: each ``(id, item id, place, delete)``."""
        prefix = self.prefix
        data = self.data.copy()
        for key in [key for key in data if key.startswith(f"{prefix}-")]:
            del data[key]
        rows = [*initial, *new]
        counts = {
            TOTAL_FORM_COUNT: len(rows),
            INITIAL_FORM_COUNT: len(initial),
            MIN_NUM_FORM_COUNT: self.min_num,
            MAX_NUM_FORM_COUNT: self.max_num,
        }
        for name, count in counts.items():
            data[f"{prefix}-{name}"] = str(count)
        for index, (pk, item, place, delete) in enumerate(rows):
            key = self.add_prefix(index)
            data[f"{key}-{self.model._meta.pk.name}"] = "" if pk is None else str(pk)
            data[f"{key}-{self.fk.name}"] = str(self.instance.pk)
            data[f"{key}-{self.item_field}"] = str(item)
            data[f"{key}-{self.order_field}"] = str(place)
            if delete:
                data[f"{key}-{DELETION_FIELD_NAME}"] = "on"
        self.data = data
        # Build the rows and their errors again from the new data.
        for name in ("forms", "management_form"):
            vars(self).pop(name, None)
        self._errors = self._non_form_errors = None

    def clean(self):
        errors = [self.concurrency_error] if self.concurrency_error else []
        try:
            super().clean()
        except ValidationError as error:
            errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)

    def save(self, commit=True):
        if not self.keeps_stored:
            return super().save(commit)
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        self.saved_forms = []
        self.save_m2m = lambda: None
        return []


class ConcurrencyAdminMixin:
    """Lock the article's row for a posted change form; carry the base revision in it."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None:
            setattr(request, LOCK_ATTRIBUTE, True)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if getattr(request, LOCK_ATTRIBUTE, False):
            # The admin runs the whole change view in one transaction: the lock holds
            # until the revision of this save is recorded.
            queryset = queryset.select_for_update(of=("self",))
        return queryset

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.pk is None or not fieldsets:
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "base_revision"]}), *rest]
