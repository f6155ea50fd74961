"""transfer: archives in and out — the WordPress (WXR) import, the old
addresses it keeps answering with 301s."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "transfer"
    verbose_name = _("Imports and exports")
