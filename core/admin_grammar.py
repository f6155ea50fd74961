"""Django's stock admin phrases with the model's name in the right case and number.

Django builds "Select %s to change", "Add %s", "Change %s" and the list's "43
articles" by putting the model's ``verbose_name`` (or ``verbose_name_plural``)
into one sentence for every model. Russian and Azerbaijani need the name in
another case there ("Выберите статью", "məqaləni seçin") and Russian needs
three plural forms ("1 статья, 2 статьи, 5 статей"), which a single
``verbose_name_plural`` cannot carry. So each such phrase is also looked up
whole, per model, under a message context: ``pgettext("admin title", "Select
article to change")`` and ``npgettext("admin count", "%(count)s article",
"%(count)s articles", n)``, built from the model's English names. Where the
catalogue has the phrase, it is used; where it has not, Django's own wording
stays. The sentences that name an object ("The article “…” was changed") are
reworded in our catalogues without a gendered verb instead (docs/architecture.md).
"""

from django.utils import translation
from django.utils.translation import npgettext, pgettext

TITLE_CONTEXT = "admin title"
COUNT_CONTEXT = "admin count"
TITLES = {"changelist": "Select {} to change", "add": "Add {}", "change": "Change {}"}


def english_names(opts):
    with translation.override(None):
        return str(opts.verbose_name), str(opts.verbose_name_plural)


def _translated(text, msgid):
    """None where the catalogue of the active language lacks the phrase."""
    language = translation.get_language() or "en"
    if text == msgid and not language.startswith("en"):
        return None
    return text


def title(kind, opts):
    """ "Select article to change" / "Выберите статью для изменения", or None."""
    singular, _plural = english_names(opts)
    msgid = TITLES[kind].format(singular)
    return _translated(pgettext(TITLE_CONTEXT, msgid), msgid)


def count(opts, number):
    """ "43 articles" / "43 статьи", or None."""
    singular, plural = english_names(opts)
    one, many = f"%(count)s {singular}", f"%(count)s {plural}"
    text = npgettext(COUNT_CONTEXT, one, many, number)
    if _translated(text, one if number == 1 else many) is None:
        return None
    return text % {"count": number}


class CaseFormsAdminMixin:
    """Titles of the list, add and change pages with the model's name in its case."""

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, self._with_title("changelist", extra_context))

    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, self._with_title("add", extra_context))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(
            request, object_id, form_url, self._with_title("change", extra_context)
        )

    def _with_title(self, kind, extra_context):
        text = title(kind, self.opts)
        if text is None or (extra_context or {}).get("title"):
            return extra_context
        return {**(extra_context or {}), "title": text}
