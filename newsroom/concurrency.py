"""No lost updates: a save is checked against the revision its form was loaded from.

The change form carries the number of the revision it showed (``base_revision``).
``newsroom.actions.save_article`` compares each field three ways, with the
article's row locked:

* nobody else changed it since the base revision → the form's value is saved;
* only someone else changed it (the form still holds the base value) → their
  value is kept, so disjoint edits merge;
* both changed it, differently → the save is refused: the field's error names
  who saved meanwhile and shows both texts; every typed value stays in the
  form, fields only the other person changed show their value, and the form
  now carries the newer revision, so saving again (after merging) succeeds.

This module shows the outcome on the form (``ConcurrencyFormMixin.show_refusal``).
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

from newsroom.diffs import word_diff
from newsroom.history import baku_time, ensure_revision, snapshot_value, split_name


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
    """Carry the base revision; show a save refused by the three-way merge."""

    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["base_revision"] = ensure_revision(self.instance).number

    def keep_stored_lists(self, result, formsets):
        """Let the inline lists only someone else changed (``result.kept``) keep their rows."""
        for formset in formsets:
            name = getattr(formset, "concurrency_field", None)
            if name in result.kept and not formset.keeps_stored:
                formset.keep_stored()

    def show_refusal(self, result, formsets=()):
        """Show the conflicts of a refused save (a ``newsroom.actions.SaveResult``):
        an error on each field, or above its inline list, naming who saved
        meanwhile with both texts; the others' values where only they changed
        something; and the newest revision as the next attempt's base."""
        lists = {
            formset.concurrency_field: formset
            for formset in formsets
            if getattr(formset, "concurrency_field", None)
        }
        self.keep_stored_lists(result, formsets)
        for conflict in result.conflicts:
            formset = lists.get(conflict.name)
            if formset is not None:
                formset.refuse(
                    conflict_message(
                        conflict,
                        intro=formset.conflict_intro,
                        yours_label=formset.yours_label,
                    ),
                    conflict.yours,
                )
            else:
                self.add_error(
                    conflict.name if conflict.name in self.fields else None,
                    conflict_message(conflict),
                )
        self.add_error(
            None,
            gettext(
                "%(names)s saved this article while you were editing it. Both of you changed "
                "the fields marked below, so nothing was saved. Everything you typed is still "
                "in the form: merge the two versions and save again."
            )
            % {"names": ", ".join(result.savers)},
        )
        self.data = self.data.copy()
        for name, value in result.kept.items():
            if name in self.fields:
                self.show_value(name, value)
        self.data[self.add_prefix("base_revision")] = str(result.latest_number)

    def show_value(self, name, value):
        """Show ``value`` in field ``name`` when the refused form is shown again."""
        set_bound_value(self, name, value)


def conflict_message(conflict, *, intro=None, yours_label=None):
    """The error on a field both people changed: who, when, both texts, the difference.

    ``conflict`` is a ``newsroom.actions.Conflict``. ``intro`` (with ``%(name)s``,
    ``%(number)s`` and ``%(when)s``) and ``yours_label`` replace the wording for
    a field, for a list of inline rows."""
    revision, theirs, yours = conflict.revision, conflict.theirs_text, conflict.yours_text
    who = conflict.who
    if intro is None:
        intro = gettext(
            "%(name)s saved this field meanwhile (revision #%(number)s, %(when)s Baku time). "
            "Your version was not saved: merge the two in the field and save again."
        )
    if yours_label is None:
        yours_label = gettext("Yours, still in the field")
    _field, language = split_name(conflict.name)
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
    ``concurrency_field`` (bylines: ``authors``). The admin hands ``posted_items``
    to ``newsroom.actions``, which compares the list three ways; the outcome
    calls ``keep_stored`` or ``refuse``.
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
    """Carry the base revision in the change form."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.pk is None or not fieldsets:
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "base_revision"]}), *rest]
