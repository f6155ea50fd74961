"""demo: the demo content and its loader (``manage.py load_demo``); installed
only when ``DEBUG`` or ``DEMO=1``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = _("Demo content")
