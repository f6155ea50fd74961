"""pages: the site's own pages (About, Contact, Editorial standards,
Corrections policy, Privacy, Ownership), translated and edited in the admin."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Site pages")
