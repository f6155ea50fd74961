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

Bylines (an inline) are saved row by row by their formset and are not part of
this check.
"""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext

from articles.diffs import word_diff
from articles.history import (
    baku_time,
    comparable,
    display_text,
    ensure_revision,
    related_names,
    snapshot_value,
    split_name,
    take_snapshot,
)
from articles.models import ArticleRevision

#: Set on the request by the admin when the change form is posted.
LOCK_ATTRIBUTE = "_turan_lock_article"


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
        if not conflicts:
            return
        yours = {name: snapshot_value(cleaned_data[name]) for name in conflicts}
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


def conflict_message(name, revision, theirs, yours):
    """The error on a field both people changed: who, when, both texts, the difference."""
    who = revision.author_name or gettext("someone")
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
        gettext(
            "%(name)s saved this field meanwhile (revision #%(number)s, %(when)s Baku time). "
            "Your version was not saved: merge the two in the field and save again."
        )
        % {"name": who, "number": revision.number, "when": baku_time(revision.created_at)},
        gettext("Saved by %(name)s") % {"name": who},
        lang,
        theirs or gettext("(empty)"),
        gettext("Yours, still in the field"),
        lang,
        yours or gettext("(empty)"),
        gettext("From their version to yours"),
        lang,
        word_diff(theirs, yours),
    )


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
