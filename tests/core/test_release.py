"""`manage.py release`: each step runs when something changed, and only then."""

import io
import os
import time

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def release(**options):
    out = io.StringIO()
    call_command("release", stdout=out, **options)
    return out.getvalue()


def test_a_second_release_of_the_same_code_skips_every_step(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"

    first = release()
    second = release()

    assert "release: migrate skipped: the database is up to date" in first
    assert "release: collectstatic (the static sources changed)" in first
    assert (tmp_path / "static" / "admin" / "css" / "base.css").exists()
    assert "release: build_renditions, quarantine_media (the code or the schema changed)" in first
    assert "collectstatic skipped" in second
    assert "build_renditions, quarantine_media skipped" in second


def test_a_changed_static_source_is_collected_again(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    source = tmp_path / "sources"
    (source / "css").mkdir(parents=True)
    (source / "css" / "extra.css").write_text("p { color: navy }")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, source]
    release()

    (source / "css" / "extra.css").write_text("p { color: teal }")
    # An edit made later (collectstatic itself copies only what is newer than its copy).
    later = time.time() + 5
    os.utime(source / "css" / "extra.css", (later, later))

    assert "release: collectstatic (the static sources changed)" in release()
    assert (tmp_path / "static" / "css" / "extra.css").read_text() == "p { color: teal }"


def test_force_runs_every_step(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    release()

    forced = release(force=True)

    assert "skipped" not in forced
