"""search: the search engine (PostgreSQL full-text and trigram SQL), its form and view."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
