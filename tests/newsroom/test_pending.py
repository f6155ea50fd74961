"""Pending changes of live versions (newsroom/pending.py): readers keep the
published text until an editor publishes the change; staff preview both."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article, Correction
from newsroom import actions, pending
from newsroom.history import Event
from newsroom.models import PendingChange
from public.pagecache import content_state
from tests.change_form import change_url, client_for, form_data, open_form

pytestmark = pytest.mark.django_db

LIVE_TITLE = "NATO and Azerbaijan: Contacts and Differences"
NEW_TITLE = "NATO and Azerbaijan: a Pending Headline"
NEW_BODY = "<p>English text, corrected.</p>"


@pytest.fixture
def article(make_article):
    return make_article(public=("ru", "en"), lead_en="English lead.")


def review_url(article, code):
    return reverse("admin:articles_article_pending", args=[article.pk, code])


def pending_preview_url(article, code):
    with translation.override(code):
        return reverse("newsroom:preview-pending", kwargs={"pk": article.pk})


def preview_url(article, code):
    with translation.override(code):
        return reverse("newsroom:preview", kwargs={"pk": article.pk})


def save_pending(client, article, **changes):
    changes = {"title_en": NEW_TITLE, "body_en": NEW_BODY, **changes}
    response = client.post(change_url(article), open_form(client, article, **changes))
    assert response.status_code == 302, response.context and response.context["errors"]
    return response


def version():
    return content_state()[0]


def event_kinds(article):
    return [
        (event["kind"], event["language"])
        for revision in article.revisions.order_by("number")
        for event in revision.events
    ]


def test_a_journalists_edit_of_a_live_version_waits(journalist, article):
    before = version()
    client = client_for(journalist)

    save_pending(client, article, lead_az="Azərbaycanca lid.")

    article.refresh_from_db()
    assert article.title_en == LIVE_TITLE and article.body_en == "<p>English text.</p>"
    # The Azerbaijani version is a draft: its edit is saved as before.
    assert article.lead_az == "Azərbaycanca lid."
    change = PendingChange.objects.get(article=article)
    assert (change.language, change.fields) == ("en", {"title_en": NEW_TITLE, "body_en": NEW_BODY})
    assert change.created_by == journalist
    latest = article.revisions.order_by("-number").first()
    assert latest.changed_fields == ["lead_az"]
    assert {"kind": "pending", "language": "en", "fields": change.fields} in latest.events
    # A draft's edit and a pending change: nothing readers see changed.
    assert version() == before


def test_saving_only_a_pending_change_keeps_the_content_version(journalist, article):
    before = version()
    save_pending(client_for(journalist), article)
    assert version() == before
    assert ("pending", "en") in event_kinds(article)


def test_every_public_surface_keeps_the_published_text(journalist, article, client):
    save_pending(client_for(journalist), article)
    article.refresh_from_db()

    surfaces = [
        article.get_absolute_url("en"),
        f"/en/section/{article.section.slug}/",
        "/en/",
        "/en/feed/",
        "/en/search/?q=NATO",
    ]
    for url in surfaces:
        page = client.get(url).content.decode()
        assert "Pending Headline" not in page, url
        assert "Contacts and Differences" in page, url


def test_the_form_shows_the_pending_text_with_its_notice(journalist, article):
    client = client_for(journalist)
    save_pending(client, article)

    response = client.get(change_url(article))

    form = response.context["adminform"].form
    assert form["title_en"].value() == NEW_TITLE
    assert form["body_en"].value() == NEW_BODY
    assert form["title_ru"].value() == article.title_ru
    assert "pending_change_en" in form.fields and "pending_change_ru" not in form.fields
    tabs = {tab["code"]: tab for tab in response.context["translation"]["tabs"]}
    assert tabs["en"]["has_pending"] and not tabs["ru"]["has_pending"]
    assert "pending_change" in response.context["translation"]["config"]["companions"]
    page = response.content.decode()
    assert pending_preview_url(article, "en") in page
    assert review_url(article, "en") in page
    assert "Leyla Aliyeva" in page
    # Saving the form again unchanged keeps the change as it is.
    assert client.post(change_url(article), form_data(response)).status_code == 302
    assert PendingChange.objects.get(article=article).fields["title_en"] == NEW_TITLE


def test_editing_back_to_the_live_text_drops_the_change(journalist, article):
    client = client_for(journalist)
    save_pending(client, article)
    save_pending(client, article, title_en=LIVE_TITLE, body_en="<p>English text.</p>")
    assert not PendingChange.objects.exists()
    assert ("pending_discarded", "en") in event_kinds(article)


def test_staff_preview_the_pending_change_beside_the_live_one(journalist, editor, article):
    save_pending(client_for(journalist), article)
    rauf = client_for(editor)

    live = rauf.get(preview_url(article, "en")).content.decode()
    change = rauf.get(pending_preview_url(article, "en")).content.decode()

    assert LIVE_TITLE in live and NEW_TITLE not in live
    assert pending_preview_url(article, "en") in live
    assert NEW_TITLE in change and "English text, corrected." in change
    assert preview_url(article, "en") in change
    # Nobody else reaches it; a version without a pending change has none.
    assert Client().get(pending_preview_url(article, "en")).status_code == 404
    assert rauf.get(pending_preview_url(article, "ru")).status_code == 404


def test_an_editor_publishes_it_with_the_diff_shown(journalist, editor, article):
    save_pending(client_for(journalist), article)
    rauf = client_for(editor)

    page = rauf.get(review_url(article, "en")).content.decode()
    assert "<del>Contacts and Differences</del><ins>a Pending Headline</ins>" in page
    assert "<ins>, corrected</ins>" in page
    assert 'name="_publish"' in page

    before = version()
    response = rauf.post(
        review_url(article, "en"), {"_publish": "1", "kind": "correction", "note": "Title fixed."}
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title_en, article.body_en) == (NEW_TITLE, NEW_BODY)
    assert not PendingChange.objects.exists()
    assert version() != before
    latest = article.revisions.order_by("-number").first()
    assert latest.created_by == editor
    assert set(latest.changed_fields) == {"title_en", "body_en"}
    assert {"kind": "pending_published", "language": "en"} in latest.events
    assert Correction.objects.get(article=article).note == "Title fixed."
    assert NEW_TITLE in Client().get(article.get_absolute_url("en")).content.decode()


def test_a_correction_marked_while_saving_is_told_on_publication(editor, article):
    client = client_for(editor)
    save_pending(
        client,
        article,
        hold_en="on",
        change_kind_en="correction",
        change_note_en="A name was misspelt.",
    )
    assert not Correction.objects.exists()
    change = PendingChange.objects.get()
    assert (change.correction_kind, change.correction_note) == (
        "correction",
        "A name was misspelt.",
    )

    pending.publish_pending(article, "en", user=editor)

    assert Correction.objects.get().note == "A name was misspelt."


def test_discarding_keeps_the_live_text_and_is_recorded(journalist, article):
    client = client_for(journalist)
    save_pending(client, article)

    assert client.post(review_url(article, "en"), {"_discard": "1"}).status_code == 302

    article.refresh_from_db()
    assert article.title_en == LIVE_TITLE
    assert not PendingChange.objects.exists()
    assert event_kinds(article)[-1] == ("pending_discarded", "en")


def test_a_journalist_publishes_only_with_the_small_fixes_permission(
    journalist, django_user_model, article
):
    client = client_for(journalist)
    save_pending(client, article)
    assert 'name="_publish"' not in client.get(review_url(article, "en")).content.decode()
    client.post(review_url(article, "en"), {"_publish": "1"})
    article.refresh_from_db()
    assert article.title_en == LIVE_TITLE

    journalist.user_permissions.add(Permission.objects.get(codename="publish_own_fixes"))
    journalist = django_user_model.objects.get(pk=journalist.pk)
    client = client_for(journalist)
    assert client.post(review_url(article, "en"), {"_publish": "1"}).status_code == 302
    article.refresh_from_db()
    assert article.title_en == NEW_TITLE


def test_small_fixes_are_ones_own_only(journalist, editor, django_user_model, article):
    journalist.user_permissions.add(Permission.objects.get(codename="publish_own_fixes"))
    save_pending(client_for(editor), article, hold_en="on")
    with pytest.raises(actions.PermissionDenied):
        pending.publish_pending(article, "en", user=django_user_model.objects.get(pk=journalist.pk))


def test_an_editors_save_goes_live_unless_held(editor, article):
    client = client_for(editor)
    save_pending(client, article, title_en="Straight to readers")
    article.refresh_from_db()
    assert article.title_en == "Straight to readers"
    assert not PendingChange.objects.exists()

    save_pending(client, article, hold_en="on", title_en="Held back")
    article.refresh_from_db()
    assert article.title_en == "Straight to readers"
    assert PendingChange.objects.get().fields["title_en"] == "Held back"


def test_an_editors_unrelated_save_keeps_a_pending_change(journalist, editor, article):
    save_pending(client_for(journalist), article)
    rauf = client_for(editor)
    response = rauf.get(change_url(article))
    assert response.context["adminform"].form["hold_en"].value() is True

    data = form_data(response, lead_ru="Новый лид.")
    assert rauf.post(change_url(article), data).status_code == 302

    article.refresh_from_db()
    assert article.title_en == LIVE_TITLE and article.lead_ru == "Новый лид."
    assert PendingChange.objects.get().fields["title_en"] == NEW_TITLE


def test_an_editor_unticking_publishes_the_pending_text(journalist, editor, article):
    save_pending(client_for(journalist), article)
    rauf = client_for(editor)
    data = open_form(rauf, article)
    data.pop("hold_en")
    assert rauf.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.title_en == NEW_TITLE
    assert not PendingChange.objects.exists()
    assert event_kinds(article)[-1] == ("pending_published", "en")


def test_a_scheduled_version_is_edited_directly(journalist, make_article):
    article = make_article(published_at_en=timezone.now() + timedelta(days=1))
    save_pending(client_for(journalist), article)
    article.refresh_from_db()
    assert article.title_en == NEW_TITLE
    assert not PendingChange.objects.exists()


def test_two_journalists_merge_disjoint_pending_edits(journalist, django_user_model, article):
    from newsroom.roles import JOURNALIST
    from tests.change_form import make_staff

    other = make_staff(django_user_model, "nigar", JOURNALIST, "Nigar", "Hasanova")
    leyla, nigar = client_for(journalist), client_for(other)
    hers = open_form(leyla, article, title_en=NEW_TITLE)
    theirs = open_form(nigar, article, lead_en="A pending lead.")

    assert leyla.post(change_url(article), hers).status_code == 302
    assert nigar.post(change_url(article), theirs).status_code == 302

    assert PendingChange.objects.get().fields == {
        "title_en": NEW_TITLE,
        "lead_en": "A pending lead.",
    }


def test_two_journalists_changing_the_same_pending_field_is_refused(
    journalist, django_user_model, article
):
    from newsroom.roles import JOURNALIST
    from tests.change_form import make_staff

    other = make_staff(django_user_model, "nigar", JOURNALIST, "Nigar", "Hasanova")
    leyla, nigar = client_for(journalist), client_for(other)
    hers = open_form(leyla, article, title_en=NEW_TITLE)
    theirs = open_form(nigar, article, title_en="Her other headline")
    assert leyla.post(change_url(article), hers).status_code == 302

    response = nigar.post(change_url(article), theirs)

    assert response.status_code == 200
    assert "title_en" in response.context["adminform"].form.errors
    assert "Leyla Aliyeva saved this field meanwhile" in response.content.decode()
    assert PendingChange.objects.get().fields["title_en"] == NEW_TITLE
    # Saving again from the refused form settles it.
    again = form_data(response, title_en="Settled headline")
    assert nigar.post(change_url(article), again).status_code == 302
    assert PendingChange.objects.get().fields["title_en"] == "Settled headline"


def test_autosave_restores_into_a_form_with_a_pending_change(journalist, article):
    import json

    client = client_for(journalist)
    save_pending(client, article)
    url = reverse("admin:articles_article_autosave", args=[article.pk])
    typed = [{"name": "title_en", "type": "text", "value": "Typed, not saved"}]
    assert client.post(url, {"fields": json.dumps(typed)}).status_code == 200

    page = client.get(change_url(article)).content.decode()

    assert "Typed, not saved" in page  # offered back
    assert PendingChange.objects.get().fields["title_en"] == NEW_TITLE
    article.refresh_from_db()
    assert article.title_en == LIVE_TITLE


def test_publish_pending_refuses_nothing_to_publish(editor, article):
    assert pending.publish_pending(article, "en", user=editor) is None
    assert Article.objects.get(pk=article.pk).title_en == LIVE_TITLE


def test_the_history_names_the_pending_events(journalist, editor, article):
    save_pending(client_for(journalist), article)
    pending.publish_pending(article, "en", user=editor)
    page = (
        client_for(editor)
        .get(reverse("admin:articles_article_history", args=[article.pk]))
        .content.decode()
    )
    assert str(Event.PENDING_SAVED.label) in page
    assert str(Event.PENDING_PUBLISHED.label) in page


def test_the_list_marks_versions_with_a_pending_change(journalist, editor, article):
    save_pending(client_for(journalist), article)
    page = client_for(editor).get(reverse("admin:articles_article_changelist")).content.decode()
    assert "turan-status--pending" in page
    assert review_url(article, "en") in page


@pytest.fixture
def two_quotes(db):
    from quotes.models import Quote
    from tags.models import Tag

    person = Tag.objects.create(kind=Tag.Kind.PERSON, name_ru="Расмуссен", name_en="Rasmussen")
    kept = Quote.objects.create(speaker=person, text_en="NATO keeps its door open.")
    added = Quote.objects.create(speaker=person, text_en="Partnership is a process.")
    return kept, added


def test_the_pending_preview_renders_the_quotes_the_pending_text_cites(
    journalist, editor, make_article, two_quotes
):
    kept, added = two_quotes
    article = make_article(
        public=("en",), body_en=f'<p>Live text.</p><figure data-quote="{kept.pk}"></figure>'
    )
    # The pending body drops the quote the live one places and places another.
    save_pending(
        client_for(journalist),
        article,
        body_en=f'<p>Corrected text.</p><figure data-quote="{added.pk}"></figure>',
    )
    rauf = client_for(editor)

    change = rauf.get(pending_preview_url(article, "en")).content.decode()
    live = rauf.get(preview_url(article, "en")).content.decode()

    assert "Corrected text." in change
    assert "Partnership is a process." in change
    assert "NATO keeps its door open." not in change
    # Readers' text, and the article's quotes, are as published.
    assert "NATO keeps its door open." in live and "Partnership is a process." not in live
    assert set(Article.objects.get(pk=article.pk).quotes.all()) == {kept}


def test_the_pending_preview_reads_only_the_quotes_the_live_version_lacks(
    journalist, editor, make_article, two_quotes
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    kept, added = two_quotes
    live_body = f'<p>Live text.</p><figure data-quote="{kept.pk}"></figure>'
    article = make_article(public=("en",), body_en=live_body)
    journalist_client, rauf = client_for(journalist), client_for(editor)

    def preview_queries():
        with CaptureQueriesContext(connection) as queries:
            assert rauf.get(pending_preview_url(article, "en")).status_code == 200
        return len(queries)

    save_pending(journalist_client, article, body_en=live_body)  # the title only
    preview_queries()  # the session's first reads
    title_only = preview_queries()
    save_pending(journalist_client, article, body_en=live_body.replace("Live", "Fixed"))
    assert preview_queries() == title_only  # its quote is in the live prefetch
    save_pending(
        journalist_client,
        article,
        body_en=live_body + f'<figure data-quote="{added.pk}"></figure>',
    )
    assert preview_queries() == title_only + 1  # the one new quote
