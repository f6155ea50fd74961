"""`manage.py backup` / `restore` (make backup / make restore FILE=…): a round trip.

Runs against a throwaway PostgreSQL cluster (tests/pgcluster.py) through real
manage.py processes, so neither the shared database nor the archive is touched.
"""

import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import pytest

from tests.pgcluster import ThrowawayCluster

BASE_DIR = Path(__file__).resolve().parents[2]

CONTENT = r"""
from datetime import date, timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, ArticleRevision, Byline, Correction, Section, TranslationState
from authors.models import Author
from photos.models import Photo
from quotes.models import Quote
from tags.models import Tag


def jpeg(colour):
    data = BytesIO()
    Image.new("RGB", (64, 40), colour).save(data, "JPEG")
    return ContentFile(data.getvalue())


section = Section.objects.create(name_ru="Экономика", name_az="İqtisadiyyat", name_en="Economy")
person = Tag.objects.create(kind="person", slug="arif", name_ru="Ариф", name_az="Arif", name_en="Arif")
topic = Tag.objects.create(kind="topic", slug="gas", name_ru="Газ", name_az="Qaz", name_en="Gas")
author = Author.objects.create(
    slug="helen", name_ru="Хелен", name_az="Helen", name_en="Helen",
    bio_ru="Пишет о газе.", bio_az="Qaz haqqında yazır.", bio_en="Writes about gas.",
)
author.photo.save("helen.jpg", jpeg((200, 10, 10)), save=True)
quote = Quote.objects.create(
    speaker=person, said_on=date(2017, 11, 25),
    text_ru="Процесс, а не обещание.", text_az="Vəd deyil, prosesdir.", text_en="A process, not a promise.",
)
moment = timezone.now() - timedelta(hours=3)
for number in range(3):
    article = Article.objects.create(
        section=section,
        title_ru=f"Газ {number}", body_ru=f'<p>Текст «{number}».</p><figure data-quote="{quote.pk}"></figure>',
        lead_ru="Вводка", caption_ru="Подпись",
        title_az=f"Qaz {number}", body_az=f"<p>Mətn {number}.</p>", lead_az="Giriş",
        title_en=f"Gas {number}", body_en=f"<p>Text {number} &amp; more.</p>", lead_en="Lead",
        published_at_ru=moment, published_at_az=moment + timedelta(days=1), published_at_en=moment,
        search_description_en="Gas, again.",
    )
    photo = Photo()
    photo.image.save(f"lead-{number}.jpg", jpeg((10, 10 * number, 200)), save=False)
    photo.save()
    article.lead_photo = photo
    article.save()
    article.tags.add(person, topic)
    Byline.objects.create(article=article, author=author)
    ArticleRevision.objects.create(
        article=article, number=article.revisions.count() + 1, created_by_name="Helen",
        snapshot={"title_ru": f"Газ {number}"}, changed_fields=["title_ru"],
    )
    Correction.objects.create(article=article, language="en", kind="correction", note="A date fixed.")
    TranslationState.objects.get_or_create(article=article, language="az", defaults={"source_language": "ru"})
# Replaced: the first image goes to the quarantine (a revision may restore it).
photo.image.save("lead-again.jpg", jpeg((90, 90, 90)), save=True)
"""

DAMAGE = r"""
from articles.models import Article, Correction
from authors.models import Author
from quotes.models import Quote
from tags.models import Tag

first = Article.objects.order_by("pk").first()
doomed = Article.objects.exclude(pk=first.pk).first()
photo = doomed.lead_photo
first.title_en = "Overwritten"
first.body_az = "<p>Pozulub.</p>"
first.save()
doomed.delete()
photo.delete()  # the library keeps a photo until it is deleted there
Correction.objects.all().delete()
Quote.objects.all().delete()
Tag.objects.filter(slug="gas").delete()
Author.objects.update(name_en="Someone else")
"""

APPS = ["articles", "authors", "tags", "quotes", "photos"]


@pytest.fixture(scope="module")
def cluster():
    with ThrowawayCluster() as cluster:
        yield cluster


@pytest.fixture
def manage(cluster, tmp_path):
    name = f"turan_{len(list(cluster.base_dir.glob('db-*')))}"
    (cluster.base_dir / f"db-{name}").touch()
    cluster.create_database(name)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "TEST_DATABASE_NAME", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DEBUG="1",
        DATABASE_URL=cluster.url(name),
        MEDIA_ROOT=str(tmp_path / "media"),
        QUARANTINE_ROOT=str(tmp_path / "quarantine"),
        BACKUP_DIR=str(tmp_path / "backups"),
    )

    def run(*args, check=True, python=(), **extra_env):
        result = subprocess.run(
            [sys.executable, *python, "manage.py", *args],
            cwd=BASE_DIR,
            env={**env, **extra_env},
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        if check:
            assert result.returncode == 0, result.stderr
        return result

    run("migrate", "--noinput", "-v", "0")
    run.url = cluster.url
    return run


def content_version(manage):
    script = "from public.pagecache import content_state; print(content_state()[0])"
    return int(manage("shell", "-c", script).stdout.split()[-1])


def files_in(folder: Path):
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def snapshot(manage, media: Path):
    rows = json.loads(manage("dumpdata", *APPS, "--indent", "0").stdout)
    return rows, files_in(media)


def test_backup_then_restore_brings_back_every_row_and_image(manage, tmp_path):
    media = tmp_path / "media"
    manage("shell", "-c", CONTENT)
    rows, files = snapshot(manage, media)
    kinds = {row["model"] for row in rows}
    assert {
        "articles.article",
        "articles.articlerevision",
        "articles.correction",
        "articles.byline",
        "articles.translationstate",
        "authors.author",
        "tags.tag",
        "quotes.quote",
    } <= kinds
    article = next(row for row in rows if row["model"] == "articles.article")["fields"]
    assert article["title_az"] and article["body_en"] and article["lead_ru"]
    originals = [name for name in files if not name.startswith("renditions/")]
    assert len(originals) == 4  # three lead images and a photo
    assert len(files) > 4  # and their WebP renditions
    quarantined = files_in(tmp_path / "quarantine")
    assert [name.rsplit("/", 1)[-1] for name in quarantined] == ["lead-2.jpg"]  # replaced

    at_backup = content_version(manage)
    made = manage("backup")
    archive = Path(made.stdout.strip().splitlines()[-1])
    # Progress on stderr, each phase's last line at least; the path alone on stdout.
    assert made.stdout.strip() == str(archive)
    assert "database: " in made.stderr
    assert f"media: {len(files)}/{len(files)} files" in made.stderr
    assert "quarantine: 1/1 files" in made.stderr
    assert archive.parent == tmp_path / "backups"
    assert archive.name.startswith("turan-") and archive.is_file()
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "database.dump" in names and "manifest.json" in names
    assert sum(name.startswith("media/") for name in names) == len(files)
    assert [name for name in names if name.startswith("quarantine/")] == [
        f"quarantine/{name}" for name in quarantined
    ]

    manage("shell", "-c", DAMAGE)
    lost = sorted(media.rglob("*.jpg"))
    lost[0].unlink()
    lost[1].write_bytes(b"not the picture any more")
    (media / "stray.txt").write_text("added after the backup")
    assert snapshot(manage, media) != (rows, files)
    # The deleted photo's image went to the quarantine.
    assert len(files_in(tmp_path / "quarantine")) == 2
    damaged = content_version(manage)

    restored = manage("restore", str(archive))
    assert "Restored" in restored.stdout and f"{len(files)} media files" in restored.stdout
    assert re.search(r"^database: [0-9.]+ MB restored$", restored.stderr, re.M)
    assert f"media: {len(files)}/{len(files)} files" in restored.stderr
    assert "1 quarantined files" in restored.stdout

    assert snapshot(manage, media) == (rows, files)
    assert files_in(tmp_path / "quarantine") == quarantined
    # Pages cached before the restore, under any version, are never served again:
    # lists hold the version, article pages the scope every page depends on.
    assert content_version(manage) > max(at_backup, damaged)
    script = (
        "from public.pagecache import page_state; from django.utils import timezone; "
        "print(page_state(timezone.now(), ['site'])[2])"
    )
    site = int(manage("shell", "-c", script).stdout.split()[-1])
    assert site == content_version(manage)
    # The site still works on the restored database: migrations are all applied.
    assert "[ ]" not in manage("showmigrations", "articles").stdout


def test_restore_refuses_without_a_file_or_with_a_bad_one(manage, tmp_path):
    manage("shell", "-c", CONTENT)
    before = snapshot(manage, tmp_path / "media")

    missing = manage("restore", check=False)
    assert missing.returncode != 0
    assert "restore FILE" in missing.stderr

    nowhere = manage("restore", str(tmp_path / "nothing.tar"), check=False)
    assert nowhere.returncode != 0
    assert "No such backup file" in nowhere.stderr

    bogus = tmp_path / "bogus.tar"
    bogus.write_bytes(b"this is no archive")
    refused = manage("restore", str(bogus), check=False)
    assert refused.returncode != 0
    assert snapshot(manage, tmp_path / "media") == before


def test_make_targets_call_the_commands():
    def dry_run(*args):
        result = subprocess.run(["make", "-n", *args], cwd=BASE_DIR, capture_output=True, text=True)
        return result

    assert "manage.py backup" in dry_run("backup").stdout
    assert "--keep" not in dry_run("backup").stdout  # keeps every archive unless asked
    assert "manage.py backup --keep=3" in dry_run("backup", "KEEP=3").stdout
    assert (
        "manage.py restore var/backups/x.tar" in dry_run("restore", "FILE=var/backups/x.tar").stdout
    )
    refused = subprocess.run(["make", "restore"], cwd=BASE_DIR, capture_output=True, text=True)
    assert refused.returncode != 0
    assert "FILE" in refused.stderr + refused.stdout


# Media and quarantine in memory: nothing of them is on the disk, so only the
# storage API can list, read and write them.
THROUGH_STORAGES = r"""
import json, sys, tarfile
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import override_settings
from core.backup import create_backup, restore_backup

memory = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
with override_settings(STORAGES={**settings.STORAGES, "default": memory, "quarantine": memory}):
    media, quarantine = storages["default"], storages["quarantine"]
    media.save("articles/2026/01/abc/lead.jpg", ContentFile(b"the lead image"))
    media.save("authors/helen.jpg", ContentFile(b"a photo"))
    media.save("renditions/articles/2026/01/abc/lead.jpg.x.400.webp", ContentFile(b"small"))
    quarantine.save("articles/2025/12/def/old.jpg", ContentFile(b"a replaced image"))
    archive = create_backup()
    with tarfile.open(archive) as tar:
        members = sorted(name for name in tar.getnames() if "/" in name)

    media.delete("authors/helen.jpg")
    media.delete("articles/2026/01/abc/lead.jpg")
    media.save("articles/2026/01/abc/lead.jpg", ContentFile(b"overwritten"))
    media.save("stray.txt", ContentFile(b"added after the backup"))
    quarantine.delete("articles/2025/12/def/old.jpg")
    result = restore_backup(archive)

    def contents(storage, folder=""):
        directories, files = storage.listdir(folder)
        found = {f"{folder}{name}": storage.open(f"{folder}{name}").read().decode() for name in files}
        for directory in directories:
            found.update(contents(storage, f"{folder}{directory}/"))
        return found

    json.dump(
        {
            "members": members,
            "media": contents(media),
            "quarantine": contents(quarantine),
            "restored": [result["restored_media_files"], result["restored_quarantine_files"]],
        },
        sys.stdout,
    )
"""


def test_media_and_quarantine_are_backed_up_and_restored_through_their_storages(manage, tmp_path):
    ran = manage("shell", "-v", "0", "-c", THROUGH_STORAGES)
    found = json.loads(ran.stdout.strip().splitlines()[-1])
    assert found["members"] == [
        "media/articles/2026/01/abc/lead.jpg",
        "media/authors/helen.jpg",
        "media/renditions/articles/2026/01/abc/lead.jpg.x.400.webp",
        "quarantine/articles/2025/12/def/old.jpg",
    ]
    assert found["media"] == {
        "articles/2026/01/abc/lead.jpg": "the lead image",
        "authors/helen.jpg": "a photo",
        "renditions/articles/2026/01/abc/lead.jpg.x.400.webp": "small",
    }
    assert found["quarantine"] == {"articles/2025/12/def/old.jpg": "a replaced image"}
    assert found["restored"] == [3, 1]
    # The folders on the disk were neither read nor written.
    assert not files_in(tmp_path / "media") and not files_in(tmp_path / "quarantine")


def test_keep_deletes_only_older_archives_of_ours_and_only_after_a_success(manage, tmp_path):
    backups = tmp_path / "backups"
    backups.mkdir()
    ours = [
        "turan-20200101-000000.tar",
        "turan-20200101-000000-2.tar",  # made in the same second, after the one above
        "turan-20210101-000000.tar",
    ]
    others = [
        "notes.txt",
        "turan-20190101-000000.tar.partial",
        "other-20190101-000000.tar",
        "turan-latest.tar",
    ]
    for name in ours + others:
        (backups / name).write_bytes(b"old")

    def present():
        return sorted(path.name for path in backups.iterdir())

    # A failed backup deletes nothing, and leaves no partial archive behind.
    failed = manage(
        "backup", "--keep", "1", check=False, DATABASE_URL=manage.url("no_such_database")
    )
    assert failed.returncode != 0 and "pg_dump failed" in failed.stderr
    assert present() == sorted(ours + others)

    refused = manage("backup", "--keep", "0", check=False)
    assert refused.returncode != 0 and "--keep" in refused.stderr
    assert present() == sorted(ours + others)

    made = manage("backup", "--keep", "3", "-v", "0")
    assert made.stderr == ""  # -v 0: no progress
    first = Path(made.stdout.strip())
    assert present() == sorted([first.name, *ours[1:], *others])

    second = Path(manage("backup", BACKUP_KEEP="2").stdout.strip().splitlines()[-1])
    assert present() == sorted([first.name, second.name, *others])


# About 100 MB of SQL from pg_restore that compresses to little in the dump.
BALLAST = r"""
from django.db import connection

with connection.cursor() as cursor:
    cursor.execute(
        "CREATE TABLE ballast AS SELECT i, repeat(md5(i::text), 32) AS text"
        " FROM generate_series(1, 100000) AS i"
    )
"""

# Runs manage.py, then prints the process's peak resident memory (KiB) on stderr.
PEAK_MEMORY = r"""
import resource, runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
finally:
    print(f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
"""


def peak_kib(result):
    return int(re.findall(r"^peak (\d+)$", result.stderr, re.M)[-1])


def ballast_rows(manage):
    script = (
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SELECT count(*), sum(length(text)) FROM ballast')\n"
        "    print(*cursor.fetchone())"
    )
    return manage("shell", "-v", "0", "-c", script).stdout.split()


def test_restore_streams_the_database_instead_of_holding_its_script(manage):
    manage("shell", "-c", BALLAST)
    rows = ballast_rows(manage)
    assert rows == ["100000", str(100000 * 1024)]
    archive = Path(manage("backup", "-v", "0").stdout.strip())
    manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.db import connection\nconnection.cursor().execute('TRUNCATE ballast')",
    )

    idle = manage("check", python=("-c", PEAK_MEMORY))
    restored = manage("restore", "--noinput", "-v", "0", str(archive), python=("-c", PEAK_MEMORY))
    assert ballast_rows(manage) == rows
    # Holding the 100 MB script even once would add 100,000 KiB.
    assert peak_kib(restored) - peak_kib(idle) < 40_000, (peak_kib(idle), peak_kib(restored))


def test_a_dump_cut_short_restores_nothing(manage, tmp_path):
    manage("shell", "-c", CONTENT)
    manage("shell", "-c", BALLAST)
    archive = Path(manage("backup", "-v", "0").stdout.strip())
    manage("shell", "-c", DAMAGE)
    before = snapshot(manage, tmp_path / "media"), ballast_rows(manage)

    # The same archive, its dump cut in the middle of the ballast's data: pg_restore
    # has sent psql the schema and some rows when it fails.
    cut = tmp_path / "cut.tar"
    with tarfile.open(archive) as source, tarfile.open(cut, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "database.dump":
                data = data[: len(data) * 3 // 4]
                member.size = len(data)
            target.addfile(member, BytesIO(data))

    refused = manage("restore", "--noinput", str(cut), check=False)
    assert refused.returncode != 0 and "pg_restore failed" in refused.stderr
    assert (snapshot(manage, tmp_path / "media"), ballast_rows(manage)) == before
