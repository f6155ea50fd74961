"""newsletter: what brings readers back. The daily digest per language (double
opt-in, one-click unsubscribe) and the most-read lists, counted without cookies."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        from newsletter import reads

        reads.install_exit_flush()
