"""newswire: the partner API — articles as IPTC ninjs items, partners, their keys and limits."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewswireConfig(AppConfig):
    name = "newswire"
    verbose_name = _("Newswire")
