"""Behind a real PgBouncer in transaction mode (``DB_POOLER=transaction``).

Consecutive transactions of one client run on different server connections:
the pages must hold no state in a session. PgBouncer comes from the system
(Debian's ``pgbouncer`` package, ``/usr/sbin/pgbouncer``); the test writes its
configuration into a temporary directory and points it at the test database.
"""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.core.cache import caches
from django.db import connection

from core.db import embedded
from core.db.session import RANDOM_PAGE_COST
from tests.core.test_pooling import connected, fetch, prepared_names

BINARY = shutil.which("pgbouncer") or shutil.which("pgbouncer", path="/usr/sbin:/usr/local/sbin")
SERVERS = 3  # server connections PgBouncer keeps for the test database

pytestmark = pytest.mark.skipif(
    BINARY is None, reason="pgbouncer is not installed (Debian: apt-get install pgbouncer)"
)


def version():
    output = subprocess.run([BINARY, "--version"], capture_output=True, text=True).stdout
    return tuple(int(part) for part in re.search(r"(\d+)\.(\d+)", output).groups())


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PgBouncer:
    """A PgBouncer in transaction mode in front of Django's database, on a free port."""

    def __init__(self, prepared_statements=0):
        self.dir = Path(tempfile.mkdtemp(prefix="turan-pgb-"))
        self.port = free_port()
        db = connection.settings_dict
        server = {
            "host": db["HOST"] or "localhost",
            "port": db["PORT"] or "5432",
            "dbname": db["NAME"],
            "user": db["USER"],
        }
        if db["PASSWORD"]:
            server["password"] = db["PASSWORD"]
        target = " ".join(f"{key}={value}" for key, value in server.items() if value)
        # The planner cost, per server connection: no client session can carry it here.
        setup = f"SET random_page_cost = {RANDOM_PAGE_COST}"
        (self.dir / "users.txt").write_text(f'"{db["USER"]}" ""\n')
        (self.dir / "pgbouncer.ini").write_text(
            f"[databases]\n{db['NAME']} = {target} connect_query='{setup}'\n\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.port}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {self.dir / 'users.txt'}\n"
            f"pool_mode = transaction\ndefault_pool_size = {SERVERS}\n"
            + (f"max_prepared_statements = {prepared_statements}\n" if prepared_statements else "")
        )
        self.command = [BINARY, str(self.dir / "pgbouncer.ini")]
        if os.geteuid() == 0:
            # PgBouncer refuses to run as root: it runs as the database server's account.
            account = embedded._system_account()
            for path in self.dir.iterdir():
                path.chmod(0o644)
            os.chown(self.dir, account.pw_uid, account.pw_gid)
            embedded.allow_traversal(self.dir, account.pw_uid)
            self.command[1:1] = ["-u", account.pw_name]
        self.process = None

    def url(self):
        return f"host=127.0.0.1 port={self.port} dbname={connection.settings_dict['NAME']} " + (
            f"user={connection.settings_dict['USER']}"
        )

    def start(self):
        self.log = open(self.dir / "pgbouncer.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(self.command, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while True:
            try:
                psycopg.connect(self.url(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        "pgbouncer did not start: " + (self.dir / "pgbouncer.log").read_text()
                    ) from None
                time.sleep(0.1)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("prepares", [False, True], ids=["unprepared", "protocol-prepared"])
def test_pages_answer_through_pgbouncer_in_transaction_mode(
    client, make_article, settings, prepares
):
    if prepares and version() < (1, 21):
        pytest.skip(f"pgbouncer {version()} keeps no prepared statements (1.21 or later does)")
    article = make_article(
        public=("en",), title_en="Pipeline through the pooler", body_en="<p>Gas flows.</p>"
    )
    search = "/en/search/?q=pipeline"
    settings.DATABASE_POOLER = "transaction"
    settings.DATABASE_POOLER_PREPARES = prepares
    # PgBouncer refuses the "options" startup parameter of a direct connection.
    options = {
        key: value for key, value in connection.settings_dict["OPTIONS"].items() if key != "options"
    }
    if prepares:
        options["prepare_threshold"] = 1_000_000
    bouncer = PgBouncer(prepared_statements=100 if prepares else 0)
    bouncer.start()
    try:
        with connected(HOST="127.0.0.1", PORT=str(bouncer.port), OPTIONS=options):
            backends = set()
            for round_ in range(2):
                for held in range(SERVERS):
                    # Other clients keep ``held`` server connections in a transaction
                    # (the last used first), so this request runs on another one.
                    others = [psycopg.connect(bouncer.url()) for _other in range(held)]
                    for other in others:
                        other.execute("SELECT 1")
                    if round_:  # the second round on a new client connection each time
                        connection.close()
                    caches[settings.PAGE_CACHE_ALIAS].clear()
                    response = client.get(article.get_absolute_url("en"))
                    assert response.status_code == 200
                    assert "Pipeline through the pooler" in response.text
                    assert "Gas flows." in response.text
                    response = client.get(search)
                    assert response.status_code == 200
                    assert "Pipeline through the pooler" in response.text
                    assert fetch("SHOW random_page_cost") == [(str(RANDOM_PAGE_COST),)]
                    backends.add(fetch("SELECT pg_backend_pid()")[0][0])
                    for other in others:
                        other.close()
            assert len(backends) > 1
            if not prepares:
                assert not prepared_names()  # no statement outlives its transaction
    finally:
        bouncer.stop()


@pytest.mark.django_db(transaction=True)
def test_the_release_step_behind_an_undeclared_pgbouncer_stops_with_what_to_set():
    from django.core.management import CommandError, call_command

    bouncer = PgBouncer()
    bouncer.start()
    try:
        # The settings of a direct connection (its startup option included), through PgBouncer.
        with connected(HOST="127.0.0.1", PORT=str(bouncer.port)):
            with pytest.raises(CommandError, match="DB_POOLER=session or DB_POOLER=transaction"):
                call_command("release", verbosity=0)
    finally:
        bouncer.stop()
