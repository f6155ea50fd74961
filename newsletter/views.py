"""The signup form, its confirmation, and unsubscribing (docs/architecture.md, "Newsletter").

None of these pages is kept by the page cache: the form and the confirm
buttons carry a CSRF token, and the others answer what one link asked.
"""

import logging

from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from articles.models import Section
from core.i18n import LANGUAGE_CODES, current_language
from newsletter import limits, reads, tokens
from newsletter.forms import SignupForm
from newsletter.mail import send_confirmation
from newsletter.models import Subscriber

log = logging.getLogger(__name__)


@never_cache
def signup(request):
    language = current_language()
    if request.method == "POST":
        form = SignupForm(request.POST, language=language)
        if limits.client_over(request):
            return render(request, "newsletter/too_many.html", status=429)
        if form.is_valid():
            email = form.cleaned_data["email"]
            # The same answer whether the address is subscribed, new or mailed
            # too often today: the page tells a stranger nothing about it.
            if not limits.address_over(email):
                send_confirmation(
                    email,
                    form.cleaned_data["language"],
                    [section.pk for section in form.cleaned_data["sections"]],
                )
            return redirect("newsletter:sent")
        status = 400
    else:
        form = SignupForm(language=language)
        status = 200
    return render(request, "newsletter/signup.html", {"form": form}, status=status)


@never_cache
def sent(request):
    return render(request, "newsletter/sent.html")


@never_cache
def confirm(request, token):
    try:
        email, language, section_ids = tokens.read_confirmation(token)
    except tokens.BadToken:
        return render(request, "newsletter/bad_link.html", status=400)
    if request.method == "GET":
        return render(request, "newsletter/confirm.html", {"language": language})
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if language not in LANGUAGE_CODES:
        return render(request, "newsletter/bad_link.html", status=400)
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email, language=language, defaults={"confirmed_at": timezone.now()}
        )
        subscriber.sections.set(Section.objects.filter(pk__in=section_ids))
    log.info("Newsletter: subscriber %s confirmed (%s)", subscriber.pk, language)
    return render(
        request,
        "newsletter/confirmed.html",
        {
            "subscriber": subscriber,
            "unsubscribe_token": tokens.unsubscribe_token(subscriber),
        },
    )


@csrf_exempt  # RFC 8058: mail providers POST here without a page, and the token authorises.
@never_cache
def unsubscribe(request, token):
    try:
        pk, mark = tokens.read_unsubscribe(token)
    except tokens.BadToken:
        return render(request, "newsletter/bad_link.html", status=400)
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is not None and not tokens.matches(subscriber, mark):
        subscriber = None
    if request.method == "GET":
        # Mail scanners open links: a GET only asks.
        return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber})
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if subscriber is not None:
        subscriber.delete()
        log.info("Newsletter: subscriber %s unsubscribed", pk)
    if request.POST.get("List-Unsubscribe") == "One-Click":
        return HttpResponse(status=204)
    return render(request, "newsletter/unsubscribed.html")


@csrf_exempt  # no cookies are sent or read; a forged beacon counts one view, like a real one
def read(request, pk):
    """A page's beacon: one view of article ``pk`` in the address's language."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not reads.is_bot(request.META.get("HTTP_USER_AGENT")):
        reads.count(pk, current_language())
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response
