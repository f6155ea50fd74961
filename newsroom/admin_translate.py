"""Helping a translator start: "Start from the original" on an empty
translation body, and a warning on a translation's tab when it places other
quotes than the original (static/turan/admin/start-from-original.js while
typing; from the server on the form as shown and after each save)."""

from django import forms
from django.contrib import messages
from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext, pgettext

from core.i18n import LANGUAGE_CODES, column
from core.text import quote_ids
from newsroom.pending import pending_changes
from newsroom.publication import language_label
from quotes.models import Quote


def _is_empty(body):
    return not quote_ids(body) and not strip_tags(body or "").strip()


def quotes_differ(original, translation):
    """Whether two versions' lists of placed quote ids differ (the script's rule)."""
    return len(original) != len(translation) or set(original) != set(translation)


def quote_mismatches(bodies, original):
    """``{code: [ids]}`` for the original and each translation placing other quotes
    than it, from ``bodies`` (``{code: html}``); ``{}`` when they all agree. Empty
    versions are not compared: they are yet to be written."""
    if _is_empty(bodies.get(original)):
        return {}
    placed = quote_ids(bodies[original])
    differing = {
        code: quote_ids(body)
        for code, body in bodies.items()
        if code != original and not _is_empty(body) and quotes_differ(placed, quote_ids(body))
    }
    return {original: placed, **differing} if differing else {}


def edited_bodies(article):
    """Each version's body as its form shows it: a live version's pending text first."""
    changes = pending_changes(article)
    bodies = {}
    for code in LANGUAGE_CODES:
        name = column("body", code)
        change = changes.get(code)
        bodies[code] = (
            change.fields[name]
            if change is not None and name in change.fields
            else getattr(article, name)
        )
    return bodies


def quote_names(ids):
    """``#3 (Rasmussen), #5 (Aliyev)``, speakers named in the current language."""
    if not ids:
        return pgettext("quotes placed", "none")
    speakers = {
        quote.pk: str(quote.speaker)
        for quote in Quote.objects.filter(pk__in=set(ids)).select_related("speaker")
    }
    return ", ".join(
        gettext("#%(id)s (%(speaker)s)") % {"id": pk, "speaker": speakers[pk]}
        if pk in speakers
        else gettext("#%(id)s") % {"id": pk}
        for pk in ids
    )


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
        self._mark_quote_mismatches(form, context["config"]["original"])
        return context

    def _mark_quote_mismatches(self, form, original):
        """A note in the help of each translation body placing other quotes than
        the original's, as the form shows them (so it is on that language's tab;
        the script replaces it with its own while the text is edited)."""
        names = {code: column("body", code) for code in LANGUAGE_CODES}
        if not all(name in form.fields for name in names.values()):
            return
        mismatches = quote_mismatches(
            {code: form[name].value() or "" for code, name in names.items()}, original
        )
        for code, ids in mismatches.items():
            if code == original:
                continue
            field = form.fields[names[code]]
            note = format_html(
                '<span class="turan-quotes-differ" data-lang="{}" role="status">{}</span>',
                code,
                gettext(
                    "This version places other quotes than the original: the original "
                    "%(original)s, this version %(translation)s."
                )
                % {
                    "original": quote_names(mismatches[original]),
                    "translation": quote_names(ids),
                },
            )
            field.help_text = format_html("{}{}", note, field.help_text)
            # The bound field (read above) copied the help text when it was made.
            form[names[code]].help_text = field.help_text

    def report_quote_mismatch(self, request, article):
        """After a save: a warning (the save is done) naming which versions cite which quotes."""
        mismatches = quote_mismatches(edited_bodies(article), article.original_language)
        if not mismatches:
            return
        original = article.original_language
        versions = "; ".join(
            (
                gettext("%(language)s (the original): %(quotes)s")
                if code == original
                else gettext("%(language)s: %(quotes)s")
            )
            % {"language": language_label(code), "quotes": quote_names(ids)}
            for code, ids in mismatches.items()
        )
        self.message_user(
            request,
            gettext(
                "The language versions cite different quotes: %(versions)s. Saved all the "
                "same; check the quotes on those tabs."
            )
            % {"versions": versions},
            messages.WARNING,
        )
