"""Internal notes (newsroom/notes.py): staff write them on the article form, and
no public page, feed, API, sitemap, search or export ever shows one."""

import zipfile
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from articles.models import Byline
from authors.models import Author
from newsroom import notes, workflow
from newsroom.models import Note
from newswire.models import Partner
from tags.models import Tag
from tests.change_form import FormReader, change_url, client_for

pytestmark = pytest.mark.django_db

SECRET = "NOTESECRET"


def test_staff_add_notes_and_read_them_on_the_form(make_article, journalist, editor):
    article = make_article()
    notes.add_note(article, "Источник просил не называть его.", user=journalist, language="ru")
    client = client_for(editor)
    reader = FormReader("article_form")
    reader.feed(client.get(change_url(article)).content.decode())
    data = {k: v if len(v) != 1 else v[0] for k, v in reader.data.items()}
    data.update(internal_note="Foto müəllifi ilə danışdım.", internal_note_language="az")

    assert client.post(change_url(article), data).status_code == 302

    page = client.get(change_url(article)).content.decode()
    assert "Источник просил не называть его." in page
    assert "Foto müəllifi ilə danışdım." in page
    assert "Leyla Aliyeva" in page and "Rauf Mammadov" in page
    assert [(n.author, n.language) for n in Note.objects.filter(article=article)] == [
        (journalist, "ru"),
        (editor, "az"),
    ]


def test_a_note_needs_text_and_a_staff_author(make_article, django_user_model):
    article = make_article()
    reader = django_user_model.objects.create_user("reader", password="x")
    with pytest.raises(PermissionDenied):
        notes.add_note(article, "Hello", user=reader)
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    with pytest.raises(ValidationError):
        notes.add_note(article, "  ", user=staff)
    assert not Note.objects.exists()


def test_a_note_is_escaped_on_the_form(make_article, editor):
    article = make_article()
    notes.add_note(article, "<script>alert(1)</script>", user=editor)
    page = client_for(editor).get(change_url(article)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.fixture
def noted(make_article, make_section, editor, journalist, settings, tmp_path):
    """A piece public in every language, with notes on the article and each version."""
    settings.MEDIA_ROOT = tmp_path / "media"
    section = make_section(slug="analytics")
    article = make_article(section=section, public=("ru", "az", "en"))
    article.tags.add(Tag.objects.create(kind=Tag.Kind.TOPIC, slug="energy", name_ru="Энергетика"))
    Byline.objects.create(
        article=article, author=Author.objects.create(slug="helen", name_ru="Хелен")
    )
    notes.add_note(article, f"{SECRET}whole the source is X, quixotry", user=editor)
    for code in ("ru", "az", "en"):
        notes.add_note(
            article, f"{SECRET}{code} check the figure, quixotry", user=journalist, language=code
        )
    other = make_article(section=section, title_en="", body_en="")
    workflow.submit_for_review(other, "ru", user=journalist)
    workflow.request_changes(other, "ru", f"{SECRET}review reword it", user=editor)
    return article


def test_no_note_reaches_any_public_surface(client, noted):
    partner = Partner.objects.create(name="Partner Daily")
    _key, token = partner.issue_key()
    api = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    urls = []
    for code in ("ru", "az", "en"):
        urls += [
            f"/{code}/",
            noted.get_absolute_url(code),
            f"/{code}/section/analytics/",
            f"/{code}/tag/energy/",
            f"/{code}/author/helen/",
            f"/{code}/archive/{timezone.localdate():%Y/%m}/",
            f"/{code}/feed/",
            f"/{code}/section/analytics/feed/",
            f"/{code}/search/?q=Energy",
            f"/sitemap-{code}.xml",
            f"/sitemap-news-{code}.xml",
        ]
    read = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
        read += 1
    for url in (
        "/api/v1/items",
        *(f"/api/v1/items/{noted.pk}/{code}" for code in ("ru", "az", "en")),
    ):
        response = client.get(url, **api)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
        read += 1
    assert read == 37
    # Searching the notes' own words finds nothing (the page repeats the query).
    for code in ("ru", "az", "en"):
        found = client.get(f"/{code}/search/?q=quixotry").content.decode()
        assert f"/article/{noted.pk}/" not in found


def test_no_note_is_in_the_archive_export(noted, tmp_path):
    path = tmp_path / "archive.zip"
    call_command("export_archive", str(path), stdout=StringIO(), stderr=StringIO())
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            assert SECRET.encode() not in archive.read(name), name
