"""public: the site around the articles — home, robots.txt, the sitemap index,
error and 503 pages, the reader-facing middleware and the page cache."""

from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Public site"

    def ready(self):
        from public.pagecache import track_instances

        track_instances()
