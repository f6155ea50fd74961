"""``manage.py load_demo``: demo content, idempotence, demo accounts, safety."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Article, Byline, Section
from authors.models import Author
from core.i18n import LANGUAGE_CODES
from core.images import rendition_entries
from core.text import quote_ids
from demo.management.commands import load_demo
from quotes.models import Quote
from tags.models import Tag

pytestmark = pytest.mark.django_db

MODELS = [Section, Tag, Author, Quote, Article, Byline, Article.tags.through, get_user_model()]


@pytest.fixture(autouse=True)
def demo_settings(settings, tmp_path, monkeypatch):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(load_demo, "PASSWORD_FILE", tmp_path / "var" / "demo-password")
    for name in ("DEMO_PASSWORD", "HOST", "PORT"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def load():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {model._meta.label: model.objects.count() for model in MODELS}


def public_languages(article, at=None):
    return {code for code in LANGUAGE_CODES if article.is_public(code, at)}


def test_loads_sections_tags_authors_and_articles():
    load()
    assert Article.objects.count() >= 12
    assert Section.objects.count() >= 3
    assert {"analytics", "politics", "economy", "society"} <= set(
        Section.objects.values_list("slug", flat=True)
    )
    assert Section.objects.filter(articles__isnull=False).distinct().count() >= 3
    assert set(Tag.objects.values_list("kind", flat=True)) == {kind for kind, _ in Tag.Kind.choices}
    assert all(tag.slug.isascii() for tag in Tag.objects.all())
    for model, field in ((Section, "name"), (Tag, "name"), (Author, "name")):
        for obj in model.objects.all():
            assert all(getattr(obj, f"{field}_{code}") for code in LANGUAGE_CODES), obj
    institution = Author.objects.get(is_institution=True)
    assert institution.name_en == "Analytical Service Turan"
    assert institution.articles.exists()
    assert Author.objects.filter(is_institution=False).count() >= 3
    # Original languages vary; bylines are ordered; some articles have two authors.
    assert set(Article.objects.values_list("original_language", flat=True)) == set(LANGUAGE_CODES)
    for article in Article.objects.all():
        positions = list(article.bylines.values_list("position", flat=True))
        assert positions == list(range(len(positions))) and positions, article
        assert article.tags.exists(), article
        # Demo images are library photos, with alt text and an illustration credit.
        photo = article.lead_photo
        assert photo.image.storage.exists(photo.image.name), article
        assert photo.image.path.startswith(str(load_demo.settings.MEDIA_ROOT))
        assert (
            photo.alt_ru and photo.alt_az and photo.alt_en and photo.credit_kind == "illustration"
        )
        renditions = photo.renditions["webp"]
        assert [entry["width"] for entry in renditions] == [400, 800, 1200], article
        assert all(
            photo.image.storage.exists(e["name"]) for e in rendition_entries(photo.renditions)
        )
        assert set(photo.renditions["crops"]) == {"16x9", "4x3", "1x1"}
    # People have a generated portrait, made into renditions by bulk_create too.
    for author in Author.objects.filter(is_institution=False):
        assert author.photo and author.photo_renditions["source"] == author.photo.name, author
        assert author.photo.storage.exists(author.photo_renditions["webp"][0]["name"])
    assert not Author.objects.get(is_institution=True).photo
    assert any(article.bylines.count() == 2 for article in Article.objects.all())


def test_places_the_editors_front_page_choices(client):
    from frontpage.models import Placement

    load()
    lead = Placement.objects.get(language="en", role="lead").article
    assert lead.title_en.startswith("The Middle Corridor")
    featured = Placement.objects.filter(language="ru", role="featured")
    assert featured.count() == 2
    html = client.get("/en/").content.decode()
    assert f'id="lead-story-title"><a href="{lead.get_absolute_url("en")}"' in html
    assert 'id="top-stories-title"' in html
    load()  # a second run adds nothing
    assert Placement.objects.count() == 8


def test_places_library_quotes_in_every_language_version():
    load()
    assert Quote.objects.count() >= 6
    assert Quote.objects.filter(articles__isnull=False).distinct().count() >= 4
    with_quotes = Article.objects.filter(quotes__isnull=False).distinct()
    assert with_quotes.count() >= 4
    for article in with_quotes:
        # The signal kept Article.quotes equal to the placeholders in the bodies.
        assert set(article.quotes.values_list("pk", flat=True)) == article.placed_quote_ids()
        for code in LANGUAGE_CODES:
            body = getattr(article, f"body_{code}")
            if body:
                assert quote_ids(body), (article, code)
    for quote in Quote.objects.all():
        assert quote.speaker.kind == Tag.Kind.PERSON
        assert quote.said_on and quote.speaker_role_en


def test_publication_states():
    load()
    now = timezone.now()
    public = {code: set(Article.objects.public(code)) for code in LANGUAGE_CODES}
    assert public["ru"] & public["az"] & public["en"], "no article public in all languages"
    assert any(len(public_languages(a)) == 1 for a in Article.objects.all())

    future_version = [
        article
        for article in Article.objects.all()
        if public_languages(article)
        and any(
            (moment := getattr(article, f"published_at_{code}")) and moment > now
            for code in LANGUAGE_CODES
        )
    ]
    assert len(future_version) == 1

    scheduled = [
        article
        for article in Article.objects.all()
        if not public_languages(article)
        and any(getattr(article, f"published_at_{code}") for code in LANGUAGE_CODES)
    ]
    assert len(scheduled) == 1
    assert public_languages(scheduled[0], at=now + timedelta(days=3))

    drafts = Article.objects.filter(
        **{f"published_at_{code}__isnull": True for code in LANGUAGE_CODES}
    )
    assert drafts.count() == 1
    draft = drafts.get()
    assert draft.title_ru and draft.body_ru
    later = now + timedelta(days=365)
    for code in LANGUAGE_CODES:
        assert draft not in Article.objects.public(code, at=later)

    # Past moments lie within the last ~60 days, translations after originals.
    for article in Article.objects.all():
        moments = {
            code: moment
            for code in LANGUAGE_CODES
            if (moment := getattr(article, f"published_at_{code}"))
        }
        for moment in moments.values():
            assert moment > now - timedelta(days=61)
        original = moments.get(article.original_language)
        if original:
            assert all(moment >= original for moment in moments.values()), article


def test_second_run_creates_nothing_and_keeps_edits():
    first_out = load()
    before = counts()
    article = Article.objects.get(slug_en__startswith="the-middle-corridor")
    Article.objects.filter(pk=article.pk).update(title_en="Edited by a journalist")
    Tag.objects.filter(slug="energy").update(name_en="Energy (edited)")

    second_out = load()

    assert counts() == before
    article.refresh_from_db()
    assert article.title_en == "Edited by a journalist"
    assert Tag.objects.get(slug="energy").name_en == "Energy (edited)"
    assert "created" in first_out
    assert "nothing new" in second_out


def test_edited_or_deleted_demo_content_does_not_come_back():
    load()
    article = Article.objects.get(slug_en__startswith="the-middle-corridor")
    Article.objects.filter(pk=article.pk).update(slug_ru="novyy-adres", slug_en="new-address")
    Tag.objects.filter(slug="energy").update(slug="energy-policy")
    Quote.objects.order_by(
        "pk"
    ).first().delete() if not Quote.objects.first().articles.exists() else None
    deleted = Article.objects.exclude(pk=article.pk).order_by("pk").first()
    deleted.delete()
    before = counts()

    load()

    assert counts() == before
    assert not Article.objects.filter(pk=deleted.pk).exists()


def test_summary_names_models_in_english(settings):
    settings.LANGUAGE_CODE = "ru"

    out = load()

    assert "sections" in out and "articles" in out


def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        load()
    assert Article.objects.count() == 0
    assert not get_user_model().objects.filter(username="admin").exists()


def test_demo_password_from_environment(monkeypatch, demo_settings):
    monkeypatch.setenv("DEMO_PASSWORD", "correct-horse-battery")
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "8080")
    out = load()
    for username in ("journalist", "editor", "admin"):
        user = get_user_model().objects.get(username=username)
        assert user.check_password("correct-horse-battery")
        assert username in out
    assert "correct-horse-battery" in out
    assert "http://0.0.0.0:8080/" in out
    assert "http://0.0.0.0:8080/admin/" in out
    assert not load_demo.PASSWORD_FILE.exists()


def test_generated_password_is_stored_reused_and_reset():
    out = load()
    password = load_demo.PASSWORD_FILE.read_text().strip()
    assert len(password) >= 12
    assert password in out
    assert "http://127.0.0.1:8000/" in out and "http://127.0.0.1:8000/admin/" in out

    editor = get_user_model().objects.get(username="editor")
    editor.set_password("changed-in-between")
    editor.save()
    out = load()

    assert load_demo.PASSWORD_FILE.read_text().strip() == password
    assert password in out
    for user in get_user_model().objects.filter(username__in=["journalist", "editor", "admin"]):
        assert user.check_password(password), user


def test_accounts_groups_and_authors():
    load()
    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff

    journalist = User.objects.get(username="journalist")
    editor = User.objects.get(username="editor")
    assert journalist.is_staff and not journalist.is_superuser
    assert editor.is_staff and not editor.is_superuser
    assert list(journalist.groups.values_list("name", flat=True)) == ["Journalist"]
    assert list(editor.groups.values_list("name", flat=True)) == ["Editor"]
    assert not journalist.author.is_institution
    assert not editor.author.is_institution
    assert journalist.author != editor.author

    assert journalist.has_perm("articles.change_article")
    assert journalist.has_perm("articles.view_section")
    assert not journalist.has_perm("articles.publish_article")
    assert not journalist.has_perm("articles.delete_article")
    assert editor.has_perm("articles.publish_article")
    assert editor.has_perm("articles.delete_article")
    assert editor.has_perm("articles.add_section")


def test_groups_migration_permissions():
    journalist = Group.objects.get(name="Journalist")
    editor = Group.objects.get(name="Editor")
    journalist_perms = {
        f"{p.content_type.app_label}.{p.codename}" for p in journalist.permissions.all()
    }
    editor_perms = {f"{p.content_type.app_label}.{p.codename}" for p in editor.permissions.all()}
    assert journalist_perms < editor_perms
    assert "articles.publish_article" in editor_perms - journalist_perms
    assert {"quotes.add_quote", "tags.change_tag", "authors.view_author"} <= journalist_perms
    assert not any(perm.startswith(("auth.", "admin.")) for perm in editor_perms)


def test_the_first_revision_records_tags_and_bylines():
    """Revision 1 of a demo article is recorded once its tags and bylines exist:
    restoring it keeps them, and the next revision does not report them as changed."""
    from newsroom import actions

    load()
    for article in Article.objects.prefetch_related("tags", "bylines"):
        first = article.revisions.get()
        assert first.number == 1
        assert first.snapshot["tags"] == sorted(tag.pk for tag in article.tags.all())
        assert first.snapshot["authors"] == [
            byline.author_id for byline in article.bylines.order_by("position")
        ]
    article = Article.objects.filter(tags__isnull=False, bylines__isnull=False).distinct().first()
    tags = set(article.tags.values_list("pk", flat=True))
    article.lead_en = "A later lead."
    article.save()
    assert article.revisions.get(number=2).changed_fields == ["lead_en"]

    editor = get_user_model().objects.filter(is_superuser=True).first()
    actions.restore_revision(article.revisions.get(number=1), user=editor)

    assert set(article.tags.values_list("pk", flat=True)) == tags
    assert article.bylines.exists()
