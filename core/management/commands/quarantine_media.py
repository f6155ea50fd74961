"""``manage.py quarantine_media``: take out of the served media what no row shows.

Saves quarantine what they replace once they commit (core/quarantine.py); this
catches the rest: originals replaced or deleted before the quarantine existed,
or left by a transaction that rolled back after storing or bringing back a
file, and renditions no row describes. In the image fields' upload folders,
every original no row names moves to the quarantine, and every original a row
names that only the quarantine has comes back; under ``renditions/`` every file
no row describes is deleted (renditions are made again from their original).
Files younger than ``--min-age`` are left alone: their upload may not have
committed yet. Safe to rerun.
"""

import posixpath
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.images import RENDITIONS_DIRECTORY, RenditionsField, rendition_names
from core.quarantine import file_fields, in_use, quarantine_storage, settle
from core.uploads import UnguessablePath


def upload_directory(field):
    """The folder ``field`` stores its files under, or None when it cannot tell
    (a callable ``upload_to``, or the storage's root)."""
    upload_to = field.upload_to
    if isinstance(upload_to, UnguessablePath):
        directory = upload_to.prefix
    elif isinstance(upload_to, str):
        static = upload_to.split("%")[0]  # Before any strftime placeholder.
        directory = static if static.endswith("/") else posixpath.dirname(static)
    else:
        return None
    return directory.strip("/") or None


def walk(storage, directory):
    """Every file name under ``directory`` of ``storage``."""
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(directory, name)
    for folder in sorted(folders):
        yield from walk(storage, posixpath.join(directory, folder))


class Command(BaseCommand):
    help = (
        "Move to the quarantine the original images no row shows (and bring back those "
        "a row shows from it); delete renditions no row describes. Safe to rerun."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say what would be moved or deleted."
        )
        parser.add_argument(
            "--min-age",
            type=int,
            default=3600,
            help="Leave files younger than this many seconds alone (default: 3600).",
        )

    def handle(self, *args, dry_run=False, min_age=3600, **options):
        cutoff = timezone.now() - timedelta(seconds=min_age)
        quarantine = quarantine_storage()
        by_storage = {}
        for model, field in file_fields():
            directory = upload_directory(field)
            if directory:
                by_storage.setdefault(field.storage, (set(), []))[0].add(directory)
                by_storage[field.storage][1].append((model, field))
        counts = {"quarantined": 0, "brought back": 0, "deleted": 0}
        for storage, (directories, fields) in by_storage.items():
            names = set()
            for directory in sorted(directories):
                names.update(
                    name
                    for name in walk(storage, directory)
                    if storage.get_modified_time(name) < cutoff
                )
            # Rows naming a file the media lack, which the quarantine may have.
            for model, field in fields:
                named = model._base_manager.exclude(**{field.attname: ""}).values_list(
                    field.attname, flat=True
                )
                names.update(name for name in named.distinct() if name and not storage.exists(name))
            if dry_run:
                actions = {name: self.would(storage, quarantine, name) for name in names}
            else:
                actions = settle(storage, names)
            for name, action in sorted(actions.items()):
                if action:
                    counts[action] += 1
                    if options["verbosity"] > 1:
                        self.stdout.write(f"{action}: {name}")
            counts["deleted"] += self.stray_renditions(storage, cutoff, dry_run, options)
        if options["verbosity"]:
            verb = "Would have" if dry_run else "Have"
            self.stdout.write(
                f"{verb} quarantined {counts['quarantined']} original(s), brought back "
                f"{counts['brought back']}, deleted {counts['deleted']} stray rendition(s)."
            )

    @staticmethod
    def would(storage, quarantine, name):
        used = in_use(name)
        if used and not storage.exists(name) and quarantine.exists(name):
            return "brought back"
        if not used and storage.exists(name):
            return "quarantined"
        return None

    def stray_renditions(self, storage, cutoff, dry_run, options):
        """Delete the renditions in ``storage`` that no row describes."""
        described = set()
        for model, field in file_fields():
            if field.storage is not storage:
                continue
            for renditions in model._meta.concrete_fields:
                if isinstance(renditions, RenditionsField) and renditions.source == field.name:
                    for info in model._base_manager.values_list(renditions.attname, flat=True):
                        described |= rendition_names(info)
        deleted = 0
        for name in walk(storage, RENDITIONS_DIRECTORY):
            if name in described or storage.get_modified_time(name) >= cutoff:
                continue
            if options["verbosity"] > 1:
                self.stdout.write(f"deleted: {name}")
            if not dry_run:
                storage.delete(name)
            deleted += 1
        return deleted
