"""A throwaway PostgreSQL cluster in a directory of its own.

Made with the same binaries as the embedded server (core/db/embedded.py) but
with its own data and socket directories, so a test may stop and start it
(a database outage) or fill and wipe it (a backup round trip) without
touching the shared server::

    with ThrowawayCluster() as cluster:
        cluster.create_database("turan")
        url = cluster.url("turan")
        cluster.stop()
        cluster.start()
"""

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from core.db import embedded as embedded_db


class ThrowawayCluster:
    port = 5432
    user = embedded_db.USER

    def __init__(self, base_dir: Path | None = None):
        # Under /tmp with a short name: Unix socket paths are limited to 107 bytes.
        self.base_dir = Path(base_dir or tempfile.mkdtemp(prefix="turan-pgc-"))
        self.data_dir = self.base_dir / "data"
        self.socket_dir = self.base_dir / "run"
        self.log_file = self.base_dir / "postgres.log"
        self._initialised = False

    # -- lifecycle -------------------------------------------------------

    def _run(self, args, **kwargs):
        if os.geteuid() == 0:
            kwargs["user"] = embedded_db.SYSTEM_USER
        return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)

    def init(self):
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_file.touch()
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root; hand the folders to its account.
            try:
                entry = pwd.getpwnam(embedded_db.SYSTEM_USER)
            except KeyError:
                subprocess.run(["useradd", "--system", embedded_db.SYSTEM_USER], check=True)
                entry = pwd.getpwnam(embedded_db.SYSTEM_USER)
            for parent in self.base_dir.parents:
                parent.chmod(parent.stat().st_mode | 0o055)
            for path in (self.base_dir, self.data_dir, self.socket_dir, self.log_file):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self.data_dir.chmod(0o700)
        self._run(
            [
                embedded_db._bin("initdb"),
                "-D",
                str(self.data_dir),
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "-U",
                self.user,
            ]
        )
        self._initialised = True

    def start(self):
        if not self._initialised:
            self.init()
        options = f"-h '' -k {self.socket_dir} -p {self.port}"
        self._run(
            [
                embedded_db._bin("pg_ctl"),
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

    def stop(self):
        self._run(
            [embedded_db._bin("pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"]
        )

    def is_running(self) -> bool:
        if not self._initialised:
            return False
        try:
            self._run([embedded_db._bin("pg_ctl"), "-D", str(self.data_dir), "status"])
        except subprocess.CalledProcessError:
            return False
        return True

    def destroy(self):
        if self.is_running():
            self.stop()
        self._initialised = False
        shutil.rmtree(self.base_dir, ignore_errors=True)

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.destroy()
            raise
        return self

    def __exit__(self, *exc_info):
        self.destroy()

    # -- use ---------------------------------------------------------------

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = self._run(
            [
                embedded_db._bin("psql"),
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
                "-tAc",
                sql,
            ]
        )
        return result.stdout.strip()

    def create_database(self, name: str) -> str:
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def url(self, name: str) -> str:
        return f"postgresql://{self.user}@/{name}?host={self.socket_dir}&port={self.port}"
