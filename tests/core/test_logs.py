"""Log lines with time, level, logger and request id; the id from nginx or made here."""

import io
import json
import logging
import re
import threading

import pytest
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from tests.turan.test_settings import manage
from turan.urls import urlpatterns as site_urlpatterns

GENERATED = re.compile(r"[0-9a-f]{32}")
# "2025-05-04 12:30:01,234 WARNING turan.newsdesk [nginx-4f2a] …"
LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<level>\w+) (?P<logger>[\w.]+) "
    r"\[(?P<request_id>[^\]]+)\] (?P<message>.*)$"
)
newsdesk = logging.getLogger("turan.newsdesk")
both_inside = threading.Barrier(2, timeout=10)


@never_cache
def logging_view(request):
    newsdesk.warning("filed %s", request.GET.get("n", "one"))
    return HttpResponse("filed")


@never_cache
def concurrent_view(request):
    # Both requests are in their views at once, each in its own thread.
    both_inside.wait()
    newsdesk.warning("filed %s", request.GET["n"])
    return HttpResponse("filed")


# What the page cache lets a view see of the query string (public/pagecache.py).
logging_view.query_parameters = concurrent_view.query_parameters = ("n",)


urlpatterns = [
    *site_urlpatterns,
    path("log/", logging_view),
    path("log-concurrently/", concurrent_view),
]


@pytest.fixture
def log_lines():
    """Lines as the configured console handler formats them (settings.LOGGING)."""
    root = logging.getLogger()
    (console,) = [handler for handler in root.handlers if handler.name == "console"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    root.addHandler(handler)
    try:
        yield lambda: [LINE.match(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_line_logged_during_a_request_carries_its_id(client, log_lines):
    response = client.get("/log/", headers={"x-request-id": "nginx-4f2a.7_B"})

    assert response["X-Request-ID"] == "nginx-4f2a.7_B"
    (line,) = log_lines()
    assert line, "not time, level, logger, [id], message"
    assert line["level"] == "WARNING"
    assert line["logger"] == "turan.newsdesk"
    assert line["request_id"] == "nginx-4f2a.7_B"
    assert line["message"] == "filed one"


def test_a_line_logged_outside_a_request_says_so(log_lines):
    newsdesk.warning("between requests")

    (line,) = log_lines()
    assert line["request_id"] == "-"
    assert line["message"] == "between requests"


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls(__name__)
def test_requests_served_at_once_in_two_threads_keep_their_own_ids(log_lines):
    from django.test import Client

    answers = {}

    def fetch(n):
        answers[n] = Client().get(f"/log-concurrently/?n={n}", headers={"x-request-id": f"id-{n}"})

    threads = [threading.Thread(target=fetch, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert {n: answer["X-Request-ID"] for n, answer in answers.items()} == {
        "a": "id-a",
        "b": "id-b",
    }
    assert sorted((line["message"], line["request_id"]) for line in log_lines()) == [
        ("filed a", "id-a"),
        ("filed b", "id-b"),
    ]


def test_the_id_is_made_here_when_none_is_sent(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second)
    assert first != second


@pytest.mark.parametrize(
    "hostile",
    [
        "abc\nWARNING django.security forged line",
        "x" * 200,
        "x" * 65,
        "id with spaces",
        "ид-запроса",
        "abc;rm",
        "",
    ],
)
def test_an_id_that_is_not_a_plain_token_is_replaced(client, hostile):
    response = client.get("/healthz", headers={"x-request-id": hostile})

    assert GENERATED.fullmatch(response["X-Request-ID"])


def test_an_id_of_64_characters_is_kept(client):
    given = "a1._-" * 12 + "b2c3"

    assert client.get("/healthz", headers={"x-request-id": given})["X-Request-ID"] == given


LOG_IN_AND_OUT = """
import logging
from django.http import HttpResponse
from django.test import RequestFactory
from core.logs import RequestIdMiddleware

log = logging.getLogger("turan.newsdesk")

def view(request):
    log.warning("inside")
    try:
        1 / 0
    except ZeroDivisionError:
        log.exception("failed")
    return HttpResponse()

RequestIdMiddleware(view)(RequestFactory().get("/", headers={"x-request-id": "nginx-9c"}))
log.warning("outside")
"""


def production(**env):
    return manage(
        "shell",
        "-c",
        LOG_IN_AND_OUT,
        SECRET_KEY="log-test-secret-" + "y" * 40,
        ALLOWED_HOSTS="news.example",
        **env,
    )


def test_log_format_json_writes_one_json_object_a_line():
    result = production(LOG_FORMAT="json")

    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines()]
    assert [record["message"] for record in records] == ["inside", "failed", "outside"]
    for record in records:
        assert {"time", "level", "logger", "request_id", "message"} <= set(record)
        assert record["logger"] == "turan.newsdesk"
        assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", record["time"])
    assert [record["request_id"] for record in records] == ["nginx-9c", "nginx-9c", "-"]
    assert [record["level"] for record in records] == ["WARNING", "ERROR", "WARNING"]
    assert "ZeroDivisionError" in records[1]["exc_info"]


def test_text_is_the_default_format_in_production():
    result = production()

    assert result.returncode == 0, result.stderr
    lines = [LINE.match(line) for line in result.stderr.splitlines() if LINE.match(line)]
    assert [(line["message"], line["request_id"]) for line in lines] == [
        ("inside", "nginx-9c"),
        ("failed", "nginx-9c"),
        ("outside", "-"),
    ]
    assert "ZeroDivisionError" in result.stderr


def test_an_unknown_log_format_is_refused():
    result = production(LOG_FORMAT="xml")

    assert result.returncode != 0
    assert "LOG_FORMAT must be one of text, json" in result.stderr
