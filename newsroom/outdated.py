"""Outdated translations.

Each translation remembers the original's title, lead, body and caption as
they were when the translation was last saved (or checked): a
``TranslationState`` per article and translation language. When the original
changes after that, the translation is marked outdated; saving the
translation, or ticking "translation checked", clears the mark.

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
#: Saving any of these in a language counts as saving that translation.
TRANSLATION_FIELDS = ("title", "lead", "body", "caption", "search_description")


def original_text(article):
    """Return the original language's title, lead, body and caption."""
    language = article.original_language
    return {field: getattr(article, column(field, language)) or "" for field in SOURCE_FIELDS}


def has_translation(article, language):
    return any(getattr(article, column(field, language)) for field in SOURCE_FIELDS)


def sync_translation_states(article, changed_fields, checked=(), user=None):
    """Bring the translation states up to date after a save that changed ``changed_fields``."""
    original = article.original_language
    source = original_text(article)
    states = {state.language: state for state in article.translation_states.all()}
    rebase_all = "original_language" in changed_fields
    for code in LANGUAGE_CODES:
        state = states.get(code)
        if code == original:
            if state is not None:
                state.delete()
            continue
        content = has_translation(article, code)
        saved = any(column(field, code) in changed_fields for field in TRANSLATION_FIELDS)
        if state is None:
            if not content:
                continue
            # First seen with content: taken as made from the original as it is now.
            state = TranslationState(article=article, language=code)
            rebase = True
        else:
            rebase = rebase_all or saved or code in checked
        if rebase:
            state.source = source
            state.source_language = original
            state.outdated = False
            state.updated_at = timezone.now()
            state.updated_by = user if user is not None and user.is_authenticated else None
            state.save()
            continue
        outdated = content and state.source != source
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
    return {
        f"translation_checked_{code}": forms.BooleanField(
            label=_("Translation checked"),
            required=False,
            help_text=_(
                "Tick when this translation says what the original says now. Saving "
                "changes to the translation also clears the mark."
            ),
        )
        for code in LANGUAGE_CODES
    }


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
        for code in LANGUAGE_CODES:
            name = f"translation_checked_{code}"
            if code not in outdated:
                self.fields.pop(name, None)
            elif name in self.fields:
                self.fields[name].widget = TranslationCheckWidget(
                    changes=original_changes(self.instance, code),
                    original=self.instance.original_language,
                )


def checked_languages(form):
    """Return the languages whose "translation checked" box the saved form ticked."""
    cleaned = getattr(form, "cleaned_data", {})
    return [code for code in LANGUAGE_CODES if cleaned.get(f"translation_checked_{code}")]


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
        return super().get_queryset(request).with_outdated()

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
        names = [f"translation_checked_{code}" for code in obj.outdated_languages()]
        if not names or not fieldsets:
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], *names]}), *rest]

    def translation_context(self, form, obj=None):
        context = super().translation_context(form, obj)
        if any(f"translation_checked_{code}" in form.fields for code in LANGUAGE_CODES):
            # A per-language row that follows the tabs (translations.js "companions").
            config = context["config"]
            config["companions"] = [*config.get("companions", []), "translation_checked"]
        outdated = set(obj.outdated_languages()) if obj is not None and obj.pk else set()
        for tab in context["tabs"]:
            tab["is_outdated"] = tab["code"] in outdated
        return context

    @admin.display(description=_("outdated"))
    def outdated_translations(self, obj):
        codes = obj.outdated_languages()
        if not codes:
            return "—"
        return format_html_join(
            " ",
            "<span class='turan-status turan-status--outdated' title='{}: {}'>{}</span>",
            ((LANGUAGE_NAMES[code], gettext("outdated"), code.upper()) for code in codes),
        )
