"""Outdated translations.

Each translation remembers the original's title, lead, body and caption as
each of the translation's fields was last saved (or checked): a
``TranslationState`` per article and translation language, whose ``source``
holds one entry per field. A field is outdated while the original's text of
that field differs from its entry: saving that field of the translation, or
ticking it as checked, brings the entry up to date; "translation checked"
does so for every field. The translation is outdated while any field is.

Changing an article's original language re-bases every translation on the new
original's current text: the change itself marks nothing outdated.

``sync_translation_states`` runs on every recorded revision (see
``newsroom.history.record_revision``), so the mark is kept by every write path
that goes through ``Article.save()``.
"""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, TranslationState
from core.i18n import LANGUAGE_CODES, LANGUAGE_NAMES, column
from newsroom.diffs import html_to_text, word_diff

#: What a translation is made from.
SOURCE_FIELDS = ("title", "lead", "body", "caption")


def original_text(article):
    """Return the original language's title, lead, body and caption."""
    language = article.original_language
    return {field: getattr(article, column(field, language)) or "" for field in SOURCE_FIELDS}


def has_translation(article, language):
    return any(getattr(article, column(field, language)) for field in SOURCE_FIELDS)


def stale_fields(state, original):
    """The original's fields (``SOURCE_FIELDS``) changed since that field of the
    translation was last saved or checked (``original``: ``original_text()``)."""
    return [field for field in SOURCE_FIELDS if (state.source.get(field) or "") != original[field]]


def split_checked(checked):
    """``checked`` holds languages (every field checked) and ``(language, field)``
    pairs (that field checked): return ``(languages, pairs)``."""
    codes = [item for item in checked if isinstance(item, str)]
    pairs = [tuple(item) for item in checked if not isinstance(item, str)]
    return codes, pairs


def sync_translation_states(article, changed_fields, checked=(), user=None):
    """Bring the translation states up to date after a save that changed
    ``changed_fields``, per field: a translation's field follows the original's
    text again once that field is saved, or checked (``checked``: languages for
    every field, ``(language, field)`` for one)."""
    original = article.original_language
    source = original_text(article)
    states = {state.language: state for state in article.translation_states.all()}
    rebase_all = "original_language" in changed_fields
    checked_codes, checked_pairs = split_checked(checked)
    for code in LANGUAGE_CODES:
        state = states.get(code)
        if code == original:
            if state is not None:
                state.delete()
            continue
        content = has_translation(article, code)
        if state is None:
            if not content:
                continue
            # First seen with content: taken as made from the original as it is now.
            state = TranslationState(article=article, language=code)
            rebase = list(SOURCE_FIELDS)
        elif rebase_all or code in checked_codes:
            rebase = list(SOURCE_FIELDS)
        else:
            rebase = [
                field
                for field in SOURCE_FIELDS
                if column(field, code) in changed_fields or (code, field) in checked_pairs
            ]
        if rebase:
            base = {} if rebase_all or state.pk is None else dict(state.source)
            state.source = {**base, **{field: source[field] for field in rebase}}
            state.source_language = original
            state.outdated = content and bool(stale_fields(state, source))
            state.updated_at = timezone.now()
            state.updated_by = user if user is not None and user.is_authenticated else None
            state.save()
            continue
        outdated = content and bool(stale_fields(state, source))
        if outdated != state.outdated:
            state.outdated = outdated
            state.save(update_fields=["outdated"])


def original_changes(article, language):
    """Return ``(label, diff)`` for each of the original's fields changed since the
    ``language`` translation was last saved or checked."""
    state = TranslationState.objects.filter(article=article, language=language).first()
    if state is None:
        return []
    current = original_text(article)
    changes = []
    for field in SOURCE_FIELDS:
        then, now = state.source.get(field) or "", current[field]
        if then == now:
            continue
        if field == "body":
            then, now = html_to_text(then), html_to_text(now)
            if then == now:  # only the formatting changed
                then, now = state.source.get(field) or "", current[field]
        label = capfirst(Article._meta.get_field(field).verbose_name)
        changes.append((label, word_diff(then, now)))
    return changes


class TranslationCheckWidget(forms.CheckboxInput):
    """The "translation checked" box, after what changed in the original."""

    def __init__(self, *args, changes=(), original=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.changes = list(changes)
        self.original = original

    def render(self, name, value, attrs=None, renderer=None):
        heading = gettext(
            "The original (%(language)s) changed since this translation was last saved:"
        ) % {"language": LANGUAGE_NAMES.get(self.original, self.original)}
        rows = format_html_join(
            "",
            "<div class='turan-outdated__field'><div class='turan-outdated__label'>{}</div>"
            "<div class='turan-diff' lang='{}'>{}</div></div>",
            ((label, self.original, diff) for label, diff in self.changes),
        )
        return format_html(
            "<div class='turan-outdated' role='note'><p class='turan-outdated__title'>{}</p>"
            "{}</div>{}",
            heading,
            rows,
            super().render(name, value, attrs, renderer),
        )


def _translation_check_fields():
    fields = {}
    for code in LANGUAGE_CODES:
        fields[f"translation_checked_{code}"] = forms.BooleanField(
            label=_("Translation checked"),
            required=False,
            help_text=_(
                "Tick when this translation says what the original says now. Saving "
                "changes to the translation also clears the mark."
            ),
        )
        fields[f"translation_checked_fields_{code}"] = forms.MultipleChoiceField(
            label=_("Fields checked"),
            required=False,
            choices=[],
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "Tick a field when its translation says what the original says now; "
                "saving a field clears its mark too."
            ),
        )
    return fields


# One "translation checked" field per language, declared so that the admin's
# fieldsets may name them.
_TranslationChecks = forms.models.ModelFormMetaclass(
    "_TranslationChecks",
    (forms.ModelForm,),
    {"__module__": __name__, **_translation_check_fields()},
)


class OutdatedFormMixin(_TranslationChecks):
    """Offer "translation checked" (with the original's changes) for outdated translations."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        outdated = set(self.instance.outdated_languages()) if self.instance.pk else set()
        self.stale = stale_by_language(self.instance) if outdated else {}
        for code in LANGUAGE_CODES:
            name = f"translation_checked_{code}"
            fields_name = f"translation_checked_fields_{code}"
            stale = self.stale.get(code, []) if code in outdated else []
            if not stale:
                self.fields.pop(name, None)
                self.fields.pop(fields_name, None)
                continue
            if name in self.fields:
                self.fields[name].widget = TranslationCheckWidget(
                    changes=original_changes(self.instance, code),
                    original=self.instance.original_language,
                )
            if fields_name in self.fields:
                self.fields[fields_name].choices = [(field, _label(field)) for field in stale]
            for field in stale:
                self._mark_stale_field(column(field, code), field)

    def _mark_stale_field(self, name, field):
        """A badge on the translated field itself, in its language's tab."""
        form_field = self.fields.get(name)
        if form_field is None:
            return
        badge = format_html(
            "<span class='turan-badge turan-badge--outdated turan-field-outdated' "
            "data-field='{}'>{}</span> {}",
            name,
            gettext("outdated"),
            gettext("The original's %(field)s changed since this field was last saved.")
            % {"field": _label(field).lower()},
        )
        help_text = form_field.help_text
        form_field.help_text = format_html("{}<br>{}", badge, help_text) if help_text else badge


def _label(field):
    return capfirst(Article._meta.get_field(field).verbose_name)


def stale_by_language(article):
    """``{language: [field…]}``: each translation's fields whose original changed."""
    if article.pk is None:
        return {}
    original = original_text(article)
    return {
        state.language: stale_fields(state, original)
        for state in article.translation_states.all()
        if state.language != article.original_language
    }


def checked_languages(form):
    """Return what the saved form ticked as checked: the languages whose
    "translation checked" box is ticked (every field), and ``(language, field)``
    for each field ticked alone."""
    cleaned = getattr(form, "cleaned_data", {})
    checked = [code for code in LANGUAGE_CODES if cleaned.get(f"translation_checked_{code}")]
    for code in LANGUAGE_CODES:
        if code in checked:
            continue
        for field in cleaned.get(f"translation_checked_fields_{code}") or []:
            if field in SOURCE_FIELDS:
                checked.append((code, field))
    return checked


class OutdatedTranslationFilter(admin.SimpleListFilter):
    title = _("outdated translation")
    parameter_name = "outdated"

    def lookups(self, request, model_admin):
        return [(code, LANGUAGE_NAMES[code]) for code in LANGUAGE_CODES]

    def queryset(self, request, queryset):
        if self.value() in LANGUAGE_CODES:
            return queryset.outdated_in(self.value())
        return queryset


class OutdatedAdminMixin:
    """The outdated mark in the article admin: list column and filter, tab badge, form box."""

    def get_queryset(self, request):
        return super().get_queryset(request).with_outdated().prefetch_related("translation_states")

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if "outdated_translations" not in columns:
            at = columns.index("language_statuses") + 1 if "language_statuses" in columns else None
            columns.insert(at if at is not None else len(columns), "outdated_translations")
        return columns

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if OutdatedTranslationFilter not in filters:
            filters.append(OutdatedTranslationFilter)
        return filters

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.pk is None:
            return fieldsets
        names = [
            name
            for code in obj.outdated_languages()
            for name in (f"translation_checked_{code}", f"translation_checked_fields_{code}")
        ]
        if not names or not fieldsets:
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], *names]}), *rest]

    def translation_context(self, form, obj=None):
        context = super().translation_context(form, obj)
        if any(f"translation_checked_{code}" in form.fields for code in LANGUAGE_CODES):
            # A per-language row that follows the tabs (translations.js "companions").
            config = context["config"]
            config["companions"] = [
                *config.get("companions", []),
                "translation_checked",
                "translation_checked_fields",
            ]
        outdated = set(obj.outdated_languages()) if obj is not None and obj.pk else set()
        for tab in context["tabs"]:
            tab["is_outdated"] = tab["code"] in outdated
        return context

    @admin.display(description=_("outdated"))
    def outdated_translations(self, obj):
        codes = obj.outdated_languages()
        if not codes:
            return "—"
        stale = stale_by_language(obj)
        rows = []
        for code in codes:
            fields = ", ".join(_label(field).lower() for field in stale.get(code, []))
            rows.append((LANGUAGE_NAMES[code], gettext("outdated"), fields, code.upper(), fields))
        return format_html_join(
            " ",
            "<span class='turan-status turan-status--outdated' title='{}: {} ({})'>"
            "<b>{}</b> <span class='turan-status__fields'>{}</span></span>",
            rows,
        )
