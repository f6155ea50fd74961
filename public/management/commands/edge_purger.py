import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from public.edge import Purger


class Command(BaseCommand):
    help = "Purge the edge cache (Varnish, a CDN) whenever the content version moves."

    def handle(self, *args, **options):
        if not settings.EDGE_PURGE_URLS and not settings.CDN_PURGE_URL:
            raise CommandError("Set EDGE_PURGE_URL or CDN_PURGE_URL: there is nothing to purge.")
        purger = Purger()
        try:
            while True:
                if purger.step() and options["verbosity"] > 1:
                    self.stdout.write(f"{time.time():.2f} {purger.last}", ending="\n")
                    self.stdout.flush()
                time.sleep(settings.EDGE_PURGE_INTERVAL)
        except KeyboardInterrupt:
            return
