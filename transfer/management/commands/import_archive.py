"""``manage.py import_archive PATH``: read back what ``export_archive`` wrote."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import translation

from transfer.archive import ArchiveError
from transfer.archive_import import ArchiveImport


class Command(BaseCommand):
    help = (
        "Import an archive written by export_archive: articles, sections, tags, authors, "
        "quotes and site pages are matched by their ids (pages by kind) and brought to the "
        "archive's state in one transaction; a damaged archive is refused before anything "
        "is written. Importing the same archive again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive (a .zip file from export_archive).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the archive and report; write nothing."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Allow changing rows this database already holds (matched by id).",
        )

    def handle(self, *args, **options):
        tty = sys.stderr.isatty()
        verbose = options["verbosity"] > 0

        def progress(stage, done, total):
            if not verbose:
                return
            if tty:
                sys.stderr.write(f"\rimport_archive: {stage} {done}/{total} articles")
                if done == total:
                    sys.stderr.write("\n")
                sys.stderr.flush()
            else:
                self.stderr.write(f"import_archive: {stage} {done}/{total} articles")

        importer = ArchiveImport(
            options["path"],
            dry_run=options["dry_run"],
            replace=options["replace"],
            progress=progress,
        )
        try:
            with translation.override("en"):
                report = importer.run()
        except ArchiveError as error:
            raise CommandError(f"Archive refused, nothing was written: {error}") from error
        except DatabaseError as error:
            # The transaction was rolled back: the database is as it was.
            raise CommandError(f"Import failed, nothing was written: {error}") from error
        except OSError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
