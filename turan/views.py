from datetime import timedelta

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import TemplateView

from articles import selectors
from turan.i18n import LANGUAGE_CODES, current_language


class HomeView(TemplateView):
    """The lead story, the latest of every section and the people in the news.

    The first section in navigation order (Analytics) is featured as "the
    latest analytics". The articles come from one window-function query
    whatever the number of sections.
    """

    template_name = "home.html"
    per_section = 4
    people_shown = 8
    people_days = 30

    def get_context_data(self, **kwargs):
        language = current_language()
        now = timezone.now()
        # One more than shown: the lead story leaves its own section's list.
        rows = list(selectors.latest_by_section(language, self.per_section + 1, at=now))
        published = f"published_at_{language}"
        lead = max(rows, key=lambda row: (getattr(row, published), row.pk), default=None)
        sections = {}
        for article in rows:
            if article is not lead:
                sections.setdefault(article.section_id, (article.section, []))[1].append(article)
        blocks = [
            {"section": section, "articles": articles[: self.per_section]}
            for section, articles in sections.values()
        ]
        people = selectors.people_in_the_news(
            language, now - timedelta(days=self.people_days), self.people_shown, at=now
        )
        return super().get_context_data(
            lead=lead,
            featured=blocks[0] if blocks else None,
            section_blocks=blocks[1:],
            people=list(people),
            **kwargs,
        )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def _error_language(request):
    """The reader's language for an error page, worked out without the database."""
    language = translation.get_language_from_path(request.path_info)
    if language is None:
        language = translation.get_language_from_request(request)
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE


@requires_csrf_token
def server_error(request):
    """The 500 page in the reader's language; no database, no context processors."""
    language = _error_language(request)
    with translation.override(language):
        html = loader.render_to_string(
            "500.html",
            {
                "LANGUAGE_CODE": language,
                "SITE_NAME": settings.SITE_NAME,
                "home_url": reverse("home"),
            },
        )
    return HttpResponseServerError(html)
