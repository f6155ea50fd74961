"""`make cluster`'s cluster, started by scripts/cluster.py in a directory of its own.

The tests talk to it as readers and staff do (through nginx, or Varnish in
front of it), and break its parts with the script's own `stop`, or a kill.
"""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

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
from photos.models import Photo

def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (900, 500), (30, 80, 130)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="port.jpg")

section = Section.objects.create(name_ru="Аналитика", name_az="Analitika", name_en="Analytics")
past = timezone.now() - timedelta(hours=1)
article = Article.objects.create(
    section=section, title_en="Gas and Europe", body_en="<p>Pipelines and tariffs.</p>",
    published_at_en=past, title_ru="Газ и Европа", body_ru="<p>Трубы и тарифы.</p>",
    published_at_ru=past,
)
lead = Photo(caption_en="Pipelines")
lead.image.save("port.jpg", photo(), save=False)
lead.save()
article.lead_photo = lead
article.save()
chief = User.objects.create_superuser("chief", "chief@example.com", "cluster-password-1")
client = Client()
client.force_login(chief)
print(json.dumps({
    "article": article.get_absolute_url("en"),
    "article_ru": article.get_absolute_url("ru"),
    "article_id": article.pk,
    "image": lead.image.name,
    "session": client.cookies["sessionid"].value,
}))
"""


def tools_missing():
    """What the cluster needs that this machine lacks (make servers installs them)."""
    missing = [
        name
        for name, paths in {
            "nginx": ("/usr/sbin/nginx",),
            "redis-server": ("/usr/bin/redis-server",),
        }.items()
        if not (shutil.which(name) or any(os.access(path, os.X_OK) for path in paths))
    ]
    if not (Path(sys.executable).parent / "moto_server").exists():
        missing.append("moto_server")
    return missing


class RunningCluster:
    def __init__(self):
        # Short: PostgreSQL's Unix socket paths may not pass 107 bytes.
        self.dir = Path(tempfile.mkdtemp(prefix="turan-cl-"))
        self.content = None
        self.config = None

    def env(self, **extra):
        env = {
            key: value
            for key, value in os.environ.items()
            if key
            not in {"DJANGO_SETTINGS_MODULE", "TEST_DATABASE_NAME", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        }
        env.update(
            CLUSTER_DIR=str(self.dir),
            # Kept between runs: collectstatic then runs only when the sources changed.
            CLUSTER_STATIC_ROOT=str(BASE_DIR / "var" / "cluster-test-static"),
            REPLICA_MAX_LAG="2",
            REPLICA_CHECK_SECONDS="0.5",
            EDGE_PURGE_INTERVAL="0.1",
            WEB_CONCURRENCY="2",
        )
        env.update(extra)
        return env

    def script(self, *args, check=True):
        result = subprocess.run(
            [sys.executable, "scripts/cluster.py", *args],
            cwd=BASE_DIR,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=240,
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr + self.logs()
        return result.stdout

    def node_env(self):
        """The app nodes' environment, as the script gives it."""
        env = self.env()
        for line in self.script("env").splitlines():
            name, _, value = line.partition("=")
            env[name] = value.strip("'")
        return env

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.node_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def start(self):
        #: What ``make cluster`` printed.
        self.started = self.script("start")
        self.config = json.loads((self.dir / "cluster.json").read_text())
        self.url = f"http://127.0.0.1:{self.config['port']}"
        self.content = json.loads(self.manage("shell", "-c", CONTENT).strip().splitlines()[-1])
        return self

    def logs(self):
        return "".join(
            f"\n--- {path.name}\n" + path.read_text(errors="replace")[-3000:]
            for path in sorted(self.dir.glob("*.log"))
        )

    def get(self, path, method="GET", data=None, base=None, timeout=20, **headers):
        request = urllib.request.Request(
            (base or self.url) + path, data=data, method=method, headers=headers
        )
        opener = urllib.request.build_opener(NoRedirects)
        try:
            with opener.open(request, timeout=timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def staff(self):
        return {"Cookie": f"sessionid={self.content['session']}"}

    def psql(self, part, sql):
        """``sql`` run in the ``turan`` database of ``part`` (primary or replica)."""
        return script().postgres(part, self.dir).psql(sql, "turan")

    def pid(self, part):
        return int((self.dir / f"{part}.pid").read_text().split()[0])

    def close(self):
        self.script("stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


_script = None


def script():
    """scripts/cluster.py as a module (its PostgreSQL parts, for psql)."""
    global _script
    if _script is None:
        spec = importlib.util.spec_from_file_location(
            "turan_cluster_script", BASE_DIR / "scripts" / "cluster.py"
        )
        _script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_script)
    return _script


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def form_fields(html):
    """The CSRF token of an admin form page."""
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def wait_for(check, seconds, step=0.1):
    """Call ``check`` until it returns something true; return that, or None after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(step)
    return None
