from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.i18n import LANGUAGE_CODES
from newswire.models import Partner


class Command(BaseCommand):
    help = "Create a newswire partner and print its new API key (shown this once)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument(
            "--languages",
            default=",".join(LANGUAGE_CODES),
            help="Comma-separated language codes the partner receives (default: all).",
        )
        parser.add_argument(
            "--rate-limit", type=int, default=None, help="Requests per minute per key."
        )
        parser.add_argument(
            "--embargoed",
            action="store_true",
            help="The partner receives scheduled versions ahead of their moment.",
        )

    def handle(self, name, languages, rate_limit, embargoed, **options):
        codes = [code.strip() for code in languages.split(",") if code.strip()]
        unknown = [code for code in codes if code not in LANGUAGE_CODES]
        if unknown or not codes:
            raise CommandError(
                f"--languages: give some of {', '.join(LANGUAGE_CODES)}, comma-separated."
            )
        if rate_limit is not None and rate_limit < 1:
            raise CommandError("--rate-limit must be 1 or more.")
        if Partner.objects.filter(name=name).exists():
            raise CommandError(f"A partner named {name!r} exists already.")
        fields = {"languages": codes, "receives_embargoed": embargoed}
        if rate_limit is not None:
            fields["rate_limit"] = rate_limit
        with transaction.atomic():
            partner = Partner.objects.create(name=name, **fields)
            _key, token = partner.issue_key(name="create_partner")
        self.stderr.write(
            f"Partner {partner.name!r} created ({', '.join(codes)}; "
            f"{partner.rate_limit} requests a minute). Its key, shown this once:"
        )
        self.stdout.write(token)
