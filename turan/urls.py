import os

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from public import brand, media, seo_views, views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The partner API: no language prefix, its own auth, cache and errors (newswire/api.py).
    path("", include("newswire.urls")),
    path("robots.txt", seo_views.robots_txt, name="robots"),
    path("sitemap.xml", seo_views.sitemap_index, name="sitemap-index"),
    path("sitemap-<str:section>.xml", seo_views.sitemap, name="sitemap"),
    # Browsers ask for these at the root whatever the page says (public/brand.py).
    path("favicon.ico", brand.favicon, name="favicon"),
    path("apple-touch-icon.png", brand.apple_touch_icon, name="apple-touch-icon"),
    # Uploads, in development and production alike: an embargoed piece's image
    # only for staff (public/media.py).
    path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", media.media, name="media"),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("manifest.webmanifest", brand.manifest, name="manifest"),
    path("", include("articles.urls")),
    path("", include("pages.urls")),
    path("", include("newsroom.urls")),
    path("", include("search.urls")),
    path("", include("newsletter.urls")),
    path("", include("articles.feeds")),
    prefix_default_language=True,
)

# `make bench` only: the framework floor (bench/views.py); absent unless asked for.
if "bench" in settings.INSTALLED_APPS and (floor_file := os.environ.get("BENCH_FLOOR_FILE")):
    from bench.views import floor_view

    urlpatterns.append(path("bench-floor/", floor_view(floor_file)))

handler400 = "public.views.bad_request"
handler404 = "public.views.page_not_found"
handler500 = "public.views.server_error"
