"""frontpage: what editors put on each language's home page, and until when:
the lead story, featured stories and a breaking-news banner."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontPageConfig(AppConfig):
    name = "frontpage"
    verbose_name = _("Front page")
