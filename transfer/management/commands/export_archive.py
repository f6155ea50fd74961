"""``manage.py export_archive PATH``: every article, as ninjs items, with its media."""

import os
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from transfer.archive import ArchiveError, export_archive


class Command(BaseCommand):
    help = (
        "Write a portable archive (one ZIP file) of every article in every language, "
        "public or not, as ninjs 3.1 items, with sections, tags, authors, quotes, site "
        "pages and the original media files. import_archive reads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive to write (a .zip file).")
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace the file if it exists."
        )

    def handle(self, *args, **options):
        path = options["path"]
        if os.path.exists(path) and not options["overwrite"]:
            raise CommandError(f"{path} exists; pass --overwrite to replace it")
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise CommandError(f"{folder} is not a folder")
        tty = sys.stderr.isatty()
        verbose = options["verbosity"] > 0

        def progress(done, total):
            if not verbose:
                return
            if tty:
                sys.stderr.write(f"\rexport_archive: {done}/{total} articles")
                if done == total:
                    sys.stderr.write("\n")
                sys.stderr.flush()
            else:
                self.stderr.write(f"export_archive: {done}/{total} articles")

        try:
            with translation.override("en"):
                report = export_archive(path, progress=progress)
        except (ArchiveError, OSError) as error:
            raise CommandError(str(error)) from error
        for line in report.lines(path):
            self.stdout.write(line)
