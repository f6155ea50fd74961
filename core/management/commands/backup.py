from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, create_backup, default_directory


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump), the media folder and the quarantine into one "
        "archive; print its path."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            help=f"where to write the archive (default: BACKUP_DIR or {default_directory()})",
        )

    def handle(self, *args, output_dir=None, **options):
        try:
            path = create_backup(output_dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
