from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def run_import(media_root):
    """Run ``import_wxr`` on a file; return its report (stdout)."""

    def run(path, *args):
        out, err = StringIO(), StringIO()
        call_command("import_wxr", str(path), *args, stdout=out, stderr=err)
        return out.getvalue()

    return run
