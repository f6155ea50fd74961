"""``manage.py load_demo``: demo content and demo accounts for development.

Safe to run again: what exists is left alone, what is missing is created.
"""

import os
import secrets
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from demo.loader import DemoError, DemoLoader, demo_content, ensure_accounts
from demo.models import DemoLoad

# Where the generated password is kept between runs (tests point it elsewhere).
PASSWORD_FILE = settings.BASE_DIR / "var" / "demo-password"

ROLES = {
    "journalist": "Journalist: writes and edits, cannot publish",
    "editor": "Editor: also publishes, schedules and deletes",
    "admin": "superuser",
}


def demo_password():
    """Return ``(password, where it comes from)``.

    ``DEMO_PASSWORD`` wins; otherwise the password stored in PASSWORD_FILE,
    generated and stored on the first run.
    """
    if password := os.environ.get("DEMO_PASSWORD", "").strip():
        return password, "the DEMO_PASSWORD environment variable"
    path = PASSWORD_FILE
    if path.exists() and (password := path.read_text(encoding="utf-8").strip()):
        return password, f"stored in {path}"
    password = secrets.token_urlsafe(12)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Readable by the owner only.
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
        file.write(password + "\n")
    return password, f"generated and stored in {path}"


class Command(BaseCommand):
    help = (
        "Load demo sections, tags, authors, quotes and articles, and create the demo "
        "accounts journalist, editor and admin. Development only (DEBUG=1); safe to rerun."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo only runs in development mode (DEBUG=1): it creates demo "
                "accounts with a known password and must never touch a production database."
            )
        password, origin = demo_password()
        try:
            # Counts name models in English whatever LANGUAGE_CODE says.
            with transaction.atomic(), translation.override("en"):
                created = Counter()
                if not DemoLoad.objects.exists():
                    created = DemoLoader().load()
                    DemoLoad.objects.create()
                new_accounts = ensure_accounts(password)
        except DemoError as error:
            raise CommandError(str(error)) from error

        if new_accounts:
            created["accounts"] = len(new_accounts)
        created = +created  # drop the zero counts
        if created:
            summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo content created: {summary}."))
        else:
            self.stdout.write("Demo content already present: nothing new to create.")
        self.stdout.write(self._access_block(password, origin))

    @staticmethod
    def _access_block(password, origin):
        host = os.environ.get("HOST") or "127.0.0.1"
        port = os.environ.get("PORT") or "8000"
        base = f"http://{host}:{port}/"
        rows = demo_content().accounts
        width = max(len(row["username"]) for row in rows)
        accounts = "\n".join(
            f"    {row['username']:<{width}}  {password}   ({ROLES[row['username']]})"
            for row in rows
        )
        rule = "=" * 72
        return (
            f"\n{rule}\n"
            f"  Turan demo\n"
            f"  Public site:  {base}\n"
            f"  Admin:        {base}admin/\n"
            f"\n"
            f"  Accounts (username, password):\n"
            f"{accounts}\n"
            f"\n"
            f"  Password {origin}.\n"
            f"{rule}\n"
        )
