"""core/db/embedded.py: one Cluster for the project's server and the tests'
throwaway ones, and permissions that open no directory to strangers."""

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from core.db import embedded
from core.db.embedded import BASE_DIR, Cluster, allow_traversal
from tests.pgcluster import ThrowawayCluster

STRANGER = 54_321  # an account that owns none of the directories


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def private_dir():
    """A directory like /root: the owner's alone (in /tmp, removed afterwards)."""
    base = Path(tempfile.mkdtemp(prefix="turan-perm-"))
    os.chmod(base, 0o700)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def test_traversal_adds_search_permission_only_where_it_lacks(private_dir):
    (private_dir / "open").mkdir(mode=0o755)
    (private_dir / "open" / "shut").mkdir(mode=0o700)
    target = private_dir / "open" / "shut" / "data"
    target.mkdir(mode=0o700)

    allow_traversal(target, STRANGER)

    assert mode(private_dir) == 0o701  # reachable, not listable
    assert mode(private_dir / "open") == 0o755
    assert mode(private_dir / "open" / "shut") == 0o701
    assert mode(target) == 0o700  # the path itself is the caller's to hand over


def test_traversal_covers_the_path_behind_a_symbolic_link(private_dir):
    real = private_dir / "real" / "inside"
    real.mkdir(parents=True, mode=0o700)
    os.chmod(private_dir / "real", 0o700)
    link_parent = private_dir / "links"
    link_parent.mkdir(mode=0o700)
    (link_parent / "to-real").symlink_to(private_dir / "real")

    allow_traversal(link_parent / "to-real" / "inside" / "file", STRANGER)

    assert mode(private_dir) == 0o701
    assert mode(link_parent) == 0o701
    assert mode(private_dir / "real") == 0o701
    assert mode(real) == 0o701


def test_traversal_leaves_directories_the_account_owns_alone(private_dir):
    owner = os.stat(private_dir).st_uid
    (private_dir / "mine").mkdir(mode=0o700)

    allow_traversal(private_dir / "mine" / "data", owner)

    assert mode(private_dir) == 0o700
    assert mode(private_dir / "mine") == 0o700


@pytest.mark.skipif(os.geteuid() != 0, reason="the server's account is used only by root")
def test_a_cluster_inside_a_private_directory_opens_it_to_traversal_only(private_dir):
    ancestors = [*embedded._install_dir().resolve().parents, *private_dir.parents]
    before = {path: mode(path) for path in ancestors}
    cluster = ThrowawayCluster(private_dir / "cluster")
    try:
        cluster.start()
        assert cluster.psql("SELECT 1") == "1"
        account = embedded._system_account()
        assert os.stat(cluster.base_dir).st_uid == account.pw_uid
        assert os.stat(cluster.data_dir).st_uid == account.pw_uid
    finally:
        cluster.destroy()

    assert mode(private_dir) == 0o701
    for path, was in before.items():
        assert mode(path) & ~stat.S_IXOTH == was & ~stat.S_IXOTH, path


def test_the_project_server_and_throwaway_clusters_are_one_kind_of_cluster(tmp_path):
    project = embedded.project_cluster()
    throwaway = ThrowawayCluster(tmp_path / "c")

    assert isinstance(project, Cluster) and isinstance(throwaway, Cluster)
    assert project.data_dir == embedded.PGDATA
    assert project.socket_dir == embedded.socket_dir()
    assert project.settings == {"max_connections": 200}
    assert embedded.url() == project.url(embedded.DATABASE_NAME)
    assert throwaway.url("x") == f"postgresql://postgres@/x?host={tmp_path / 'c' / 'run'}&port=5432"
    assert not throwaway.is_running()


def test_a_throwaway_cluster_starts_stops_and_is_removed():
    with ThrowawayCluster() as cluster:
        url = cluster.create_database("turan_throwaway")
        assert "turan_throwaway" in url and str(cluster.socket_dir) in url
        assert (
            cluster.psql(
                "SELECT datname FROM pg_database WHERE datname = 'turan_throwaway'", "postgres"
            )
            == "turan_throwaway"
        )
        cluster.ensure_database("turan_throwaway")  # there already
        cluster.ensure_database("turan_second")
        assert cluster.psql("SELECT count(*) FROM pg_database WHERE datname LIKE 'turan_%'") == "2"
        cluster.stop()
        assert not cluster.is_running()
        cluster.start()
        assert cluster.is_running()
    assert not cluster.base_dir.exists()


def test_the_command_line_reports_on_the_project_server():
    def run(command):
        return subprocess.run(
            [sys.executable, "-m", "core.db.embedded", command],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
        )

    assert run("url").stdout.strip() == embedded.url()
    status = run("status")
    assert (status.returncode, status.stdout.strip()) in {(0, "running"), (3, "stopped")}
    assert status.returncode == (0 if embedded.is_running() else 3)
    assert run("nonsense").returncode == 2
