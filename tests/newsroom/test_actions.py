"""The editorial actions, called directly as a command, an API or a script would:
no admin, no request, no form."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.models import Article, ArticleRevision, Correction, PublicationStatus
from authors.models import Author
from newsroom import actions
from tags.models import Tag

pytestmark = pytest.mark.django_db

BAKU = ZoneInfo("Asia/Baku")


@pytest.fixture
def article(make_article):
    """Russian public since an hour ago; Azerbaijani and English drafts."""
    return make_article(public=("ru",))


def fresh(article):
    return Article.objects.get(pk=article.pk)


def latest(article):
    return ArticleRevision.objects.filter(article=article).order_by("-number").first()


def events(revision):
    return [(event["kind"], event["language"]) for event in revision.events]


# Publishing


def test_publish_now(editor, article):
    before = timezone.now()

    revision = actions.publish_version(article, "en", user=editor)

    stored = fresh(article)
    assert before <= stored.published_at_en <= timezone.now()
    assert stored.is_public("en")
    assert revision == latest(article)
    assert revision.created_by == editor
    assert events(revision) == [("published", "en")]


def test_schedule_at_a_baku_moment(editor, article):
    moment = datetime(2030, 1, 2, 9, 30, tzinfo=BAKU)

    revision = actions.publish_version(article, "az", at=moment, user=editor)

    stored = fresh(article)
    assert stored.published_at_az == moment
    assert stored.publication_status("az") == PublicationStatus.SCHEDULED
    assert events(revision) == [("scheduled", "az")]
    assert revision.snapshot["published_at_az"] == "2030-01-02T05:30:00+00:00"
    assert revision.created_by == editor


def test_unpublish(editor, article):
    revision = actions.unpublish_version(article, "ru", user=editor)

    assert fresh(article).published_at_ru is None
    assert not fresh(article).is_public("ru")
    assert events(revision) == [("unpublished", "ru")]
    assert revision.created_by == editor
    # Nothing to take down a second time: no write, no revision.
    count = ArticleRevision.objects.count()
    assert actions.unpublish_version(article, "ru", user=editor) is None
    assert ArticleRevision.objects.count() == count


def test_a_version_without_text_cannot_be_published(editor, make_article):
    article = make_article(body_en="<p></p>")

    with pytest.raises(ValidationError) as refusal:
        actions.publish_version(article, "en", user=editor)

    assert "published_at_en" in refusal.value.error_dict
    assert fresh(article).published_at_en is None


def test_publishing_is_refused_without_the_permission(journalist, article):
    revisions = ArticleRevision.objects.count()
    before = Article.objects.values_list(
        "published_at_ru", "published_at_az", "published_at_en"
    ).get(pk=article.pk)

    with pytest.raises(PermissionDenied):
        actions.publish_version(article, "en", user=journalist)
    with pytest.raises(PermissionDenied):
        actions.publish_version(
            article, "az", at=timezone.now() + timedelta(days=1), user=journalist
        )
    with pytest.raises(PermissionDenied):
        actions.unpublish_version(article, "ru", user=journalist)
    with pytest.raises(PermissionDenied):
        actions.save_article(article, {"published_at_en": actions.NOW}, user=journalist)
    with pytest.raises(PermissionDenied):  # emptying a public version withdraws it
        actions.save_article(article, {"title_ru": ""}, user=journalist)
    with pytest.raises(PermissionDenied):
        actions.add_correction(article, "ru", "correction", "Исправлено.", user=journalist)

    after = Article.objects.values_list(
        "published_at_ru", "published_at_az", "published_at_en"
    ).get(pk=article.pk)
    assert after == before
    assert fresh(article).title_ru
    assert ArticleRevision.objects.count() == revisions
    assert not Correction.objects.exists()


def test_a_journalist_save_keeps_the_stored_moments(journalist, article):
    # Whatever the instance holds, only the changes are written.
    article.published_at_en = timezone.now()
    article.published_at_ru = None

    result = actions.save_article(article, {"lead_en": "A journalist's lead."}, user=journalist)

    assert result.saved
    stored = fresh(article)
    assert stored.lead_en == "A journalist's lead."
    assert stored.published_at_en is None and stored.published_at_ru is not None
    assert result.revision.created_by == journalist
    assert result.revision.changed_fields == ["lead_en"]


# Saving


def test_save_writes_fields_tags_bylines_moments_and_corrections_in_one_revision(editor, article):
    tag = Tag.objects.create(kind=Tag.Kind.PLACE, name_en="Karabakh")
    first = Author.objects.create(name_en="First", slug="first")
    second = Author.objects.create(name_en="Second", slug="second")
    before = timezone.now()

    result = actions.save_article(
        article,
        {
            "title_en": "A new title",
            "tags": [tag.pk],
            "authors": [second.pk, first.pk],
            "published_at_en": actions.NOW,
        },
        user=editor,
        corrections=[("ru", "update", "  Дополнено.  ")],
    )

    assert result.saved and not result.conflicts
    stored = fresh(article)
    assert stored.title_en == "A new title"
    assert before <= stored.published_at_en <= timezone.now()
    assert list(stored.tags.all()) == [tag]
    assert list(stored.bylines.values_list("author__slug", flat=True)) == ["second", "first"]
    correction = Correction.objects.get()
    assert (correction.language, correction.kind, correction.note) == ("ru", "update", "Дополнено.")
    assert correction.created_by == editor
    revision = result.revision
    assert revision == latest(article) and revision.created_by == editor
    assert revision.changed_fields == ["title_en", "published_at_en", "tags", "authors"]
    assert events(revision) == [("published", "en")]


def test_save_creates_an_article(editor, make_section):
    section = make_section()
    article = Article(section=section)

    result = actions.save_article(
        article,
        {"title_en": "Fresh", "body_en": "<p>Fresh.</p>", "published_at_en": actions.NOW},
        user=editor,
    )

    assert result.saved and article.pk is not None
    assert fresh(article).is_public("en")
    [revision] = ArticleRevision.objects.filter(article=article)
    assert revision.kind == ArticleRevision.Kind.CREATED
    assert revision.created_by == editor


def test_a_moment_needs_the_versions_text(editor, make_article):
    article = make_article(title_az="")

    with pytest.raises(ValidationError) as refusal:
        actions.save_article(article, {"published_at_az": actions.NOW}, user=editor)

    assert list(refusal.value.error_dict) == ["published_at_az"]
    assert fresh(article).published_at_az is None


def test_disjoint_edits_merge(journalist, editor, article):
    base = latest(article).number
    # He saves the English title; she, who loaded the article before him, the
    # Azerbaijani one: her save still holds the English title as it was.
    actions.save_article(article, {"title_en": "His title"}, user=editor, base_revision=base)
    hers = Article.objects.get(pk=article.pk)

    result = actions.save_article(
        hers,
        {"title_az": "Onun başlığı", "title_en": "NATO and Azerbaijan: Contacts and Differences"},
        user=journalist,
        base_revision=base,
    )

    assert result.saved
    assert list(result.kept) == ["title_en"]
    assert result.savers == ["Rauf Mammadov"]
    stored = fresh(article)
    assert (stored.title_az, stored.title_en) == ("Onun başlığı", "His title")
    assert result.revision.created_by == journalist
    assert result.revision.changed_fields == ["title_az"]


def test_a_conflict_writes_nothing_and_says_who_and_what(journalist, editor, article):
    base = latest(article).number
    actions.save_article(article, {"title_en": "His title"}, user=editor, base_revision=base)
    revisions = ArticleRevision.objects.count()
    hers = Article.objects.get(pk=article.pk)

    result = actions.save_article(
        hers,
        {"title_en": "Her title", "lead_en": "Her lead."},
        user=journalist,
        base_revision=base,
    )

    assert not result.saved and result.revision is None
    [conflict] = result.conflicts
    assert conflict.name == "title_en"
    assert conflict.revision.created_by == editor and conflict.who == "Rauf Mammadov"
    assert (conflict.theirs_text, conflict.yours_text) == ("His title", "Her title")
    assert result.latest_number == latest(article).number
    stored = fresh(article)
    assert stored.title_en == "His title"
    assert not stored.lead_en  # her lead, a disjoint change, is not written either
    assert ArticleRevision.objects.count() == revisions


def test_merge_changes_writes_nothing(journalist, editor, article):
    base = latest(article).number
    actions.save_article(article, {"title_en": "His title"}, user=editor, base_revision=base)
    revisions = ArticleRevision.objects.count()

    result = actions.merge_changes(fresh(article), {"title_en": "Her title"}, base_revision=base)

    assert [conflict.name for conflict in result.conflicts] == ["title_en"]
    assert not result.saved
    assert fresh(article).title_en == "His title"
    assert ArticleRevision.objects.count() == revisions


# Revisions


def test_record_revision_names_the_user(editor, article):
    article.lead_en = "Saved by a script."
    article.save(record_revision=False)
    assert latest(article).number == 1

    revision = actions.record_revision(article, user=editor)

    assert revision.number == 2 and revision.created_by == editor
    assert revision.changed_fields == ["lead_en"]


def test_a_plain_save_is_recorded_without_a_user(article):
    article.lead_en = "Saved elsewhere."
    article.save()

    revision = latest(article)
    assert revision.number == 2 and revision.created_by is None
    assert revision.changed_fields == ["lead_en"]


def test_restore_keeps_the_moments_for_a_journalist(journalist, editor, article):
    first = latest(article)
    actions.save_article(article, {"title_en": "Changed"}, user=editor)
    actions.publish_version(article, "en", user=editor)
    moment = fresh(article).published_at_en

    revision = actions.restore_revision(first, user=journalist)

    # The English version is live: its restored title waits as a pending change.
    stored = fresh(article)
    assert stored.title_en == "Changed"
    assert stored.pending_changes.get().fields == {
        "title_en": "NATO and Azerbaijan: Contacts and Differences"
    }
    assert stored.published_at_en == moment
    assert revision.kind == ArticleRevision.Kind.RESTORED
    assert revision.restored_from == first.number
    assert revision.created_by == journalist
    assert [event["kind"] for event in revision.events] == ["pending"]


def test_restore_brings_back_the_moments_for_an_editor(editor, article):
    first = latest(article)
    actions.publish_version(article, "en", user=editor)

    revision = actions.restore_revision(first, user=editor)

    assert fresh(article).published_at_en is None
    assert events(revision) == [("unpublished", "en")]


def test_restore_refuses_a_moment_without_text(journalist, make_article):
    article = make_article(title_en="")
    first = latest(article)
    article.title_en = "Now with a title"
    article.published_at_en = timezone.now() - timedelta(hours=1)
    article.save()

    with pytest.raises(actions.RestoreRefused):
        actions.restore_revision(first, user=journalist)

    assert fresh(article).title_en == "Now with a title"


# Translations and corrections


def test_mark_translation_checked_clears_outdated(journalist, article):
    article.title_ru = "НАТО и Азербайджан: новая глава"
    article.save()
    assert fresh(article).outdated_languages() == ["az", "en"]

    revision = actions.mark_translation_checked(article, "en", user=journalist)

    assert fresh(article).outdated_languages() == ["az"]
    assert revision.created_by == journalist
    assert revision.events == [{"kind": "checked", "language": "en"}]
    # Checked already, and the original is no translation.
    assert actions.mark_translation_checked(article, "en", user=journalist) is None
    with pytest.raises(ValueError):
        actions.mark_translation_checked(article, "ru", user=journalist)


def test_add_correction(editor, article):
    correction = actions.add_correction(
        article, "ru", "correction", "Имя министра было написано с ошибкой.", user=editor
    )

    assert correction.pk is not None
    assert Correction.objects.get() == correction
    assert (correction.language, correction.kind) == ("ru", "correction")
    assert correction.created_by == editor
    assert fresh(article).last_marked_at("ru") == correction.created_at


def test_a_correction_needs_a_public_version_a_kind_and_a_note(editor, article):
    with pytest.raises(ValidationError):  # English is a draft
        actions.add_correction(article, "en", "update", "Updated.", user=editor)
    with pytest.raises(ValidationError):
        actions.add_correction(article, "ru", "retraction", "Отозвано.", user=editor)
    with pytest.raises(ValidationError):
        actions.add_correction(article, "ru", "update", "   ", user=editor)

    assert not Correction.objects.exists()


def test_the_change_form_save_is_written_for_this_django():
    import django

    assert django.VERSION[:2] == (5, 2), (
        "newsroom/admin_save.py handles the change form's POST in the steps of Django "
        "5.2's private ModelAdmin._changeform_view (formsets, context keys, popups, "
        "save-as-new): re-check it against the new Django, then update this version."
    )
