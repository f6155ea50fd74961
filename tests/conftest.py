import os
import shutil
import threading
import time
from datetime import timedelta

import pytest
from django.core.signals import request_finished, request_started
from django.utils import timezone

from newsroom.roles import EDITOR, JOURNALIST
from tests.change_form import make_staff

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# calls made by the tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def process_exists(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def pytest_sessionstart(session):
    """Drop test databases left by runs that were killed (one per run, by pid)."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    try:
        connection = psycopg.connect(
            dbname="postgres",
            user=db["USER"] or None,
            password=db.get("PASSWORD") or None,
            host=db["HOST"] or None,
            port=db["PORT"] or None,
            autocommit=True,
        )
    except psycopg.Error:
        return  # No server, or no rights on it: pytest-django will say so.
    with connection:
        names = connection.execute(
            "SELECT datname FROM pg_database WHERE datname ~ '^test_turan_[0-9]+$'"
        ).fetchall()
        for (name,) in names:
            pid = int(name.rsplit("_", 1)[1])
            if pid != os.getpid() and not process_exists(pid):
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or shutil.which(CHROMIUM):
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI=true and {CHROMIUM} is missing: browser tests cannot run.")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (run `make test` as root)")
    skipped = [item for item in items if "browser" in item.keywords]
    for item in skipped:
        item.add_marker(skip)
    if skipped:
        print(f"\n!!! {len(skipped)} BROWSER TESTS SKIPPED: {CHROMIUM} is missing !!!\n")


# Requests the live server is answering now (Django's request signals, which
# fire in its threads): a browser test's teardown waits for them.
_in_flight = [0]
_in_flight_lock = threading.Lock()


def _request_started(**kwargs):
    # The test client answers in the test's own thread; the live server never does.
    if threading.current_thread() is not threading.main_thread():
        with _in_flight_lock:
            _in_flight[0] += 1


def _request_finished(**kwargs):
    if threading.current_thread() is not threading.main_thread():
        with _in_flight_lock:
            _in_flight[0] = max(0, _in_flight[0] - 1)


request_started.connect(_request_started, weak=False, dispatch_uid="tests-in-flight")
request_finished.connect(_request_finished, weak=False, dispatch_uid="tests-in-flight")


@pytest.fixture
def page(page):
    """pytest-playwright's page. At teardown its context is closed first, and
    requests it set off as it went (the draft keeper's beacon, an autosave)
    are let finish, before the test database is flushed under them: a flush
    meeting such a request's transaction deadlocked."""
    yield page
    page.context.close()
    time.sleep(0.05)  # a beacon sent as the page closed reaches the server
    deadline = time.monotonic() + 10
    while _in_flight[0] > 0 and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def mail_server(settings, tmp_path):
    """A real local SMTP server (tests/mail.py) that Django's SMTP backend delivers to."""
    from tests import mail

    (tmp_path / "mail").mkdir()
    mailbox = mail.Mailbox(tmp_path / "mail").start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = mailbox.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield mailbox
    finally:
        mailbox.stop()


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def make_section(db):
    from articles.models import Section

    def make(**overrides):
        fields = {"name_ru": "Аналитика", "name_az": "Analitika", "name_en": "Analytics"}
        fields.update(overrides)
        return Section.objects.create(**fields)

    return make


@pytest.fixture
def make_article(db, make_section):
    """Create an article; ``public=("ru", "en")`` publishes those versions an hour ago."""
    from articles.models import Article

    def make(public=(), **overrides):
        fields = {
            "title_ru": "НАТО и Азербайджан: контакты и разногласия",
            "body_ru": "<p>Русский текст.</p>",
            "title_az": "NATO və Azərbaycan: təmaslar və fikir ayrılıqları",
            "body_az": "<p>Azərbaycanca mətn.</p>",
            "title_en": "NATO and Azerbaijan: Contacts and Differences",
            "body_en": "<p>English text.</p>",
        }
        fields.update(overrides)
        if "section" not in fields:
            fields["section"] = make_section()
        moment = timezone.now() - timedelta(hours=1)
        for code in public:
            fields.setdefault(f"published_at_{code}", moment)
        return Article.objects.create(**fields)

    return make


@pytest.fixture(autouse=True)
def page_cache_per_test(request):
    """Each test starts with an empty page cache; inside a test's transaction,
    writes change the content version at once (in production it changes at
    commit, which a test's transaction never reaches)."""
    from django.conf import settings
    from django.core.cache import caches

    caches[settings.PAGE_CACHE_ALIAS].clear()
    marker = request.node.get_closest_marker("django_db")
    transactional = marker and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    uses_db = marker or {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    if uses_db and not transactional and "transactional_db" not in request.fixturenames:
        if "live_server" not in request.fixturenames:
            from django.db import connection

            request.getfixturevalue("db")
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS turan_content_changed IMMEDIATE")
    yield
    caches[settings.PAGE_CACHE_ALIAS].clear()


@pytest.fixture
def journalist(django_user_model):
    """Leyla Aliyeva, in the Journalist group."""
    return make_staff(django_user_model, "leyla", JOURNALIST, "Leyla", "Aliyeva")


@pytest.fixture
def editor(django_user_model):
    """Rauf Mammadov, in the Editor group."""
    return make_staff(django_user_model, "rauf", EDITOR, "Rauf", "Mammadov")
