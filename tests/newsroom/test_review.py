"""Review of language versions (newsroom/workflow.py, newsroom/admin_review.py):
draft → ready for review → changes requested / approved, then scheduled /
published by the moment; who may take which step; the history; the cache."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles.models import ArticleRevision
from newsroom import actions, workflow
from newsroom.models import Note, ReviewState, VersionReview
from newsroom.workflow import ReviewRefused, Stage
from tests.change_form import FormReader, change_url, client_for, history_url

pytestmark = pytest.mark.django_db


def state(article, code):
    review = VersionReview.objects.filter(article=article, language=code).first()
    return review.state if review else ReviewState.DRAFT


@pytest.fixture
def draft(make_article):
    return make_article(title_en="", body_en="")


def test_a_version_goes_from_draft_to_review_to_approved(draft, journalist, editor):
    assert workflow.stages(draft) == {
        "ru": Stage.DRAFT,
        "az": Stage.DRAFT,
        "en": Stage.MISSING,
    }

    workflow.submit_for_review(draft, "az", user=journalist)
    assert state(draft, "az") == ReviewState.READY
    assert state(draft, "ru") == ReviewState.DRAFT  # per language

    workflow.approve_version(draft, "az", user=editor)
    assert workflow.stages(draft)["az"] == Stage.APPROVED

    actions.publish_version(draft, "az", timezone.now() + timedelta(hours=3), user=editor)
    assert workflow.stages(draft)["az"] == Stage.SCHEDULED
    actions.publish_version(draft, "az", user=editor)
    assert workflow.stages(draft)["az"] == Stage.PUBLISHED


def test_changes_requested_need_a_note_and_keep_it(draft, journalist, editor):
    workflow.submit_for_review(draft, "ru", user=journalist)

    with pytest.raises(ReviewRefused):
        workflow.request_changes(draft, "ru", "   ", user=editor)
    assert state(draft, "ru") == ReviewState.READY

    workflow.request_changes(draft, "ru", "Уточните цифры во втором абзаце.", user=editor)
    assert state(draft, "ru") == ReviewState.CHANGES_REQUESTED
    note = Note.objects.get(article=draft)
    assert (note.text, note.language, note.author) == (
        "Уточните цифры во втором абзаце.",
        "ru",
        editor,
    )

    # Sent back, then submitted again.
    workflow.submit_for_review(draft, "ru", user=journalist)
    assert state(draft, "ru") == ReviewState.READY


def test_journalists_cannot_approve_or_request_changes(draft, journalist):
    workflow.submit_for_review(draft, "ru", user=journalist)
    with pytest.raises(PermissionDenied):
        workflow.approve_version(draft, "ru", user=journalist)
    with pytest.raises(PermissionDenied):
        workflow.request_changes(draft, "ru", "Mine is fine", user=journalist)
    assert state(draft, "ru") == ReviewState.READY


def test_steps_out_of_order_are_refused(draft, journalist, editor, make_article):
    with pytest.raises(ReviewRefused):
        workflow.approve_version(draft, "ru", user=editor)  # never submitted
    with pytest.raises(ReviewRefused):
        workflow.submit_for_review(draft, "en", user=journalist)  # no text
    workflow.submit_for_review(draft, "ru", user=journalist)
    with pytest.raises(ReviewRefused):
        workflow.submit_for_review(draft, "ru", user=journalist)  # already waiting
    public = make_article(public=("ru",))
    with pytest.raises(ReviewRefused):
        workflow.submit_for_review(public, "ru", user=journalist)  # past review
    assert not VersionReview.objects.filter(article=public).exists()


def test_each_step_is_recorded_in_the_history(draft, journalist, editor):
    workflow.submit_for_review(draft, "az", user=journalist)
    workflow.request_changes(draft, "az", "Başlığı qısaldın.", user=editor)

    revisions = ArticleRevision.objects.filter(article=draft).order_by("number")
    events = [(r.created_by, r.events) for r in revisions if r.events]
    assert events[-2:] == [
        (journalist, [{"kind": "submitted", "language": "az"}]),
        (editor, [{"kind": "changes_requested", "language": "az", "note": "Başlığı qısaldın."}]),
    ]

    page = client_for(editor).get(history_url(draft)).content.decode()
    assert "Azərbaycan: submitted for review" in page
    assert "Azərbaycan: changes requested: Başlığı qısaldın." in page


# The form


def shown_form(client, article):
    response = client.get(change_url(article))
    assert response.status_code == 200
    reader = FormReader("article_form")
    reader.feed(response.content.decode())
    data = {name: values if len(values) != 1 else values[0] for name, values in reader.data.items()}
    return response, data


def test_the_form_offers_each_role_its_steps(draft, journalist, editor):
    response, _data = shown_form(client_for(journalist), draft)
    page = response.content.decode()
    assert 'name="_review" value="submit:ru"' in page
    assert 'name="_review" value="submit:az"' in page
    assert 'value="submit:en"' not in page  # no English text yet
    assert "approve:" not in page

    workflow.submit_for_review(draft, "ru", user=journalist)
    page = client_for(editor).get(change_url(draft)).content.decode()
    assert 'name="_review" value="approve:ru"' in page
    assert 'name="_review" value="request_changes:ru"' in page
    assert 'name="review_note_ru"' in page
    assert 'value="approve:az"' not in page  # not submitted
    assert "turan-status--ready" in page


def test_submitting_from_the_form_saves_then_submits(draft, journalist):
    client = client_for(journalist)
    _response, data = shown_form(client, draft)
    data.update(title_az="Yeni başlıq", _review="submit:az")

    response = client.post(change_url(draft), data)

    assert response.status_code == 302 and response["Location"] == change_url(draft)
    draft.refresh_from_db()
    assert draft.title_az == "Yeni başlıq"
    assert state(draft, "az") == ReviewState.READY
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "Saved and submitted for review: the Azerbaijani version." in messages


def test_a_forged_approval_by_a_journalist_is_refused(draft, journalist):
    workflow.submit_for_review(draft, "ru", user=journalist)
    client = client_for(journalist)
    _response, data = shown_form(client, draft)
    data["_review"] = "approve:ru"

    response = client.post(change_url(draft), data, follow=True)

    assert state(draft, "ru") == ReviewState.READY
    assert "You may not take this review step." in response.content.decode()


def test_requesting_changes_from_the_form_needs_the_note(draft, journalist, editor):
    workflow.submit_for_review(draft, "ru", user=journalist)
    client = client_for(editor)
    _response, data = shown_form(client, draft)
    data["_review"] = "request_changes:ru"

    refused = client.post(change_url(draft), data, follow=True)
    assert state(draft, "ru") == ReviewState.READY
    assert "the note is required" in refused.content.decode()

    data["review_note_ru"] = "Нужен источник для цитаты."
    client.post(change_url(draft), data)
    assert state(draft, "ru") == ReviewState.CHANGES_REQUESTED
    page = client.get(change_url(draft)).content.decode()
    assert "Нужен источник для цитаты." in page  # among the internal notes


def test_the_list_shows_review_states_per_language(admin_client, draft, journalist):
    workflow.submit_for_review(draft, "az", user=journalist)

    page = admin_client.get("/admin/articles/article/").content.decode()

    assert "turan-status--ready" in page
    assert "на проверке" in page  # the admin client reads Russian


def test_a_journalists_edit_takes_back_the_approval_of_that_version(draft, journalist, editor):
    for code in ("ru", "az"):
        workflow.submit_for_review(draft, code, user=journalist)
        workflow.approve_version(draft, code, user=editor)

    actions.save_article(draft, {"body_az": "<p>Yeni mətn.</p>"}, user=journalist)

    assert state(draft, "az") == ReviewState.DRAFT
    assert state(draft, "ru") == ReviewState.APPROVED  # not edited
    latest = ArticleRevision.objects.filter(article=draft).order_by("-number").first()
    assert {"kind": "reopened", "language": "az"} in latest.events

    # An editor's own edit keeps the approval.
    actions.save_article(draft, {"title_ru": "Уточнённый заголовок"}, user=editor)
    assert state(draft, "ru") == ReviewState.APPROVED


def test_a_new_article_can_be_saved_and_submitted_at_once(journalist, make_section):
    from django.urls import reverse

    from articles.models import Article

    client = client_for(journalist)
    reader = FormReader("article_form")
    reader.feed(client.get(reverse("admin:articles_article_add")).content.decode())
    data = {k: v if len(v) != 1 else v[0] for k, v in reader.data.items()}
    data.update(
        section=make_section().pk,
        title_en="Gas prices",
        body_en="<p>Up again.</p>",
        _review="submit:en",
    )

    response = client.post(reverse("admin:articles_article_add"), data)

    article = Article.objects.get(title_en="Gas prices")
    assert response["Location"] == change_url(article)
    assert state(article, "en") == ReviewState.READY
