import os

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from turan import search_views, seo_views, views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", seo_views.robots_txt, name="robots"),
    path("sitemap.xml", seo_views.sitemap_index, name="sitemap-index"),
    path("sitemap-<str:section>.xml", seo_views.sitemap, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("", include("articles.urls")),
    path("search/", search_views.SearchView.as_view(), name="search"),
    path("", include("articles.feeds")),
    prefix_default_language=True,
)

# `make bench` only: the framework floor (turan/bench.py); absent unless asked for.
if floor_file := os.environ.get("BENCH_FLOOR_FILE"):
    from turan.bench import floor_view

    urlpatterns.append(path("bench-floor/", floor_view(floor_file)))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "turan.views.bad_request"
handler404 = "turan.views.page_not_found"
handler500 = "turan.views.server_error"
