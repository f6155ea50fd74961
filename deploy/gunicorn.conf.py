"""gunicorn as Turan runs it, behind nginx (docs/deploy.md).

Used by ``make serve`` and by deploy/systemd/turan.service alike. Every value
can be set from the environment; the defaults are this machine's.
"""

import os
import re

from gunicorn.http import message

_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# A Unix socket in a directory only this user may open: gunicorn believes the
# X-Forwarded-* headers of Unix socket peers unconditionally, so nobody but
# nginx (and this user) may connect.
bind = [
    os.environ.get("GUNICORN_BIND", "unix:" + os.path.join(_root, "var", "serve", "gunicorn.sock"))
]
umask = 0o007
if not bind[0].startswith("unix:"):
    # Reached over TCP: believe forwarded headers from the listed proxies only,
    # none by default (gunicorn's own default would trust any local process).
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")

workers = int(os.environ.get("WEB_CONCURRENCY", 2))
# nginx buffers slow clients, so a sync worker only ever sees whole requests.
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
# Workers are not renewed by default: each keeps its own page cache (with the
# default CACHE_URL=locmem://) and starts empty when renewed. Set a number to
# renew each worker after that many requests if memory ever grows.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Access log on stdout: time, client, request id, request, status, bytes,
# seconds taken and whether the page cache answered.
accesslog = "-"
access_log_format = (
    '%(t)s gunicorn %({x-forwarded-for}i)s %({x-request-id}i)s "%(r)s" %(s)s %(B)s '
    '%(L)ss page-cache=%({x-page-cache}o)s "%(f)s" "%(a)s"'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn's runtime control socket would sit in $HOME, shared by every
# gunicorn of this user; Turan is managed by signals and systemd instead.
control_socket_disable = True

# A request line with raw UTF-8 (``/ru/search/?q=газ`` unencoded, as some apps
# and bots send it) reaches gunicorn as it came: nginx passes the line on
# unchanged. gunicorn refuses every byte above 0x7E with an English page of its
# own; bytes 0x80-0xFF are let through here (controls, DEL and spaces are still
# refused), and Django reads them as UTF-8, as it would their %-encoded form,
# or answers its own 400 in the reader's language. tests/deploy checks it.
message.RFC9112_TARGET_INVALID = re.compile(r"[^\x21-\x7e\x80-\xff]")
