"""`make serve`: the release step, then gunicorn behind nginx, as one foreground process.

    serve.py run          release step, gunicorn on a Unix socket, nginx on HOST:PORT
    serve.py nginx-site   print deploy/nginx/turan.conf filled in for this machine
                          (for a system nginx: docs/deploy.md)

The configuration is the files under deploy/ (the same ones docs/deploy.md
installs under systemd); this script only fills in paths and supervises:
beside them runs the newswire worker (``manage.py newswire_worker``, webhooks).
Ctrl-C or SIGTERM stops all three, and any one stopping stops the others.
nginx runs as the current user from RUN_DIR (var/serve/ by default). Without
nginx (none installed and none installable), gunicorn serves HOST:PORT
itself, with a warning: Django then compresses and serves media on its own.
"""

import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent
MODULES = Path("/usr/lib/nginx/modules")
# Where nginx sends a staff-only upload from, after the app's check (public/media.py).
ACCEL_PREFIX = "/_protected-media/"
BROTLI = """brotli on;
        brotli_static on;
        brotli_comp_level 5;
        brotli_types text/css application/javascript text/javascript application/json
                     application/manifest+json image/svg+xml text/plain application/xml;"""


def settings():
    """The Django settings the web server must agree with (sizes, paths)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "turan.settings")
    import django
    from django.conf import settings as django_settings

    django.setup()
    return django_settings


def nginx_binary():
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
    )


def has_brotli():
    return (MODULES / "ngx_http_brotli_filter_module.so").exists() and (
        MODULES / "ngx_http_brotli_static_module.so"
    ).exists()


def fill(template, values):
    text = (DEPLOY / "nginx" / template).read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", str(value))
    leftover = [word for word in text.split() if word.startswith("@") and word.endswith("@")]
    if leftover:
        raise SystemExit(f"serve.py: {template} has words nobody fills in: {leftover}")
    return text


def site_values(config, listen, server_name, run_dir, cache, proxy_params):
    return {
        "LISTEN": listen,
        "SERVER_NAME": server_name,
        "SOCKET": run_dir / "gunicorn.sock",
        "CACHE": cache,
        "MEDIA_CACHE_SIZE": os.environ.get("MEDIA_CACHE_SIZE", "1g"),
        "MAX_BODY": config.MAX_REQUEST_BODY,
        "STATIC_ROOT": Path(config.STATIC_ROOT).resolve(),
        "MEDIA_ROOT": Path(config.MEDIA_ROOT).resolve(),
        "ACCEL": ACCEL_PREFIX,
        "PROXY_PARAMS": proxy_params,
        "BROTLI": BROTLI if has_brotli() else "# (no brotli module installed: gzip only)",
    }


def print_site():
    config = settings()
    run_dir = Path(os.environ.get("RUN_DIR", "/run/turan"))
    port = os.environ.get("PORT", "80")
    values = site_values(
        config,
        listen=port,
        server_name=os.environ.get("SERVER_NAME", "_"),
        run_dir=run_dir,
        cache=os.environ.get("MEDIA_CACHE_DIR", "/var/cache/nginx/turan-media"),
        proxy_params=DEPLOY / "nginx" / "proxy_params",
    )
    sys.stdout.write(fill("turan.conf", values))


def wait_for(check, process, what, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"serve.py: {what} stopped while starting (exit {process.returncode})."
            )
        if check():
            return
        time.sleep(0.1)
    raise SystemExit(f"serve.py: {what} did not start within {seconds} s.")


def accepts(address):
    if isinstance(address, str):
        family = socket.AF_UNIX
    else:
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with socket.socket(family) as probe:
        probe.settimeout(1)
        try:
            probe.connect(address)
        except OSError:
            return False
        return True


def run():
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    run_dir = Path(os.environ.get("RUN_DIR", ROOT / "var" / "serve")).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    run_dir.chmod(0o700)  # The socket's directory: nobody else may reach gunicorn.
    # One stack per RUN_DIR: a second would take over the first one's socket.
    lock = open(run_dir / "serve.lock", "w")  # noqa: SIM115 (held until exit)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise SystemExit(f"serve.py: another make serve is running from {run_dir}.") from None
    if accepts((host, port)):
        raise SystemExit(f"serve.py: something already listens on {host}:{port}; set PORT.")
    manage = [sys.executable, str(ROOT / "manage.py")]

    if os.environ.get("RELEASE_STEP", "1") != "0":
        if subprocess.run([*manage, "release"], cwd=ROOT).returncode:
            raise SystemExit("serve.py: the release step failed (above); nothing was started.")

    config = settings()
    nginx = nginx_binary()
    env = dict(os.environ)
    gunicorn = [str(BIN / "gunicorn"), "--config", str(DEPLOY / "gunicorn.conf.py"), "turan.wsgi"]
    if nginx is None:
        print(
            "serve.py: WARNING: nginx is not installed, so gunicorn faces clients itself: "
            "slow clients can hold its workers. Install Debian's nginx-light (docs/deploy.md).",
            file=sys.stderr,
        )
        env["GUNICORN_BIND"] = f"{host}:{port}"
        return supervise(manage, env, [("gunicorn", gunicorn, lambda: (host, port))], host, port)

    sock = run_dir / "gunicorn.sock"
    sock.unlink(missing_ok=True)
    env.setdefault("GUNICORN_BIND", f"unix:{sock}")
    env.setdefault("MEDIA_ACCEL_REDIRECT", ACCEL_PREFIX)

    values = site_values(
        config,
        listen=f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        server_name="_",
        run_dir=run_dir,
        cache=run_dir / "media-cache",
        proxy_params=DEPLOY / "nginx" / "proxy_params",
    )
    (run_dir / "turan.conf").write_text(fill("turan.conf", values))
    modules = "\n".join(
        f"load_module {MODULES / name};"
        for name in ("ngx_http_brotli_filter_module.so", "ngx_http_brotli_static_module.so")
        if has_brotli()
    )
    main = {
        # Run by root (a container), nginx's workers would be "nobody", who may
        # not open the socket's directory: they stay the current user, as all of it does.
        "USER": "user root root;" if os.geteuid() == 0 else "# workers: the current user",
        "RUN": run_dir,
        "MODULES": modules,
        "SITE": run_dir / "turan.conf",
        "ACCESS_LOG": os.environ.get("NGINX_ACCESS_LOG", "/dev/stdout"),
    }
    (run_dir / "nginx.conf").write_text(fill("nginx.conf", main))
    nginx_command = [nginx, "-p", str(run_dir), "-e", "stderr", "-c", str(run_dir / "nginx.conf")]
    if subprocess.run([*nginx_command, "-t", "-q"]).returncode:
        raise SystemExit(f"serve.py: nginx refused its configuration ({run_dir / 'nginx.conf'}).")

    servers = [
        ("gunicorn", gunicorn, lambda: str(sock)),
        ("nginx", nginx_command, lambda: (host, port)),
    ]
    return supervise(manage, env, servers, host, port, sock)


def supervise(manage, env, servers, host, port, sock=None):
    """Start each server in turn (each once the previous one accepts), then the
    newswire worker (webhooks); any one stopping, or a signal, stops them all."""
    processes, names = [], {}

    def stop(*_):
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=35)
            except subprocess.TimeoutExpired:
                process.kill()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        for name, command, address in servers:
            process = subprocess.Popen(command, cwd=ROOT, env=env)
            processes.append(process)
            names[process] = name
            wait_for(lambda address=address: accepts(address()), process, name)
        worker = subprocess.Popen([*manage, "newswire_worker"], cwd=ROOT, env=env)
        processes.append(worker)
        names[worker] = "the newswire worker"
        shown = f"[{host}]" if ":" in host else host
        print(f"Turan is serving http://{shown}:{port}/  (admin: http://{shown}:{port}/admin/)")
        if sock is not None:
            print("nginx in front, gunicorn behind it on", sock, end="; ")
        print("the newswire worker sends webhooks - Ctrl-C stops all.", flush=True)
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        stopped = next(process for process in processes if process.poll() is not None)
        print(
            f"serve.py: {names[stopped]} stopped (exit {stopped.returncode}); stopping.",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop()


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    if command == "nginx-site":
        print_site()
    elif command == "run":
        sys.exit(run())
    else:
        raise SystemExit(__doc__)
