"""Old WordPress addresses answer 301 to their article here.

Looked up only where Turan has no page: on a 404 (the old permalinks, and
WordPress's ``?p=ID`` on any path such as ``/index.php``), and for ``/?p=ID``
(``/`` always answers, with the language redirect). A page that exists costs
no query, and one of Turan's own ``?p=`` (the admin's list pages) is left alone. Only a
public version is a target, so an unpublished import stays a 404.
"""

from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect

from articles.models import Article
from core.i18n import columns
from transfer.models import ImportedPost, OldAddress


def normalise_path(path):
    path = path or "/"
    return path.rstrip("/") or "/"


def _target(rows):
    """The address of the first public version among ``(article id, language)`` rows."""
    if not rows:
        return None
    ids = {pk for pk, _code in rows}
    articles = Article.objects.with_public_languages().only("pk", *columns("slug")).in_bulk(ids)
    for pk, code in rows:
        article = articles.get(pk)
        if article is not None and code in article.public_languages():
            return article.get_absolute_url(code)
    return None


def old_post_address(wp_id):
    rows = ImportedPost.objects.filter(wp_id=wp_id).order_by("-imported_at")
    return _target(list(rows.values_list("article_id", "language")[:10]))


def old_path_address(path):
    if "\x00" in path:  # No stored address holds one, and PostgreSQL text cannot.
        return None
    rows = OldAddress.objects.filter(path=normalise_path(path))
    return _target(list(rows.values_list("article_id", "language")[:1]))


class OldAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reading = request.method in ("GET", "HEAD")
        # Read before the page cache narrows the query string to what views read.
        wp_id = self._wp_id(request)
        # "/" always answers (the language redirect), so its ?p=ID is looked
        # up first; elsewhere only a 404 is: the admin's lists page with ?p=2.
        if reading and request.path == "/" and wp_id and (target := old_post_address(wp_id)):
            return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if reading and response.status_code == 404:
            try:
                target = (wp_id and old_post_address(wp_id)) or old_path_address(request.path)
            except DatabaseError:
                # The 404 stands: an outage must not turn it into a 500.
                return response
            if target:
                return HttpResponsePermanentRedirect(target)
        return response

    @staticmethod
    def _wp_id(request):
        """WordPress's ``?p=ID``, if the request carries one."""
        if "p=" not in request.META.get("QUERY_STRING", ""):
            return None
        wp_id = request.GET.get("p", "")
        if wp_id.isdigit() and len(wp_id) < 19:
            return int(wp_id)
        return None
