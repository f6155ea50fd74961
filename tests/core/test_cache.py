"""Redis that goes away: a miss, never an error; back, used again without a restart."""

import shutil
import socket
import subprocess
import time

import pytest

from core.cache import ResilientRedisCache

REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
pytestmark = pytest.mark.skipif(
    not shutil.which("redis-server") and not shutil.which(REDIS),
    reason="redis-server is missing (make servers installs it)",
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Redis:
    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def redis(tmp_path):
    server = Redis(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


def test_a_stopped_redis_is_a_miss_and_a_restarted_one_is_used_again(redis):
    cache = ResilientRedisCache(
        f"redis://127.0.0.1:{redis.port}/0",
        {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    )
    cache.set("page", "cached", 60)
    assert cache.get("page") == "cached"

    redis.stop()
    started = time.monotonic()
    assert cache.get("page") is None
    assert cache.get("page", "fallback") == "fallback"
    assert cache.get_many(["page"]) == {}
    assert cache.set("page", "again", 60) is None
    assert cache.add("other", 1) is False
    assert cache.delete("page") is False
    assert time.monotonic() - started < 5

    redis.start()
    cache.set("page", "back", 60)
    assert cache.get("page") == "back"
