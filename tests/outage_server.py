"""A real site on a throwaway PostgreSQL cluster, for outage and recovery tests.

The server runs in production mode (DEBUG off, persistent connections with
health checks, as `make serve` runs) under gunicorn in a subprocess, so
stopping the cluster under it is exactly what a database outage looks like.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.pgcluster import ThrowawayCluster

BASE_DIR = Path(__file__).resolve().parent.parent

# Production settings with static files served as they are (no collected
# manifest needed) and the production connection settings.
SETTINGS = """
from turan.settings_test import *  # noqa

DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
MEDIA_ROOT = {media!r}
# Static files straight from the sources (no collectstatic for a test server).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
"""

CONTENT = """
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from articles.models import Article, Section

section = Section.objects.create(name_ru="Аналитика", name_az="Analitika", name_en="Analytics")
moment = timezone.now() - timedelta(hours=1)
Article.objects.create(
    section=section,
    title_ru="Газ и Европа", body_ru="<p>Русский текст.</p>", published_at_ru=moment,
    title_az="Qaz və Avropa", body_az="<p>Azərbaycanca mətn.</p>", published_at_az=moment,
    title_en="Gas and Europe", body_en="<p>English text.</p>", published_at_en=moment,
)
User.objects.create_superuser("chief", "chief@example.com", "outage-password-1")
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OutageSite:
    """``start()`` makes the cluster, migrates, adds content and serves it."""

    def __init__(self, tmp_path):
        self.tmp_path = Path(tmp_path)
        self.cluster = ThrowawayCluster()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = None
        (self.tmp_path / "outage_settings.py").write_text(
            SETTINGS.format(media=str(self.tmp_path / "media"))
        )

    def env(self):
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "TEST_DATABASE_NAME"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="outage_settings",
            PYTHONPATH=os.pathsep.join([str(self.tmp_path), str(BASE_DIR)]),
            DATABASE_URL=self.cluster.url("turan"),
            SECRET_KEY="outage-test-secret-" + "x" * 40,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
        )
        return env

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env(),
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def start(self):
        self.cluster.start()
        self.cluster.create_database("turan")
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("shell", "-c", CONTENT)
        self.log = open(self.tmp_path / "server.log", "w")  # noqa: SIM115
        self.server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "turan.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "60",
                # Not the control socket in $HOME shared by every gunicorn of this user.
                "--no-control-socket",
            ],
            cwd=BASE_DIR,
            env=self.env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/robots.txt", timeout=5)
                return self
            except (urllib.error.URLError, ConnectionError):
                assert self.server.poll() is None, (self.tmp_path / "server.log").read_text()
                time.sleep(0.2)
        raise AssertionError("the server did not start")

    def close(self):
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            self.server.wait(timeout=20)
        if self.server is not None:
            self.log.close()
        self.cluster.destroy()

    def database_down(self):
        self.cluster.stop()

    def database_up(self):
        self.cluster.start()
