import calendar
import re
from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.generic import DetailView, ListView, TemplateView

from articles import cards, selectors
from articles.models import Article, Section
from core import dates
from core.i18n import LANGUAGE_NAMES, current_language, localized
from tags.models import Tag

# What a slug can look like; anything else cannot name a row.
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")


class PublicArticleMixin:
    """Views over the articles readers may see, in the language of the URL."""

    def get_queryset(self):
        return Article.objects.public(current_language()).for_list()


class ArticleDetailView(PublicArticleMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get(self, request, *args, **kwargs):
        language = current_language()
        # The public article and all its page shows, in one query compiled once.
        article = selectors.article_page(language, self.kwargs["pk"])
        if article is None:
            return self.not_public(request, language)
        canonical = article.get_absolute_url(language)
        if request.path != canonical:
            return redirect(canonical, permanent=True)
        self.object = article
        context = self.get_context_data(
            object=article,
            section=article.section,
            language_versions=language_versions(request, article, language),
            canonical_url=request.build_absolute_uri(canonical),
            related_articles=selectors.related_articles(article, language),
        )
        response = self.render_to_response(context)
        # The version's modified moment, as the page states it; with it
        # ConditionalGetMiddleware answers If-Modified-Since with 304. The ETag
        # (which wins when both are sent) still catches unmarked edits.
        if modified := article.modified_at(language):
            response["Last-Modified"] = http_date(modified.timestamp())
        return response

    def not_public(self, request, language):
        """404 in the reader's language, naming the languages the article *is* public in."""
        article = Article.objects.with_public_languages().filter(pk=self.kwargs["pk"]).first()
        versions = language_versions(request, article, language) if article else []
        alternatives = [(v["code"], v["url"]) for v in versions if not v["current"]]
        context = {"alternatives": alternatives, "language_versions": versions}
        return render(request, "404.html", context, status=404)


def language_versions(request, article, language):
    """The article's public versions, for the language tabs, the switcher and hreflang."""
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES[code],
            "url": article.get_absolute_url(code),
            "absolute_url": request.build_absolute_uri(article.get_absolute_url(code)),
            "current": code == language,
        }
        for code in article.public_languages()
    ]


class ArticleListView(ListView):
    """A paginated list of public articles' cards; subclasses say which (``cards()``).

    A page number that is not a positive integer within range is a 404
    (``ListView.paginate_queryset``), never a 500. The page's cards and the
    total come from one prepared statement (articles/cards.py).
    """

    context_object_name = "articles"
    paginate_by = 20
    template_name = "articles/article_list.html"

    def cards(self):
        """``(kind, values)``: the kind of list (``cards.KINDS``) and its stand-ins' values."""
        raise NotImplementedError

    def get_queryset(self):
        kind, values = self.cards()
        page = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1
        try:
            expected = max(0, (int(page) - 1) * self.paginate_by)
        except (TypeError, ValueError):
            expected = 0
        return cards.CardList(
            kind, current_language(), values, self.paginate_by, expected, request=self.request
        )


class LatestView(ArticleListView):
    """Every section's public articles in the page's language, newest first."""

    template_name = "articles/latest.html"

    def cards(self):
        return "all", {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_latest=True, **kwargs)


class SectionView(ArticleListView):
    # A section with nothing public in the page's language is a 404, not an
    # empty page that crawlers would read as a soft 404.
    allow_empty = False

    def cards(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return "section", {"value": self.section.pk}

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading_object=self.section, section=self.section, **kwargs)


class AuthorView(ArticleListView):
    template_name = "articles/author_detail.html"

    def cards(self):
        self.author = selectors.public_author(self.kwargs["slug"], current_language())
        return "author", {"value": self.author.pk}

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, heading_object=self.author, **kwargs)


class TagView(ArticleListView):
    """A topic, organisation, place or person; a person's page adds their latest quotes."""

    template_name = "articles/tag_detail.html"
    quotes_shown = 5

    def cards(self):
        self.tag = selectors.public_tag(self.kwargs["slug"], current_language())
        return "tag", {"value": self.tag.pk}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(heading_object=self.tag, tag=self.tag, **kwargs)
        if self.tag.kind == Tag.Kind.PERSON and context["page_obj"].number == 1:
            context["quotes"] = selectors.quote_page(
                current_language(), self.tag.pk, self.quotes_shown
            )
        return context


class QuoteListView(ListView):
    """The quotes archive, optionally one speaker's (``?speaker=<slug>``)."""

    template_name = "articles/quote_list.html"
    context_object_name = "quotes"
    paginate_by = 20
    # The page cache hands the view these alone (public/pagecache.py); page_kwarg too.
    query_parameters = ("speaker",)

    def get_queryset(self):
        language = current_language()
        self.speaker = None
        if slug := self.request.GET.get("speaker"):
            if not SLUG.fullmatch(slug):
                raise Http404("No such speaker.")
            # With ``has_<code>``: the languages their page has quotes in (hreflang).
            self.speaker = get_object_or_404(selectors.speakers_with_languages(), slug=slug)
        return selectors.QuotePages(language, self.speaker.pk if self.speaker else None)

    def get_paginator(self, queryset, *args, **kwargs):
        # The number of public quotes moves only with the content version or a
        # scheduled moment: counted once per version, language and speaker.
        paginator = super().get_paginator(queryset, *args, **kwargs)
        speaker = self.speaker.pk if self.speaker else "all"
        paginator.count = selectors.memoised(
            f"quote_count_{current_language()}_{speaker}", self.request, queryset.count
        )
        return paginator

    def get_context_data(self, **kwargs):
        language = current_language()
        # The most quoted people, in alphabetical order; a long tail of people
        # quoted once would make the list unusable (their pages link here).
        # Aggregated over every public quote: worked out once per content
        # version and language, not per request.
        speakers = selectors.memoised(
            f"quote_speakers_{language}",
            self.request,
            lambda: sorted_by_name(selectors.quote_speakers(language), language),
        )
        if self.speaker is None:
            # Their <option>s too: a hundred names escaped on every page of the archive.
            choices = selectors.memoised(
                f"quote_speaker_options_{language}",
                self.request,
                lambda: cards.speaker_options(speakers),
            )
        else:
            if self.speaker not in speakers:
                speakers = sorted_by_name([*speakers, self.speaker], language)
            choices = cards.speaker_options(speakers, self.speaker)
        return super().get_context_data(
            speaker=self.speaker, speakers=speakers, speaker_choices=choices, **kwargs
        )


def sorted_by_name(people, language):
    return sorted(people, key=lambda person: localized(person, "name", language).text.casefold())


# Date archives, in Baku dates. Impossible dates (month 13, 30 February,
# year 0) are 404s; possible dates with nothing published are empty pages.


def archive_url(year, month=None, day=None):
    if day is not None:
        return reverse("articles:archive-day", kwargs={"year": year, "month": month, "day": day})
    if month is not None:
        return reverse("articles:archive-month", kwargs={"year": year, "month": month})
    return reverse("articles:archive-year", kwargs={"year": year})


def not_yet(start):
    """A period that starts after now (in Baku) has nothing to show and never
    had: a 404, not an empty page. Past periods with nothing in them stay pages,
    for the calendar's sake."""
    if start > timezone.now():
        raise Http404("That period has not begun.")


def valid_date(year, month=1, day=1):
    try:
        return date(year, month, day)
    except ValueError as error:
        raise Http404("No such date") from error


def month_calendar(year, month, day_counts, language, current=None):
    """Return the month as weeks of cells, a link on each day with public articles."""
    counts = {moment.day: count for moment, count in day_counts}
    week = dates.weekdays(language)
    weeks = calendar.Calendar(firstweekday=week[0][0]).monthdayscalendar(year, month)
    return {
        "weekdays": [{"abbr": abbr, "name": name} for _day, abbr, name in week],
        "weeks": [
            [
                {
                    # As text: a number in a template goes through number_format(),
                    # 35 times a calendar; "" for the days of other months.
                    "day": str(day) if day else "",
                    "count": counts.get(day, 0),
                    "url": archive_url(year, month, day) if counts.get(day) else "",
                    "current": day == current,
                }
                for day in days
            ]
            for days in weeks
        ],
    }


class ArchiveIndexView(TemplateView):
    template_name = "articles/archive_index.html"

    def get_context_data(self, **kwargs):
        years = selectors.counts_by(current_language(), "year")
        return super().get_context_data(
            years=[
                {"year": moment.year, "count": count, "url": archive_url(moment.year)}
                for moment, count in years
            ],
            **kwargs,
        )


class YearArchiveView(TemplateView):
    """A year: its twelve months with the number of public articles in each."""

    template_name = "articles/archive_year.html"

    def get_context_data(self, **kwargs):
        language, year = current_language(), kwargs.pop("year")
        valid_date(year)
        start, end = selectors.year_bounds(year)
        not_yet(start)
        counts = {
            moment.month: count
            for moment, count in selectors.counts_by(language, "month", start, end)
        }
        previous, following = selectors.neighbours(language, start, end)
        return super().get_context_data(
            year=year,
            total=sum(counts.values()),
            months=[
                {
                    "number": month,
                    "name": dates.month_name(month, language),
                    "count": counts.get(month, 0),
                    "url": archive_url(year, month) if counts.get(month) else "",
                }
                for month in range(1, 13)
            ],
            previous={"label": previous.year, "url": archive_url(previous.year)}
            if previous
            else None,
            next={"label": following.year, "url": archive_url(following.year)}
            if following
            else None,
            **kwargs,
        )


class DatedArchiveView(ArticleListView):
    """The articles of one month or day, with the month's calendar."""

    def get_bounds(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.day = valid_date(kwargs["year"], kwargs["month"], kwargs.get("day", 1))
        self.start, self.end = self.get_bounds()
        not_yet(self.start)
        return super().get(request, *args, **kwargs)

    def cards(self):
        if self.end is None:  # the last day there is
            return "since", {"start": self.start}
        return "between", {"start": self.start, "end": self.end}

    def get_context_data(self, **kwargs):
        language = current_language()
        year, month = self.day.year, self.day.month
        month_start, month_end = selectors.month_bounds(year, month)
        day_counts = selectors.counts_by(language, "day", month_start, month_end)
        previous, following = selectors.neighbours(language, month_start, month_end)

        def month_link(moment):
            if moment is None:
                return None
            return {
                "label": dates.month_year(moment.year, moment.month, language),
                "url": archive_url(moment.year, moment.month),
            }

        return super().get_context_data(
            year=year,
            month=month,
            month_label=dates.month_year(year, month, language),
            month_url=archive_url(year, month),
            year_url=archive_url(year),
            calendar=month_calendar(year, month, day_counts, language, self.current_day()),
            previous=month_link(previous),
            next=month_link(following),
            **kwargs,
        )

    def current_day(self):
        return None


class MonthArchiveView(DatedArchiveView):
    template_name = "articles/archive_period.html"

    def get_bounds(self):
        return selectors.month_bounds(self.day.year, self.day.month)


class DayArchiveView(DatedArchiveView):
    template_name = "articles/archive_period.html"

    def get_bounds(self):
        return selectors.day_bounds(self.day)

    def current_day(self):
        return self.day.day

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            day=self.day, day_label=dates.long_date(self.day, current_language()), **kwargs
        )


class CorrectionListView(ListView):
    """Every marked update and correction of the versions public in the page's
    language, newest first: the newsroom's corrections log."""

    template_name = "articles/correction_list.html"
    context_object_name = "corrections"
    paginate_by = 30

    def get_queryset(self):
        return selectors.public_corrections(current_language())
