"""The benchmark's framework floor (bench/views.py) exists only when asked for."""

import importlib

import pytest
from django.urls import clear_url_caches

import turan.urls

pytestmark = pytest.mark.django_db


def reload_urls():
    importlib.reload(turan.urls)
    clear_url_caches()


@pytest.fixture
def floor_file(monkeypatch, tmp_path):
    page = tmp_path / "article.html"
    page.write_bytes("<!doctype html><title>Переговоры</title>".encode())
    monkeypatch.setenv("BENCH_FLOOR_FILE", str(page))
    reload_urls()
    yield page
    monkeypatch.delenv("BENCH_FLOOR_FILE")
    reload_urls()


def test_floor_absent_without_the_bench(client):
    response = client.get("/bench-floor/")
    assert response.status_code == 404


def test_floor_answers_the_saved_bytes(client, floor_file):
    response = client.get("/bench-floor/")
    assert response.status_code == 200
    assert response.content == floor_file.read_bytes()
    assert response["Content-Type"] == "text/html; charset=utf-8"
    # Served through the whole middleware stack, like any page.
    assert response["ETag"]
