"""Addresses for crawlers: robots.txt and the sitemaps, outside the language prefixes.

Read-only: anything but GET and HEAD is a 405."""

from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from articles.sitemaps import SITEMAPS, index_entries


@require_safe
@x_robots_tag
def sitemap_index(request):
    """Every page of every sitemap, each with the newest change of its own
    entries (articles.sitemaps.index_entries); an empty News sitemap is left out."""
    items = []
    latest = None
    for name, number, lastmod in index_entries():
        location = request.build_absolute_uri(reverse("sitemap", kwargs={"section": name}))
        if number > 1:
            location = f"{location}?p={number}"
        items.append(SitemapIndexItem(location, lastmod))
        if lastmod is not None:
            latest = lastmod if latest is None else max(latest, lastmod)
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )
    if latest is not None:
        response["Last-Modified"] = http_date(latest.timestamp())
    return response


@require_safe
def sitemap(request, section):
    response = sitemap_views.sitemap(
        request, SITEMAPS, section=section, template_name="sitemaps/sitemap.xml"
    )
    # A sitemap with no entry is not valid (sitemaps.org's schema wants one
    # <url>): an empty News sitemap, left out of the index, is not there either.
    if not response.context_data["urlset"]:
        raise Http404("Nothing in this sitemap now.")
    return response


# Django's sitemap view reads its page number from ?p= (public/pagecache.py keeps it).
sitemap.query_parameters = ("p",)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
