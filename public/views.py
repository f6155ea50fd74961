import sys
from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import TemplateView

from articles import cards, selectors
from core.db import DATABASE_DOWN
from core.i18n import LANGUAGE_CODES, current_language
from frontpage.selectors import picks
from newsroom.admin_language import chosen_admin_language, is_admin_request


class HomeView(TemplateView):
    """The lead story, the featured stories, the latest of every section and
    the people in the news.

    Editors choose the lead, featured stories and a breaking-news banner per
    language, each until a moment of their choosing (frontpage.Placement).
    Without a lead placement the newest public article leads. The lead and
    featured stories leave their sections' lists. The first section in
    navigation order that still has articles is shown as cards under its
    name, the others as headline lists. The cards come from one prepared
    statement that reads each section's newest few from its index
    (``cards.front_page``); the placements from one more query, once per
    content version (their end moments bound it, public/pagecache.py).
    """

    template_name = "home.html"
    per_section = 4
    people_shown = 8
    people_days = 30
    #: Featured stories shown at most (more placements wait their turn by order).
    featured_shown = 4

    def get_context_data(self, **kwargs):
        language = current_language()
        now = timezone.now()
        picked = selectors.memoised(
            f"front_page_picks_{language}", self.request, lambda: picks(language, now)
        )
        top = picked.featured[: self.featured_shown]
        chosen = {card.pk for card in (picked.lead, *top) if card is not None}
        # Enough to fill each section after the chosen stories leave it, and
        # one more: the newest story leads when no editor chose one.
        blocks = cards.front_page(language, self.per_section + 1 + len(chosen), at=now)
        lead = picked.lead or max(
            (card for block in blocks for card in block.cards if card.pk not in chosen),
            key=lambda card: (card.published_at, card.pk),
            default=None,
        )
        shown = chosen | ({lead.pk} if lead else set())
        for block in blocks:
            block.cards = [card for card in block.cards if card.pk not in shown][: self.per_section]
        blocks = [block for block in blocks if block.cards]
        # Counted over a month of articles: once per content version, and at
        # least every minute as articles leave the month.
        people = selectors.memoised(
            f"people_in_the_news_{language}",
            self.request,
            lambda: list(
                selectors.people_in_the_news(
                    language, now - timedelta(days=self.people_days), self.people_shown, at=now
                )
            ),
            max_age=60,
        )
        return super().get_context_data(
            lead=lead,
            breaking=picked.breaking,
            top_stories=top,
            featured=blocks[0] if blocks else None,
            section_blocks=blocks[1:],
            people=list(people),
            **kwargs,
        )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def error_language(request):
    """The reader's language for an error page, worked out without the database;
    on the admin's addresses, the staff member's own choice."""
    if is_admin_request(request) and chosen_admin_language(request):
        return chosen_admin_language(request)
    language = translation.get_language_from_path(request.path_info)
    if language is None:
        language = translation.get_language_from_request(request)
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE


#: Seconds a client is asked to wait before trying again during an outage.
RETRY_AFTER = 30


def service_unavailable(request, exception=None):
    """503 while the database is unreachable: a short notice in the reader's
    language, rendered without the database (no context processors, no user).

    Staff pages (the admin) say that nothing was saved and that what was typed
    is kept in the browser (static/turan/admin/draft-keeper.js).
    """
    language = error_language(request)
    is_admin = request.path_info.startswith(reverse("admin:index"))
    with translation.override(language):
        html = loader.render_to_string(
            "admin/turan/503.html" if is_admin else "503.html",
            {
                "LANGUAGE_CODE": language,
                "SITE_NAME": settings.SITE_NAME,
                "home_url": reverse("home"),
                "form_url": request.path if request.method == "POST" else "",
            },
        )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    # Never kept by a browser or a shared cache: the next try must reach the site.
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request):
    """The 500 page in the reader's language; no database, no context processors.

    A database outage met outside a view (a middleware reading the session)
    ends here too; it gets the 503 page.
    """
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return service_unavailable(request)
    language = error_language(request)
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
