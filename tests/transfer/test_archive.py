"""export_archive / import_archive: a portable archive that reads back as it was written."""

import hashlib
import io
import json
import zipfile
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from PIL import Image

from articles.models import Article, ArticleRevision, Byline, Correction, Section
from authors.models import Author
from pages.models import Page
from photos.models import Photo
from quotes.models import Quote
from tags.models import Tag
from tests.media import give_lead_photo
from tests.newswire.conftest import assert_valid, jpeg

pytestmark = pytest.mark.django_db


def png(size=(300, 300)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(buffer, "PNG")
    from django.core.files.base import ContentFile

    return ContentFile(buffer.getvalue(), name="portrait.png")


@pytest.fixture
def content(make_article, make_section, media_root):
    """Three languages, every state a version can be in, and all an article refers to."""
    now = timezone.now()
    analytics = make_section(slug="analytics")
    politics = make_section(slug="politics", name_ru="Политика", name_en="Politics", name_az="")
    person = Tag.objects.create(
        kind=Tag.Kind.PERSON,
        slug="jens-stoltenberg",
        name_ru="Йенс Столтенберг",
        name_az="Yens Stoltenberq",
        name_en="Jens Stoltenberg",
    )
    organisation = Tag.objects.create(kind=Tag.Kind.ORGANISATION, slug="nato", name_en="NATO")
    place = Tag.objects.create(
        kind=Tag.Kind.PLACE, slug="karabakh", name_ru="Карабах", name_az="Qarabağ"
    )
    topic = Tag.objects.create(kind=Tag.Kind.TOPIC, slug="security", name_ru="Безопасность")
    quote = Quote.objects.create(
        speaker=person,
        text_ru="Партнёрство — это дорога, а не дверь.",
        text_en="Partnership is a road, not a door.",
        speaker_role_en="NATO Secretary General",
        said_on=(now - timedelta(days=400)).date(),
        source_en="Press conference",
    )
    analyst = Author.objects.create(
        name_ru="Эльчин Алиев",
        name_en="Elchin Aliyev",
        name_az="Elçin Əliyev",
        role_en="Political analyst",
        bio_ru="Пишет о безопасности.",
        photo=png(),
    )
    service = Author.objects.create(
        name_ru="Аналитическая служба Туран",
        name_en="Analytical Service Turan",
        is_institution=True,
    )
    placed = f'<p>Before.</p><figure data-quote="{quote.pk}"></figure><p>After &amp; on.</p>'
    main = make_article(
        section=analytics,
        original_language="ru",
        published_at_ru=now - timedelta(days=2),
        published_at_az=now + timedelta(days=1),  # scheduled
        body_ru=placed,
        body_en=placed,  # the English version is a draft
        lead_ru="Контакты продолжаются.",
        lead_en="Contacts go on.",
        search_description_ru="НАТО и Баку коротко.",
        caption_ru="Два лидера в Брюсселе",
        caption_en="Two leaders in Brussels",
    )
    give_lead_photo(
        main, jpeg(), alt_ru="Двое у трибуны", credit_ru="Photo Desk", credit_en="Photo Desk"
    )
    main.tags.set([person, organisation, place, topic])
    Byline.objects.create(article=main, author=analyst, position=0)
    Byline.objects.create(article=main, author=service, position=1)
    Correction.objects.create(
        article=main,
        language="ru",
        kind="correction",
        note="Дата саммита была указана неверно.",
        created_at=now - timedelta(days=1, hours=3),
    )
    Correction.objects.create(
        article=main,
        language="ru",
        kind="update",
        note="Добавлен ответ МИД.",
        created_at=now - timedelta(hours=5),
    )
    unpublished = make_article(
        section=politics,
        original_language="az",
        title_ru="",
        body_ru="",
        title_en="",
        body_en="",
        title_az="Geri çəkilmiş yazı",
        body_az="<p>Artıq görünmür.</p>",
        published_at_az=None,
    )
    english = make_article(
        section=politics,
        original_language="en",
        title_ru="",
        body_ru="",
        title_az="",
        body_az="",
        published_at_en=now - timedelta(hours=3),
        lead_en="Only in English.",
    )
    english.tags.set([organisation])
    Byline.objects.create(article=english, author=service)
    Page.objects.create(
        kind=Page.Kind.ABOUT,
        title_ru="О нас",
        body_ru="<p>Аналитическая служба.</p>",
        title_en="About us",
        body_en="<p>An analytical service.</p>",
    )
    return {"main": main, "unpublished": unpublished, "english": english}


def export(tmp_path, name="archive.zip", errors=None):
    path = tmp_path / name
    out, err = StringIO(), errors or StringIO()
    call_command("export_archive", str(path), stdout=out, stderr=err)
    return path, out.getvalue()


def run_import(path, *args, errors=None):
    out, err = StringIO(), errors or StringIO()
    call_command("import_archive", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def members(path):
    """Every member's parsed content (JSON Lines as lists, media as digests)."""
    result = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name == "manifest.json":
                manifest = json.loads(data)
                manifest.pop("created")
                result[name] = manifest
            elif name.endswith(".jsonl"):
                result[name] = [json.loads(line) for line in data.splitlines() if line.strip()]
            else:
                result[name] = hashlib.sha256(data).hexdigest()
    return result


def wipe():
    Article.objects.all().delete()
    Photo.objects.all().delete()
    Quote.objects.all().delete()
    Tag.objects.all().delete()
    Author.objects.all().delete()
    Section.objects.all().delete()
    Page.objects.all().delete()


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, Section, Tag, Author, Quote, Page, Correction, Byline)
    }


def public_pages(client, content):
    pages = {}
    for key, code in (("main", "ru"), ("english", "en")):
        article = Article.objects.get(pk=content[key].pk)
        response = client.get(article.get_absolute_url(code))
        assert response.status_code == 200
        pages[key, code] = response.content.decode()
    response = client.get("/ru/page/about/")
    assert response.status_code == 200
    pages["about"] = response.content.decode()
    return pages


def test_an_archive_reads_back_as_it_was_written(client, content, tmp_path, media_root):
    before_pages = public_pages(client, content)
    first, report = export(tmp_path, "first.zip")
    assert "Articles: 3; items: 5 (ru 1, az 2, en 2)" in report

    wipe()
    assert Article.objects.count() == 0
    summary = run_import(first)
    assert "Articles: 3 new, 0 changed, 0 unchanged" in summary
    second, _report = export(tmp_path, "second.zip")

    assert members(first) == members(second)
    assert public_pages(client, content) == before_pages
    main = Article.objects.get(pk=content["main"].pk)
    photo = main.lead_photo
    assert photo.renditions["crops"], "renditions are made again from the original"
    assert (photo.alt_ru, photo.credit_en) == ("Двое у трибуны", "Photo Desk")
    assert main.quotes.count() == 1
    assert main.revisions.count() == 1
    assert main.publication_status("ru") == "public"
    assert main.publication_status("az") == "scheduled"
    assert main.publication_status("en") == "draft"
    assert not Article.objects.public("az").exists()
    assert Article.objects.get(pk=content["unpublished"].pk).publication_status("az") == "draft"


def test_every_version_is_an_item_and_every_item_valid_ninjs(content, tmp_path):
    path, _report = export(tmp_path)
    items = members(path)["items.jsonl"]
    assert all(assert_valid(item) is None for item in items)
    main = content["main"].pk
    by_uri = {item["uri"].rsplit("article/", 1)[1]: item for item in items}
    assert set(by_uri) == {
        f"{main}/ru",
        f"{main}/az",
        f"{main}/en",
        f"{content['unpublished'].pk}/az",
        f"{content['english'].pk}/en",
    }
    public, scheduled, draft = by_uri[f"{main}/ru"], by_uri[f"{main}/az"], by_uri[f"{main}/en"]
    assert public["pubStatus"] == "usable" and "embargoedUntil" not in public
    assert scheduled["pubStatus"] == "usable"
    assert scheduled["embargoedUntil"] == scheduled["firstCreated"]
    assert draft["pubStatus"] == "withheld" and "firstCreated" not in draft
    assert by_uri[f"{content['unpublished'].pk}/az"]["pubStatus"] == "withheld"
    html, text, source = public["bodies"]
    assert "<blockquote><p>Партнёрство — это дорога, а не дверь.</p>" in html["value"]
    assert "data-quote" in source["value"] and source["role"] == "source"
    assert [entry["rel"] for entry in public["associations"]].count("correction") == 1
    assert public["people"][0]["literal"] == "jens-stoltenberg"
    assert [entry["literal"] for entry in public["infoSources"]] == [
        content["main"].bylines.first().author.slug,
        "analytical-service-turan",
    ]
    picture = public["associations"][0]
    assert picture["type"] == "picture" and picture["by"] == "Photo Desk"
    assert picture["renditions"][0]["href"].startswith("media/photos/")
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["format"] == "turan-archive" and manifest["version"] == 1
        for name, entry in manifest["members"].items():
            assert hashlib.sha256(archive.read(name)).hexdigest() == entry["sha256"]
        assert manifest["counts"]["media"] == 2
        tags = [json.loads(line) for line in archive.read("tags.jsonl").splitlines()]
        assert {tag["kind"] for tag in tags} == {"person", "organisation", "place", "topic"}
        assert tags[0]["name"]["az"] == "Yens Stoltenberq"


def test_importing_the_same_archive_again_changes_nothing(content, tmp_path):
    path, _report = export(tmp_path)
    counts, revisions = table_counts(), ArticleRevision.objects.count()
    summary = run_import(path)
    assert "Articles: 0 new, 0 changed, 3 unchanged" in summary
    assert "Tags: 0 new, 0 changed, 4 unchanged" in summary
    assert "Media files stored: 0" in summary
    wipe()
    run_import(path)
    revisions = ArticleRevision.objects.count()
    assert "Articles: 0 new, 0 changed, 3 unchanged" in run_import(path)
    assert table_counts() == counts
    assert ArticleRevision.objects.count() == revisions


def test_a_changed_article_is_brought_back_with_a_revision(content, tmp_path):
    path, _report = export(tmp_path)
    main = Article.objects.get(pk=content["main"].pk)
    main.title_ru = "Другой заголовок"
    main.save()
    revisions = main.revisions.count()
    assert "Articles: 0 new, 1 changed, 2 unchanged" in run_import(path, "--replace")
    main.refresh_from_db()
    assert main.title_ru == "НАТО и Азербайджан: контакты и разногласия"
    assert main.revisions.count() == revisions + 1


def test_rows_this_database_holds_are_changed_only_when_asked(content, tmp_path):
    path, _report = export(tmp_path)
    main = Article.objects.get(pk=content["main"].pk)
    main.title_ru = "Заголовок этого сайта"
    main.save()

    with pytest.raises(CommandError, match="--replace") as refused:
        run_import(path)

    assert "1 articles" in str(refused.value)
    main.refresh_from_db()
    assert main.title_ru == "Заголовок этого сайта"
    assert "1 changed" in run_import(path, "--dry-run")


def test_a_dry_run_writes_nothing(content, tmp_path, media_root):
    path, _report = export(tmp_path)
    wipe()
    files = sorted(p for p in media_root.rglob("*") if p.is_file())
    summary = run_import(path, "--dry-run")
    assert "Dry run: nothing was written." in summary
    assert "Articles: 3 new" in summary
    assert all(count == 0 for count in table_counts().values())
    assert sorted(p for p in media_root.rglob("*") if p.is_file()) == files


def rebuild(source, target, change=None, extra=(), manifest_change=None, keep_checksums=False):
    """Copy an archive, changing members (name → bytes or None to drop), adding
    ``extra`` ones, and writing a manifest that matches unless told otherwise."""
    with zipfile.ZipFile(source) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        data = {name: archive.read(name) for name in archive.namelist() if name != "manifest.json"}
    for name, value in (change or {}).items():
        if value is None:
            data.pop(name)
        else:
            data[name] = value
    data.update(dict(extra))
    if not keep_checksums:
        manifest["members"] = {
            getattr(name, "filename", name): {
                "sha256": hashlib.sha256(value).hexdigest(),
                "size": len(value),
            }
            for name, value in data.items()
        }
    if manifest_change:
        manifest_change(manifest)
    with zipfile.ZipFile(target, "w") as archive:
        for name, value in data.items():
            archive.writestr(name, value)
        archive.writestr("manifest.json", json.dumps(manifest))
    return target


def refused(path, message):
    with pytest.raises(CommandError, match=message):
        run_import(path)
    assert all(count == 0 for count in table_counts().values())


@pytest.fixture
def good_archive(content, tmp_path):
    path, _report = export(tmp_path)
    with zipfile.ZipFile(path) as archive:
        items = archive.read("items.jsonl")
    wipe()
    return path, items


def test_a_damaged_archive_is_refused_and_nothing_written(good_archive, tmp_path, media_root):
    path, items = good_archive
    files = sorted(p for p in media_root.rglob("*") if p.is_file())
    cases = [
        (
            rebuild(
                path,
                tmp_path / "a.zip",
                {"items.jsonl": items.replace(b"Photo Desk", b"Photo Dusk", 1)},
                keep_checksums=True,
            ),
            "checksum mismatch",
        ),
        (
            rebuild(path, tmp_path / "b.zip", manifest_change=lambda m: m.update(version=7)),
            "format version 7",
        ),
        (rebuild(path, tmp_path / "c.zip", {"items.jsonl": items + b"{oops\n"}), "malformed JSON"),
        (
            rebuild(path, tmp_path / "d.zip", extra=[("../../etc/cron.d/evil", b"x")]),
            "unsafe or unexpected member name",
        ),
        (
            rebuild(path, tmp_path / "e.zip", extra=[("media/articles/../../../x.jpg", b"x")]),
            "unsafe or unexpected member name",
        ),
        (rebuild(path, tmp_path / "f.zip", {"tags.jsonl": None}), "has no tags.jsonl"),
        (
            rebuild(
                path,
                tmp_path / "g.zip",
                {"items.jsonl": items.replace(b"tag/", b"tag/99", 1)},
            ),
            "refers to tag",
        ),
    ]
    not_a_zip = tmp_path / "h.zip"
    not_a_zip.write_bytes(b"PK\x03\x04 cut short")
    cases.append((not_a_zip, "not a readable archive"))
    for archive, message in cases:
        refused(archive, message)
    assert sorted(p for p in media_root.rglob("*") if p.is_file()) == files


def test_an_oversized_member_is_refused(good_archive, settings):
    path, _items = good_archive
    settings.MAX_UPLOAD_SIZE = 100
    refused(path, "more than an upload may have")


def test_a_link_in_the_archive_is_refused(good_archive, tmp_path):
    path, _items = good_archive
    link = zipfile.ZipInfo("media/articles/link.jpg")
    link.external_attr = 0o120777 << 16  # a symbolic link to /etc/passwd
    refused(
        rebuild(path, tmp_path / "link.zip", extra=[(link, b"/etc/passwd")]), "not a plain file"
    )


def test_the_export_refuses_to_replace_a_file(content, tmp_path):
    path = tmp_path / "there.zip"
    path.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="--overwrite"):
        call_command("export_archive", str(path), stdout=StringIO(), stderr=StringIO())
    assert path.read_bytes() == b"keep me"


def test_progress_goes_to_stderr_and_the_summary_to_stdout(content, tmp_path):
    errors = StringIO()
    path, report = export(tmp_path, errors=errors)
    assert "export_archive: 3/3 articles" in errors.getvalue()
    assert report.startswith(f"Archive written: {path}")
    assert "Media files: 2" in report
    wipe()
    errors = StringIO()
    summary = run_import(path, errors=errors)
    assert "import_archive: checking 3/3 articles" in errors.getvalue()
    assert "import_archive: writing 3/3 articles" in errors.getvalue()
    assert "Media files stored: 2" in summary


def test_an_imported_body_is_sanitised_as_any_other(good_archive, tmp_path):
    path, items = good_archive
    hostile = items.replace(b"<p>Before.</p>", b"<p>Before.</p><script>alert(1)</script>")
    run_import(rebuild(path, tmp_path / "script.zip", {"items.jsonl": hostile}))
    bodies = [article.body_ru or "" for article in Article.objects.all()]
    assert any("Before." in body for body in bodies)
    assert not any("script" in body for body in bodies)


@pytest.mark.django_db(transaction=True)
def test_an_export_outside_a_transaction_reads_one_snapshot(content, tmp_path):
    path, report = export(tmp_path)
    assert "Articles: 3" in report
    assert len(members(path)["items.jsonl"]) == 5


def test_an_image_with_metadata_is_stored_as_an_upload_would_be(good_archive, tmp_path):
    path, items = good_archive
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.startswith("media/photos/"))
    exif = Image.Exif()
    exif[0x010E] = "GPS: secret newsroom"  # ImageDescription
    buffer = io.BytesIO()
    Image.new("RGB", (800, 450), (10, 120, 60)).save(buffer, "JPEG", exif=exif)
    run_import(rebuild(path, tmp_path / "exif.zip", {name: buffer.getvalue()}))
    article = Article.objects.exclude(lead_photo=None).get()
    with article.lead_photo.image.open("rb") as file, Image.open(file) as stored:
        assert not len(stored.getexif())
        assert stored.size == (800, 450)
