"""The most-read beacon, answered before the rest of the middleware.

Every article view sends one (newsletter/reads.py), so it must cost less than
the page it counts: a cached page still passes sessions, the language, the
page cache and a dozen other middleware, none of which a beacon needs. This
answers ``POST /<lang>/r/<id>`` at once, with the view's answer (204, no
cookies, ``no-store``); anything else goes on unchanged.
"""

import re

from django.http import HttpResponse

from core.i18n import LANGUAGE_CODES
from newsletter import reads

LANGUAGES = "|".join(map(re.escape, LANGUAGE_CODES))
BEACON = re.compile(rf"^/({LANGUAGES})/r/([1-9][0-9]{{0,17}})$")


class ReadBeaconMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and (match := BEACON.match(request.path_info)):
            if not reads.is_bot(request.META.get("HTTP_USER_AGENT")):
                reads.count(int(match[2]), match[1])
            response = HttpResponse(status=204)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
