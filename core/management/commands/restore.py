import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database content and the media folder with a backup archive "
        "made by `manage.py backup`."
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

    def handle(self, *args, file=None, interactive=True, **options):
        if file is None:
            raise CommandError("Name the backup to restore: restore FILE (make restore FILE=…).")
        if not file.is_file():
            raise CommandError(f"No such backup file: {file}")
        database = settings.DATABASES["default"]["NAME"]
        if interactive and sys.stdin.isatty():
            answer = input(
                f"This replaces everything in database {database!r} and in "
                f"{settings.MEDIA_ROOT} with {file}. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            result = restore_backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {file} (made {result['created']}): database {database!r} replaced, "
            f"{result['restored_media_files']} media files in {settings.MEDIA_ROOT}."
        )
