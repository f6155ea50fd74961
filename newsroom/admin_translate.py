"""Helping a translator start: "Start from the original" on an empty
translation body, and a warning on a translation's tab when it places other
quotes than the original (static/turan/admin/start-from-original.js)."""

from django import forms
from django.utils.translation import gettext


class StartFromOriginalAdminMixin:
    @property
    def media(self):
        return super().media + forms.Media(js=["turan/admin/start-from-original.js"])

    def translation_context(self, form, obj=None):
        context = super().translation_context(form, obj)
        context["config"]["startFromOriginal"] = {
            "button": gettext("Start from the original"),
            "help": gettext(
                "Copies the original's body into this empty one: its paragraphs, headings, "
                "lists and quotes, with the original's text to translate in place."
            ),
            "quotesDiffer": gettext(
                "This version places other quotes than the original: the original "
                "%(original)s, this version %(translation)s."
            ),
        }
        return context
