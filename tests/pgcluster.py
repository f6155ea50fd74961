"""A throwaway PostgreSQL cluster in a directory of its own.

The embedded server's ``Cluster`` (core/db/embedded.py), with its own data and
socket directories under one temporary directory, so a test may stop and
start it (a database outage) or fill and wipe it (a backup round trip)
without touching the shared server::

    with ThrowawayCluster() as cluster:
        cluster.create_database("turan")
        url = cluster.url("turan")
        cluster.stop()
        cluster.start()
"""

import shutil
import tempfile
from pathlib import Path

from core.db.embedded import Cluster


class ThrowawayCluster(Cluster):
    def __init__(self, base_dir: Path | None = None):
        # Under /tmp with a short name: Unix socket paths are limited to 107 bytes.
        # Run by root, the server's account owns the whole directory.
        self.base_dir = Path(base_dir or tempfile.mkdtemp(prefix="turan-pgc-"))
        super().__init__(
            self.base_dir / "data",
            self.base_dir / "run",
            self.base_dir / "postgres.log",
            home=self.base_dir,
            capture=True,
        )

    def destroy(self):
        if self.is_running():
            self.stop()
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
