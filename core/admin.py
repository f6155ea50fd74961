"""Admin pieces shared by every app with translated fields.

One form holds all three languages of every translated field; the template
``admin/turan/translated_change_form.html`` adds one language switcher for the
whole form and ``static/turan/admin/translations.js`` shows one language at a
time, with the original language's text beside the field being translated.
"""

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import models
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget
from modeltranslation.admin import TranslationAdmin

from core.admin_grammar import CaseFormsAdminMixin
from core.i18n import LANGUAGE_CODES, LANGUAGE_NAMES, column, columns
from core.uploads import SafeImageField, storage_errors

logger = logging.getLogger(__name__)

#: The message when the media storage refused an upload (the article form
#: keeps what was typed: newsroom.admin.OutageSafeSaveMixin).
STORAGE_DOWN_MESSAGE = _(
    "The image could not be stored: the media storage did not answer, and nothing "
    "was saved. Try again later, or save without the new image."
)


class TranslatedAdminForm(forms.ModelForm):
    """Require each of ``one_language_required`` in at least one language."""

    one_language_required = ()

    def clean(self):
        cleaned_data = super().clean()
        for field in self.one_language_required:
            names = [name for name in columns(field) if name in self.fields]
            if names and not any(cleaned_data.get(name) for name in names):
                self.add_error(names[0], _("Fill this in at least one language."))
        return cleaned_data


class EditorToolsWidget(AdminProseEditorWidget):
    """A translated rich-text field's editor with the house's tools
    (``static/turan/admin/editor-tools.js``): paste clean-up, word and
    character counts, toolbar tooltips in the admin's language. Every rich
    text of a ``TranslatedAdmin`` gets it (site pages, articles), so the
    editors behave alike; the article body adds the libraries' placeholders
    (newsroom.forms.BodyEditorWidget)."""

    def __init__(self, *args, language, **kwargs):
        self.language = language
        super().__init__(*args, **kwargs)

    def get_config(self):
        config = super().get_config()
        if "extensions" not in config:
            return config
        # Given as an URL so that no settings entry is needed.
        config["js_modules"] = [*config["js_modules"], static("turan/admin/editor-tools.js")]
        # The default NoSpellCheck turns the browser's spell-checker off; the
        # tools turn it on and name the version's language instead.
        extensions = {
            name: value for name, value in config["extensions"].items() if name != "NoSpellCheck"
        }
        config["extensions"] = extensions | {"EditorTools": self.tools_options()}
        return config

    def tools_options(self):
        return {"language": self.language}


def _has_value(value):
    if isinstance(value, list | tuple):
        return any(_has_value(item) for item in value)
    return value not in (None, "")


def _keep_subwidget_classes(widget):
    """modeltranslation puts its classes on a split date/time widget as a whole,
    which renders them on both inputs instead of the admin's vDateField and
    vTimeField: without those, no calendar, no clock, no "Today" or "Now".
    Give each input its own class plus modeltranslation's."""
    shared = widget.attrs.pop("class", "").split()
    for subwidget in widget.widgets:
        own = subwidget.attrs.get("class", "").split()
        subwidget.attrs["class"] = " ".join(dict.fromkeys([*own, *shared]))


class TranslatedAdmin(CaseFormsAdminMixin, TranslationAdmin):
    """A plain (untabbed) modeltranslation admin plus the whole-form language switcher.

    modeltranslation's tabbed admins load jQuery UI from a CDN; this one needs
    nothing from outside the project.
    """

    form = TranslatedAdminForm
    # Only real raster images, re-encoded without EXIF, under a safe name.
    formfield_overrides = {models.ImageField: {"form_class": SafeImageField}}
    change_form_template = "admin/turan/translated_change_form.html"
    #: Translated fields that need a value in at least one language (not in Russian).
    one_language_required = ()
    #: A model field naming the language the object was written in, if it has one.
    original_language_field = None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except storage_errors() as error:
            if request.method != "POST":
                raise
            # The save's transaction is rolled back: no row names a file that is
            # not there. Back to the form, with the reason.
            logger.warning("Media storage unavailable while saving: %s", error)
            self.message_user(request, STORAGE_DOWN_MESSAGE, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    class Media:
        css = {"all": ["turan/admin/admin.css"]}
        js = ["turan/admin/translations.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        translated = getattr(db_field, "translated_field", None)
        if field is not None and translated is not None:
            # Each language's input says which it is: the browser's spell-checker
            # (and a screen reader) then use that language's dictionary.
            field.widget.attrs["lang"] = db_field.language
            if isinstance(db_field, models.SlugField):
                field.widget.attrs["spellcheck"] = "false"
            elif isinstance(db_field, models.CharField | models.TextField):
                field.widget.attrs["spellcheck"] = "true"
            if isinstance(field.widget, forms.MultiWidget):
                _keep_subwidget_classes(field.widget)
            widget = field.widget
            if type(widget) is AdminProseEditorWidget:
                field.widget = EditorToolsWidget(
                    attrs=widget.attrs,
                    config=widget.config,
                    preset=widget.preset,
                    language=db_field.language,
                )
            # modeltranslation makes the default language required when the
            # model field is; any one language will do (see the form's clean).
            if translated.name in self.one_language_required:
                field.required = False
        return field

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.one_language_required = self.one_language_required
        return form

    def translated_field_names(self, form):
        """Return the translated fields the form edits, in the model's order."""
        return [
            field.name
            for field in self.model._meta.fields
            if field.name in self.trans_opts.fields
            and any(name in form.fields for name in columns(field.name))
        ]

    def original_language(self, form, obj=None):
        name = self.original_language_field
        if name is None:
            return settings.LANGUAGE_CODE
        if name in form.fields:
            value = form[name].value()
        else:
            value = getattr(obj, name, None)
        return value if value in LANGUAGE_CODES else settings.LANGUAGE_CODE

    def translation_context(self, form, obj=None):
        """Describe the language tabs: names, the original, empty and erroneous versions."""
        fields = self.translated_field_names(form)
        original = self.original_language(form, obj)
        tabs = []
        for code in LANGUAGE_CODES:
            names = [column(field, code) for field in fields if column(field, code) in form.fields]
            tabs.append(
                {
                    "code": code,
                    "name": LANGUAGE_NAMES[code],
                    "is_original": code == original,
                    "has_errors": any(name in form.errors for name in names),
                    "is_empty": not any(_has_value(form[name].value()) for name in names),
                }
            )
        current = next((tab["code"] for tab in tabs if tab["has_errors"]), original)
        config = {
            "languages": [{"code": tab["code"], "name": tab["name"]} for tab in tabs],
            "fields": fields,
            "original": original,
            "current": current,
            "originalField": self.original_language_field,
            "strings": {
                # The label above the other language's text, e.g. "Original · Русский".
                "reference": gettext("Original · %(language)s")
                if self.original_language_field
                else "%(language)s",
                "empty": gettext("(empty in %(language)s)"),
                "quote": gettext("Quote from the library #%(id)s"),
            },
        }
        return {
            "tabs": tabs,
            "current": current,
            "has_original": bool(self.original_language_field),
            "config": config,
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context.get("adminform")
        if adminform is not None:
            context["translation"] = self.translation_context(adminform.form, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)
