from datetime import date

from django.core.management.base import BaseCommand, CommandError

from newsletter.mail import send_digests


class Command(BaseCommand):
    help = (
        "Send the day's digest (a Baku date, today by default) to every confirmed "
        "subscriber not yet sent it. Safe to run again: nobody gets a day twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The Baku day, YYYY-MM-DD (default: today).")

    def handle(self, *args, **options):
        day = None
        if options["date"]:
            try:
                day = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD.") from None
        sent, failed = send_digests(day)
        self.stdout.write(f"{sent} digest(s) sent, {failed} refused by the mail server.")
        if failed:
            raise CommandError(f"{failed} digest(s) could not be sent; the next run tries again.")
