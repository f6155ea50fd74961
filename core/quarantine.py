"""Originals no row uses any more leave the served media storage.

The web server serves everything under ``MEDIA_ROOT``. An image that was
replaced, cleared or whose row was deleted would stay downloadable at its old
address there: the photo of an embargoed piece, swapped for another, still
reachable by whoever saw its address. Revisions keep the names of old images,
though, and restoring one must bring its image back, so originals are not
deleted but moved to the **quarantine**: a storage outside ``MEDIA_ROOT``
(``settings.QUARANTINE_ROOT``, the ``"quarantine"`` alias of ``STORAGES``),
which nothing serves.

- ``settle(storage, names)``: put each name where it belongs now, under a
  lock on the name: in ``storage`` while some row's file field names it (a
  quarantined copy is then deleted, or copied back if ``storage`` lacks it),
  else in the quarantine. ``settle_later`` does it once the transaction
  commits; ``core.images.RenditionsField`` calls it for the original a save
  replaced or cleared, for a deleted row's, and for one a save brought back.
- ``bring_back(storage, name)``: copy ``name`` back from the quarantine when
  ``storage`` lacks it, for a row about to be saved naming it (the field calls
  it before making renditions, so restoring a revision shows its image again).

Locks are PostgreSQL advisory locks held until the transaction ends, so a
restore bringing an image back and a commit quarantining it never cross: one
waits for the other's transaction, then sees its row. The file is copied
before its old copy is deleted, never lost on the way. A transaction rolled
back after an image was brought back leaves a copy that no row names:
``manage.py quarantine_media`` settles every original in storage, such strays
and those left from before the quarantine existed.
"""

import logging
import os
from functools import partial

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import DatabaseError, connection, models, transaction

logger = logging.getLogger(__name__)

ALIAS = "quarantine"


class QuarantineStorage(FileSystemStorage):
    """Files kept out of reach: under ``settings.QUARANTINE_ROOT`` unless given a
    ``location``, followed when the setting changes, and with no URL."""

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location, **kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.QUARANTINE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Quarantined files are not served.")


def quarantine_storage():
    """The quarantine: the ``"quarantine"`` storage, or a ``QuarantineStorage``
    when ``STORAGES`` names none."""
    if ALIAS in settings.STORAGES:
        return storages[ALIAS]
    return QuarantineStorage()


def lock(name):
    """Hold a lock on the file ``name`` until the current transaction ends."""
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("lock() needs a transaction")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"turan.media:{name}"]
        )


def file_fields():
    """Every ``(model, FileField)`` of the installed apps (image fields included)."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def in_use(name):
    """Whether any row's file field names ``name``."""
    return any(
        model._base_manager.filter(**{field.attname: name}).exists()
        for model, field in file_fields()
    )


def _copy(source, target, name):
    """Write ``source``'s ``name`` into ``target`` under the same name, replacing
    a file of that name there."""
    if target.exists(name):
        target.delete(name)
    with source.open(name, "rb") as handle:
        saved = target.save(name, handle)
    if saved != name:  # Someone wrote that name meanwhile: keep ours out.
        target.delete(saved)
        raise OSError(f"{name} could not be written under its own name")


def bring_back(storage, name):
    """Copy ``name`` back from the quarantine into ``storage`` when only the
    quarantine has it; return whether it did.

    For a row about to be saved naming ``name`` (its renditions are made from
    the copy). Inside a transaction the name stays locked until it ends; the
    quarantined copy is deleted by ``settle`` once the row is saved.
    """
    if not name:
        return False
    if connection.in_atomic_block:
        lock(name)
    if storage.exists(name):
        return False
    quarantine = quarantine_storage()
    if not quarantine.exists(name):
        return False
    _copy(quarantine, storage, name)
    return True


def settle(storage, names):
    """Put each of ``names`` where it belongs now: in ``storage`` (served) while
    a row names it, else in the quarantine. Return ``{name: "quarantined" |
    "brought back"}`` for the files moved."""
    quarantine = quarantine_storage()
    moved = {}
    for name in sorted(set(names)):
        try:
            with transaction.atomic():
                lock(name)
                here, there = storage.exists(name), quarantine.exists(name)
                if in_use(name):
                    if there and not here:
                        _copy(quarantine, storage, name)
                        moved[name] = "brought back"
                    if there:
                        quarantine.delete(name)
                elif here:
                    _copy(storage, quarantine, name)
                    storage.delete(name)  # Only once the copy is written.
                    moved[name] = "quarantined"
        except (OSError, DatabaseError):
            logger.warning("Could not settle the original %s", name, exc_info=True)
    return moved


def settle_later(storage, names):
    """``settle`` ``names`` once the transaction commits (never if it rolls back:
    the rows would still be as they were). Outside a transaction: now."""
    names = {name for name in names if name}
    if names:
        transaction.on_commit(partial(settle, storage, names), robust=True)


def check_quarantine_root(app_configs=None, **kwargs):
    """System check: the quarantine must not be where the media are served from."""
    from django.core import checks

    quarantine = quarantine_storage()
    if not isinstance(quarantine, FileSystemStorage):
        return []
    media = os.path.abspath(settings.MEDIA_ROOT)
    location = quarantine.location
    if os.path.commonpath([media, location]) in (media, location):
        return [
            checks.Error(
                f"The quarantine ({location}) overlaps MEDIA_ROOT ({media}), which is served.",
                hint="Set QUARANTINE_ROOT to a folder outside MEDIA_ROOT.",
                id="core.E002",
            )
        ]
    return []
