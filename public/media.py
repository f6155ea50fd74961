"""Uploaded files for readers, served only while something public shows them.

A media library photo (its original and every rendition and crop) reaches
readers only while some article public in at least one language shows it:
as its lead photo, or placed in that language's body (an inline figure). A
photo no public version uses (one only an embargoed or draft piece leads
with, one only a draft translation's body places, or one not used yet) is
for staff only: anyone else
gets the 404 an address that never existed gets, so an embargoed piece's
photo cannot reach readers before its text, and the photo desk's uploads
stay private until published. Every other file under MEDIA_ROOT (author
photos) is public. Replaced and deleted originals are not under MEDIA_ROOT at all (the
quarantine, core/quarantine.py).

The check is one indexed query. A public file's bytes are sent from here with
leave to keep them: nginx in front (deploy/nginx/turan.conf) stores them for
``HTTP_CACHE_SECONDS`` (``X-Accel-Expires``) and answers every reader from its
cache meanwhile, so a public image costs Python once per file and period, not
once per hit. Browsers keep a file whose name is never reused (an upload's
random directory, a rendition's hash) for a year. A staff-only file is never
stored: with nginx in front (``MEDIA_ACCEL_REDIRECT``) it is sent by nginx
from an internal location after this check, else by Django's static view.
"""

import logging
import mimetypes
import posixpath
import re
from urllib.parse import quote

from django.conf import settings
from django.contrib import admin
from django.core.files.storage import default_storage
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views import static
from django.views.decorators.http import require_safe

from articles.models import Article
from articles.visibility import public_q
from core.i18n import LANGUAGE_CODES, column
from core.images import RENDITIONS_DIRECTORY
from core.uploads import ALLOWED_FORMATS, storage_errors
from photos.models import Photo

logger = logging.getLogger(__name__)
_RENDITION = re.compile(
    rf"^{re.escape(RENDITIONS_DIRECTORY)}/(?P<stem>.+)\.[0-9a-f]{{12}}\.\d+\.webp$"
)
# core.uploads.UnguessablePath's directories: one per upload, never reused.
_UNIQUE_UPLOAD = re.compile(r"^[a-z]+/\d{4}/\d{2}/[A-Za-z0-9_-]{16}/[^/]+$")
YEAR = 365 * 24 * 60 * 60


def shown_by(path):
    """The library photo ``path`` is (the original or a rendition), if any,
    annotated ``shown``: whether a version public now leads with it."""
    rendition = _RENDITION.match(path)
    if rendition:
        names = [f"{rendition['stem']}.{extension}" for extension in ALLOWED_FORMATS.values()]
    else:
        names = [path]
    public, citing = Q(), Q()
    placeholder = Concat(
        Value('<figure data-photo="'), Cast(OuterRef("pk"), CharField()), Value('">')
    )
    for code in LANGUAGE_CODES:
        public |= public_q(code)
        # The version's own body places it: a sibling's draft does not publish it.
        citing |= public_q(code) & Q(**{f"{column('body', code)}__contains": placeholder})
    leading = Article.objects.filter(public, lead_photo=OuterRef("pk"))
    # Only the few articles whose bodies place the photo (articles_figure) are read.
    cited = Article.objects.filter(citing, figures=OuterRef("pk"))
    return (
        Photo.objects.filter(image__in=names)
        .annotate(shown=Exists(leading) | Exists(cited))
        .first()
    )


def from_storage(path):
    """The file ``path`` read from the media storage (an S3 bucket), or a 404.

    A storage that does not answer is a 404 too: the page around the image
    renders, and the image is missing from it until the storage is back.
    """
    try:
        handle = default_storage.open(path, "rb")
        content = handle.file  # the whole object, fetched now: errors surface here
    except storage_errors() as error:
        if not isinstance(error, FileNotFoundError) and "404" not in str(error):
            logger.warning("Media storage unavailable for %s: %s", path, error)
        raise Http404 from None
    content_type, encoding = mimetypes.guess_type(path)
    response = FileResponse(content, content_type=content_type or "application/octet-stream")
    if encoding:
        response.headers["Content-Encoding"] = encoding
    return response


@require_safe
def media(request, path):
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith("..") or path == ".":
        raise Http404
    photo = shown_by(path)
    embargoed = photo is not None and not photo.shown
    if embargoed and not admin.site.has_staff_access(request):
        raise Http404
    if embargoed and settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type="")
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT + quote(path)
    elif settings.MEDIA_STORAGE != "local":
        response = from_storage(path)
    else:
        try:
            response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
        except (OSError, ValueError):  # a name too long, a NUL byte: no such file
            raise Http404 from None
    if embargoed:
        patch_cache_control(response, private=True, no_store=True)
        return response
    # Shared caches keep a file as long as a page: an image unpublished with
    # its article leaves them within that.
    shared = settings.HTTP_CACHE_SECONDS
    if _RENDITION.match(path) or _UNIQUE_UPLOAD.match(path):
        patch_cache_control(response, public=True, max_age=YEAR, s_maxage=shared, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=shared)
    if settings.MEDIA_ACCEL_REDIRECT:
        response["X-Accel-Expires"] = str(shared)
    return response
