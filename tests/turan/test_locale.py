"""One translated interface string per language renders (catalogues compiled and found)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "footer", "skip_link"),
    [
        ("ru", "Время везде бакинское.", "Перейти к содержанию"),
        ("az", "Bütün vaxtlar Bakı vaxtı ilədir.", "Məzmuna keçin"),
        ("en", "All times are Baku time.", "Skip to content"),
    ],
)
def test_home_interface_is_in_the_readers_language(client, code, footer, skip_link):
    html = client.get(f"/{code}/").text

    assert f'<html lang="{code}">' in html
    assert footer in html and skip_link in html


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("ru", "Страница не найдена"),
        ("az", "Səhifə tapılmadı"),
        ("en", "Page not found"),
    ],
)
def test_404_page_is_in_the_readers_language(client, code, message):
    response = client.get(f"/{code}/article/424242/missing/")

    assert response.status_code == 404
    assert message in response.text


@pytest.mark.parametrize(
    ("code", "label"),
    [("ru", "Язык интерфейса"), ("az", "İnterfeys dili"), ("en", "Interface language")],
)
def test_admin_follows_the_staff_members_language(admin_client, code, label):
    admin_client.cookies["django_language"] = code

    html = admin_client.get("/admin/").text

    assert label in html
    assert f'lang="{code}"' in html


CATALOGUES = sorted(Path(__file__).resolve().parents[2].glob("locale/*/LC_MESSAGES/*.po"))


def entry_ids(po):
    return {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_interface_string_is_translated(path):
    po = polib.pofile(str(path))

    missing = [entry.msgid for entry in po if not entry.translated() and not entry.obsolete]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not missing and not fuzzy, (missing, fuzzy)


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is not installed")
def test_catalogues_hold_every_string_in_the_code(tmp_path):
    """A string added to the code but never extracted would show in English."""
    root = Path(__file__).resolve().parents[2]
    copy = tmp_path / "src"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "var", ".git", "node_modules", "*.mo", "__pycache__"
        ),
    )
    # Both domains, as `make messages` runs them: scripts' strings are in djangojs.
    for domain in ("django", "djangojs"):
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "--no-location",
                "-d",
                domain,
                "-l",
                "ru",
                "-l",
                "az",
                "--ignore=tests",
                "--ignore=.venv",
                "--ignore=var",
                "-v",
                "0",
            ],
            cwd=copy,
            check=True,
            env={**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "turan.settings"},
        )
    for path in CATALOGUES:
        fresh = polib.pofile(str(copy / path.relative_to(root)))
        assert entry_ids(fresh) <= entry_ids(polib.pofile(str(path))), "run `make messages`"
