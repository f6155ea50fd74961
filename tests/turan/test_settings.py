"""Production mode, checked in a fresh interpreter with a clean environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
# Set by the test settings for this process; the child must start from production defaults.
REMOVED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "HOST",
    "DATABASE_URL",
}


def manage(*args, **env):
    clean = {key: value for key, value in os.environ.items() if key not in REMOVED}
    clean.update(DJANGO_SETTINGS_MODULE="turan.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "news.example"}, "SECRET_KEY"),
        ({"SECRET_KEY": secrets.token_urlsafe(50)}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_required_settings(env, missing):
    result = manage("check", **env)

    assert result.returncode != 0
    assert f"{missing} must be set in production mode" in result.stderr


def test_deploy_check_is_clean_in_production_mode():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="news.example",
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_development_mode_needs_no_secrets():
    result = manage("check", DEBUG="1")

    assert result.returncode == 0, result.stderr


def allowed_hosts(**env):
    return manage(
        "shell", "-c", "from django.conf import settings; print(settings.ALLOWED_HOSTS)", **env
    )


def test_development_server_answers_at_the_host_it_listens_on():
    assert "'192.0.2.7'" in allowed_hosts(DEBUG="1", HOST="192.0.2.7").stdout
    assert "'*'" in allowed_hosts(DEBUG="1", HOST="0.0.0.0").stdout
    assert "'*'" not in allowed_hosts(DEBUG="1").stdout


def test_database_url_selects_the_server():
    result = manage(
        "shell",
        "-c",
        "from django.db import connection as c; s = c.settings_dict; "
        "print(s['NAME'], s['HOST'], s['PORT'], s['USER'])",
        DEBUG="1",
        DATABASE_URL="postgres://newsroom:secret@db.internal:6543/turan_prod",
    )

    assert result.stdout.split()[-4:] == ["turan_prod", "db.internal", "6543", "newsroom"]


def test_without_database_url_the_embedded_server_is_used():
    result = manage(
        "shell",
        "-c",
        "from django.db import connection as c; print(c.settings_dict['HOST'])",
        DEBUG="1",
    )

    from core.db import embedded as embedded_db

    assert result.stdout.split()[-1] == str(embedded_db.socket_dir())


def setting(name, **env):
    return manage("shell", "-c", f"from django.conf import settings; print(settings.{name})", **env)


def test_trusted_proxies_default_to_loopback_and_private_networks():
    printed = setting("TRUSTED_PROXIES", DEBUG="1").stdout

    for network in ("127.0.0.0/8", "::1", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"):
        assert f"'{network}'" in printed
    assert (
        "['203.0.113.0/24']"
        in setting("TRUSTED_PROXIES", DEBUG="1", TRUSTED_PROXIES="203.0.113.0/24").stdout
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT must be a whole number"),
        ({"TRUSTED_PROXY_COUNT": "one"}, "TRUSTED_PROXY_COUNT must be a whole number"),
        ({"TRUSTED_PROXIES": "10.0.0.0/8,proxy.internal"}, "'proxy.internal' is not an IP"),
        (
            {"TRUSTED_PROXY_COUNT": "1", "TRUSTED_PROXIES": "0.0.0.0/0"},
            "TRUSTED_PROXIES must list the proxies' addresses",
        ),
        (
            {"TRUSTED_PROXY_COUNT": "1", "TRUSTED_PROXIES": "10.0.0.2,::/0"},
            "TRUSTED_PROXIES must list the proxies' addresses",
        ),
    ],
)
def test_a_proxy_setting_that_would_trust_any_client_refuses_to_start(env, message):
    result = manage("check", DEBUG="1", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_staff_session_limits_come_from_the_environment():
    printed = "from django.conf import settings as s; print(s.STAFF_SESSION_MAX_AGE, s.STAFF_SESSION_IDLE_TIMEOUT, s.SESSION_COOKIE_AGE)"
    assert manage("shell", "-c", printed, DEBUG="1").stdout.split()[-3:] == [
        "43200",
        "1800",
        "43200",
    ]

    custom = manage(
        "shell",
        "-c",
        printed,
        DEBUG="1",
        STAFF_SESSION_MAX_AGE="28800",
        STAFF_SESSION_IDLE_TIMEOUT="900",
    )
    assert custom.stdout.split()[-3:] == ["28800", "900", "28800"]

    wrong = manage("check", DEBUG="1", STAFF_SESSION_IDLE_TIMEOUT="half an hour")
    assert "STAFF_SESSION_IDLE_TIMEOUT must be a whole number" in wrong.stderr


DATABASE_ENTRY = (
    "from django.db import connection as c; s = c.settings_dict; "
    "print(repr((s['OPTIONS'].get('pool'), s['CONN_MAX_AGE'], s['OPTIONS'].get('options'))))"
)


@pytest.mark.parametrize(
    "server", [{}, {"DATABASE_URL": "postgres://newsroom:secret@db.internal:6543/turan"}]
)
def test_db_pool_turns_on_djangos_pool_without_persistent_connections(server):
    pooled = manage(
        "shell", "-c", DATABASE_ENTRY, DEBUG="1", DB_POOL="1", DB_POOL_MAX_SIZE="4", **server
    )
    plain = manage("shell", "-c", DATABASE_ENTRY, DEBUG="1", **server)

    cost = "'-c random_page_cost=1.1'"
    assert pooled.stdout.splitlines()[-1] == f"({{'min_size': 2, 'max_size': 4}}, 0, {cost})"
    assert plain.stdout.splitlines()[-1] == f"(None, 60, {cost})"


@pytest.mark.parametrize("pooler", ["session", "transaction"])
def test_behind_a_pooler_no_startup_option_is_sent(pooler):
    # PgBouncer refuses connections carrying the "options" startup parameter.
    printed = manage("shell", "-c", DATABASE_ENTRY, DEBUG="1", DB_POOLER=pooler).stdout

    assert printed.splitlines()[-1] == "(None, 60, None)"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DB_POOLER": "statement"}, "DB_POOLER must be empty, 'session' or 'transaction'"),
        ({"DB_POOLER_PREPARES": "1"}, "DB_POOLER_PREPARES=1 needs DB_POOLER=transaction"),
        ({"DB_POOL_MIN_SIZE": "5", "DB_POOL_MAX_SIZE": "4"}, "must not exceed DB_POOL_MAX_SIZE"),
        ({"DB_POOL_MAX_SIZE": "0"}, "DB_POOL_MAX_SIZE must be a whole number, 1 or more"),
    ],
)
def test_a_pooling_setting_that_cannot_work_refuses_to_start(env, message):
    result = manage("check", DEBUG="1", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_a_replica_url_adds_the_replica_alias_for_readers():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; r = s.DATABASES['replica']; "
        "print(s.DATABASE_READ_REPLICA, r['HOST'], r['PORT'], r['TEST']['MIRROR'])",
        DEBUG="1",
        DATABASE_REPLICA_URL="postgres://reader:secret@replica.internal:5433/turan",
    )

    assert result.stdout.split()[-4:] == ["replica", "replica.internal", "5433", "default"]
    assert setting("DATABASE_READ_REPLICA", DEBUG="1").stdout.split()[-1] == "None"


def test_sessions_go_through_a_shared_cache_and_stay_in_the_database():
    shared = setting("SESSION_ENGINE", DEBUG="1", CACHE_URL="redis://127.0.0.1:6379/0")
    local = setting("SESSION_ENGINE", DEBUG="1")

    assert shared.stdout.split()[-1] == "core.sessions"  # cached_db, outage-proof
    assert local.stdout.split()[-1] == "django.contrib.sessions.backends.db"
    redis = setting("CACHES['default']['BACKEND']", DEBUG="1", CACHE_URL="redis://127.0.0.1:1/0")
    assert redis.stdout.split()[-1] == "core.cache.ResilientRedisCache"


def test_the_page_cache_may_stay_per_node_while_sessions_share_redis():
    env = {"DEBUG": "1", "CACHE_URL": "redis://127.0.0.1:1/0", "PAGE_CACHE_URL": "locmem://"}
    assert setting("PAGE_CACHE_ALIAS", **env).stdout.split()[-1] == "pages"
    backend = setting("CACHES[settings.PAGE_CACHE_ALIAS]['BACKEND']", **env).stdout.split()[-1]
    assert backend == "django.core.cache.backends.locmem.LocMemCache"
    assert setting("SESSION_ENGINE", **env).stdout.split()[-1] == "core.sessions"
    assert setting("PAGE_CACHE_ALIAS", DEBUG="1").stdout.split()[-1] == "default"


def test_media_storage_s3_keeps_uploads_in_the_bucket():
    result = setting(
        "STORAGES['default']['BACKEND']",
        DEBUG="1",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="turan-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert result.stdout.split()[-1] == "core.storage.MediaBucketStorage"
    assert setting("STORAGES['default']['BACKEND']", DEBUG="1").stdout.split()[-1] == (
        "django.core.files.storage.FileSystemStorage"
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be local or s3"),
    ],
)
def test_a_media_storage_that_cannot_work_refuses_to_start(env, message):
    result = manage("check", DEBUG="1", **env)

    assert result.returncode != 0
    assert message in result.stderr


def test_an_edge_purge_lets_shared_caches_keep_pages_a_day():
    assert setting("EDGE_CACHE_SECONDS", DEBUG="1").stdout.split()[-1] == "0"
    purged = setting("EDGE_CACHE_SECONDS", DEBUG="1", EDGE_PURGE_URL="http://127.0.0.1:6081/")
    assert purged.stdout.split()[-1] == "86400"
