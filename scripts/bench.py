"""Measure the production stack under an outside load generator.

    python scripts/bench.py bench   # what `make bench` runs
    python scripts/bench.py soak    # what `make soak` runs
    python scripts/bench.py day     # what `make bench-day` runs
    python scripts/bench.py profile # what `make bench-profile` runs: Python and SQL per page

Environment: BENCH_ARTICLES (archive size, default 100000), BENCH_DURATION
(seconds per measured run, default 20), WEB_CONCURRENCY (gunicorn workers,
default 2), SOAK_DURATION (default 60), SOAK_CONNECTIONS (default 64),
SOAK_MAX_GROWTH (allowed RSS growth of gunicorn in percent, default 10),
BENCH_SCHEDULE_LATE (allowed lateness of a scheduled version through the
proxy cache in seconds, default 1.0), BENCH_KEEP (keep the temporary
directory with the servers' logs). DB_POOL, DB_POOL_MIN_SIZE and
DB_POOL_MAX_SIZE reach the app as they are set; the results say whether the
settings opened a pool.

The archive lives in its own database on the configured server
(`turan_archive` for 100,000 articles, `turan_archive_<n>` otherwise) and is
built with `manage.py generate_archive` when missing. The servers are the
stack `make serve` starts, started the same way (scripts/serve.py run: the
release step, gunicorn on a Unix socket, nginx in front), each on a free
loopback port with its RUN_DIR, STATIC_ROOT and an empty MEDIA_ROOT in a
temporary directory; wrk asks nginx, with a browser's Accept-Encoding. The
shared cache in front of the stack is another nginx, run as the current user
from the same directory. Results go to docs/performance.md, one section per
archive size, replaced on rerun.
"""

import argparse
import datetime as dt
import gzip
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NOTE = ROOT / "docs" / "performance.md"
LANGUAGE = "ru"  # the language every single-page target is read in
THREADS = 2
CONNECTIONS = 8
# What a browser sends; Turan compresses pages with gzip, nginx static files with either.
READER_ENCODING = "gzip, br"
# Uncached lists, each held to this share of the uncached article's req/s (same run).
LIST_PAGES = (
    "home",
    "section",
    "tag",
    "author",
    "archive month",
    "feed",
    "person",
    "quotes archive",
)
LIST_SHARE = 0.75
# In a section's header: only such sections are compared by archive size.
THROUGH_THE_STACK = "through nginx (scripts/serve.py)"
# Test-only: never a production secret; the bench's servers listen on loopback only.
SECRET_KEY = "bench-only-secret-key-not-for-production-" + "x" * 24


def log(message):
    # Django sets TZ to Baku time once set up; the log keeps to UTC.
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


class BenchError(RuntimeError):
    pass


# ---------------------------------------------------------------- database


def base_database_url():
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    sys.path.insert(0, str(ROOT))
    from core.db import embedded as embedded_db

    if not embedded_db.is_running():
        raise BenchError("The embedded PostgreSQL is not running: `make db-start` first.")
    return embedded_db.url()


def with_database(url, name):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def archive_name(articles):
    return "turan_archive" if articles == 100_000 else f"turan_archive_{articles}"


def ensure_database(url, name):
    import psycopg

    server = with_database(url, "postgres")
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            log(f"creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')


# ---------------------------------------------------------------- processes


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(database_url, **extra):
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        # The archive generator and the framework floor live in the bench app.
        BENCH="1",
        DATABASE_URL=database_url,
    )
    for name, value in extra.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = str(value)
    return env


def manage(env, *args):
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)


class Processes:
    """Every process the bench starts, stopped by pid on the way out."""

    def __init__(self):
        self.started = []

    def start(self, args, log_path, env=None):
        handle = open(log_path, "ab")  # noqa: SIM115 - closed in stop_all
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append((process, handle))
        return process

    def stop(self, process):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def stop_all(self):
        for process, handle in reversed(self.started):
            self.stop(process)
            handle.close()


def wait_until_up(url, process, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"{url} exited at start; see {log_path}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise BenchError(f"{url} did not answer within {timeout} s; see {log_path}")


def start_stack(processes, env, workdir, label):
    """Start the production stack (`make serve`'s scripts/serve.py) on a free loopback port.

    Each stack has its own RUN_DIR (socket, nginx config and pid), access log
    and empty MEDIA_ROOT and QUARANTINE_ROOT: the release step's
    quarantine_media must never see another database's uploads. STATIC_ROOT
    is shared, so the second stack's release step finds it collected.
    """
    port = free_port()
    log_path = workdir / f"serve-{label}.log"
    env = dict(
        env,
        HOST="127.0.0.1",
        PORT=str(port),
        RUN_DIR=str(workdir / label),
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        QUARANTINE_ROOT=str(workdir / "quarantine"),
        NGINX_ACCESS_LOG=str(workdir / f"nginx-access-{label}.log"),
        WEB_CONCURRENCY=os.environ.get("WEB_CONCURRENCY", "2"),
    )
    process = processes.start([str(BIN / "python"), "scripts/serve.py", "run"], log_path, env=env)
    deadline = time.monotonic() + 300
    while "Turan is serving" not in log_path.read_text(errors="replace"):
        if process.poll() is not None:
            raise BenchError(f"the {label} stack exited at start; see {log_path}")
        if time.monotonic() > deadline:
            raise BenchError(f"the {label} stack did not start within 300 s; see {log_path}")
        time.sleep(0.2)
    if gunicorn_pid(process) is None:
        # serve.py runs gunicorn alone, facing clients, when there is no nginx.
        raise BenchError(f"the {label} stack runs without nginx; see {log_path}")
    return f"http://127.0.0.1:{port}", process


def children(pid):
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(child) for child in (task / "children").read_text().split()]
    except FileNotFoundError:
        pass
    return found


def command_line(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except FileNotFoundError:
        return []


def gunicorn_pid(stack):
    """The gunicorn master among serve.py's children (the other one is nginx)."""
    for pid in children(stack.pid):
        # gunicorn's script runs under its shebang's Python: [python, …/gunicorn, …].
        if any(
            Path(os.fsdecode(argument)).name == "gunicorn" for argument in command_line(pid)[:2]
        ):
            return pid
    return None


def nginx_config(workdir, proxy_port, upstream):
    user = ""
    if os.geteuid() == 0:
        # Root's workers would otherwise switch to `nobody`, who cannot read the temp dir.
        user = "user root root;"
    return f"""
{user}
worker_processes 2;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {workdir}/nginx-client;
    proxy_temp_path {workdir}/nginx-proxy-temp;
    fastcgi_temp_path {workdir}/nginx-fastcgi;
    uwsgi_temp_path {workdir}/nginx-uwsgi;
    scgi_temp_path {workdir}/nginx-scgi;
    proxy_cache_path {workdir}/nginx-cache levels=1:2 keys_zone=turan:10m max_size=256m
                     inactive=10m use_temp_path=off;

    # A shared cache (a CDN's or a caching proxy's) in front of the stack. It
    # stores only what Turan's Cache-Control allows (and, as nginx always
    # does, nothing with Set-Cookie), one copy per Vary: Accept-Encoding.
    server {{
        listen 127.0.0.1:{proxy_port};
        location / {{
            proxy_pass {upstream};
            proxy_set_header Host $http_host;
            proxy_cache turan;
            proxy_cache_use_stale updating;
            add_header X-Proxy-Cache $upstream_cache_status always;
        }}
    }}
}}
"""


def start_proxy_cache(processes, workdir, upstream):
    proxy_port = free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(nginx_config(workdir, proxy_port, upstream))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    log_path = workdir / "nginx-stdout.log"
    args = [nginx, "-p", str(workdir), "-e", str(workdir / "nginx-error.log"), "-c", str(conf)]
    process = processes.start(args, log_path)
    wait_until_up(f"http://127.0.0.1:{proxy_port}/robots.txt", process, workdir / "nginx-error.log")
    return f"http://127.0.0.1:{proxy_port}"


def rss_kib(pid):
    """Resident memory of a process and its children (gunicorn master and workers)."""
    total = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    except FileNotFoundError:
        return 0
    return total + sum(rss_kib(child) for child in children(pid))


# ---------------------------------------------------------------- HTTP


def language_cookie(path):
    """A returning reader's cookie: the language of the page, so nothing changes it."""
    match = re.match(r"^/(ru|az|en)/", path)
    return f"django_language={match.group(1)}" if match else None


def fetch(url, encoding=None):
    """GET ``url`` as a returning reader; return (status, headers, body) without following redirects.

    With ``encoding``, sent as Accept-Encoding, the body is as it came over the
    wire (compressed when the server chose to); ``decoded()`` reads it.
    """
    request = urllib.request.Request(url)
    if cookie := language_cookie(urllib.parse.urlsplit(url).path):
        request.add_header("Cookie", cookie)
    if encoding:
        request.add_header("Accept-Encoding", encoding)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def decoded(headers, body):
    return gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch_ok(url, encoding=None):
    status, headers, body = fetch(url, encoding)
    if status != 200:
        raise BenchError(f"{url} answered {status}, not 200")
    return headers, body


@dataclass
class Size:
    name: str
    compressed: int
    plain: int
    encoding: str


def wire_size(name, url):
    """The body's bytes on the wire for a reader whose browser takes gzip, and for one that does not."""
    headers, compressed = fetch_ok(url, READER_ENCODING)
    _plain_headers, plain = fetch_ok(url)
    if decoded(headers, compressed) != plain:
        raise BenchError(f"{name}: {url} decompressed is not the page sent uncompressed")
    return Size(name, len(compressed), len(plain), headers.get("Content-Encoding") or "none")


# ---------------------------------------------------------------- wrk


@dataclass
class Result:
    name: str
    url: str
    requests_per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    note: str = ""
    extra: dict = field(default_factory=dict)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url, duration, connections=CONNECTIONS, script=None, env=None, timeout="10s", headers=()):
    args = [
        shutil.which("wrk") or "/usr/bin/wrk",
        f"-t{THREADS}",
        f"-c{connections}",
        f"-d{duration}s",
        f"--timeout={timeout}",
        "--latency",
        # rotate.lua adds these to each of its requests.
        "-H",
        f"Accept-Encoding: {READER_ENCODING}",
    ]
    for header in headers:
        args += ["-H", header]
    if script:
        args += ["-s", str(script)]
    elif cookie := language_cookie(urllib.parse.urlsplit(url).path):
        args += ["-H", f"Cookie: {cookie}"]
    args.append(url)
    run = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    output = run.stdout + run.stderr
    if run.returncode != 0 or "Requests/sec" not in output:
        raise BenchError(f"wrk failed against {url}:\n{output}")
    return output


def parse_wrk(output):
    parsed = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "non_2xx_3xx": 0,
        "socket_errors": 0,
    }
    for percent in ("50", "99"):
        parsed[f"p{percent}"] = to_ms(re.search(rf"\s{percent}%\s+(\S+)", output).group(1))
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        parsed["non_2xx_3xx"] = int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        parsed["socket_errors"] = sum(int(value) for value in match.groups())
        parsed["socket_detail"] = match.group(0)
    return parsed


def measure(name, url, duration, warmup):
    fetch_ok(url, READER_ENCODING)
    wrk(url, warmup)
    output = wrk(url, duration)
    parsed = parse_wrk(output)
    if not parsed["requests"]:
        raise BenchError(f"{name}: no request completed in {duration} s\n{output}")
    if parsed["non_2xx_3xx"] or parsed["socket_errors"]:
        raise BenchError(
            f"{name}: {parsed['non_2xx_3xx']} non-2xx/3xx responses, "
            f"{parsed.get('socket_detail', 'no socket errors')}\n{output}"
        )
    status, _headers, _body = fetch(url, READER_ENCODING)
    if status != 200:
        raise BenchError(f"{name}: {url} answered {status} after the run")
    result = Result(name, url, parsed["rps"], parsed["p50"], parsed["p99"], parsed["requests"])
    log(
        f"{name}: {result.requests_per_second:.0f} req/s, p50 {result.p50_ms:.2f} ms, "
        f"p99 {result.p99_ms:.2f} ms"
    )
    return result


API_LIST = "API list (partner key)"


def measure_api(base, duration, warmup):
    """The partner API's list (/api/v1/items) with a key made for the bench, whose
    limit no run reaches: each request is checked, limited and counted as a partner's."""
    import json

    from newswire.models import Partner

    partner, _ = Partner.objects.update_or_create(
        name="Bench partner", defaults={"is_active": True, "rate_limit": 2_000_000_000}
    )
    partner.keys.all().delete()
    _key, token = partner.issue_key(name="make bench")
    url = base + f"/api/v1/items?language={LANGUAGE}"
    header = f"Authorization: Bearer {token}"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        if response.status != 200 or not json.loads(response.read())["items"]:
            raise BenchError(f"{API_LIST}: {url} gave no items")
    wrk(url, warmup, headers=[header])
    parsed = parse_wrk(wrk(url, duration, headers=[header]))
    if not parsed["requests"] or parsed["non_2xx_3xx"] or parsed["socket_errors"]:
        raise BenchError(f"{API_LIST}: {parsed}")
    result = Result(API_LIST, url, parsed["rps"], parsed["p50"], parsed["p99"], parsed["requests"])
    result.note = "/api/v1/items"
    log(f"{API_LIST}: {result.requests_per_second:.0f} req/s, p99 {result.p99_ms:.2f} ms")
    return result


def ratio_of(result, reference):
    return result.requests_per_second / reference.requests_per_second


# ---------------------------------------------------------------- picking pages


def setup_django(database_url):
    os.environ.update(production_env(database_url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "turan.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@dataclass
class Targets:
    article: str
    article_id: int
    related: int
    section: str
    search: str
    search_common: str
    feed: str
    home: str
    tag: str = ""
    person: str = ""
    author: str = ""
    archive: str = ""
    quotes: str = ""


def pick_targets():
    """The newest public article with a full set of related articles, and pages around it."""
    from django.utils import timezone

    from articles import selectors
    from articles.models import Article
    from core.i18n import column
    from tags.models import Tag

    candidates = selectors.with_related(
        Article.objects.public(LANGUAGE).select_related("section"), LANGUAGE
    ).order_by("-" + column("published_at", LANGUAGE), "-pk")[:50]
    article = max(candidates, key=lambda item: len(item.related_rows or []), default=None)
    if article is None or not article.related_rows:
        raise BenchError("No public article with related articles in the archive.")
    for candidate in candidates:
        if len(candidate.related_rows or []) == 4:
            article = candidate
            break
    title = article.version(LANGUAGE).title
    words = [word for word in re.findall(r"\w+", title) if len(word) >= 5] or [title.split()[0]]
    # What readers mostly look for: a person. The archive's vocabulary is small,
    # so any title word matches a large share of it: that is the second search.
    person = article.tags.filter(kind=Tag.Kind.PERSON).order_by("pk").first()
    name = getattr(person, column("name", LANGUAGE), "") if person else ""
    topic = article.tags.filter(kind=Tag.Kind.TOPIC).order_by("pk").first()
    byline = article.bylines.select_related("author").first()
    # The most quoted person: the person page with the most to show.
    speaker = selectors.quote_speakers(LANGUAGE, limit=1).first()
    moment = timezone.localtime(article.version(LANGUAGE).published_at)
    return Targets(
        article=article.get_absolute_url(LANGUAGE),
        article_id=article.pk,
        related=len(article.related_rows),
        section=f"/{LANGUAGE}/section/{article.section.slug}/",
        search=f"/{LANGUAGE}/search/?" + urllib.parse.urlencode({"q": name or words[-1]}),
        search_common=f"/{LANGUAGE}/search/?" + urllib.parse.urlencode({"q": words[0]}),
        feed=f"/{LANGUAGE}/feed/",
        home=f"/{LANGUAGE}/",
        tag=f"/{LANGUAGE}/tag/{(topic or person).slug}/" if topic or person else "",
        person=f"/{LANGUAGE}/tag/{speaker.slug}/" if speaker else "",
        author=f"/{LANGUAGE}/author/{byline.author.slug}/" if byline else "",
        archive=f"/{LANGUAGE}/archive/{moment.year}/{moment.month:02d}/",
        quotes=f"/{LANGUAGE}/quotes/",
    )


def soak_paths():
    """A mix of public pages in every language: homes, sections, articles, searches, feeds, tags."""
    from django.conf import settings
    from django.utils import timezone

    from articles.models import Article, Section, TagListing
    from core.i18n import column
    from tags.models import Tag

    paths = []
    sections = list(Section.objects.order_by("pk")[:3])
    for language, _name in settings.LANGUAGES:
        # A tag only unpublished versions carry has no page yet (a 404).
        listed = TagListing.objects.filter(
            **{column("public_from", language) + "__lte": timezone.now()}
        )
        tags = list(
            Tag.objects.filter(kind=Tag.Kind.PERSON, pk__in=listed.values("tag")).order_by("pk")[:2]
        )
        paths += [f"/{language}/", f"/{language}/feed/", f"/{language}/archive/"]
        paths += [f"/{language}/section/{section.slug}/" for section in sections]
        paths += [f"/{language}/section/{sections[0].slug}/feed/"] if sections else []
        paths += [f"/{language}/tag/{tag.slug}/" for tag in tags]
        articles = Article.objects.public(language).order_by(
            "-" + column("published_at", language)
        )[:30]
        for article in articles:
            paths.append(article.get_absolute_url(language))
        queries = [getattr(tag, column("name", language)) for tag in tags]
        if articles:
            queries += re.findall(r"\w{5,}", articles[0].version(language).title)[:1]
        paths += [
            f"/{language}/search/?" + urllib.parse.urlencode({"q": query})
            for query in queries
            if query
        ]
    return paths


# ---------------------------------------------------------------- scheduled version


def scheduled_version_check(proxy, lead_seconds=5.0, limit=15.0):
    """Schedule a version a few seconds ahead and time its appearance through the proxy cache.

    An article nobody has requested in this run is taken, so no cache holds a
    copy made before the change: what is tested is that whatever the caches
    store expires no later than the scheduled moment.
    """
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article
    from core.i18n import column

    original, other = LANGUAGE, "az"
    candidates = list(
        Article.objects.public(original)
        .public(other)
        .order_by("-" + column("published_at", original))
        .values_list("pk", flat=True)[200:1200]
    )
    if not candidates:
        raise BenchError("No article public in both ru and az for the scheduling check.")
    pk = random.choice(candidates)
    article = Article.objects.get(pk=pk)
    kept = article.version(other).published_at
    other_path = article.get_absolute_url(other)
    marker = f"/{other}/article/{pk}/".encode()
    page = proxy + article.get_absolute_url(original)
    moment = timezone.now() + dt.timedelta(seconds=lead_seconds)
    try:
        # update(): no revision or signal, and restored exactly afterwards.
        Article.objects.filter(pk=pk).update(**{column("published_at", other): moment})
        connection.close()
        headers, body = fetch_ok(page, READER_ENCODING)
        body = decoded(headers, body)
        if marker in body:
            raise BenchError(f"{page} links the {other} version before its moment")
        status, _headers, _body = fetch(proxy + other_path, READER_ENCODING)
        if status != 404:
            raise BenchError(f"{proxy + other_path} answered {status} before its moment, not 404")
        checks = {
            f"{original} page links the {other} version": (
                page,
                lambda status, body: status == 200 and marker in body,
            ),
            f"{other} page answers": (proxy + other_path, lambda status, body: status == 200),
        }
        lateness, served = poll_until_shown(checks, moment.timestamp(), limit)
    finally:
        Article.objects.filter(pk=pk).update(**{column("published_at", other): kept})
        connection.close()
    return {"article": pk, "lateness": lateness, "served": served}


def poll_until_shown(checks, moment, limit, settle=2.0):
    """Poll each URL every 50 ms until it shows the version and keeps showing it.

    A check's lateness is how long after the moment the last request still
    answered without the version (zero when the first request started after
    the moment already showed it; None when it never appeared within ``limit``).
    Polling goes on for ``settle`` seconds after every check has shown it, so a
    stale copy left in one cache among several still counts.
    """
    first_shown = dict.fromkeys(checks)
    last_stale = dict.fromkeys(checks, 0.0)
    served = {"HIT": 0, "polls": 0}
    deadline = moment + limit
    while time.time() < deadline:
        if all(first_shown.values()) and time.time() > max(first_shown.values()) + settle:
            break
        for name, (url, shown) in checks.items():
            started = time.time()
            # As readers ask, so the copies polled are those the load filled.
            status, headers, body = fetch(url, READER_ENCODING)
            body = decoded(headers, body)
            finished = time.time()
            served["polls"] += 1
            served["HIT"] += headers.get("X-Proxy-Cache") == "HIT"
            if shown(status, body):
                if finished < moment:
                    raise BenchError(f"{name}: shown {moment - finished:.2f} s before its moment")
                first_shown[name] = first_shown[name] or finished
            elif started > moment:
                last_stale[name] = started - moment
        time.sleep(0.05)
    lateness = {name: last_stale[name] if first_shown[name] else None for name in checks}
    return lateness, served


# ---------------------------------------------------------------- the note


def machine():
    def first(path, prefix):
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
        return "?"

    def version(args, pattern):
        try:
            run = subprocess.run(args, capture_output=True, text=True, check=False)
        except FileNotFoundError:
            return "?"
        match = re.search(pattern, run.stdout + run.stderr)
        return match.group(1) if match else "?"

    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    connection.close()
    mem_kib = int(first("/proc/meminfo", "MemTotal").split()[0])
    return {
        "CPU": first("/proc/cpuinfo", "model name"),
        "cores": str(os.cpu_count()),
        "RAM": f"{mem_kib / 1024 / 1024:.1f} GiB",
        "kernel": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "gunicorn": version([str(BIN / "gunicorn"), "--version"], r"\(version ([\d.]+)\)"),
        "PostgreSQL": postgres,
        "nginx": version([shutil.which("nginx") or "/usr/sbin/nginx", "-v"], r"nginx/([\d.]+)"),
        "wrk": version([shutil.which("wrk") or "/usr/bin/wrk", "-v"], r"wrk (\S+)"),
    }


NOTE_HEADER = """# Performance

Figures written by `make bench` and `make soak` (scripts/bench.py); each
archive size has its own sections, replaced when the same size is measured
again. Rerun on the machine that matters before trusting them: the figures
below come from wherever the last run happened, which is stated with them.

How it measures: the production stack exactly as `make serve` starts it
(scripts/serve.py: the release step, then nginx on a loopback port in front of
gunicorn on a Unix socket, deploy/'s configuration, production mode,
`WEB_CONCURRENCY` workers, access logs on), against the archive made by
`manage.py generate_archive`; `wrk -t2 -c8 --latency` on loopback to nginx, on
the same machine (so the load generator shares its cores), each target warmed
up first and every response required to be a 2xx. Requests carry the language
cookie of the page, as a returning reader's do (a first visit sets it, and a
response that sets a cookie is stored by no shared cache), and
`Accept-Encoding: gzip, br`, as browsers send it: Turan answers pages in gzip
(nginx asks it for gzip only), so every figure includes compressing them.
nginx keeps the reader's connection open and opens one to gunicorn per request.

- **floor**: a trivial Django view returning the article's saved bytes through
  the same middleware, gzip included, and the same stack (`BENCH_FLOOR_FILE`,
  bench/views.py): what nginx, gunicorn and Django cost before Turan does any
  work.
- **ceiling**: the same bytes as a static file among the collected ones, with
  its gzip copy, sent by the stack's nginx (gzip_static).
- **uncached** targets run on a stack with `PAGE_CACHE_SECONDS=0`; **page
  cache** on a second stack with the default; **nginx proxy cache** is another
  nginx with `proxy_cache`, standing for a CDN in front of that second stack,
  honouring Turan's `Cache-Control` and `Vary` (`HTTP_CACHE_SECONDS=60` unless
  set); it keeps no access log, so it can beat the ceiling.
- **bytes on the wire**: each page's body fetched once with the browser's
  `Accept-Encoding` and once without; the decompressed body must equal the
  plain one.
- **search**: a person named in the article, as readers mostly search, and a
  common word from its title, the worst case (the archive's vocabulary is
  small, so such a word matches a large share of it).
- **scheduled version**: an article's az version is scheduled a few seconds
  ahead on the archive, its ru page and az page polled through the proxy cache
  every 50 ms; the figure is how long after its moment a request still got the
  page without it.
"""


BLOCK = re.compile(r"<!-- ([a-z]+)(?: (\d+))? -->\n(.*?)\n<!-- /\1(?: \2)? -->", re.S)


def replace_section(marker, content):
    """Put ``content`` in the note under ``marker`` (None removes it), keeping the other sections.

    The prose before the first section and after the last one is kept as it
    is; the sections follow in a fixed order: the comparison by size, then
    each size's bench, profile, soak and newsroom's day.
    """
    text = NOTE.read_text() if NOTE.exists() else NOTE_HEADER
    found = list(BLOCK.finditer(text))
    prose = text[: found[0].start()] if found else text
    # Sections written by hand after the measured ones stay after them.
    after = text[found[-1].end() :].strip() if found else ""
    blocks = {(kind, int(size or 0)): body.strip() for kind, size, body in BLOCK.findall(text)}
    kind, _space, size = marker.partition(" ")
    if content is None:
        blocks.pop((kind, int(size or 0)), None)
    else:
        blocks[(kind, int(size or 0))] = content.strip()
    order = {"scale": 0, "bench": 1, "profile": 2, "soak": 3, "day": 4, "dayredis": 5}
    parts = [prose.rstrip()]
    for (kind, size), body in sorted(
        blocks.items(), key=lambda item: (order[item[0][0]], item[0][1])
    ):
        label = f"{kind} {size}" if size else kind
        parts.append(f"<!-- {label} -->\n{body}\n<!-- /{label} -->")
    if after:
        parts.append(after)
    NOTE.write_text("\n\n".join(parts) + "\n")


def machine_line(details, articles, extra=""):
    parts = ", ".join(f"{name} {value}" for name, value in details.items())
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = "/".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{when}; {articles:,} articles; {extra}{parts}; load average at the end {load}."


def scale_section():
    """Compare the measured archive sizes, target by target, from the note's own tables."""
    text = NOTE.read_text()
    sizes = {}
    for size, block in re.findall(r"<!-- bench (\d+) -->(.*?)<!-- /bench \1 -->", text, re.S):
        if f"warm-up, {THROUGH_THE_STACK}," not in block:
            continue  # Measured on gunicorn alone, before the bench used the stack.
        speeds = block.partition("| target | req/s")[2].partition("\n\n")[0]
        rows = re.findall(r"^\| ([^|]+?) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|", speeds, re.M)
        sizes[int(size)] = {name: (float(rps), float(p50)) for name, rps, p50, _p99 in rows}
    if len(sizes) < 2:
        replace_section("scale", None)
        return
    ordered = sorted(sizes)
    smallest, largest = ordered[0], ordered[-1]
    header = " | ".join(f"{size:,}: req/s, p50 ms" for size in ordered)
    lines = [
        f"| target | {header} | req/s at {largest:,} ÷ at {smallest:,} |",
        "| --- | " + " | ".join("---:" for _size in ordered) + " | ---: |",
    ]
    for name, (rps, _p50) in sizes[smallest].items():
        cells = []
        for size in ordered:
            figures = sizes[size].get(name)
            cells.append(f"{figures[0]:.0f}, {figures[1]:.2f}" if figures else "–")
        bigger = sizes[largest].get(name)
        lines.append(
            f"| {name} | {' | '.join(cells)} | {ratio(bigger[0], rps) if bigger else '–'} |"
        )
    replace_section(
        "scale",
        "## By archive size\n\nFrom the sections below (each from its own run, so compare "
        "them only when they come from the same machine).\n\n" + "\n".join(lines),
    )


def size_table(sizes):
    # Thousands separators keep these rows out of scale_section's reading.
    lines = [
        "| page | compressed bytes | encoding | uncompressed bytes | compressed ÷ uncompressed |",
        "| --- | ---: | --- | ---: | ---: |",
    ]
    for size in sizes:
        lines.append(
            f"| {size.name} | {size.compressed:,} | {size.encoding} | {size.plain:,} | "
            f"{size.compressed / size.plain:.1%} |"
        )
    return "\n".join(lines)


def ratio(value, reference):
    return f"{value / reference:.2f}" if reference else "–"


def table(results, floor, ceiling):
    lines = [
        "| target | req/s | p50 ms | p99 ms | × floor | × ceiling | note |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in results:
        lines.append(
            f"| {result.name} | {result.requests_per_second:.0f} | {result.p50_ms:.2f} | "
            f"{result.p99_ms:.2f} | {ratio(result.requests_per_second, floor)} | "
            f"{ratio(result.requests_per_second, ceiling)} | {result.note} |"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- the runs


def prepare(articles):
    base = base_database_url()
    name = archive_name(articles)
    ensure_database(base, name)
    database_url = with_database(base, name)
    env = production_env(database_url)
    log(f"migrating {name}")
    manage(env, "migrate", "--noinput", "-v", "0")
    log(f"making sure {name} holds {articles:,} articles")
    manage(env, "generate_archive", "--articles", str(articles))
    # Each stack's release step collects the static files into its STATIC_ROOT.
    setup_django(database_url)
    return database_url


def pool_state():
    """Say whether the app's settings, given this environment, open a psycopg pool."""
    from django.db import connection

    asked = os.environ.get("DB_POOL", "")
    pool = connection.settings_dict.get("OPTIONS", {}).get("pool")
    if pool:
        sizes = ", ".join(
            f"{name} {value}"
            for name, value in (pool if isinstance(pool, dict) else {}).items()
            if name in {"min_size", "max_size"}
        )
        return f"psycopg pool on (DB_POOL={asked}{', ' + sizes if sizes else ''})"
    if asked:
        return f"psycopg pool off (DB_POOL={asked} asked, but these settings open none)"
    return "psycopg pool off"


def has_page_cache():
    return (ROOT / "public" / "pagecache.py").exists()


def cache_status(url, header, stored):
    """The cache's answer once it has had the chance to store the page, or its last other answer.

    Asked more than once: the copy made at warm-up may have reached its
    max-age during the runs (EXPIRED), and gunicorn renews its workers every
    GUNICORN_MAX_REQUESTS requests, each new one with an empty local-memory
    cache, which a request may reach before one that holds the page.
    """
    workers = int(os.environ.get("WEB_CONCURRENCY") or 2)
    answer = "absent"
    for _attempt in range(2 * workers + 2):
        answer = fetch(url, READER_ENCODING)[1].get(header) or "absent"
        if answer == stored:
            break
    return answer


def ceiling_file(static_root, html):
    """The article's bytes among the collected static files, with a gzip copy as collectstatic makes."""
    folder = static_root / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.html").write_bytes(html)
    (folder / "article.html.gz").write_bytes(gzip.compress(html, compresslevel=9))
    return "/static/bench/article.html"


def run_bench(articles, duration, warmup, max_late):
    database_url = prepare(articles)
    targets = pick_targets()
    pool = pool_state()
    workdir = Path(tempfile.mkdtemp(prefix="turan-bench-"))
    floor_file = workdir / "article.html"
    processes = Processes()
    try:
        uncached, _ = start_stack(
            processes,
            production_env(database_url, PAGE_CACHE_SECONDS=0, BENCH_FLOOR_FILE=floor_file),
            workdir,
            "uncached",
        )
        http_cache = os.environ.get("HTTP_CACHE_SECONDS") or "60"
        cached, _ = start_stack(
            processes,
            production_env(database_url, PAGE_CACHE_SECONDS=None, HTTP_CACHE_SECONDS=http_cache),
            workdir,
            "cached",
        )
        _headers, article_html = fetch_ok(uncached + targets.article)
        if b'id="related-title"' not in article_html:
            raise BenchError(f"{targets.article} shows no related articles")
        floor_file.write_bytes(article_html)
        static = uncached + ceiling_file(workdir / "static", article_html)
        proxy = start_proxy_cache(processes, workdir, cached)
        log(f"article {targets.article} ({len(article_html):,} bytes); servers up in {workdir}")

        results = [
            measure("floor: trivial Django view", uncached + "/bench-floor/", duration, warmup),
            measure("ceiling: nginx static file", static, duration, warmup),
            measure("article, uncached", uncached + targets.article, duration, warmup),
            measure("article, page cache", cached + targets.article, duration, warmup),
            measure("article, nginx proxy cache", proxy + targets.article, duration, warmup),
            measure("home", uncached + targets.home, duration, warmup),
            measure("section", uncached + targets.section, duration, warmup),
            measure("search, a person's name", uncached + targets.search, duration, warmup),
            measure("search, a common word", uncached + targets.search_common, duration, warmup),
            measure("feed", uncached + targets.feed, duration, warmup),
            *(
                measure(name, uncached + path, duration, warmup)
                for name, path in (
                    ("tag", targets.tag),
                    ("author", targets.author),
                    ("archive month", targets.archive),
                    ("person", targets.person),
                    ("quotes archive", targets.quotes),
                )
                if path
            ),
        ]
        floor_body = fetch_ok(uncached + "/bench-floor/")[1]
        if floor_body != article_html:
            raise BenchError("the floor does not answer with the article's bytes")
        page_cache = cache_status(cached + targets.article, "X-Page-Cache", "hit")
        proxy_cache = cache_status(proxy + targets.article, "X-Proxy-Cache", "HIT")
        results[3].note = f"X-Page-Cache: {page_cache}"
        results[4].note = f"X-Proxy-Cache: {proxy_cache}"
        # Until the page cache (and the Cache-Control it sends) is on the branch,
        # these runs report what they get; from then on a miss is a failure.
        if has_page_cache() and page_cache != "hit":
            raise BenchError(
                f"the page cache is on this branch but answered X-Page-Cache: {page_cache}"
            )
        if has_page_cache() and proxy_cache != "HIT":
            raise BenchError(
                f"nginx did not store the article (X-Proxy-Cache: {proxy_cache}): "
                "Turan's Cache-Control or Set-Cookie keeps shared caches out"
            )
        for result in results[5:]:
            parts = urllib.parse.urlsplit(result.url)
            result.note = urllib.parse.unquote(
                parts.path + (f"?{parts.query}" if parts.query else "")
            )
        results[2].note = f"{targets.related} related"
        sizes = [wire_size(result.name, result.url) for result in results[1:3] + results[5:]]

        results.append(measure_api(uncached, duration, warmup))

        log("scheduling a version through the proxy cache")
        schedule = scheduled_version_check(proxy)
        details = machine()
    finally:
        processes.stop_all()

    floor, ceiling = results[0].requests_per_second, results[1].requests_per_second
    by_name = {result.name: result for result in results}
    lateness = schedule["lateness"]
    late_text = ", ".join(
        f"{what}: stale until {value:.2f} s after the moment"
        if value is not None
        else f"{what}: not within 15 s"
        for what, value in lateness.items()
    )
    on_time = all(value is not None and value <= max_late for value in lateness.values())
    article_uncached = by_name["article, uncached"]
    checks = [
        (
            "article uncached ≥ 270 req/s and p99 < 50 ms",
            article_uncached.requests_per_second >= 270 and article_uncached.p99_ms < 50,
        ),
        (
            "article with the page cache ≥ 60 % of the floor",
            by_name["article, page cache"].requests_per_second >= 0.6 * floor,
        ),
        (
            "article through the proxy cache ≥ 50 % of the ceiling",
            by_name["article, nginx proxy cache"].requests_per_second >= 0.5 * ceiling,
        ),
        ("search for a person's name p50 < 50 ms", by_name["search, a person's name"].p50_ms < 50),
        ("search for a common word p50 < 50 ms", by_name["search, a common word"].p50_ms < 50),
        (
            f"{API_LIST} ≥ the Atom feed "
            f"({ratio_of(by_name[API_LIST], by_name['feed']):.0%} of it)",
            by_name[API_LIST].requests_per_second >= by_name["feed"].requests_per_second,
        ),
        (f"scheduled version through the proxy cache ≤ {max_late:g} s late", on_time),
        *(
            (
                f"{name} uncached ≥ {LIST_SHARE:.0%} of the article uncached "
                f"({by_name[name].requests_per_second / article_uncached.requests_per_second:.0%})",
                by_name[name].requests_per_second
                >= LIST_SHARE * article_uncached.requests_per_second,
            )
            for name in LIST_PAGES
            if name in by_name
        ),
    ]
    body = "\n\n".join(
        [
            f"## {articles:,} articles",
            machine_line(
                details,
                articles,
                f"{duration} s per target after {warmup} s warm-up, {THROUGH_THE_STACK}, "
                f"{os.environ.get('WEB_CONCURRENCY', '2')} gunicorn workers, "
                f"{pool}; ",
            ),
            table(results, floor, ceiling),
            "Bytes on the wire (the body, fetched once with `Accept-Encoding: "
            f"{READER_ENCODING}` and once without):\n\n" + size_table(sizes),
            f"Scheduled version (article {schedule['article']}, polled every 50 ms): {late_text}; "
            f"{schedule['served']['HIT']} of {schedule['served']['polls']} polls "
            "answered from the nginx cache.",
            "\n".join(f"- {'met' if ok else 'MISSED'}: {what}" for what, ok in checks),
        ]
    )
    print()
    print(body)
    replace_section(f"bench {articles}", body)
    scale_section()
    log(f"written to {NOTE.relative_to(ROOT)}")
    if not os.environ.get("BENCH_KEEP"):
        shutil.rmtree(workdir, ignore_errors=True)
    if not on_time:
        raise BenchError(f"the scheduled version was late through the proxy cache: {late_text}")


class SqlTimer:
    """Wall time spent inside the database driver, and the number of statements."""

    def __init__(self):
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def profile_page(client, path, runs, top):
    """Median wall, SQL and Python milliseconds of ``path`` in-process, and its hottest functions."""
    import cProfile
    import pstats
    import statistics

    from django.db import connection

    headers = {"HTTP_ACCEPT_ENCODING": "gzip", "HTTP_HOST": "127.0.0.1"}
    if cookie := language_cookie(path):
        client.cookies.load(cookie)
    for _warm in range(5):
        response = client.get(path, **headers)
        if response.status_code != 200:
            raise BenchError(f"{path} answered {response.status_code}")
    walls, cpus, sqls, counts = [], [], [], []
    for _run in range(runs):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            started, cpu = time.perf_counter(), time.thread_time()
            client.get(path, **headers)
            walls.append(time.perf_counter() - started)
            cpus.append(time.thread_time() - cpu)
        sqls.append(timer.seconds)
        counts.append(timer.queries)
    profiler = cProfile.Profile()
    profiler.enable()
    for _run in range(runs):
        client.get(path, **headers)
    profiler.disable()
    stats = pstats.Stats(profiler)
    own = sorted(
        (
            (values[2] / runs, f"{Path(where[0]).name}:{where[1]} {where[2]}")
            for where, values in stats.stats.items()
        ),
        reverse=True,
    )[:top]
    # CPU time of this thread: what Python cost, however busy the machine's other cores.
    return (
        statistics.median(walls) * 1000,
        statistics.median(sqls) * 1000,
        statistics.median(cpus) * 1000,
        max(counts),
        own,
    )


def run_profile(articles, runs=40, top=3):
    """Each page once more, in-process, without the page cache: where its time goes."""
    workdir = Path(tempfile.mkdtemp(prefix="turan-profile-"))
    os.environ.update(
        PAGE_CACHE_SECONDS="0", STATIC_ROOT=str(workdir / "static"), MEDIA_ROOT=str(workdir)
    )
    database_url = prepare(articles)
    manage(production_env(database_url), "collectstatic", "--noinput", "-v", "0")
    from django.test import Client

    targets = pick_targets()
    pages = [
        ("article", targets.article),
        ("home", targets.home),
        ("section", targets.section),
        ("tag", targets.tag),
        ("author", targets.author),
        ("archive month", targets.archive),
        ("feed", targets.feed),
        ("person", targets.person),
        ("quotes archive", targets.quotes),
        ("search, a person's name", targets.search),
        ("search, a common word", targets.search_common),
    ]
    client = Client()
    rows = []
    for name, path in pages:
        if not path:
            continue
        wall, sql, cpu, queries, own = profile_page(client, path, runs, top)
        log(f"{name}: {wall:.1f} ms, SQL {sql:.1f} ms in {queries} statements, CPU {cpu:.1f} ms")
        rows.append((name, path, wall, sql, cpu, queries, own))
    article_wall, article_cpu = rows[0][2], rows[0][4]
    lines = [
        "| page | ms | SQL ms | Python CPU ms | statements | ms ÷ article | CPU ÷ article "
        "| hottest functions (own ms per request) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, path, wall, sql, cpu, queries, own in rows:
        hottest = "; ".join(f"`{where}` {seconds * 1000:.2f}" for seconds, where in own)
        lines.append(
            f"| {name} (`{urllib.parse.unquote(path)}`) | {wall:.1f} | {sql:.1f} | {cpu:.1f} | "
            f"{queries} | {wall / article_wall:.2f} | {cpu / article_cpu:.2f} | {hottest} |"
        )
    body = "\n\n".join(
        [
            f"## Profile, {articles:,} articles",
            machine_line(
                machine(),
                articles,
                f"in-process (Django's test client, production settings, page cache off, "
                f"gzip asked), median of {runs} requests after 5 warm-up, SQL timed around "
                "the driver's execute, Python as this thread's CPU time; hottest functions by cProfile "
                "over another {runs}; ".replace("{runs}", str(runs)),
            ),
            "\n".join(lines),
        ]
    )
    print()
    print(body)
    replace_section(f"profile {articles}", body)
    log(f"written to {NOTE.relative_to(ROOT)}")
    shutil.rmtree(workdir, ignore_errors=True)


def run_soak(articles, duration, connections, max_growth):
    warmup = max(2, min(10, duration // 6))
    database_url = prepare(articles)
    paths = soak_paths()
    workdir = Path(tempfile.mkdtemp(prefix="turan-soak-"))
    paths_file = workdir / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    pool = pool_state()
    processes = Processes()
    log(f"logs in {workdir}")
    try:
        base, stack = start_stack(processes, production_env(database_url), workdir, "soak")
        gunicorn = gunicorn_pid(stack)
        log(f"warming up {len(paths)} pages")
        for path in paths:
            status, _headers, _body = fetch(base + path, READER_ENCODING)
            if status >= 400:
                raise BenchError(f"{path} answered {status}")
        env = dict(os.environ, WRK_PATHS=str(paths_file))
        script = ROOT / "scripts" / "rotate.lua"
        wrk(base + "/", warmup, connections=connections, script=script, env=env)
        before = rss_kib(gunicorn)
        log(f"gunicorn RSS after warm-up: {before / 1024:.1f} MiB; {duration} s at -c{connections}")
        output = wrk(base + "/", duration, connections=connections, script=script, env=env)
        after = rss_kib(gunicorn)
        if gunicorn_pid(stack) != gunicorn:
            raise BenchError("gunicorn's master changed during the soak run; see its log")
        details = machine()
        # gunicorn's access log, which serve.py's output carries.
        log_text = (workdir / "serve-soak.log").read_text(errors="replace")
        distinct = len(set(re.findall(r' gunicorn .*?"GET (\S+) HTTP', log_text)))
    finally:
        processes.stop_all()
    parsed = parse_wrk(output)
    growth = (after - before) / before * 100 if before else 0.0
    errors = parsed["non_2xx_3xx"] + parsed["socket_errors"]
    body = "\n\n".join(
        [
            f"## Soak, {articles:,} articles",
            machine_line(details, articles, f"{pool}; "),
            f"`wrk -t{THREADS} -c{connections} -d{duration}s` with `Accept-Encoding: "
            f"{READER_ENCODING}` against the production stack (scripts/serve.py: nginx in front "
            "of gunicorn on a Unix socket, default settings), rotating through "
            f"{len(paths)} public pages in three languages: "
            "homes, sections, feeds, archives, tags, articles and searches (scripts/rotate.lua; "
            f"{distinct} distinct pages in the access log, warm-up included).",
            "| requests | req/s | p50 ms | p99 ms | non-2xx/3xx | socket errors | "
            "RSS before | RSS after | growth |\n"
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
            f"| {parsed['requests']:,} | {parsed['rps']:.0f} | {parsed['p50']:.2f} | "
            f"{parsed['p99']:.2f} | {parsed['non_2xx_3xx']} | {parsed['socket_errors']} | "
            f"{before / 1024:.1f} MiB | {after / 1024:.1f} MiB | {growth:+.1f} % |",
            f"RSS is gunicorn's master and workers together, sampled after a {warmup} s warm-up "
            "and at the end (no worker is renewed unless GUNICORN_MAX_REQUESTS says so, as in "
            "production, so growth shows); the run fails on any error, or on growth above "
            f"{max_growth:g} %.",
        ]
    )
    print()
    print(body)
    replace_section(f"soak {articles}", body)
    log(f"written to {NOTE.relative_to(ROOT)}")
    if not os.environ.get("BENCH_KEEP"):
        shutil.rmtree(workdir, ignore_errors=True)
    if errors:
        raise BenchError(f"the soak run had errors: {parsed.get('socket_detail', '')}\n{output}")
    if growth > max_growth:
        raise BenchError(f"gunicorn grew {growth:.1f} % during the soak run (limit {max_growth} %)")


# ---------------------------------------------------------------- a newsroom's day

DAY_READERS = 2000  # articles readers read, ranked for the Zipf draw
DAY_LANGUAGES = {"ru": 0.5, "az": 0.3, "en": 0.2}  # readers' languages
DAY_LIST_SHARE = 0.2  # of requests: homes, sections and feeds
DAY_POLL = "bench-poll=1"  # marks the stale checks' own requests in the log
ACCESS_LINE = re.compile(r' gunicorn .*?"GET (\S+) HTTP/[\d.]+" (\d{3}) .*? page-cache=(\S+) ')


def day_paths(count=200_000, seed=17, zipf=1.0):
    """Readers' requests, drawn in advance: articles by Zipf rank, lists uniformly.

    The 2,000 newest articles public in Russian are ranked newest first; the
    one of rank k is read with weight 1/k^zipf, in one of the languages it is
    public in (by DAY_LANGUAGES). A fifth of the requests are homes, sections
    and feeds, in the three languages.
    """
    from articles.models import Article, Section
    from core.i18n import column

    rng = random.Random(seed)
    articles = list(
        Article.objects.public("ru")
        .with_public_languages()
        .only(*(column("slug", code) for code in DAY_LANGUAGES))[:DAY_READERS]
    )
    if not articles:
        raise BenchError("No public article to read.")
    sections = [section.slug for section in Section.objects.order_by("position", "pk")]
    lists = [
        path
        for code in DAY_LANGUAGES
        for path in (
            [f"/{code}/", f"/{code}/feed/"] + [f"/{code}/section/{slug}/" for slug in sections]
        )
    ]
    weights = [1 / (rank**zipf) for rank in range(1, len(articles) + 1)]
    picks = rng.choices(range(len(articles)), weights=weights, k=count)
    paths = []
    for pick in picks:
        if rng.random() < DAY_LIST_SHARE:
            paths.append(rng.choice(lists))
            continue
        article = articles[pick]
        codes = article.public_languages()
        code = rng.choices(codes, weights=[DAY_LANGUAGES[code] for code in codes])[0]
        paths.append(article.get_absolute_url(code))
    return paths, articles


class Newsroom:
    """Journalists and editors at work while readers read, through the newsroom's actions.

    Every 2 s a journalist saves a draft (an article public in no language);
    every 5 s an autosave writes a field of a version that is not public; every
    60 s (from 30 s in) an editor publishes a version of a read article or
    marks a public one as corrected, alternately. After each publication the
    pages it changes are polled at once: any answer without the change is a
    stale page. What it adds is taken away at the end.
    """

    def __init__(self, base, readers):
        from django.contrib.auth import get_user_model

        from articles.models import Article, Section
        from newsroom import actions

        self.actions, self.base = actions, base
        user_model = get_user_model()
        self.user, _ = user_model.objects.get_or_create(
            username="bench-newsroom", defaults={"is_staff": True, "is_superuser": True}
        )
        section = Section.objects.order_by("position", "pk").first()
        self.drafts = []
        for number in range(3):
            draft = Article(section=section)
            actions.save_article(
                draft,
                {"title_ru": f"Черновик {number}", "body_ru": "<p>Текст черновика.</p>"},
                user=self.user,
            )
            self.drafts.append(draft)
        # Read articles with a Russian version and no Azerbaijani one to publish:
        # the Azerbaijani text is written (a draft) before the day starts.
        self.to_publish = []
        self.autosaved, self.autosaved_lead = None, ""
        for article in readers[:200]:
            if "az" not in article.public_languages() and "en" not in article.public_languages():
                stored = Article.objects.get(pk=article.pk)
                if self.autosaved is None:
                    self.autosaved, self.autosaved_lead = stored, stored.lead_az
                    continue
                self.to_publish.append(
                    (stored, {f"{name}_az": getattr(stored, f"{name}_az") for name in NAMES})
                )
                if len(self.to_publish) == 5:
                    break
        for article, _kept in self.to_publish:
            Article.objects.filter(pk=article.pk).update(
                title_az=f"Bench dərc {article.pk}",
                body_az="<p>Bench mətni.</p>",
                published_at_az=None,
            )
        self.corrections = []
        self.counts = {"drafts": 0, "autosaves": 0, "publications": 0, "corrections": 0}
        self.events = []

    def run(self, duration):
        start = time.monotonic()
        tick, published, corrected = 0, 0, 0
        while True:
            elapsed = time.monotonic() - start
            if elapsed >= duration:
                break
            if tick % 2 == 0:
                self.save_draft(tick)
            if tick % 5 == 0 and self.autosaved is not None:
                self.autosave(tick)
            if tick % 60 == 30:
                if (published + corrected) % 2 == 0 and published < len(self.to_publish):
                    self.publish(published)
                    published += 1
                else:
                    self.correct(corrected)
                    corrected += 1
            tick += 1
            time.sleep(max(0.0, start + tick - time.monotonic()))

    def save_draft(self, tick):
        draft = self.drafts[tick // 2 % len(self.drafts)]
        draft.refresh_from_db()
        self.actions.save_article(draft, {"title_ru": f"Черновик, правка {tick}"}, user=self.user)
        self.counts["drafts"] += 1

    def autosave(self, tick):
        article = self.autosaved
        article.refresh_from_db()
        self.actions.save_article(article, {"lead_az": f"Avtosaxlama {tick}"}, user=self.user)
        self.counts["autosaves"] += 1

    def publish(self, number):
        article, _kept = self.to_publish[number]
        article.refresh_from_db()
        self.actions.publish_version(article, "az", user=self.user)
        # Publishing may give the version its slug: ask for its address as it is now.
        article.refresh_from_db()
        self.counts["publications"] += 1
        marker = f"/az/article/{article.pk}/".encode()
        self.poll(
            f"published az of {article.pk}",
            {
                article.get_absolute_url("ru"): lambda status, body: marker in body,
                article.get_absolute_url("az"): lambda status, body: status == 200,
            },
        )

    def correct(self, number):
        from articles.models import Article, Correction

        article = self.autosaved or Article.objects.public("ru").first()
        note = f"Bench correction {number}: a figure restated."
        self.corrections.append(
            self.actions.add_correction(
                article, "ru", Correction.Kind.CORRECTION, note, user=self.user
            ).pk
        )
        self.counts["corrections"] += 1
        self.poll(
            f"corrected ru of {article.pk}",
            {article.get_absolute_url("ru"): lambda status, body: note.encode() in body},
        )

    def poll(self, what, checks, polls=10):
        """Ask each page ``polls`` times at once after the change: every answer must show it."""
        stale = 0
        for _round in range(polls):
            for path, shown in checks.items():
                status, headers, body = fetch(f"{self.base}{path}?{DAY_POLL}", READER_ENCODING)
                stale += not shown(status, decoded(headers, body))
            time.sleep(0.05)
        self.events.append((what, stale, polls * len(checks)))

    def tidy(self):
        from django.db import connection

        from articles.models import Article, Correction

        Correction.objects.filter(pk__in=self.corrections).delete()
        for article, kept in self.to_publish:
            Article.objects.filter(pk=article.pk).update(**kept)
        if self.autosaved is not None:
            Article.objects.filter(pk=self.autosaved.pk).update(lead_az=self.autosaved_lead)
        Article.objects.filter(pk__in=[draft.pk for draft in self.drafts]).delete()
        connection.close()


NAMES = ("title", "body", "published_at", "lead")


def page_cache_counts(log_text, before="", caches=1):
    """``{"articles": [hits, misses, first renderings], "lists": [...]}`` from
    gunicorn's access log lines (``log_text``; ``before``: the lines of the
    warm-up and fill).

    A first rendering is a miss of a page that ``caches`` separate caches (one
    per worker with ``locmem://``, one shared) cannot all have held yet: a page
    missed fewer than ``caches`` times so far. For per-worker caches that is an
    upper bound (the log does not say which worker answered).
    """
    rendered = Counter()
    for path, status, answer in ACCESS_LINE.findall(before):
        if status == "200" and answer == "miss":
            rendered[path.replace(f"?{DAY_POLL}", "")] += 1
    counts = {"articles": [0, 0, 0], "lists": [0, 0, 0]}
    for path, status, answer in ACCESS_LINE.findall(log_text):
        if DAY_POLL in path or status != "200" or answer not in {"hit", "miss"}:
            continue
        kind = "articles" if "/article/" in path else "lists"
        counts[kind][answer == "miss"] += 1
        if answer == "miss":
            counts[kind][2] += rendered[path] < caches
            rendered[path] += 1
    return counts


def fill(base, paths, copies, threads=4):
    """Ask for each of ``paths`` ``copies`` times, as readers did before the day began."""
    from concurrent.futures import ThreadPoolExecutor

    todo = [path for path in paths for _copy in range(copies)]
    pool = ThreadPoolExecutor(threads)
    try:
        list(pool.map(lambda path: fetch(base + path, READER_ENCODING), todo))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # interrupted: stop at once
    return len(todo)


def hit_ratio(counted):
    hits, misses = counted[:2]
    return hits / (hits + misses) if hits + misses else 0.0


def warm_ratio(counted):
    """The hit ratio without first renderings: what invalidation (and eviction) costs."""
    hits, misses, first = counted
    return hits / (hits + misses - first) if hits + misses - first else 0.0


def start_redis(processes, workdir):
    """A Redis of the bench's own on a free loopback port (as scripts/cluster.py starts
    one): no persistence, least recently used keys evicted at 256 MB. Returns its URL."""
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.access(server, os.X_OK):
        raise BenchError("redis-server is missing (make servers installs it with apt).")
    port = free_port()
    directory = workdir / "redis"
    directory.mkdir(exist_ok=True)
    process = processes.start(
        [server, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(directory)]
        + ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        + ["--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"],
        workdir / "redis.log",
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"redis-server exited at start; see {workdir / 'redis.log'}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.1)
    raise BenchError("redis-server did not answer within 20 s")


def run_day(articles, duration):
    warmup = max(5, min(30, duration // 10))
    database_url = prepare(articles)
    paths, readers = day_paths()
    workdir = Path(tempfile.mkdtemp(prefix="turan-day-"))
    paths_file = workdir / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    pool = pool_state()
    processes = Processes()
    log(f"logs in {workdir}; {len(set(paths)):,} distinct pages among {len(paths):,} draws")
    newsroom = None
    cache = os.environ.get("BENCH_DAY_CACHE") or "locmem"
    if cache not in {"locmem", "redis"}:
        raise BenchError(f"BENCH_DAY_CACHE: locmem or redis, not {cache!r}")
    try:
        extra = {}
        if cache == "redis":
            extra["CACHE_URL"] = start_redis(processes, workdir)
        env = production_env(database_url, **extra)
        base, _stack = start_stack(processes, env, workdir, "day")
        newsroom = Newsroom(base, readers)
        env = dict(os.environ, WRK_PATHS=str(paths_file))
        script = ROOT / "scripts" / "rotate.lua"
        # BENCH_DAY_FILL=1: the day starts with the cache as the night left it,
        # every page read once per cache (per worker with locmem://). Off by
        # default: on a loaded 2-core machine it takes minutes.
        caches = 1 if cache == "redis" else int(os.environ.get("WEB_CONCURRENCY", "2"))
        copies = caches if os.environ.get("BENCH_DAY_FILL") == "1" else 0
        if copies:
            log(f"filling the page cache: {len(set(paths)):,} pages, {copies} times each")
            filled = fill(base, sorted(set(paths)), copies)
        log(f"warming up for {warmup} s")
        wrk(base + "/", warmup, script=script, env=env)
        server_log = workdir / "serve-day.log"
        offset = server_log.stat().st_size
        log(f"{duration} s of readers at -c{CONNECTIONS} while the newsroom works")
        args = [
            shutil.which("wrk") or "/usr/bin/wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{duration}s",
            "--timeout=10s",
            "--latency",
            "-H",
            f"Accept-Encoding: {READER_ENCODING}",
            "-s",
            str(script),
            base + "/",
        ]
        readers_run = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, text=True)
        newsroom.run(duration)
        output = readers_run.communicate(timeout=duration + 60)[0]
        if readers_run.returncode != 0 or "Requests/sec" not in output:
            raise BenchError(f"wrk failed:\n{output}")
        time.sleep(1)  # the last lines reach the log
        with server_log.open("rb") as handle:
            before_text = handle.read(offset).decode(errors="replace")
            log_text = handle.read().decode(errors="replace")
        details = machine()
    finally:
        if newsroom is not None:
            newsroom.tidy()
        processes.stop_all()
    parsed = parse_wrk(output)
    counts = page_cache_counts(log_text, before_text, caches)
    stale = sum(event[1] for event in newsroom.events)
    ratios = {kind: hit_ratio(counted) for kind, counted in counts.items()}
    warm = {kind: warm_ratio(counted) for kind, counted in counts.items()}
    checks = [
        (
            f"page-cache hit ratio on articles ≥ 95 % ({ratios['articles']:.1%})",
            ratios["articles"] >= 0.95,
        ),
        (f"page-cache hit ratio on lists ≥ 90 % ({ratios['lists']:.1%})", ratios["lists"] >= 0.90),
        (f"reader p99 < 50 ms ({parsed['p99']:.2f} ms)", parsed["p99"] < 50),
        (f"no stale page after a publication ({stale} stale answers)", stale == 0),
        ("no error response", not (parsed["non_2xx_3xx"] or parsed["socket_errors"])),
    ]
    events = "; ".join(f"{what}: {bad} stale of {asked}" for what, bad, asked in newsroom.events)
    body = "\n\n".join(
        [
            f"## A newsroom's day, {articles:,} articles, page cache in {cache}",
            machine_line(
                details,
                articles,
                f"{duration} s after {warmup} s warm-up, "
                f"{THROUGH_THE_STACK}, {os.environ.get('WEB_CONCURRENCY', '2')} "
                f"gunicorn workers, {pool}, page cache "
                + (
                    "per worker (`locmem://`)"
                    if cache == "locmem"
                    else "shared (Redis, `CACHE_URL`)"
                )
                + "; ",
            ),
            f"Readers: `wrk -t{THREADS} -c{CONNECTIONS}` with `Accept-Encoding: "
            f"{READER_ENCODING}` over {len(set(paths)):,} distinct pages "
            f"(the {len(readers):,} newest Russian articles by Zipf rank, in the languages "
            "each is public in, ru 50 % / az 30 % / en 20 %; a fifth homes, sections and "
            "feeds in the three languages; scripts/rotate.lua over draws made in advance). "
            f"Newsroom meanwhile (newsroom.actions): {newsroom.counts['drafts']} draft saves "
            f"(every 2 s), {newsroom.counts['autosaves']} autosaves of a version not public "
            f"(every 5 s), {newsroom.counts['publications']} publications and "
            f"{newsroom.counts['corrections']} corrections (every 60 s from 30 s in).",
            "| requests | req/s | p50 ms | p99 ms | article hits | article misses "
            "(first renderings) | article hit ratio (without them) | list hits | list misses "
            "(first renderings) | list hit ratio (without them) |\n"
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
            f"| {parsed['requests']:,} | {parsed['rps']:.0f} | {parsed['p50']:.2f} | "
            f"{parsed['p99']:.2f} | {counts['articles'][0]:,} | {counts['articles'][1]:,} "
            f"({counts['articles'][2]:,}) | {ratios['articles']:.1%} ({warm['articles']:.1%}) | "
            f"{counts['lists'][0]:,} | {counts['lists'][1]:,} ({counts['lists'][2]:,}) | "
            f"{ratios['lists']:.1%} ({warm['lists']:.1%}) |",
            "Hits and misses are gunicorn's access log (`page-cache=` is the page cache's "
            "`X-Page-Cache`), readers' requests only. "
            + (
                f"Before the warm-up every distinct page was asked for {copies} time(s) "
                f"({filled:,} requests: the cache as a running site has it). "
                if copies
                else "The cache started empty but for the warm-up (no BENCH_DAY_FILL=1). "
            )
            + "A first rendering is a miss of a page that not every cache can have held yet "
            "(an upper bound with per-worker caches); without them, the ratio is what "
            "invalidation and eviction cost. After each publication its pages were "
            f"polled ten times at once: {events or 'no publication in the run'}.",
            "\n".join(f"- {'met' if ok else 'MISSED'}: {what}" for what, ok in checks),
        ]
    )
    print()
    print(body)
    # Each cache its own section: "day" (per worker) and "dayredis" (shared).
    replace_section(f"{'day' if cache == 'locmem' else 'dayredis'} {articles}", body)
    log(f"written to {NOTE.relative_to(ROOT)}")
    if not os.environ.get("BENCH_KEEP"):
        shutil.rmtree(workdir, ignore_errors=True)
    if stale:
        raise BenchError(f"stale pages after a publication: {events}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["bench", "soak", "day", "profile"])
    options = parser.parse_args()
    articles = int(os.environ.get("BENCH_ARTICLES") or 100_000)
    subprocess.run([str(ROOT / "scripts" / "ensure-bench-tools")], check=True)
    try:
        if options.mode == "bench":
            duration = int(os.environ.get("BENCH_DURATION") or 20)
            warmup = max(1, min(5, duration // 4))
            max_late = float(os.environ.get("BENCH_SCHEDULE_LATE") or 1.0)
            run_bench(articles, duration, warmup, max_late)
        elif options.mode == "profile":
            run_profile(articles)
        elif options.mode == "day":
            run_day(articles, int(os.environ.get("BENCH_DAY_DURATION") or 300))
        else:
            run_soak(
                articles,
                int(os.environ.get("SOAK_DURATION") or 60),
                int(os.environ.get("SOAK_CONNECTIONS") or 64),
                float(os.environ.get("SOAK_MAX_GROWTH") or 10),
            )
    except BenchError as error:
        print(f"\nFAILED: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
