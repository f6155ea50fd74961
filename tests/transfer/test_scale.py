"""import_wxr at scale: resumes after being killed, reads a large file in bounded memory."""

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from articles.models import Article
from tests.transfer.wxr_files import generate
from transfer.models import ImportedPost

ROOT = Path(__file__).resolve().parents[2]


def environment():
    """The environment of a ``manage.py`` run against this test's database."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    url = (
        f"postgres://{quote(db['USER'], safe='')}{password}@{quote(db['HOST'] or '', safe='')}"
        f":{db['PORT'] or 5432}/{db['NAME']}"
    )
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "turan.settings_test", "DATABASE_URL": url}


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_import_continues_where_it_stopped(tmp_path, run_import):
    path = generate(tmp_path / "archive.xml", 3000)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_wxr", str(path), "--batch-size", "100"],
        cwd=ROOT,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Printed once the first batch is committed; then the process dies mid-import.
        assert process.stderr.readline().startswith("import_wxr: ")
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        process.stderr.close()
    committed = dict(ImportedPost.objects.values_list("wp_id", "article_id"))
    assert 100 <= len(committed) < 3000

    report = run_import(path)

    assert ImportedPost.objects.count() == 3000
    assert Article.objects.count() == 1000
    assert all(
        ImportedPost.objects.get(wp_id=wp_id).article_id == pk for wp_id, pk in committed.items()
    )
    assert f"unchanged: {len(committed)}" in report
    assert not Article.objects.filter(title_ru="").filter(title_az="").filter(title_en="").exists()


MEASURE = """
import resource, sys
import django
django.setup()
from django.core.management import call_command


def resident_mb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024


# Forget the peak Django's start-up reached (Linux: VmHWM back to the current RSS).
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")
before = resident_mb("VmRSS")
call_command("import_wxr", sys.argv[1], "--dry-run", "--verbosity", "0", stdout=sys.stderr)
print(before, resident_mb("VmHWM"), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


@pytest.mark.django_db(transaction=True)
def test_a_large_file_is_read_in_bounded_memory(tmp_path):
    path = generate(tmp_path / "large.xml", 2400, paragraphs=48)
    assert path.stat().st_size > 50_000_000

    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert "Posts read: 2400" in result.stderr
    assert "Imported: 2400 (ru 800, az 800, en 800)" in result.stderr
    before, peak, process_peak = map(int, result.stdout.split())
    print(f"RSS {before} MB before the import, its peak {peak} MB; process peak {process_peak} MB")
    assert peak - before < 60, f"peak RSS grew by {peak - before} MB reading a 50 MB file"
    # The whole process within the issue's ~200 MB. Its own high-water mark, not
    # ru_maxrss: Linux carries that over from the forked test runner across exec.
    assert peak < 200


@pytest.mark.django_db(transaction=True)
def test_a_terminal_gets_a_progress_bar(tmp_path):
    import pty

    path = generate(tmp_path / "small.xml", 30)
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "manage.py", "import_wxr", str(path), "--batch-size", "10"],
            cwd=ROOT,
            env=environment(),
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)

    assert result.returncode == 0
    assert "Posts read: 30" in result.stdout
    assert b"30/30" in shown and b"post/s" in shown
    assert b"import_wxr: " not in shown  # the plain lines are for logs, not terminals
