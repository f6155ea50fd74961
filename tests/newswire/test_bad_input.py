"""Bad input to the API: a 400 in JSON naming the parameter, never a 500."""

import base64
import json

import pytest

pytestmark = pytest.mark.django_db


def cursor_of(value):
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


CASES = [
    ("limit=0", "limit"),
    ("limit=-1", "limit"),
    ("limit=101", "limit"),
    ("limit=" + "9" * 40, "limit"),
    ("limit=ten", "limit"),
    ("limit=", "limit"),
    ("limit=%EF%BC%92", "limit"),
    ("limit=1&limit=2", "limit"),
    ("cursor=garbage!", "cursor"),
    ("cursor=" + cursor_of({"a": 1}), "cursor"),
    ("cursor=" + cursor_of(["2026-01-01T00:00:00+00:00", "1", "en"]), "cursor"),
    ("cursor=" + cursor_of(["2026-01-01T00:00:00", 1, "en"]), "cursor"),
    ("cursor=" + cursor_of(["2026-01-01T00:00:00+00:00", 2**70, "en"]), "cursor"),
    ("cursor=" + cursor_of(["0001-01-01T00:00:00+14:00", 1, "en"]), "cursor"),
    ("cursor=" + cursor_of(["2026-01-01T00:00:00+00:00", 1, "xx"]), "cursor"),
    ("cursor=" + "A" * 5000, "cursor"),
    ("cursor=" + base64.urlsafe_b64encode(b"[" * 10000).decode(), "cursor"),
    ("updated_since=2017-02-30T10:00:00", "updated_since"),
    ("updated_since=yesterday", "updated_since"),
    ("updated_since=" + "9" * 19, "updated_since"),
    ("updated_since=0001-01-01T00:00:00%2B14:00", "updated_since"),
    ("updated_since=9999-12-31T23:59:59-12:00", "updated_since"),
    ("language=xx", "language"),
    ("language=EN", "language"),
    ("section=%00", "section"),
    ("section=" + "a" * 500, "section"),
    ("tag=%3Cscript%3E", "tag"),
    ("fields=title", "fields"),
    ("utm_source=x", "utm_source"),
]


@pytest.mark.parametrize(("query", "parameter"), CASES)
def test_bad_query_parameters_are_400_naming_them(api, query, parameter):
    for path in ("/api/v1/items", "/api/v1/changes"):
        response = api.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query, response.content[:300])
        assert response["Content-Type"] == "application/json"
        error = response.json()["error"]
        assert error["parameter"] == parameter and error["code"] == "invalid_parameter"


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/items/abc/en", "article_id"),
        ("/api/v1/items/-1/en", "article_id"),
        ("/api/v1/items/" + "9" * 30 + "/en", "article_id"),
        ("/api/v1/items/%EF%BC%91/en", "article_id"),
        ("/api/v1/items/1/xx", "language"),
        ("/api/v1/items/1/en?limit=3", "limit"),
    ],
)
def test_bad_item_addresses_are_400_naming_the_part(api, path, parameter):
    response = api.get(path)
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == parameter


def test_wrong_formats_and_methods(api, client, partner):
    wrong_accept = api.get("/api/v1/items", HTTP_ACCEPT="text/html")
    assert wrong_accept.status_code == 400 and wrong_accept.json()["error"]["parameter"] == "Accept"
    assert api.get("/api/v1/items", HTTP_ACCEPT="application/json, text/plain").status_code == 200
    assert api.get("/api/v1/items", HTTP_ACCEPT="*/*").status_code == 200
    wrong_type = api.get("/api/v1/items", CONTENT_TYPE="text/xml")
    assert wrong_type.status_code == 400
    assert wrong_type.json()["error"]["parameter"] == "Content-Type"
    posted = client.post(
        "/api/v1/items",
        "<x/>",
        content_type="application/xml",
        HTTP_AUTHORIZATION=f"Bearer {partner.token}",
    )
    assert posted.status_code == 405 and posted["Content-Type"] == "application/json"
    assert posted["Allow"] == "GET, HEAD"
