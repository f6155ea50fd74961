"""Production serving: conditional GET on public pages, static storage, `make serve`."""

import os
import secrets
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from tests.turan.test_settings import BASE_DIR, manage


@pytest.fixture
def article(make_article):
    return make_article(public=("ru", "en"))


def fetch(client, url, **headers):
    return client.get(url, headers=headers)


@pytest.mark.parametrize("page", ["home", "article"])
def test_public_pages_answer_a_matching_etag_with_an_empty_304(client, article, page):
    url = "/en/" if page == "home" else article.get_absolute_url("en")

    first = fetch(client, url)
    assert first.status_code == 200
    etag = first["ETag"]

    again = fetch(client, url, if_none_match=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert fetch(client, url, if_none_match='"stale"').status_code == 200


def test_article_last_modified_is_the_versions_modified_moment(client, article):
    url = article.get_absolute_url("en")

    response = fetch(client, url)

    assert response["Last-Modified"] == http_date(article.modified_at("en").timestamp())
    assert fetch(client, url, if_modified_since=response["Last-Modified"]).status_code == 304
    earlier = http_date((article.modified_at("en") - timedelta(minutes=1)).timestamp())
    assert fetch(client, url, if_modified_since=earlier).status_code == 200


def test_a_correction_changes_etag_and_last_modified(client, article):
    from articles.models import Correction

    url = article.get_absolute_url("en")
    before = fetch(client, url)

    Correction.objects.create(article=article, language="en", kind="correction", note="Fixed.")
    after = fetch(client, url, if_none_match=before["ETag"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after["Last-Modified"] != before["Last-Modified"]
    assert fetch(client, url, if_modified_since=before["Last-Modified"]).status_code == 200


def test_an_unmarked_edit_changes_the_etag(client, article):
    url = article.get_absolute_url("en")
    before = fetch(client, url)

    article.body_en = "<p>English text, with a typo fixed.</p>"
    article.save()
    # Browsers send both validators; If-None-Match wins, so the edit is seen
    # although the version's modified moment did not move.
    after = fetch(
        client, url, if_none_match=before["ETag"], if_modified_since=before["Last-Modified"]
    )

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after["Last-Modified"] == before["Last-Modified"]


@pytest.mark.parametrize("page", ["admin-change", "preview"])
def test_pages_that_vary_per_user_carry_no_etag_and_never_answer_304(admin_client, article, page):
    if page == "admin-change":
        url = reverse("admin:articles_article_change", args=[article.pk])
    else:
        url = reverse("newsroom:preview", args=[article.pk])

    first = fetch(admin_client, url)
    assert first.status_code == 200
    assert "ETag" not in first
    assert "no-store" in first["Cache-Control"]

    for stale in ('"stale"', "*"):
        assert fetch(admin_client, url, if_none_match=stale).status_code == 200
    recent = http_date(timezone.now().timestamp())
    assert fetch(admin_client, url, if_modified_since=recent).status_code == 200


def static_backend(**env):
    return manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])",
        **env,
    )


def test_production_serves_hashed_compressed_static_files():
    result = static_backend(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="news.example")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_development_serves_static_files_as_they_are():
    result = static_backend(DEBUG="1")

    assert result.stdout.split()[-1] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_tests_need_no_collected_manifest(settings):
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    assert backend == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_make_serve_passes_address_and_workers_to_the_stack():
    def serve_line(*args):
        env = {key: value for key, value in os.environ.items() if key != "WEB_CONCURRENCY"}
        dry_run = subprocess.run(
            ["make", "-n", "serve", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True
        )
        assert dry_run.returncode == 0, dry_run.stderr
        return next(line for line in dry_run.stdout.splitlines() if "scripts/serve.py" in line)

    assert "WEB_CONCURRENCY=3" in serve_line("WEB_CONCURRENCY=3")
    assert "WEB_CONCURRENCY=2" in serve_line()
    assert "HOST=127.0.0.1 PORT=8060" in serve_line("PORT=8060")
    # Production installs the runtime lock only, even when both locks changed.
    both_changed = ["-W", "requirements.lock", "-W", "requirements-dev.lock"]
    dry_run = subprocess.run(
        ["make", "-n", *both_changed, "serve"], cwd=BASE_DIR, capture_output=True, text=True
    )
    assert "-r requirements.lock" in dry_run.stdout
    assert "requirements-dev.lock" not in dry_run.stdout
