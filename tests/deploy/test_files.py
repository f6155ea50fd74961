"""The files docs/deploy.md installs are the ones `make serve` runs, and they hold."""

import configparser
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.deploy.stack import BASE_DIR, nginx_installed

DEPLOY = BASE_DIR / "deploy"
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "deploy-files-test-secret-" + "s3c" * 12,
    "ALLOWED_HOSTS": "news.example.org",
}


def env(**extra):
    values = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return {**values, **PRODUCTION, **extra}


@pytest.mark.skipif(not nginx_installed(), reason="nginx is missing")
def test_the_site_rendered_for_a_system_nginx_is_valid(tmp_path):
    site = subprocess.run(
        [sys.executable, "scripts/serve.py", "nginx-site"],
        cwd=BASE_DIR,
        env=env(RUN_DIR="/run/turan", SERVER_NAME="news.example.org", PORT="80",
                MEDIA_CACHE_DIR=str(tmp_path / "cache")),
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert site.returncode == 0, site.stderr
    assert "server unix:/run/turan/gunicorn.sock" in site.stdout
    assert "server_name news.example.org;" in site.stdout
    assert f"include {DEPLOY / 'nginx' / 'proxy_params'};" in site.stdout
    (tmp_path / "turan.conf").write_text(site.stdout)
    # A system nginx's own main file, reduced to what the site needs.
    (tmp_path / "nginx.conf").write_text(
        textwrap.dedent(f"""\
            pid {tmp_path}/nginx.pid;
            error_log stderr;
            {"".join(f"load_module {m};" for m in sorted(Path("/usr/lib/nginx/modules").glob("*brotli*.so")))}
            events {{}}
            http {{
                include /etc/nginx/mime.types;
                client_body_temp_path {tmp_path}/body;
                proxy_temp_path {tmp_path}/proxy;
                fastcgi_temp_path {tmp_path}/fastcgi;
                uwsgi_temp_path {tmp_path}/uwsgi;
                scgi_temp_path {tmp_path}/scgi;
                access_log off;
                include {tmp_path}/turan.conf;
            }}
        """)
    )
    nginx = (
        "nginx"
        if subprocess.run(["which", "nginx"], capture_output=True).returncode == 0
        else "/usr/sbin/nginx"
    )
    check = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-e", "stderr", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr


def test_gunicorns_file_is_valid_and_believes_no_forwarded_header_over_tcp():
    check = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", str(DEPLOY / "gunicorn.conf.py"),
         "--check-config", "--print-config", "turan.wsgi"],
        cwd=BASE_DIR,
        env=env(GUNICORN_BIND="0.0.0.0:8000", WEB_CONCURRENCY="3"),
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr
    printed = {
        name.strip(): value.strip()
        for name, _, value in (line.partition(" = ") for line in check.stdout.splitlines())
    }
    assert printed["bind"] == "['0.0.0.0:8000']"
    assert printed["workers"] == "3"
    assert printed["forwarded_allow_ips"] == "[]"


def test_the_systemd_units_run_the_files_in_the_repository():
    for name in ("turan.service", "turan-release.service", "turan-newswire-worker.service"):
        unit = configparser.ConfigParser(strict=False, interpolation=None)
        unit.optionxform = str
        unit.read(DEPLOY / "systemd" / name)
        command = unit["Service"]["ExecStart"].split()
        assert command[0].startswith("/srv/turan/.venv/bin/")
        for argument in command[1:]:
            if "/" in argument or argument.endswith(".py"):
                assert (BASE_DIR / argument).exists(), (name, argument)
    service = configparser.ConfigParser(strict=False, interpolation=None)
    service.read(DEPLOY / "systemd" / "turan.service")
    assert "turan-release.service" in service["Unit"]["Requires"]
    assert service["Service"]["Environment"]  # the socket and the media location
    worker = configparser.ConfigParser(strict=False, interpolation=None)
    worker.read(DEPLOY / "systemd" / "turan-newswire-worker.service")
    assert worker["Service"]["ExecStart"].endswith("manage.py newswire_worker")
    assert "turan-release.service" in worker["Unit"]["Requires"]
