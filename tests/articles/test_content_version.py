"""What changes the content version: writes readers can see, and only those
(articles migration 0015). Drafts, revisions and workflow state leave cached
pages valid; anything public, before or after the write, or a scheduled
moment brought forward, does not."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article, ArticleRevision, Byline, Correction, TranslationState
from articles.visibility import PublicationStatus, status
from authors.models import Author
from newsroom import actions
from public.pagecache import content_state
from quotes.models import Quote
from tags.models import Tag

pytestmark = pytest.mark.django_db

DRAFTS = {"published_at_ru": None, "published_at_az": None, "published_at_en": None}


def version():
    return content_state()[0]


def changes(write):
    """Whether ``write()`` changes the content version."""
    before = version()
    write()
    return version() != before


@pytest.fixture
def draft(make_article):
    return make_article()


@pytest.fixture
def ru_public(make_article):
    """Public in Russian, the English translation a draft."""
    return make_article(public=("ru",))


def update(article, **fields):
    return lambda: Article.objects.filter(pk=article.pk).update(**fields)


def in_(minutes):
    return timezone.now() + timedelta(minutes=minutes)


# Writes that cannot change what readers see.


@pytest.mark.parametrize(
    "fields",
    [
        {"body_en": "<p>A new paragraph.</p>"},
        {"title_ru": "Новый заголовок", "lead_az": "Yeni"},
        {"title_en": ""},
        {"caption_en": "Caption", "search_description_ru": "About"},
    ],
    ids=["body", "titles-and-lead", "emptied", "caption-and-description"],
)
def test_a_draft_save_leaves_the_version(draft, fields):
    assert not changes(update(draft, **fields))


def test_a_draft_translation_of_a_public_article_leaves_the_version(ru_public):
    ru_public.title_en = "A Draft Translation"
    ru_public.body_en = "<p>Half done.</p>"
    ru_public.slug_en = "a-draft"
    assert not changes(ru_public.save)


def test_saving_a_public_article_unchanged_leaves_the_version(ru_public):
    assert not changes(ru_public.save)  # only updated_at moves


def test_the_newsroom_saving_a_draft_leaves_the_version(draft, journalist):
    def save():
        result = actions.save_article(
            draft, {"body_en": "<p>Autosaved.</p>", "title_en": "Draft"}, user=journalist
        )
        assert result.saved

    assert not changes(save)
    assert draft.revisions.exists()


def test_the_newsroom_translating_a_public_article_leaves_the_version(ru_public, journalist):
    """The common day: the Russian piece is out, its English translation saved again and again."""
    before = version()
    for text in ("<p>First paragraph.</p>", "<p>First.</p><p>Second.</p>", "<p>Third.</p>"):
        result = actions.save_article(
            ru_public, {"title_en": "NATO and Azerbaijan", "body_en": text}, user=journalist
        )
        assert result.saved
    assert version() == before

    actions.save_article(ru_public, {"lead_ru": "A new Russian lead."}, user=journalist)
    assert version() != before


def test_revisions_and_translation_states_leave_the_version(ru_public, journalist):
    assert not changes(lambda: actions.record_revision(ru_public, user=journalist))
    assert not changes(lambda: ArticleRevision.objects.filter(article=ru_public).delete())
    TranslationState.objects.filter(article=ru_public).delete()
    assert not changes(
        lambda: TranslationState.objects.create(article=ru_public, language="en", outdated=True)
    )
    assert not changes(lambda: TranslationState.objects.update(outdated=False))


def test_review_steps_of_a_draft_leave_the_version(make_article, journalist, editor):
    """Submitting, sending back and approving a version not public (newsroom/workflow.py)."""
    from newsroom import workflow

    article = make_article(public=("ru",), title_en="", body_en="")
    before = version()
    workflow.submit_for_review(article, "az", user=journalist)
    workflow.request_changes(article, "az", "Yenidən baxın.", user=editor)
    workflow.submit_for_review(article, "az", user=journalist)
    workflow.approve_version(article, "az", user=editor)
    assert version() == before

    actions.publish_version(article, "az", user=editor)
    assert version() != before


def test_a_scheduled_version_edited_or_moved_later_leaves_the_version(make_article):
    article = make_article(published_at_en=in_(60))
    assert not changes(update(article, body_en="<p>Reworked before the moment.</p>"))
    assert not changes(update(article, published_at_en=in_(120)))
    assert not changes(update(article, published_at_en=None))  # back to a draft


def test_companions_of_a_draft_leave_the_version(draft):
    tag = Tag.objects.create(name_en="Oil")
    author = Author.objects.create(name_en="Leyla Aliyeva")
    quote = Quote.objects.create(text_en="Words.", speaker=tag)
    assert not changes(lambda: draft.tags.add(tag))
    assert not changes(lambda: Byline.objects.create(article=draft, author=author))
    assert not changes(lambda: draft.quotes.add(quote))
    assert not changes(
        lambda: Correction.objects.create(article=draft, language="en", kind="update", note="N.")
    )
    assert not changes(lambda: draft.tags.clear())


def test_a_correction_in_a_language_not_public_leaves_the_version(ru_public):
    assert not changes(
        lambda: Correction.objects.create(
            article=ru_public, language="en", kind="update", note="N."
        )
    )


def test_bulk_and_raw_writes_to_drafts_leave_the_version(make_article):
    drafts = [make_article() for _ in range(3)]
    for article in drafts:
        article.lead_en = "Bulk"
    assert not changes(lambda: Article.objects.bulk_update(drafts, ["lead_en"]))
    assert not changes(
        lambda: connection.cursor().execute(
            "UPDATE articles_article SET title_en = 'Raw' WHERE id = %s", [drafts[0].pk]
        )
    )
    assert not changes(lambda: Article.objects.filter(pk=drafts[1].pk).delete())


# Writes readers can see.


@pytest.mark.parametrize(
    "fields",
    [
        {"body_ru": "<p>Rewritten.</p>"},
        {"title_ru": ""},
        {"body_ru": ""},
        {"published_at_ru": None},
        {"published_at_ru": timezone.now() + timedelta(days=1)},
        {"caption_ru": "New caption"},
        {"original_language": "en"},  # shared by every language
    ],
    ids=["body", "title-emptied", "body-emptied", "unpublished", "postponed", "caption", "shared"],
)
def test_a_write_to_a_public_version_changes_the_version(ru_public, fields):
    assert changes(update(ru_public, **fields))


def test_another_lead_photo_or_an_edit_of_it_changes_the_version(ru_public):
    from tests.media import make_photo

    photo = make_photo()
    assert changes(update(ru_public, lead_photo=photo))
    assert changes(lambda: type(photo).objects.filter(pk=photo.pk).update(alt_ru="Краны"))


def test_moving_the_section_of_a_public_article_changes_the_version(ru_public, make_section):
    assert changes(update(ru_public, section=make_section(slug="economy", name_en="Economy")))


@pytest.mark.parametrize(
    "moment",
    [lambda: in_(1), lambda: timezone.now() - timedelta(seconds=1), lambda: in_(0.2)],
    ids=["in-a-minute", "in-the-past", "seconds-away"],
)
def test_scheduling_or_publishing_a_draft_changes_the_version(ru_public, moment):
    assert changes(update(ru_public, published_at_en=moment()))


def test_bringing_a_scheduled_moment_forward_changes_the_version(make_article):
    article = make_article(published_at_en=in_(120))
    assert changes(update(article, published_at_en=in_(30)))


def test_giving_a_scheduled_empty_version_its_body_changes_the_version(make_article):
    article = make_article(published_at_en=in_(120), body_en="")
    assert changes(update(article, body_en="<p>Now it has a body.</p>"))


def test_creating_and_deleting_a_public_article_changes_the_version(make_article):
    before = version()
    article = make_article(public=("az",))
    assert version() != before
    assert changes(article.delete)


def test_companions_of_a_public_article_change_the_version(ru_public):
    tag = Tag.objects.create(name_en="Oil")
    author = Author.objects.create(name_en="Leyla Aliyeva")
    quote = Quote.objects.create(text_en="Words.", speaker=tag)
    assert changes(lambda: ru_public.tags.add(tag))
    assert changes(lambda: Byline.objects.create(article=ru_public, author=author))
    assert changes(lambda: Byline.objects.filter(article=ru_public).delete())
    assert changes(lambda: ru_public.quotes.add(quote))
    assert changes(lambda: ru_public.tags.remove(tag))
    assert changes(
        lambda: Correction.objects.create(
            article=ru_public, language="ru", kind="update", note="N."
        )
    )


def test_taxonomy_and_sections_always_change_the_version(draft):
    assert changes(lambda: Tag.objects.create(name_en="Unused"))
    assert changes(lambda: Author.objects.create(name_en="Nobody Yet"))
    assert changes(lambda: draft.section.save())


@pytest.mark.parametrize(
    "state",
    [
        {"title_en": ""},
        {"body_en": ""},
        {},  # a draft
        {"published_at_en": timezone.now() + timedelta(days=1)},
        {"published_at_en": timezone.now() - timedelta(days=1)},
    ],
    ids=["no-title", "no-body", "draft", "scheduled", "public"],
)
def test_the_trigger_agrees_with_the_visibility_rule(make_article, state):
    """The trigger's SQL is the visibility rule's: a lead edit changes the
    version exactly when the English version is public."""
    article = make_article(**state)
    public = status(article, "en") == PublicationStatus.PUBLIC
    assert changes(update(article, lead_en="A lead written later.")) is public


# Through the page cache.


def test_a_draft_save_keeps_cached_pages(client, make_article, journalist):
    public = make_article(public=("en",))
    url = public.get_absolute_url("en")
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get("/en/")["X-Page-Cache"] == "miss"

    draft = make_article(title_en="Embargoed: SOCAR-BP merger", section=public.section)
    actions.save_article(draft, {"body_en": "<p>Still secret.</p>"}, user=journalist)
    Article.objects.filter(pk=public.pk).update(title_ru="Черновик перевода", published_at_ru=None)

    assert client.get(url)["X-Page-Cache"] == "hit"
    home = client.get("/en/")
    assert home["X-Page-Cache"] == "hit"
    assert "SOCAR-BP" not in home.text


def test_a_draft_scheduled_soon_bounds_cached_pages(client, make_article, settings):
    settings.HTTP_CACHE_SECONDS = 600
    settings.PAGE_CACHE_SECONDS = 600
    public = make_article(public=("ru",))
    url = public.get_absolute_url("ru")
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    Article.objects.filter(pk=public.pk).update(published_at_en=in_(0.5))

    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert int(re.search(r"max-age=(\d+)", response["Cache-Control"])[1]) <= 30


def test_every_write_path_to_a_public_version_changes_the_version(ru_public, editor):
    """The newsroom's save (the admin's), bulk_update, a restore, raw SQL."""
    first = ru_public.revisions.order_by("number").first()

    assert changes(
        lambda: actions.save_article(ru_public, {"body_ru": "<p>Edited.</p>"}, user=editor)
    )
    ru_public.refresh_from_db()
    ru_public.lead_ru = "Bulk"
    assert changes(lambda: Article.objects.bulk_update([ru_public], ["lead_ru"]))
    assert changes(lambda: actions.restore_revision(first, user=editor))
    ru_public.refresh_from_db()
    assert ru_public.body_ru == "<p>Русский текст.</p>"
    assert changes(
        lambda: connection.cursor().execute(
            "UPDATE articles_article SET published_at_ru = NULL WHERE id = %s", [ru_public.pk]
        )
    )
