import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, Progress, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database content, the media folder and the quarantine with a "
        "backup archive made by `manage.py backup`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, help="the archive to restore")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, file=None, interactive=True, verbosity=1, **options):
        if file is None:
            raise CommandError("Name the backup to restore: restore FILE (make restore FILE=…).")
        if not file.is_file():
            raise CommandError(f"No such backup file: {file}")
        database = settings.DATABASES["default"]["NAME"]
        if interactive and sys.stdin.isatty():
            answer = input(
                f"This replaces everything in database {database!r}, in the media "
                f"storage and in the quarantine with {file}. "
                "Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            progress = Progress(self.stderr.write if verbosity > 0 else None)
            result = restore_backup(file, progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
        quarantined = result["restored_quarantine_files"]
        kept = (
            f"{quarantined} quarantined files"
            if quarantined is not None
            else "the quarantine left as it was (the archive has none)"
        )
        self.stdout.write(
            f"Restored {file} (made {result['created']}): database {database!r} replaced, "
            f"{result['restored_media_files']} media files, {kept}."
        )
