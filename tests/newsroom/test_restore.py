"""Restoring a revision: relations recorded on every revision, a restore of
one language only, and the restore page naming the relations it changes."""

import pytest
from django.urls import reverse

from articles.models import Article
from authors.models import Author
from newsroom import actions
from newsroom.models import PendingChange
from tags.models import Tag
from tests.change_form import client_for, restore_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(make_article, editor):
    article = make_article()
    tag = Tag.objects.create(kind=Tag.Kind.PLACE, name_en="Karabakh")
    author = Author.objects.create(name_en="Analytical Service Turan")
    actions.save_article(article, {"tags": [tag.pk], "authors": [author.pk]}, user=editor)
    return article, tag, author


def latest(article):
    return article.revisions.order_by("-number").first()


def test_restoring_one_language_leaves_the_others_and_the_relations(editor, tagged):
    article, tag, author = tagged
    base = latest(article)
    actions.save_article(
        article,
        {"title_en": "A New English Title", "title_ru": "Новый заголовок", "tags": []},
        user=editor,
    )

    actions.restore_revision(base, user=editor, language="en")

    article = Article.objects.get(pk=article.pk)
    assert article.title_en == "NATO and Azerbaijan: Contacts and Differences"
    assert article.title_ru == "Новый заголовок"
    assert list(article.tags.all()) == []
    assert latest(article).changed_fields == ["title_en"]


def test_the_restore_page_names_the_relations_that_change(editor, tagged):
    article, tag, author = tagged
    client = client_for(editor)

    whole = client.get(restore_url(article, 1)).content.decode()
    assert "Restoring also changes these relations: Tags, Bylines." in whole

    one = client.get(restore_url(article, 1) + "?language=en").content.decode()
    assert "The section, tags, bylines and image stay as they are." in one
    assert "Only the English text is restored" in one
    assert 'name="language" value="en"' in one
    assert client.get(restore_url(article, 1) + "?language=xx").status_code == 404


def test_the_restore_page_posts_one_language(editor, make_article):
    article = make_article()
    actions.save_article(article, {"title_en": "Later", "title_az": "Sonra"}, user=editor)
    client = client_for(editor)

    assert client.post(restore_url(article, 1), {"language": "az"}).status_code == 302

    article.refresh_from_db()
    assert article.title_az.startswith("NATO və Azərbaycan")
    assert article.title_en == "Later"


def test_a_journalists_restore_of_a_live_version_waits_as_a_pending_change(
    journalist, editor, make_article
):
    article = make_article(public=("en",))
    actions.save_article(article, {"title_en": "Corrected live title"}, user=editor)

    actions.restore_revision(article.revisions.get(number=1), user=journalist)

    article.refresh_from_db()
    assert article.title_en == "Corrected live title"
    change = PendingChange.objects.get(article=article, language="en")
    assert change.fields == {"title_en": "NATO and Azerbaijan: Contacts and Differences"}
    assert {"kind": "pending", "language": "en", "fields": change.fields} in latest(article).events


def test_the_history_links_each_restore(editor, tagged):
    article, _tag, _author = tagged
    page = client_for(editor).get(reverse("admin:articles_article_history", args=[article.pk]))
    assert restore_url(article, 1) in page.content.decode()


# An editor's restore of a live version with an open pending change

ORIGINAL_BODY = "<p>English text.</p>"


@pytest.fixture
def drifted(make_article, editor, journalist):
    """A live English version an editor changed (revision 2), then a journalist's
    pending change written on that changed text (revision 3)."""
    article = make_article(public=("en",), lead_en="English lead.")
    actions.save_article(article, {"body_en": "<p>English text, badly edited.</p>"}, user=editor)
    actions.save_article(
        article,
        {"body_en": "<p>English text, badly edited, and fixed.</p>", "lead_en": "A new lead."},
        user=journalist,
        hold_live=["en"],
    )
    return article


def test_an_editors_restore_marks_the_pending_fields_it_replaced(editor, drifted):
    actions.restore_revision(drifted.revisions.get(number=1), user=editor, language="en")

    drifted.refresh_from_db()
    assert drifted.body_en == ORIGINAL_BODY  # the restore is live
    change = PendingChange.objects.get(article=drifted, language="en")
    # The lead's pending edit is on a text the restore left alone: it still applies.
    assert change.fields == {
        "body_en": "<p>English text, badly edited, and fixed.</p>",
        "lead_en": "A new lead.",
    }
    assert change.restored_fields == ["body_en"]
    assert change.restored_revision == latest(drifted).number
    event = {
        "kind": "pending_rebased",
        "language": "en",
        "fields": change.fields,
        "restored": ["body_en"],
    }
    assert event in latest(drifted).events


def test_publishing_it_cannot_silently_revert_the_restore(editor, drifted):
    from newsroom import pending

    actions.restore_revision(drifted.revisions.get(number=1), user=editor, language="en")

    with pytest.raises(pending.RestoredTextRefused):
        pending.publish_pending(drifted, "en", user=editor)
    drifted.refresh_from_db()
    assert drifted.body_en == ORIGINAL_BODY
    assert PendingChange.objects.filter(article=drifted).exists()

    pending.publish_pending(drifted, "en", user=editor, replace_restored=True)
    drifted.refresh_from_db()
    assert drifted.body_en == "<p>English text, badly edited, and fixed.</p>"


def test_a_pending_field_the_restore_made_live_is_dropped(make_article, editor, journalist):
    article = make_article(public=("en",))
    actions.save_article(article, {"title_en": "A wrong title"}, user=editor)
    original = article.revisions.get(number=1).snapshot["title_en"]
    actions.save_article(article, {"title_en": original}, user=journalist, hold_live=["en"])
    assert PendingChange.objects.filter(article=article).exists()

    actions.restore_revision(article.revisions.get(number=1), user=editor, language="en")

    assert not PendingChange.objects.filter(article=article).exists()
    assert {"kind": "pending_discarded", "language": "en"} in latest(article).events


def test_a_restore_of_another_language_leaves_the_pending_change(editor, drifted):
    actions.save_article(drifted, {"title_ru": "Позже"}, user=editor)
    actions.restore_revision(drifted.revisions.get(number=1), user=editor, language="ru")

    change = PendingChange.objects.get(article=drifted, language="en")
    assert change.restored_fields == [] and change.restored_revision is None


def test_writing_the_field_again_re_bases_it(editor, journalist, drifted):
    actions.restore_revision(drifted.revisions.get(number=1), user=editor, language="en")

    actions.save_article(
        drifted,
        {"body_en": "<p>English text, fixed on the restored text.</p>"},
        user=journalist,
        hold_live=["en"],
    )

    change = PendingChange.objects.get(article=drifted, language="en")
    assert change.fields["body_en"] == "<p>English text, fixed on the restored text.</p>"
    assert change.restored_fields == [] and change.restored_revision is None


def test_the_review_page_says_so_and_asks_before_publishing(editor, journalist, drifted):
    actions.restore_revision(drifted.revisions.get(number=1), user=editor, language="en")
    number = latest(drifted).number
    client = client_for(editor)
    url = reverse("admin:articles_article_pending", args=[drifted.pk, "en"])

    page = client.get(url).content.decode()
    assert f"Based on an older text: revision #{number} restored the live Body" in page
    assert 'name="_replace_restored"' in page
    # The diff is against the restored live text.
    body_row = page.split('data-field="body_en"')[1].split("</tr>")[0]
    assert "<ins>" in body_row and "badly" in body_row.split("<ins>")[1]

    refused = client.post(url, {"_publish": "1"})
    assert refused.status_code == 200
    assert "publishing it replaces the restored text" in refused.content.decode()
    drifted.refresh_from_db()
    assert drifted.body_en == ORIGINAL_BODY

    done = client.post(url, {"_publish": "1", "_replace_restored": "1"})
    assert done.status_code == 302
    drifted.refresh_from_db()
    assert drifted.body_en == "<p>English text, badly edited, and fixed.</p>"

    form = client_for(journalist).get(reverse("admin:articles_article_change", args=[drifted.pk]))
    assert "Based on an older text" not in form.content.decode()  # published, gone


def test_the_form_tells_the_journalist_on_the_versions_tab(editor, journalist, drifted):
    actions.restore_revision(drifted.revisions.get(number=1), user=editor, language="en")

    page = (
        client_for(journalist)
        .get(reverse("admin:articles_article_change", args=[drifted.pk]))
        .content.decode()
    )

    assert 'class="turan-pending__restored"' in page
    assert "Based on an older text" in page


def test_a_form_opened_before_the_restore_does_not_clear_the_mark(editor, journalist, drifted):
    before = latest(drifted).number  # what the journalist's open form is based on
    actions.restore_revision(drifted.revisions.get(number=1), user=editor, language="en")

    result = actions.save_article(
        drifted,
        {
            "body_en": "<p>English text, badly edited, and fixed twice.</p>",
            "lead_en": "A new lead.",
        },
        user=journalist,
        base_revision=before,
        hold_live=["en"],
    )

    # The restore changed the body since that form was opened: a conflict,
    # shown to the journalist with the restored text, and the mark stays.
    assert not result.saved
    assert [conflict.name for conflict in result.conflicts] == ["body_en"]
    change = PendingChange.objects.get(article=drifted, language="en")
    assert change.fields["body_en"] == "<p>English text, badly edited, and fixed.</p>"
    assert change.restored_fields == ["body_en"]
