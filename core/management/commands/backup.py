import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, Progress, create_backup, default_directory


def _keep(value):
    try:
        keep = int(value)
    except ValueError:
        keep = 0
    if keep < 1:
        raise CommandError(
            f"--keep (KEEP, BACKUP_KEEP) must be a whole number from 1, not {value!r}."
        )
    return keep


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump), the media and the quarantine into one archive; "
        "print its path. Progress goes to stderr (none with -v 0)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            help=f"where to write the archive (default: BACKUP_DIR or {default_directory()})",
        )
        parser.add_argument(
            "--keep",
            help=(
                "after a successful backup, delete all but the newest KEEP archives "
                "(turan-*.tar) in that folder (default: BACKUP_KEEP, else keep them all)"
            ),
        )

    def handle(self, *args, output_dir=None, keep=None, verbosity=1, **options):
        if keep is None:
            keep = os.environ.get("BACKUP_KEEP") or None
        keep = None if keep is None else _keep(keep)
        progress = Progress(self.stderr.write if verbosity > 0 else None)
        try:
            path = create_backup(output_dir, keep=keep, progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
