"""`make cluster`: Turan spread over real engines on this machine, to break on purpose.

    cluster.py start           start every part that is not running; print the addresses
    cluster.py stop [PART…]    stop the named parts (all of them by default), only those it started
    cluster.py status          each part: running or not, and its address
    cluster.py promote         the replica becomes the primary (pg_ctl promote); the app
                               nodes restart one at a time to write to it
    cluster.py env             the app nodes' environment, as shell assignments
    cluster.py check           the checker's loop (`start` runs it as a part of its own)
    cluster.py bench [PATH…]   readers' pages through the balancer (wrk), two nodes then one
    cluster.py bench-caches [PATH…]  the same through both nodes, pages in shared Redis
                               then per node (PAGE_CACHE_URL=locmem://), and uncached

The parts, each a process of its own with a PID file in CLUSTER_DIR
(var/cluster/ by default):

    primary   PostgreSQL (the embedded wheel's), WAL streamed to the replica
    replica   PostgreSQL hot standby made by pg_basebackup, streaming from the primary
    redis     Debian's redis-server: the page cache and the sessions' cache
    storage   moto's S3 server (PyPI ``moto``): the media bucket
    node1/2   gunicorn (deploy/gunicorn.conf.py) on loopback ports, each a whole app
    balancer  nginx (deploy/nginx/turan.conf) in front of both nodes
    checker   probes each node's /readyz; marks a failing one down in nginx
    edge      Varnish (Debian's ``varnish``) in front of nginx, when installed
    purger    manage.py edge_purger: bans the edge's pages when the content version moves

Everything listens on loopback or on Unix sockets under CLUSTER_DIR, and runs
as the current user (PostgreSQL as its own account when that is root, as
core/db/embedded.py does). docs/deploy.md, "A cluster", maps each part onto
separate machines.
"""

import json
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import serve  # noqa: E402  (scripts/serve.py: the nginx templates and their filling)

from core.db.embedded import Cluster  # noqa: E402

BIN = Path(sys.executable).parent
DIR = Path(os.environ.get("CLUSTER_DIR") or ROOT / "var" / "cluster").resolve()
PARTS = (
    "primary",
    "replica",
    "redis",
    "storage",
    "node1",
    "node2",
    "balancer",
    "checker",
    "edge",
    "purger",
)
# The checker's probes (docs/deploy.md, "The balancer"): every PROBE_INTERVAL
# seconds, each node's /readyz within PROBE_TIMEOUT; one failure marks a node
# down, PROBE_RISE successes in a row bring it back.
PROBE_INTERVAL = float(os.environ.get("CLUSTER_PROBE_INTERVAL", "0.5"))
PROBE_TIMEOUT = float(os.environ.get("CLUSTER_PROBE_TIMEOUT", "0.5"))
PROBE_RISE = 2
BUCKET = "turan-media"
# Unix socket paths are limited to 107 bytes.
_SOCKET_LIMIT = 100


def static_root():
    return Path(os.environ.get("CLUSTER_STATIC_ROOT") or DIR / "static").resolve()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def state():
    """The cluster's addresses and secrets, chosen once and kept in cluster.json."""
    path = DIR / "cluster.json"
    if path.exists():
        return json.loads(path.read_text())
    DIR.mkdir(parents=True, exist_ok=True)
    port = int(os.environ.get("CLUSTER_PORT") or 0) or free_port()
    edge = int(os.environ.get("CLUSTER_EDGE_PORT") or 0) or free_port()
    value = {
        "port": port,
        "edge_port": edge,
        "redis_port": free_port(),
        "storage_port": free_port(),
        "node_ports": [free_port(), free_port()],
        "secret_key": secrets.token_urlsafe(50),
        "promoted": False,
    }
    path.write_text(json.dumps(value, indent=2))
    path.chmod(0o600)
    return value


def save(value):
    (DIR / "cluster.json").write_text(json.dumps(value, indent=2))


def socket_dir(name, base=None):
    base = base or DIR
    preferred = base / name / "run"
    if len(str(preferred)) + len("/.s.PGSQL.5432") <= _SOCKET_LIMIT:
        return preferred
    import hashlib

    digest = hashlib.sha256(str(base).encode()).hexdigest()[:10]
    return Path("/tmp") / f"turan-cl-{digest}-{name}"


def postgres(name, base=None):
    """PostgreSQL part ``name`` of the cluster in ``base`` (CLUSTER_DIR)."""
    base = base or DIR
    home = base / name
    settings = {"max_connections": 200, "wal_level": "replica", "max_wal_senders": 5}
    if name == "replica":
        settings["hot_standby"] = "on"
        # Answers the router's lag question even while the primary is away.
        settings["hot_standby_feedback"] = "on"
    return Cluster(
        home / "data", socket_dir(name, base), home / "postgres.log", settings=settings, home=home
    )


def database_url(name):
    return postgres(name).url("turan") + "&connect_timeout=2"


def app_env(node):
    """The environment of app node ``node`` (1 or 2): the same for both but its port."""
    config = state()
    primary, replica = ("replica", None) if config["promoted"] else ("primary", "replica")
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DJANGO_SETTINGS_MODULE",
            "TEST_DATABASE_NAME",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DATABASE_REPLICA_URL",
        }
    }
    env.update(
        DEBUG="0",
        DEMO=os.environ.get("DEMO", "0"),
        SECRET_KEY=config["secret_key"],
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        DATABASE_URL=database_url(primary),
        CACHE_URL=f"redis://127.0.0.1:{config['redis_port']}/0",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=f"http://127.0.0.1:{config['storage_port']}",
        AWS_S3_REGION_NAME="us-east-1",
        AWS_ACCESS_KEY_ID="turan-cluster",
        AWS_SECRET_ACCESS_KEY=config["secret_key"][:40],
        # Collected once and kept (the release step collects only what changed).
        STATIC_ROOT=str(static_root()),
        MEDIA_ROOT=str(DIR / "media"),
        QUARANTINE_ROOT=str(DIR / "quarantine"),
        RELEASE=os.environ.get("RELEASE", "cluster"),
        REPLICA_MAX_LAG=os.environ.get("REPLICA_MAX_LAG", "5"),
        REPLICA_CHECK_SECONDS=os.environ.get("REPLICA_CHECK_SECONDS", "1"),
        WEB_CONCURRENCY=os.environ.get("WEB_CONCURRENCY", "2"),
        GUNICORN_BIND=f"127.0.0.1:{config['node_ports'][node - 1]}",
        FORWARDED_ALLOW_IPS="127.0.0.1",
        EDGE_PURGE_URL=f"http://127.0.0.1:{config['edge_port']}/" if edge_available() else "",
    )
    if replica:
        env["DATABASE_REPLICA_URL"] = database_url(replica)
    return env


# -- PID files ------------------------------------------------------------------


def pid_file(part):
    return DIR / f"{part}.pid"


def running_pid(part):
    """The PID in ``part``'s file if that process still runs (and is ours), else None."""
    try:
        pid = int(pid_file(part).read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    if part in ("primary", "replica"):
        return pid
    # A reused PID is someone else's process: never ours to stop. Ours started
    # at the moment written beside its PID file.
    try:
        started = (DIR / f".{part}.started").read_text().strip()
    except FileNotFoundError:
        return None
    return pid if started_at(pid) == started else None


def started_at(pid):
    """When process ``pid`` started (clock ticks since boot, /proc/PID/stat), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # A killed process not yet reaped (a zombie) no longer runs.
    return None if fields[0] in {"Z", "X"} else fields[19]


def spawn(part, command, env=None, log=None):
    log = open(log or DIR / f"{part}.log", "ab")  # noqa: SIM115
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    (DIR / f".{part}.started").write_text(f"{started_at(process.pid)}\n")
    pid_file(part).write_text(f"{process.pid}\n")
    return process


def wait_until(check, what, seconds=60, process=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"cluster.py: {what} stopped while starting (see {DIR}/*.log).")
        if check():
            return
        time.sleep(0.1)
    raise SystemExit(f"cluster.py: {what} did not start within {seconds} s (see {DIR}/*.log).")


def answers(url, timeout=2):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


# -- the parts ------------------------------------------------------------------


def start_postgres(name):
    cluster = postgres(name)
    if cluster.is_running():
        write_postmaster_pid(name)
        return
    if name == "replica" and not cluster.is_initialised():
        cluster.prepare()
        primary = postgres("primary")
        # A base backup of the running primary, set up to stream from it (-R).
        cluster.run(
            [
                "pg_basebackup",
                "-D",
                str(cluster.data_dir),
                "-h",
                str(primary.socket_dir),
                "-p",
                str(primary.port),
                "-U",
                primary.user,
                "-X",
                "stream",
                "-c",
                "fast",
                "-R",
            ]
        )
    cluster.start()
    if name == "primary":
        cluster.ensure_database("turan")
    write_postmaster_pid(name)


def write_postmaster_pid(name):
    cluster = postgres(name)
    try:
        pid = (cluster.data_dir / "postmaster.pid").read_text().split()[0]
    except (FileNotFoundError, IndexError, PermissionError):
        return
    pid_file(name).write_text(f"{pid}\n")


def stop_postgres(name):
    cluster = postgres(name)
    if cluster.is_running():
        cluster.stop()
    pid_file(name).unlink(missing_ok=True)


def start_redis():
    config = state()
    redis = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.access(redis, os.X_OK):
        raise SystemExit("cluster.py: redis-server is missing (make cluster installs it with apt).")
    (DIR / "redis").mkdir(exist_ok=True)
    process = spawn(
        "redis",
        [
            redis,
            "--bind",
            "127.0.0.1",
            "--port",
            str(config["redis_port"]),
            "--dir",
            str(DIR / "redis"),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--protected-mode",
            "yes",
            # Only this cluster's own processes know the way in.
            "--maxmemory",
            "256mb",
            "--maxmemory-policy",
            "allkeys-lru",
        ],
    )
    return lambda: wait_until(
        lambda: serve.accepts(("127.0.0.1", config["redis_port"])), "redis", 20, process
    )


def start_storage():
    config = state()
    process = spawn(
        "storage",
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(config["storage_port"])],
        env={**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "true"},
    )
    return lambda: storage_ready(config, process)


def storage_ready(config, process):
    wait_until(lambda: serve.accepts(("127.0.0.1", config["storage_port"])), "storage", 30, process)
    import boto3

    env = app_env(1)
    client = boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        region_name=env["AWS_S3_REGION_NAME"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
    )
    # moto keeps its buckets in memory: a restarted storage starts empty.
    client.create_bucket(Bucket=BUCKET)


def release():
    env = {**app_env(1), "DJANGO_SETTINGS_MODULE": "turan.settings"}
    result = subprocess.run([sys.executable, "manage.py", "release"], cwd=ROOT, env=env)
    if result.returncode:
        raise SystemExit("cluster.py: the release step failed (above).")


def start_node(node, extra=None):
    part = f"node{node}"
    port = state()["node_ports"][node - 1]
    env = app_env(node)
    for name, value in (extra or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    process = spawn(
        part,
        [
            str(BIN / "gunicorn"),
            "--config",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "turan.wsgi",
        ],
        env=env,
    )
    return lambda: wait_until(lambda: answers(f"http://127.0.0.1:{port}/readyz"), part, 60, process)


UPSTREAM = """upstream turan_app {{
    # The cluster's app nodes. A node that refuses or times out a connection, or
    # answers 502/503/504, is skipped for fail_timeout; an idempotent request
    # (GET, HEAD) that met it goes on to the other node.
{servers}
    keepalive 16;
}}"""


def down_nodes():
    """The nodes the checker took out of the balancer (ports), as it last wrote them."""
    try:
        return set(json.loads((DIR / "balancer" / "down.json").read_text()))
    except (FileNotFoundError, ValueError):
        return set()


def balancer_site(config, down=frozenset()):
    values = serve.site_values(
        SimpleNamespace(
            MAX_REQUEST_BODY=int(os.environ.get("MAX_REQUEST_BODY", 10 * 1024 * 1024 + 2_621_440)),
            STATIC_ROOT=static_root(),
            MEDIA_ROOT=DIR / "media",
        ),
        listen=f"127.0.0.1:{config['port']}",
        server_name="_",
        run_dir=DIR / "balancer",
        cache=DIR / "balancer" / "media-cache",
        proxy_params=ROOT / "deploy" / "nginx" / "proxy_params",
    )
    site = serve.fill("turan.conf", values)
    servers = "\n".join(
        f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=2s{' down' if port in down else ''};"
        for port in config["node_ports"]
    )
    start = site.index("upstream turan_app {")
    end = site.index("}", start) + 1
    site = site[:start] + UPSTREAM.format(servers=servers) + site[end:]
    retry = (
        "proxy_next_upstream error timeout http_502 http_503 http_504;\n"
        "    proxy_next_upstream_tries 2;\n"
        "    proxy_next_upstream_timeout 10s;\n"
        "    proxy_connect_timeout 1s;\n"
        "    server_tokens off;"
    )
    return site.replace("server_tokens off;", retry, 1)


def start_balancer():
    config = state()
    nginx = serve.nginx_binary()
    if nginx is None:
        raise SystemExit("cluster.py: nginx is missing (make cluster installs it with apt).")
    run = DIR / "balancer"
    run.mkdir(exist_ok=True)
    (run / "turan.conf").write_text(balancer_site(config, down_nodes()))
    modules = "\n".join(
        f"load_module {serve.MODULES / name};"
        for name in ("ngx_http_brotli_filter_module.so", "ngx_http_brotli_static_module.so")
        if serve.has_brotli()
    )
    main = serve.fill(
        "nginx.conf",
        {
            "USER": "user root root;" if os.geteuid() == 0 else "# workers: the current user",
            "RUN": run,
            "MODULES": modules,
            "SITE": run / "turan.conf",
            "ACCESS_LOG": DIR / "balancer.access.log",
        },
    )
    (run / "nginx.conf").write_text(main)
    command = [nginx, "-p", str(run), "-e", "stderr", "-c", str(run / "nginx.conf")]
    if subprocess.run([*command, "-t", "-q"]).returncode:
        raise SystemExit(f"cluster.py: nginx refused its configuration ({run / 'nginx.conf'}).")
    process = spawn("balancer", command)
    wait_until(
        lambda: answers(f"http://127.0.0.1:{config['port']}/healthz"), "balancer", 20, process
    )


class Checker:
    """Active health checks for the balancer, which open-source nginx lacks.

    Each node's /readyz is asked every PROBE_INTERVAL seconds; a node that
    fails once (a 503, a refused connection, no answer within PROBE_TIMEOUT:
    a hung process) is marked ``down`` in the balancer's upstream and nginx
    reloads (gracefully: requests in flight finish on the old workers); after
    PROBE_RISE answers in a row it is put back. Never all of them: when every
    node fails its probe (the primary or Redis away, which /readyz reports),
    they all stay in, since readers' pages may still come from the replica.
    """

    def __init__(self, config, probe=None):
        self.config = config
        self.probe = probe or self.ready
        self.down = down_nodes()
        self.rises = dict.fromkeys(config["node_ports"], 0)

    @staticmethod
    def ready(port):
        return answers(f"http://127.0.0.1:{port}/readyz", timeout=PROBE_TIMEOUT)

    def step(self):
        """Probe every node; return the ports marked down when that changed, else None."""
        ports = self.config["node_ports"]
        results = dict(zip(ports, _probe_all(self.probe, ports), strict=True))
        down = set(self.down)
        for port, ok in results.items():
            if not ok:
                self.rises[port] = 0
                down.add(port)
            elif port in down:
                self.rises[port] += 1
                if self.rises[port] >= PROBE_RISE:
                    down.discard(port)
        if down >= set(ports):
            down = set()
        if down == self.down:
            return None
        self.down = down
        return down


def _probe_all(probe, ports):
    """``probe(port)`` for each port at once: a hung node costs one timeout, not one each."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(len(ports)) as pool:
        return list(pool.map(probe, ports))


def apply_down(config, down):
    """Write the upstream with ``down`` marked, and have the balancer reload it."""
    run = DIR / "balancer"
    (run / "turan.conf").write_text(balancer_site(config, down))
    (run / "down.json").write_text(json.dumps(sorted(down)))
    pid = running_pid("balancer")
    if pid is not None:
        os.kill(pid, signal.SIGHUP)


def check():
    """The checker part's loop (until SIGTERM)."""
    config = state()
    checker = Checker(config)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while True:
        began = time.monotonic()
        down = checker.step()
        if down is not None:
            apply_down(config, down)
            names = [f"node{config['node_ports'].index(port) + 1}" for port in sorted(down)]
            print(
                f"{time.strftime('%H:%M:%S')} down: {', '.join(names) or 'none'}",
                flush=True,
            )
        time.sleep(max(0.0, PROBE_INTERVAL - (time.monotonic() - began)))


def varnish():
    return shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if os.access("/usr/sbin/varnishd", os.X_OK) else None
    )


def edge_available():
    return varnish() is not None and (ROOT / "deploy" / "varnish" / "turan.vcl").exists()


def start_edge():
    config = state()
    binary = varnish()
    if not edge_available():
        return False
    work = DIR / "edge"
    work.mkdir(exist_ok=True)
    vcl = (ROOT / "deploy" / "varnish" / "turan.vcl").read_text()
    vcl = vcl.replace("@BACKEND_HOST@", "127.0.0.1").replace("@BACKEND_PORT@", str(config["port"]))
    (work / "turan.vcl").write_text(vcl)
    command = [
        binary,
        "-F",
        "-a",
        f"127.0.0.1:{config['edge_port']}",
        "-f",
        str(work / "turan.vcl"),
        "-n",
        str(work / "state"),
        "-s",
        "malloc,64m",
        "-T",
        "none",
        "-p",
        "default_ttl=60",
    ]
    if os.geteuid() == 0:
        # Its worker drops to this account (Debian's package makes it).
        command += ["-j", "unix,user=varnish"]
    process = spawn("edge", command)
    wait_until(
        lambda: answers(f"http://127.0.0.1:{config['edge_port']}/healthz"), "edge", 30, process
    )
    return True


# -- commands -------------------------------------------------------------------


def addresses(config):
    primary, replica = postgres("primary"), postgres("replica")
    rows = [
        ("primary", f"PostgreSQL, socket {primary.socket_dir} port {primary.port}"),
        ("replica", f"PostgreSQL hot standby, socket {replica.socket_dir} port {replica.port}"),
        ("redis", f"redis://127.0.0.1:{config['redis_port']}/0"),
        ("storage", f"S3 http://127.0.0.1:{config['storage_port']}/{BUCKET}"),
        ("node1", f"gunicorn http://127.0.0.1:{config['node_ports'][0]}/"),
        ("node2", f"gunicorn http://127.0.0.1:{config['node_ports'][1]}/"),
        ("balancer", f"nginx http://127.0.0.1:{config['port']}/"),
        ("checker", f"/readyz of each node every {PROBE_INTERVAL:g} s; down: {down_list(config)}"),
    ]
    if edge_available():
        rows.append(("edge", f"Varnish http://127.0.0.1:{config['edge_port']}/"))
        rows.append(("purger", "manage.py edge_purger: BAN to the edge when the version moves"))
    if config["promoted"]:
        rows[0] = ("primary", "stopped for good: the replica was promoted")
        rows[1] = ("replica", rows[1][1].replace("hot standby", "primary (promoted)"))
    return rows


def down_list(config):
    down = down_nodes()
    names = [f"node{i + 1}" for i, port in enumerate(config["node_ports"]) if port in down]
    return ", ".join(names) or "none"


def is_running(part):
    if part in ("primary", "replica"):
        return postgres(part).is_running()
    return running_pid(part) is not None


def start():
    config = state()
    started, waiting = [], []
    # Redis and the object store start while PostgreSQL does; each is waited for
    # before anything needs it.
    for part, step in (("redis", start_redis), ("storage", start_storage)):
        if not is_running(part):
            waiting.append(step())
            started.append(part)
    if not config["promoted"] and not is_running("primary"):
        start_postgres("primary")
        started.append("primary")
    # The replica streams what the release step then writes (its base backup
    # is of a database not migrated yet, quicker to copy).
    if not is_running("replica"):
        began = time.monotonic()
        start_postgres("replica")
        started.append("replica")
        print(f"replica from a base backup: {time.monotonic() - began:.1f} s", flush=True)
    for ready in waiting:
        ready()
    # Migrations and static files: once per new primary (a part restarted
    # after a fault needs neither).
    if "primary" in started or not static_root().exists():
        began = time.monotonic()
        release()
        print(f"release step: {time.monotonic() - began:.1f} s", flush=True)
    waiting = []
    for node in (1, 2):
        if not is_running(f"node{node}"):
            waiting.append(start_node(node))
            started.append(f"node{node}")
    for ready in waiting:
        ready()
    if not is_running("balancer"):
        start_balancer()
        started.append("balancer")
    if not is_running("checker"):
        if down_nodes():
            # What an earlier checker marked down is learnt again within a probe.
            apply_down(config, set())
        spawn("checker", [sys.executable, str(Path(__file__).resolve()), "check"])
        started.append("checker")
    if not is_running("edge") and start_edge():
        started.append("edge")
    if edge_available() and not is_running("purger"):
        # Bans the edge's pages whenever the content version moves (public/edge.py).
        # (--verbosity 2: each purge and why, in purger.log.)
        spawn(
            "purger",
            [sys.executable, "manage.py", "edge_purger", "--verbosity", "2"],
            env=app_env(1),
        )
        started.append("purger")
    url = f"http://127.0.0.1:{config['port']}/"
    print(f"Turan's cluster is serving {url}  (admin: {url}admin/)")
    if edge_available():
        print(f"through the edge cache: http://127.0.0.1:{config['edge_port']}/")
    for part, address in addresses(config):
        print(f"  {part:9} {address}")
    print(f"PID files and logs in {DIR}; make cluster-stop stops it all.", flush=True)
    return 0


def signal_part(part):
    """SIGTERM to ``part``'s process; return its PID, or None when it was not running."""
    pid = running_pid(part)
    if pid is not None:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pid = None
    return pid


def wait_gone(part, pid, seconds=30):
    """Wait for ``pid`` (``part``'s) to end; SIGKILL it after ``seconds``."""
    deadline = time.monotonic() + seconds
    while pid is not None and started_at(pid) is not None:  # gone, or a zombie
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    pid_file(part).unlink(missing_ok=True)


def stop_process(part, seconds=30):
    wait_gone(part, signal_part(part), seconds)


# Stopped a tier at a time, the front first, so no reader meets a half-stopped
# cluster behind it; the parts of a tier together.
TIERS = (
    ("purger", "edge", "checker", "balancer"),
    ("node1", "node2"),
    ("storage", "redis"),
    ("replica", "primary"),
)


def stop(parts):
    if not DIR.exists():
        print(f"No cluster in {DIR}.")
        return 0
    for tier in TIERS:
        chosen = [part for part in tier if part in parts]
        for part in chosen:
            if part in ("primary", "replica"):
                if postgres(part).is_initialised():
                    stop_postgres(part)
        pids = {part: signal_part(part) for part in chosen if part not in ("primary", "replica")}
        for part, pid in pids.items():
            wait_gone(part, pid)
        for part in chosen:
            print(f"stopped {part}")
    return 0


def status():
    if not (DIR / "cluster.json").exists():
        print(f"No cluster in {DIR}.")
        return 3
    config = state()
    down = 0
    for part, address in addresses(config):
        up = is_running(part)
        down += not up
        print(f"  {part:9} {'running' if up else 'stopped':8} {address}")
    return 0 if not down else 3


def promote():
    """The documented failover: the replica takes the primary's place."""
    config = state()
    if config["promoted"]:
        print("The replica is the primary already.")
        return 0
    replica = postgres("replica")
    if postgres("primary").is_running():
        # Two primaries would each take writes the other never sees.
        raise SystemExit(
            "cluster.py: the primary still runs; stop it first (cluster.py stop primary)."
        )
    replica.run(["pg_ctl", "-D", str(replica.data_dir), "-w", "promote"])
    config["promoted"] = True
    save(config)
    # One node at a time: the balancer sends readers to the other meanwhile.
    for node in (1, 2):
        stop_process(f"node{node}")
        start_node(node)()
    print("The replica is now the primary; both app nodes write to it.")
    return 0


# -- throughput -----------------------------------------------------------------


def gunicorn_cpu(parts=("node1", "node2")):
    """CPU seconds used so far by the nodes' gunicorn processes (masters and workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    masters = {pid for part in parts if (pid := running_pid(part)) is not None}
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(entry.name), int(fields[1])
        if pid in masters or parent in masters:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def wrk_run(url, seconds, connections):
    command = [
        shutil.which("wrk") or "/usr/bin/wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-H",
        "Accept-Encoding: gzip",
        # A returning reader: a first visit's language cookie makes a page private.
        "-H",
        f"Cookie: django_language={url.split('/')[3]}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(output.split("Requests/sec:")[1].split()[0])
    requests = int(output.split(" requests in")[0].split()[-1])
    p99 = output.split(" 99%")[1].split()[0] if " 99%" in output else "?"
    errors = "Non-2xx" in output or "Socket errors" in output
    return rate, requests, p99, errors


def bench(paths, seconds=10, connections=16):
    """Readers' pages through the balancer with both app nodes, then with one."""
    if not (shutil.which("wrk") or os.access("/usr/bin/wrk", os.X_OK)):
        raise SystemExit("cluster.py bench needs wrk (apt-get install wrk, or make bench).")
    config = state()
    base = f"http://127.0.0.1:{config['port']}"
    rows = []
    for nodes in (2, 1):
        if nodes == 1:
            stop_process("node2")
            time.sleep(1)
        try:
            for path in paths:
                wrk_run(base + path, 2, connections)  # warm the caches
                before = gunicorn_cpu()
                rate, requests, p99, errors = wrk_run(base + path, seconds, connections)
                cpu = gunicorn_cpu() - before
                rows.append((nodes, path, rate, p99, 1000 * cpu / max(requests, 1), errors))
        finally:
            if nodes == 1:
                start_node(2)()
    cores = os.cpu_count() or 1
    print(f"{'nodes':>5}  {'page':40} {'req/s':>8} {'p99':>9} {'CPU ms/req':>10}")
    for nodes, path, rate, p99, cpu_ms, errors in rows:
        flag = "  (errors!)" if errors else ""
        print(f"{nodes:>5}  {path:40} {rate:8.0f} {p99:>9} {cpu_ms:10.2f}{flag}")
    print(f"{cores} CPU cores here, shared by every part of the cluster and by wrk.")
    return 0


def restart_nodes(extra):
    """Both app nodes again, one at a time, with ``extra`` in their environment
    (a None value removes that name)."""
    for node in (1, 2):
        stop_process(f"node{node}")
        start_node(node, extra)()


def bench_caches(paths, seconds=10, connections=16):
    """Readers' pages through the balancer and both nodes: the page cache shared
    in Redis, then kept per node, then off (every page rendered)."""
    if not (shutil.which("wrk") or os.access("/usr/bin/wrk", os.X_OK)):
        raise SystemExit("cluster.py bench-caches needs wrk (apt-get install wrk, or make bench).")
    config = state()
    base = f"http://127.0.0.1:{config['port']}"
    modes = (
        ("shared (Redis)", {"PAGE_CACHE_URL": None}),
        ("per node (locmem)", {"PAGE_CACHE_URL": "locmem://"}),
        ("off", {"PAGE_CACHE_URL": None, "PAGE_CACHE_SECONDS": "0"}),
    )
    rows = []
    try:
        for label, extra in modes:
            restart_nodes(extra)
            for path in paths:
                wrk_run(base + path, 2, connections)  # warm the caches
                before = gunicorn_cpu()
                rate, requests, p99, errors = wrk_run(base + path, seconds, connections)
                cpu = gunicorn_cpu() - before
                rows.append((label, path, rate, p99, 1000 * cpu / max(requests, 1), errors))
    finally:
        restart_nodes({"PAGE_CACHE_URL": None, "PAGE_CACHE_SECONDS": None})
    print(f"{'page cache':18}  {'page':40} {'req/s':>8} {'p99':>9} {'CPU ms/req':>10}")
    for label, path, rate, p99, cpu_ms, errors in rows:
        flag = "  (errors!)" if errors else ""
        print(f"{label:18}  {path:40} {rate:8.0f} {p99:>9} {cpu_ms:10.2f}{flag}")
    print(f"{os.cpu_count() or 1} CPU cores here, shared by every part of the cluster and by wrk.")
    return 0


def main(argv):
    command = argv[1] if len(argv) > 1 else "start"
    if command == "start":
        return start()
    if command == "stop":
        parts = argv[2:] or list(PARTS)
        unknown = set(parts) - set(PARTS)
        if unknown:
            raise SystemExit(f"cluster.py: no such part: {', '.join(sorted(unknown))}")
        return stop(parts)
    if command == "status":
        return status()
    if command == "promote":
        return promote()
    if command == "bench":
        return bench(argv[2:] or ["/en/"], int(os.environ.get("BENCH_DURATION", 10)))
    if command == "bench-caches":
        return bench_caches(argv[2:] or ["/en/"], int(os.environ.get("BENCH_DURATION", 10)))
    if command == "check":
        return check()
    if command == "env":
        for name, value in sorted(app_env(1).items()):
            if os.environ.get(name) != value:
                print(f"{name}={shlex.quote(value)}")
        return 0
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
