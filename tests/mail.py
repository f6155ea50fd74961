"""A real SMTP server for tests that read the mail the project delivers.

aiosmtpd runs in its own process (``python tests/mail.py DIR``): the project's
``public`` app (and ``tests/public``) would shadow the ``public`` package
aiosmtpd imports, and a separate process is what a mail server is anyway. Each message it accepts is
written to DIR as ``<n>.eml``; while a file ``DIR/refuse`` exists it answers
every message with a permanent failure.

``mail_server`` (tests/conftest.py) starts it on a free loopback port, points
Django's SMTP backend at it for the test and yields a ``Mailbox``; ``stop()``
shuts the server down, for the paths where mail must not break a save.
"""

import email
import email.policy
import os
import subprocess
import sys
import time
from pathlib import Path


class Mailbox:
    def __init__(self, directory):
        self.directory = Path(directory)
        self.process = None
        self.port = None

    def start(self):
        self.process = subprocess.Popen(
            # -P: not the script's folder first on the path (tests/public too
            # would shadow aiosmtpd's ``public``).
            [sys.executable, "-P", __file__, str(self.directory)],
            env={key: value for key, value in os.environ.items() if key != "PYTHONPATH"},
            stdout=subprocess.PIPE,
            text=True,
            cwd=self.directory,
        )
        line = self.process.stdout.readline()
        if not line.strip().isdigit():
            self.stop()
            raise RuntimeError(f"the SMTP server did not start: {line!r}")
        self.port = int(line)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def refuse(self, refusing=True):
        flag = self.directory / "refuse"
        if refusing:
            flag.touch()
        else:
            flag.unlink(missing_ok=True)

    @property
    def messages(self):
        files = sorted(self.directory.glob("*.eml"), key=lambda path: int(path.stem))
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in files
        ]

    def wait_for(self, count, timeout=5.0):
        """The messages once at least ``count`` have arrived (or fail after ``timeout`` s)."""
        deadline = time.monotonic() + timeout
        while len(messages := self.messages) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} message(s), {len(messages)} arrived")
            time.sleep(0.05)
        return messages

    def to(self, address):
        """Messages addressed (To, Cc or Bcc envelope) to ``address``."""
        return [
            message
            for message in self.messages
            if address in message.get("X-Envelope-To", "").split(",")
        ]


def serve(directory):
    import asyncio
    import socket

    from aiosmtpd.controller import Controller

    directory = Path(directory)

    class Handler:
        count = 0

        async def handle_DATA(self, server, session, envelope):
            if (directory / "refuse").exists():
                return "554 Transaction failed (refused by the test)"
            Handler.count += 1
            header = "X-Envelope-To: " + ",".join(envelope.rcpt_tos) + "\r\n"
            path = directory / f"{Handler.count}.eml"
            partial = path.with_suffix(".part")
            partial.write_bytes(header.encode() + envelope.original_content)
            partial.rename(path)
            return "250 OK"

    # The controller checks its server by connecting to the port it was
    # given, so it needs a real one: ask the system for a free port first.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    try:
        asyncio.run(asyncio.Event().wait())
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    import signal

    signal.signal(signal.SIGTERM, signal.default_int_handler)
    serve(sys.argv[1])
