import re
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import PageNotAnInteger, Paginator
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from django.views.generic import ListView

from articles import selectors
from articles.models import Article
from core.i18n import current_language
from core.templatetags.turan_tags import equivalent_path, label, time_element
from search import engine as search

PARAMETERS = ("q", "section", "from", "to", "sort", "searched_in")
# ?sort=date: newest first; anything else, or nothing, is by relevance.
SORTS = ("relevance", "date")
# PostgreSQL rejects NUL in text; the other control characters mean nothing in a search.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
BIGINT_MAX = 2**63 - 1
# How a date is typed in the search form, per page language (and the hint,
# "DD/MM/YYYY" in the catalogues, that says so).
DATE_FORMATS = {"ru": "%d.%m.%Y", "az": "%d.%m.%Y", "en": "%d/%m/%Y"}
EXAMPLE_DAY = date(2024, 12, 31)
# A search finding fewer articles than this is checked for misspelt words.
FEW_RESULTS = search.TYPO_FALLBACK_BELOW


class SearchForm(forms.Form):
    """The search parameters: ``?q=…&section=<slug>&from=YYYY-MM-DD&to=YYYY-MM-DD``."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=search.QUERY_MAX_LENGTH,
        error_messages={
            "max_length": _(
                "That is too long to search for: please use at most %(limit_value)d characters."
            )
        },
    )
    section = forms.ChoiceField(
        label=_("Section"),
        required=False,
        error_messages={"invalid_choice": _("There is no such section.")},
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = {section.slug: section for section in sections}
        self.fields["section"].choices = [("", ""), *((slug, slug) for slug in self.sections)]
        # "from" and "to" are Python keywords, so these two cannot be class attributes.
        # A date is typed in the page language's format (DATE_FORMATS); the
        # ISO form of older links is read too.
        language_format = DATE_FORMATS.get(current_language(), DATE_FORMATS["en"])
        self.date_hint = pgettext("date format", "DD/MM/YYYY")
        message = _("Enter a date as %(format)s, for example %(example)s.") % {
            "format": self.date_hint,
            "example": EXAMPLE_DAY.strftime(language_format),
        }
        for name, field_label in (("from", _("From")), ("to", _("To"))):
            self.fields[name] = forms.DateField(
                label=field_label,
                required=False,
                input_formats=[language_format, "%Y-%m-%d"],
                error_messages={"invalid": message},
            )
        self.date_format = language_format

    def shown_date(self, name):
        """The ``name`` date as its field shows it: in the page's format when
        valid, else as typed (with the error beside it)."""
        value = self.data.get(name, "")
        if self.is_bound and self.is_valid() and self.cleaned_data.get(name):
            return self.cleaned_data[name].strftime(self.date_format)
        return value

    def clean_section(self):
        return self.sections.get(self.cleaned_data["section"])

    def clean(self):
        data = super().clean()
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            self.add_error("to", _("The end of the period comes before its start."))
        return data


def search_parameters(query_dict):
    """The search parameters from a request, without control characters (NUL above all)."""
    return {name: _CONTROL.sub(" ", query_dict[name]) for name in PARAMETERS if name in query_dict}


# What the template's loop wrote around each result (tests/search/test_result_markup.py keeps it).
RESULT_START = '\n                    <li class="search-result">\n                        '
RESULT_END = "\n                    </li>\n                "


def result_html(article):
    """One result's list item, written in Python byte for byte as the template's
    loop wrote it: twenty results cost a template loop more than the rest of the
    page's results (its tags looked everything up anew for each)."""
    section = article.section
    snippet = search.snippet(article)
    return "".join(
        (
            RESULT_START,
            f'<h2 class="search-result__title"><a href="{escape(article.get_absolute_url())}">',
            f"{escape(article.title)}</a></h2>\n                        ",
            f'<p class="search-result__meta"><a href="{escape(section.get_absolute_url())}">',
            f"{conditional_escape(label(section, 'name'))}</a> · ",
            f"{time_element(article.published_at)}</p>\n                        ",
            f'<p class="search-result__snippet">{snippet}</p>' if snippet else "",
            RESULT_END,
        )
    )


def results_html(articles):
    """The page's results as the list's items (``result_html()``)."""
    return mark_safe("".join(result_html(article) for article in articles))  # noqa: S308 - escaped


class CountedPaginator(Paginator):
    """A paginator for ``search_articles()``: the page's rows carry the number of
    matches (``total``), so the page is read first and no COUNT query follows.

    Only when a page has no rows (past the end, or nothing found) is the count
    asked for, and then for page 1 only if there were rows to count.
    """

    def page(self, number):
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        bottom = (wanted - 1) * self.per_page
        if wanted < 1 or self.orphans or bottom + self.per_page > BIGINT_MAX:
            # Nothing to read: the count settles the page (and PostgreSQL's
            # OFFSET could not hold a page number that large).
            return super().page(number)
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if rows:
            self.__dict__["count"] = rows[0].total
        elif wanted == 1:
            self.__dict__["count"] = 0
        return self._get_page(rows, self.validate_number(wanted), self)


class SearchView(ListView):
    """Search results in the reader's language: only the versions public in it."""

    template_name = "search.html"
    context_object_name = "articles"
    paginate_by = 20
    paginator_class = CountedPaginator
    # The page cache hands the view these alone (public/pagecache.py); page_kwarg too.
    query_parameters = PARAMETERS

    def get(self, request, *args, **kwargs):
        # The header's list of sections, read once per content version.
        self.sections = selectors.navigation_sections(
            getattr(request, "content_version", None), getattr(request, "content_until", None)
        )
        self.form = SearchForm(search_parameters(request.GET), sections=self.sections)
        self.sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else SORTS[0]
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.form.is_valid() or not self.form.cleaned_data["q"]:
            return Article.objects.none()
        return self.results_for(self.form.cleaned_data["q"])

    def results_for(self, query):
        data = self.form.cleaned_data
        return search.SearchResults(
            query,
            current_language(),
            section=data["section"],
            date_from=data["from"],
            date_to=data["to"],
            sections=self.sections,
            order=self.sort,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        valid = self.form.is_valid()
        query = self.form.cleaned_data["q"] if valid else ""
        context.update(self.corrected(query, context))
        context["more_than"] = self.more_than(context)
        context["results_html"] = results_html(context["articles"])
        return {
            **context,
            "form": self.form,
            "query": query,
            "sections": self.sections,
            "selected_section": self.form.data.get("section", ""),
            "sort": self.sort,
            "date_from": self.form.shown_date("from"),
            "date_to": self.form.shown_date("to"),
            **self.other_languages(self.form.data.get("q", "").strip()),
        }

    def other_languages(self, query):
        """The language switcher of a search: each language's search for the same
        words, telling it which language they come from (``searched_in``), so
        that a search finding nothing there says why and leads back.

        Without a query the header's own switcher serves.
        """
        if not query:
            return {}
        current = current_language()
        names = dict(settings.LANGUAGES)
        params = self.request.GET.copy()
        for name in ("page", "searched_in"):
            params.pop(name, None)

        def url(code, **extra):
            query_string = urlencode([*params.lists(), *extra.items()], doseq=True)
            return f"{equivalent_path(self.request.path_info, code)}?{query_string}"

        versions = [
            {
                "code": code,
                "name": name,
                "url": url(code) if code == current else url(code, searched_in=current),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ]
        context = {"language_versions": versions}
        came_from = self.request.GET.get("searched_in")
        if came_from in names and came_from != current:
            context["searched_in"] = {
                "code": came_from,
                "name": names[came_from],
                "url": url(came_from),
            }
        return context

    def more_than(self, context):
        """The number of articles the results are "more than", when the ranked
        candidates stop at ``MAX_CANDIDATES`` and older matches are left out."""
        paginator = context.get("paginator")
        rows = context.get("articles") or ()
        if paginator is None or paginator.count < search.MAX_CANDIDATES or not rows:
            return None
        if not paginator.object_list.has_older(getattr(rows[0], "oldest", None)):
            return None
        return paginator.count

    def corrected(self, query, context):
        """What a search that finds nothing or little shows of its spelling
        corrected: the corrected search's first page instead of nothing
        (``shown_query``), or a "Did you mean" link above a few results
        (``suggestion``). At most three queries more (the words looked up, the
        corrected search's sample and page), and only on a first page."""
        paginator = context.get("paginator")
        if not query or paginator is None or context["page_obj"].number != 1:
            return {}
        if paginator.count >= FEW_RESULTS:
            return {}
        suggestion = search.suggest(query, current_language())
        if suggestion is None:
            return {}
        corrected = self.get_paginator(self.results_for(suggestion), self.paginate_by)
        page = corrected.page(1)
        if corrected.count <= paginator.count:
            return {}
        if paginator.count:
            return {"suggestion": suggestion}
        return {
            "shown_query": suggestion,
            "paginator": corrected,
            "page_obj": page,
            "articles": page.object_list,
            "object_list": page.object_list,
            "is_paginated": page.has_other_pages(),
        }
