"""``manage.py build_renditions``: make the image renditions that are missing.

Rows saved through the model get theirs on save; this catches rows saved
before renditions existed, changed with ``update()``, loaded as fixtures, or
whose rendition files were lost (``--verify``, which also brings back from the
quarantine an original a row names but the media lack). An original a row's
renditions described before its image changed behind the model's back is
quarantined when no row names it any more, as a save would.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from core.images import RenditionsField, rendition_entries
from core.quarantine import bring_back, settle_later

CHUNK = 200


def renditions_fields():
    """Every ``(model, RenditionsField)`` of the installed apps."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, RenditionsField):
                yield model, field


class Command(BaseCommand):
    help = (
        "Make the missing WebP renditions of lead images and author photos (rows "
        "whose image changed without a save, or that predate renditions). Safe to rerun."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--verify",
            action="store_true",
            help=(
                "Also check that every original and rendition file exists in storage: "
                "bring originals back from the quarantine, remake lost renditions."
            ),
        )

    def handle(self, *args, verify=False, **options):
        total = 0
        for model, field in renditions_fields():
            made = 0
            rows = (
                model._default_manager.exclude(**{field.source: ""})
                .order_by("pk")
                .only("pk", field.source, field.attname, *(field.focus or ()))
            )
            for row in rows.iterator(chunk_size=CHUNK):
                file = getattr(row, field.source)
                shown = (getattr(row, field.attname) or {}).get("source")
                missing = verify and not file.storage.exists(file.name)
                if not missing and not self.needs_work(row, field, verify):
                    continue
                with transaction.atomic():
                    if missing and bring_back(file.storage, file.name):
                        setattr(row, field.attname, {})  # Made again from the file.
                    if shown != file.name or missing:
                        settle_later(file.storage, {shown, file.name})
                    if field.sync(row):
                        # update(): no save signals, so no revision for derived data.
                        model._default_manager.filter(pk=row.pk).update(
                            **{field.attname: getattr(row, field.attname)}
                        )
                        made += 1
            if made or options["verbosity"] > 1:
                self.stdout.write(f"{model._meta.label}.{field.source}: {made} rebuilt")
            total += made
        if options["verbosity"]:
            self.stdout.write(f"Renditions made for {total} image(s).")

    @staticmethod
    def needs_work(row, field, verify):
        file = getattr(row, field.source)
        info = getattr(row, field.attname)
        if not field.is_current(row):
            return True
        if verify:
            storage = file.storage
            if not all(storage.exists(entry["name"]) for entry in rendition_entries(info)):
                # Forget the description so sync() remakes the lost files.
                setattr(row, field.attname, {})
                return True
        return False
