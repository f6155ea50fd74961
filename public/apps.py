"""public: the site around the articles — home, robots.txt, the sitemap index,
error and 503 pages, the reader-facing middleware and the page cache."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Public site")
