"""Deliver webhooks: passes over the change feed until stopped (newswire/push.py).

Started beside the web server by `make run` and `make serve`, and under
systemd by deploy/systemd/turan-newswire-worker.service. SIGTERM or Ctrl-C
ends it after the pass under way. Several may run: they share the work.
"""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from newswire import push


class Command(BaseCommand):
    help = "Send newswire webhooks: collect changes, deliver and retry, until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Make one pass and stop.")
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="Seconds between passes (NEWSWIRE_WORKER_INTERVAL, 0.5).",
        )

    def handle(self, *args, once=False, interval=None, **options):
        interval = settings.NEWSWIRE_WORKER_INTERVAL if interval is None else interval
        if once:
            collected, sent = push.run_pass()
            self.stdout.write(f"collected {collected}, sent {sent}")
            return
        stopping = []
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda *_: stopping.append(True))
        self.stdout.write(f"newswire worker: a pass every {interval:g} s", ending="\n")
        self.stdout.flush()
        try:
            self.loop(interval, stopping)
        finally:
            push.finish()

    def loop(self, interval, stopping):
        while not stopping:
            try:
                close_old_connections()
                push.run_pass(wait=False)
            except Exception:  # noqa: BLE001 (the worker outlives a bad pass, or the database away)
                push.log.exception("newswire worker: a pass failed; trying again")
                connection.close()
                time.sleep(5)
            deadline = time.monotonic() + interval
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(0.1, interval))
