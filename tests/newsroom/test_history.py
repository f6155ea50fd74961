"""History: a revision per save (who, when, what, per language), publication events,
per-language comparison of any two revisions, and restore as a new revision."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.utils import timezone

from articles.models import Article, ArticleRevision, Byline
from authors.models import Author
from newsroom.history import compare, record_revision
from tags.models import Tag
from tests.change_form import (
    change_url,
    client_for,
    compare_url,
    history_url,
    open_form,
    restore_url,
)

pytestmark = pytest.mark.django_db

BAKU = ZoneInfo("Asia/Baku")
LIST_URL = "/admin/articles/article/"


@pytest.fixture
def article(make_article):
    return make_article()


def revisions(article):
    return list(ArticleRevision.objects.filter(article=article).order_by("number"))


def test_creating_an_article_records_the_first_revision(article):
    (first,) = revisions(article)

    assert first.number == 1
    assert first.kind == ArticleRevision.Kind.CREATED
    assert first.created_by is None  # saved outside the admin
    assert {"title_ru", "title_az", "title_en", "body_en", "section"} <= set(first.changed_fields)
    assert first.snapshot["title_en"] == article.title_en
    assert first.snapshot["section"] == article.section_id


def test_admin_save_records_who_changed_what_in_which_language(journalist, article):
    tag = Tag.objects.create(kind=Tag.Kind.PLACE, name_en="Karabakh")
    client = client_for(journalist)
    data = open_form(
        client, article, title_az="Yeni başlıq", body_en="<p>New text.</p>", tags=[str(tag.pk)]
    )

    with time_machine.travel(datetime(2017, 11, 25, 12, 51, tzinfo=BAKU), tick=False):
        assert client.post(change_url(article), data).status_code == 302

    latest = revisions(article)[-1]
    assert latest.number == 2
    assert latest.created_by == journalist
    assert latest.created_at == datetime(2017, 11, 25, 12, 51, tzinfo=BAKU)
    assert latest.changed_fields == ["title_az", "body_en", "tags"]
    assert latest.snapshot["tags"] == [tag.pk]
    assert latest.events == []

    page = client.get(history_url(article)).content.decode()
    row = page[page.index('id="revision-2"') :]
    row = row[: row.index("</tr>")]
    assert "Leyla Aliyeva" in row
    assert "12:51" in row  # Baku time
    assert '<b lang="az">Azərbaycan</b>: Title' in row
    assert '<b lang="en">English</b>: Body' in row
    assert "<b>All languages</b>: Tags" in row


def test_saving_without_changes_records_nothing(journalist, article):
    client = client_for(journalist)

    assert client.post(change_url(article), open_form(client, article)).status_code == 302

    assert len(revisions(article)) == 1


def test_bylines_are_in_the_snapshot_in_order(journalist, article):
    first = Author.objects.create(name_en="First", slug="first")
    second = Author.objects.create(name_en="Second", slug="second")
    client = client_for(journalist)
    data = open_form(client, article)
    data.update(
        {
            "bylines-TOTAL_FORMS": "2",
            "bylines-0-author": str(second.pk),
            "bylines-0-position": "0",
            "bylines-1-author": str(first.pk),
            "bylines-1-position": "1",
        }
    )

    assert client.post(change_url(article), data).status_code == 302

    latest = revisions(article)[-1]
    assert latest.snapshot["authors"] == [second.pk, first.pk]
    assert latest.changed_fields == ["authors"]


def test_history_page_needs_a_staff_member_who_may_see_articles(client, article, django_user_model):
    assert client.get(history_url(article)).status_code == 302  # to the login
    idle = django_user_model.objects.create_user("idle", password="x", is_staff=True)
    client.force_login(idle)

    assert client.get(history_url(article)).status_code == 403


# Publication events


def test_publication_events_are_recorded_with_who(editor, article):
    client = client_for(editor)
    tomorrow = (timezone.now() + timedelta(days=1)).astimezone(BAKU)
    data = open_form(
        client,
        article,
        published_at_en_0=tomorrow.strftime("%Y-%m-%d"),
        published_at_en_1="09:00:00",
    )
    if "schedule_en" in data:  # the editorial workflow's "publish at" choice
        data["schedule_en"] = "at"

    assert client.post(change_url(article), data).status_code == 302

    latest = revisions(article)[-1]
    assert latest.created_by == editor
    assert latest.changed_fields == ["published_at_en"]
    [event] = latest.events
    assert event["kind"] == "scheduled" and event["language"] == "en"
    moment = datetime.fromisoformat(event["moment"])
    assert moment == tomorrow.replace(hour=9, minute=0, second=0, microsecond=0)
    page = client.get(history_url(article)).content.decode()
    assert "English: scheduled" in page and "Rauf Mammadov" in page


def test_published_rescheduled_unpublished(editor, article):
    now = timezone.now()
    steps = [
        (now - timedelta(minutes=1), "published"),
        (now + timedelta(days=2), "rescheduled"),
        (now - timedelta(hours=1), "published"),  # moved from the future to now
        (None, "unpublished"),
    ]
    for moment, kind in steps:
        article.published_at_az = moment
        article.save(record_revision=False)
        revision = record_revision(article, editor)
        assert [(e["kind"], e["language"]) for e in revision.events] == [(kind, "az")]
        assert revision.created_by == editor


def test_unpublishing_from_the_list_names_the_editor(editor, make_article):
    article = make_article(public=["en"])
    client = client_for(editor)

    response = client.post(
        LIST_URL, {"action": "unpublish_en", "_selected_action": [str(article.pk)], "post": "yes"}
    )

    assert response.status_code == 302
    latest = revisions(article)[-1]
    assert [(e["kind"], e["language"]) for e in latest.events] == [("unpublished", "en")]
    assert latest.created_by == editor


# Comparing


def test_compare_shows_a_per_language_word_diff(journalist, article):
    client = client_for(journalist)
    data = open_form(
        client,
        article,
        title_en="NATO and Azerbaijan: Contacts <script>alert(1)</script>",
        body_ru="<p>Русский текст, дополненный.</p><ul><li>пункт</li></ul>",
    )
    assert client.post(change_url(article), data).status_code == 302

    response = client.get(compare_url(article, 1, 2))

    assert response.status_code == 200
    groups = response.context["groups"]
    assert [group["code"] for group in groups] == ["ru", "en"]
    assert [row["name"] for row in groups[0]["rows"]] == ["body_ru"]
    assert [row["name"] for row in groups[1]["rows"]] == ["title_en"]
    page = response.content.decode()
    # Stored text is escaped, never injected.
    assert "<script>alert(1)</script>" not in page
    assert "<ins>&lt;</ins>" in page or "&lt;script&gt;" in page
    assert "<del>and</del><ins>Contacts</ins>" not in page  # words, not characters
    # The body is compared as text: tags become lines, not markup.
    body = str(groups[0]["rows"][0]["diff"])
    assert body == "Русский текст<ins>, дополненный</ins>.<ins>\n• пункт</ins>"


def test_compare_any_two_revisions_in_either_order(journalist, article):
    client = client_for(journalist)
    for title in ["Second", "Third"]:
        client.post(change_url(article), open_form(client, article, title_en=title))

    forwards = client.get(compare_url(article, 1, 3))
    backwards = client.get(compare_url(article, 3, 1))

    for response in (forwards, backwards):
        [group] = response.context["groups"]
        assert str(group["rows"][0]["diff"]) == (
            "<del>NATO and Azerbaijan: Contacts and Differences</del><ins>Third</ins>"
        )
    assert client.get(compare_url(article, 1, 9)).status_code == 404


def test_compare_names_shared_fields(make_section):
    other = make_section(name_en="Economy", name_ru="Экономика")
    old = {"section": 1, "tags": [], "title_en": "A"}
    new = {"section": other.pk, "tags": [], "title_en": "A"}

    [group] = compare(old, new)

    assert group["code"] is None
    assert group["rows"][0]["label"] == "Section"
    assert "Экономика" in str(group["rows"][0]["diff"]) or "Economy" in str(
        group["rows"][0]["diff"]
    )


# Restoring


def test_restore_writes_the_old_content_and_records_a_new_revision(journalist, editor, article):
    client = client_for(editor)  # who may remove a byline
    tag = Tag.objects.create(kind=Tag.Kind.PLACE, name_en="Karabakh")
    author = Author.objects.create(name_en="Turan", slug="turan")
    Byline.objects.create(article=article, author=author)
    article.save()  # revision 2: the byline
    data = open_form(
        client, article, title_en="Changed", body_az="<p>Dəyişdi.</p>", tags=[str(tag.pk)]
    )
    data["bylines-0-DELETE"] = "on"
    assert client.post(change_url(article), data).status_code == 302
    assert revisions(article)[-1].number == 3

    client = client_for(journalist)
    confirm = client.get(restore_url(article, 2))
    assert confirm.status_code == 200
    assert "Changed" in confirm.content.decode()
    response = client.post(restore_url(article, 2))

    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    article.refresh_from_db()
    assert article.title_en == "NATO and Azerbaijan: Contacts and Differences"
    assert article.body_az == "<p>Azərbaycanca mətn.</p>"
    assert list(article.tags.all()) == []
    assert list(article.authors.all()) == [author]
    latest = revisions(article)[-1]
    assert latest.number == 4
    assert latest.kind == ArticleRevision.Kind.RESTORED
    assert latest.restored_from == 2
    assert latest.created_by == journalist
    assert set(latest.changed_fields) == {"title_en", "body_az", "tags", "authors"}
    assert latest.snapshot == {**revisions(article)[1].snapshot}
    page = client.get(history_url(article)).content.decode()
    assert "Restored from #2" in page


def test_restore_is_post_only_with_change_permission(journalist, article, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = client_for(viewer)

    assert client.get(history_url(article)).status_code == 200
    assert client.get(restore_url(article, 1)).status_code == 403
    assert client.post(restore_url(article, 1)).status_code == 403
    assert client_for(journalist).get(restore_url(article, 7)).status_code == 404


def test_restore_needs_the_csrf_token(journalist, article):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(journalist)

    assert client.post(restore_url(article, 1)).status_code == 403


def test_journalist_restore_keeps_the_publication_moments(journalist, editor, article):
    publish = client_for(editor)
    past = (timezone.now() - timedelta(hours=1)).astimezone(BAKU)
    data = open_form(
        publish,
        article,
        title_en="Published title",
        published_at_en_0=past.strftime("%Y-%m-%d"),
        published_at_en_1=past.strftime("%H:%M:%S"),
        backdate_en="on",
    )
    if "schedule_en" in data:
        data["schedule_en"] = "at"
    assert publish.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    moment = article.published_at_en
    assert moment is not None

    client = client_for(journalist)
    confirm = client.get(restore_url(article, 1)).content.decode()
    assert "The publication moments stay as they are now" in confirm
    assert client.post(restore_url(article, 1)).status_code == 302

    # The English version is live: the restored title waits as a pending change.
    article.refresh_from_db()
    assert article.title_en == "Published title"
    assert article.pending_changes.get().fields == {
        "title_en": "NATO and Azerbaijan: Contacts and Differences"
    }
    assert article.published_at_en == moment
    latest = revisions(article)[-1]
    assert [event["kind"] for event in latest.events] == ["pending"]
    assert latest.changed_fields == []


def test_editor_restore_also_restores_the_moments(editor, make_article):
    article = make_article()
    article.published_at_en = timezone.now() - timedelta(hours=1)
    article.save()

    client = client_for(editor)
    assert client.post(restore_url(article, 1)).status_code == 302

    article.refresh_from_db()
    assert article.published_at_en is None
    latest = revisions(article)[-1]
    assert [(e["kind"], e["language"]) for e in latest.events] == [("unpublished", "en")]
    assert latest.created_by == editor


def test_restore_refuses_a_moment_without_text(journalist, make_article):
    article = make_article(title_en="")
    article.title_en = "Now with a title"
    article.published_at_en = timezone.now() - timedelta(hours=1)
    article.save()

    client = client_for(journalist)
    response = client.post(restore_url(article, 1), follow=True)

    assert "cannot be restored" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title_en == "Now with a title"
    assert len(revisions(article)) == 2


def test_history_links_from_the_change_form(journalist, article):
    page = client_for(journalist).get(change_url(article)).content.decode()

    assert f'href="{history_url(article)}"' in page
