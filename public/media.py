"""Uploaded files for readers, served only while something public shows them.

The lead image of an article with no public version, and its renditions, are
for staff only: anyone else gets the 404 an address that never existed gets,
so an embargoed piece's photo cannot reach readers before its text. Every
other file under MEDIA_ROOT (author photos, images of public pieces) is
public. Replaced and deleted originals are not under MEDIA_ROOT at all (the
quarantine, core/quarantine.py).

The check is one indexed query. The bytes are sent by the web server when one
is in front (``MEDIA_ACCEL_REDIRECT``: nginx's ``X-Accel-Redirect`` to an
internal location), else by Django's static file view.
"""

import posixpath
import re
from urllib.parse import quote

from django.conf import settings
from django.contrib import admin
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views import static
from django.views.decorators.http import require_safe

from articles.models import Article
from core.images import RENDITIONS_DIRECTORY
from core.uploads import ALLOWED_FORMATS

_RENDITION = re.compile(
    rf"^{re.escape(RENDITIONS_DIRECTORY)}/(?P<stem>.+)\.[0-9a-f]{{12}}\.\d+\.webp$"
)


def shown_by(path):
    """The article whose lead image ``path`` is (the original or a rendition), if any."""
    rendition = _RENDITION.match(path)
    if rendition:
        names = [f"{rendition['stem']}.{extension}" for extension in ALLOWED_FORMATS.values()]
    else:
        names = [path]
    return Article.objects.with_public_languages().filter(lead_image__in=names).first()


@require_safe
def media(request, path):
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith("..") or path == ".":
        raise Http404
    article = shown_by(path)
    embargoed = article is not None and not article.public_languages()
    if embargoed and not admin.site.has_staff_access(request):
        raise Http404
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type="")
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT + quote(path)
    else:
        try:
            response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
        except (OSError, ValueError):  # a name too long, a NUL byte: no such file
            raise Http404 from None
    if embargoed:
        patch_cache_control(response, private=True, no_store=True)
    else:
        # As long as a page: an image unpublished with its article leaves shared caches within it.
        patch_cache_control(response, public=True, max_age=settings.HTTP_CACHE_SECONDS)
    return response
