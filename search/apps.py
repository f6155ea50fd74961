"""search: the search engine (PostgreSQL full-text and trigram SQL), its form and view."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"
