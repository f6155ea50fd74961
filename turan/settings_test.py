"""Settings for the test suite: production settings with test-only secrets."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
# The suite covers the demo loader and the bench tooling too.
os.environ.setdefault("DEMO", "1")
os.environ.setdefault("BENCH", "1")

from turan.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
QUARANTINE_ROOT = BASE_DIR / "var" / "test-quarantine"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "quarantine": {"BACKEND": "core.quarantine.QuarantineStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Persistent connections would keep the live-server thread's session open and
# block dropping the test database at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# One test database per run, so parallel runs on one server never collide.
DATABASES["default"]["TEST"] = {  # noqa: F405
    "NAME": os.environ.get("TEST_DATABASE_NAME") or f"test_turan_{os.getpid()}"
}
# A second alias of the same test database: the read-replica router's tests
# read through it (tests/core/test_routing.py). Off unless a test turns it on.
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASE_READ_REPLICA = None
