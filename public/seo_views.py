"""Addresses for crawlers: robots.txt and the sitemaps, outside the language prefixes.

Read-only: anything but GET and HEAD is a 405."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.sitemaps import SITEMAPS


@require_safe
def sitemap_index(request):
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap")


@require_safe
def sitemap(request, section):
    return sitemap_views.sitemap(
        request, SITEMAPS, section=section, template_name="sitemaps/sitemap.xml"
    )


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
