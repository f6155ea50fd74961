"""``manage.py release``: what a new release needs before it serves, skipped when nothing changed.

Run once per release, before the app servers start (``make serve`` does; on
several servers run it on one, as docs/deploy.md says), never per worker:

1. **migrate**, when the database lacks a migration of this code;
2. **collectstatic**, when the static sources differ from what was collected
   (a fingerprint of their names and contents, kept in STATIC_ROOT);
3. **build_renditions** and **quarantine_media**, when the code changed since
   the last release step on this machine or a migration ran (both are safe to
   rerun but read every image row, which takes a while on a large archive).

Each step says whether it ran or why it was skipped; ``--force`` runs all.
"""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor

STAMP_NAME = ".release.json"
# What a code fingerprint covers, under the project's directory.
CODE_PATTERNS = ("*.py", "*.html", "*.txt", "*.toml", "*.mo", "*.lock")
SKIPPED_DIRECTORIES = {".git", ".venv", "var", "tests", "node_modules", "__pycache__"}


def fingerprint(files):
    """A digest of files' names and contents (a few MB: tens of milliseconds)."""
    digest = hashlib.sha256()
    for name, path in sorted(files):
        digest.update(f"{name}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def static_sources():
    for finder in get_finders():
        for name, storage in finder.list([]):
            yield name, Path(storage.path(name))


def code_files(root):
    for pattern in CODE_PATTERNS:
        for path in root.rglob(pattern):
            relative = path.relative_to(root)
            if not SKIPPED_DIRECTORIES & set(relative.parts):
                yield str(relative), path


def reachable(database=DEFAULT_DB_ALIAS):
    """Connect first, so that a pooler refusing the connection stops the start with
    what to set, rather than every page answering 503 later."""
    try:
        connections[database].ensure_connection()
    except OperationalError as error:
        if "unsupported startup parameter" in str(error):
            raise CommandError(
                f"The database refused a connection option ({error}). Behind PgBouncer, "
                "say which mode it pools in: DB_POOLER=session or DB_POOLER=transaction "
                "(docs/deploy.md, Database connections)."
            ) from error
        raise CommandError(f"The database cannot be reached: {error}") from error


def pending_migrations(database=DEFAULT_DB_ALIAS):
    executor = MigrationExecutor(connections[database])
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


class Command(BaseCommand):
    help = (
        "Migrate, collect static files and bring image renditions up to date, each only "
        "when something changed. Run once per release, before the app servers start."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run every step.")

    def handle(self, *args, force=False, **options):
        self.verbosity = options["verbosity"]
        reachable()
        quiet = {"verbosity": max(self.verbosity - 1, 0)}
        stamp_path = Path(settings.STATIC_ROOT) / STAMP_NAME
        try:
            stamp = json.loads(stamp_path.read_text())
        except (OSError, ValueError):
            stamp = {}

        migrated = False
        plan = pending_migrations()
        if force or plan:
            self.step("migrate", f"{len(plan)} migration(s) to apply")
            call_command("migrate", interactive=False, **quiet)
            migrated = bool(plan)
        else:
            self.skip("migrate", "the database is up to date")

        static = fingerprint(static_sources())
        # A manifest storage needs its manifest too (a STATIC_ROOT emptied by hand).
        manifest = getattr(staticfiles_storage, "manifest_name", None)
        static_current = stamp.get("static") == static and (
            manifest is None or staticfiles_storage.exists(manifest)
        )
        if force or not static_current:
            self.step("collectstatic", "the static sources changed")
            call_command("collectstatic", interactive=False, **quiet)
            stamp["static"] = static
        else:
            self.skip("collectstatic", "the static sources are unchanged")

        code = fingerprint(code_files(Path(settings.BASE_DIR)))
        if force or migrated or stamp.get("code") != code:
            self.step("build_renditions, quarantine_media", "the code or the schema changed")
            call_command("build_renditions", **quiet)
            call_command("quarantine_media", **quiet)
            stamp["code"] = code
        else:
            self.skip("build_renditions, quarantine_media", "the code is unchanged")

        stamp_path.parent.mkdir(parents=True, exist_ok=True)
        stamp_path.write_text(json.dumps(stamp, indent=2) + "\n")

    def step(self, name, reason):
        if self.verbosity:
            self.stdout.write(f"release: {name} ({reason})")

    def skip(self, name, reason):
        if self.verbosity:
            self.stdout.write(f"release: {name} skipped: {reason}")
