"""The production stack as `make serve` starts it, on a throwaway PostgreSQL cluster.

scripts/serve.py runs the release step, gunicorn on a Unix socket and nginx on
a loopback port, all from deploy/; the test talks to nginx only, as readers do.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.outage_server import OutageSite, free_port
from tests.pgcluster import ThrowawayCluster

BASE_DIR = Path(__file__).resolve().parent.parent.parent

CONTENT = """
import io, json
from datetime import timedelta
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from PIL import Image
from articles.models import Article, Section

def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (900, 500), (30, 80, 130)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="port.jpg")

def library_photo():
    from photos.models import Photo

    made = Photo()
    made.image.save("port.jpg", photo(), save=False)
    made.save()
    return made

section = Section.objects.create(name_ru="Аналитика", name_az="Analitika", name_en="Analytics")
past, future = timezone.now() - timedelta(hours=1), timezone.now() + timedelta(days=3)
body = "<p>" + "Pipelines, tariffs and the winter ahead. " * 300 + "</p>"
public = Article.objects.create(
    section=section, title_en="Gas and Europe", body_en=body, published_at_en=past,
    title_ru="Газ и Европа", body_ru=body, published_at_ru=past,
    lead_photo=library_photo(),
)
embargoed = Article.objects.create(
    section=section, title_en="Not yet", body_en="<p>Later.</p>", published_at_en=future,
    lead_photo=library_photo(),
)
chief = User.objects.create_superuser("chief", "chief@example.com", "stack-password-1")
client = Client()
client.force_login(chief)
print(json.dumps({
    "article": public.get_absolute_url("en"),
    "public": [public.lead_photo.image.name]
        + [r["name"] for r in public.lead_photo.renditions["webp"]],
    "embargoed": [embargoed.lead_photo.image.name]
        + [r["name"] for r in embargoed.lead_photo.renditions["webp"]],
    "session": client.cookies["sessionid"].value,
    "media_root": str(public.lead_photo.image.storage.location),
}))
"""


def nginx_installed():
    return bool(shutil.which("nginx") or os.access("/usr/sbin/nginx", os.X_OK))


class Stack:
    def __init__(self):
        # Short: a Unix socket's path may not pass 107 bytes.
        self.dir = Path(tempfile.mkdtemp(prefix="turan-stack-"))
        self.cluster = ThrowawayCluster()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.content = None

    def env(self, **extra):
        env = {
            key: value
            for key, value in os.environ.items()
            if key
            not in {"DJANGO_SETTINGS_MODULE", "TEST_DATABASE_NAME", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        }
        env.update(
            DEBUG="0",
            DEMO="0",
            SECRET_KEY="stack-test-secret-key-" + "k3y" * 14,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            DATABASE_URL=self.cluster.url("turan"),
            HOST="127.0.0.1",
            PORT=str(self.port),
            WEB_CONCURRENCY="2",
            RUN_DIR=str(self.dir / "run"),
            STATIC_ROOT=str(self.dir / "static"),
            MEDIA_ROOT=str(self.dir / "media"),
            NGINX_ACCESS_LOG=str(self.dir / "access.log"),
        )
        env.update(extra)
        return env

    # The same as the outage site's: manage.py with this stack's environment.
    manage = OutageSite.manage

    def start(self):
        self.cluster.start()
        self.cluster.create_database("turan")
        self.log = open(self.dir / "serve.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "scripts/serve.py", "run"],
            cwd=BASE_DIR,
            env=self.env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.server_log()
            if "Turan is serving" in self.server_log():
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the stack did not start:\n" + self.server_log())
        self.content = json.loads(self.manage("shell", "-c", CONTENT).strip().splitlines()[-1])
        return self

    def server_log(self):
        return (self.dir / "serve.log").read_text(errors="replace")

    def app_lines(self, fragment, seconds=5):
        """gunicorn's access log lines holding ``fragment`` (waiting for them a little)."""
        deadline = time.monotonic() + seconds
        while True:
            lines = [
                line
                for line in self.server_log().splitlines()
                if " gunicorn " in line and fragment in line
            ]
            if lines or time.monotonic() > deadline:
                return lines
            time.sleep(0.1)

    def get(self, path, method="GET", data=None, **headers):
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        opener = urllib.request.build_opener(NoRedirects)
        try:
            with opener.open(request, timeout=20) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def close(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)
        if self.process is not None:
            self.log.close()
        self.cluster.destroy()
        shutil.rmtree(self.dir, ignore_errors=True)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
