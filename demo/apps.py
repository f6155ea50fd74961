"""demo: the demo content and its loader (``manage.py load_demo``); installed
only when ``DEBUG`` or ``DEMO=1``."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Demo content"
