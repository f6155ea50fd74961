"""articles: sections, articles and their companions (bylines, corrections,
revisions, translation states, tag and quote listings); the one visibility rule;
reader pages, feeds, sitemaps and SEO."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles import signals  # noqa: F401
