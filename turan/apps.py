from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TuranConfig(AppConfig):
    name = "turan"
    verbose_name = _("Turan")
