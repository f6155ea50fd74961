"""The mark where browsers look for it: /favicon.ico and /apple-touch-icon.png at
the root, and a web manifest per language.

Read-only: anything but GET and HEAD is a 405."""

from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core import brand
from core.i18n import current_language

# The root addresses cannot carry a content hash; a week keeps browsers from
# asking on every page while a redrawn mark still arrives.
ROOT_ICON_SECONDS = 7 * 24 * 60 * 60


@cache
def _static_bytes(path):
    found = finders.find(path)
    if found is None:
        raise Http404
    with open(found, "rb") as file:
        return file.read()


def _root_icon(path, content_type):
    @require_safe
    def view(request):
        response = HttpResponse(_static_bytes(path), content_type=content_type)
        patch_cache_control(response, public=True, max_age=ROOT_ICON_SECONDS)
        return response

    return view


favicon = _root_icon(brand.FAVICON, "image/x-icon")
apple_touch_icon = _root_icon(brand.APPLE_TOUCH_ICON, "image/png")


@require_safe
def manifest(request):
    """The web manifest in the URL's language: the site's name in it, its home as start."""
    data = {
        "name": str(settings.SITE_NAME),
        "short_name": _("Turan"),
        "lang": current_language(),
        "dir": "ltr",
        "start_url": reverse("home"),
        "display": "minimal-ui",
        "theme_color": brand.THEME_COLOR,
        "background_color": brand.BACKGROUND_COLOR,
        "icons": brand.manifest_icons(),
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
