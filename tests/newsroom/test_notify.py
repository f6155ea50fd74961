"""Review and translation mail (newsroom/notify.py), read from a real SMTP
server (tests/mail.py): who is told, in which language, after commit, and a
mail server that fails never fails the step."""

import logging

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse

from articles.models import Article, Byline
from authors.models import Author
from newsroom import actions, workflow
from newsroom.models import ReviewState, StaffLanguage, VersionReview
from newsroom.roles import EDITOR, JOURNALIST
from tests.change_form import FormReader, change_url, client_for, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model):
    def staff(username, group, first, last):
        user = make_staff(django_user_model, username, group, first, last)
        user.email = f"{username}@turan.example"
        user.save()
        return user

    return {
        "leyla": staff("leyla", JOURNALIST, "Leyla", "Aliyeva"),
        "rauf": staff("rauf", EDITOR, "Rauf", "Mammadov"),
        "nigar": staff("nigar", EDITOR, "Nigar", "Hasanova"),
        "tural": staff("tural", JOURNALIST, "Tural", "Quliyev"),
        "root": django_user_model.objects.create_superuser("root", "root@turan.example", "x"),
    }


@pytest.fixture
def article(make_article):
    return make_article(title_en="", body_en="")


def subjects(mailbox, address):
    return sorted(str(message["Subject"]).strip() for message in mailbox.to(address))


def test_a_submission_is_mailed_to_the_editors_in_their_language(
    mail_server, people, article, django_capture_on_commit_callbacks
):
    StaffLanguage.objects.create(user=people["rauf"], language="ru")

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_for_review(article, "az", user=people["leyla"])

    messages = mail_server.wait_for(2)
    assert sorted(m["X-Envelope-To"] for m in messages) == [
        "nigar@turan.example",
        "rauf@turan.example",
    ]  # the editors; neither the journalist herself nor a superuser outside the group
    [to_rauf] = mail_server.to("rauf@turan.example")
    assert to_rauf["Subject"].strip() == (
        "На проверку (азербайджанский): NATO və Azərbaycan: təmaslar və fikir ayrılıqları"
    )
    assert "Leyla Aliyeva" in to_rauf.get_content()
    assert change_url(article) in to_rauf.get_content()
    # Nigar chose no admin language: the version's.
    [to_nigar] = mail_server.to("nigar@turan.example")
    assert to_nigar["Subject"].strip().startswith("Yoxlamaya (azərbaycan):")


def test_an_answer_is_mailed_to_the_versions_authors(
    mail_server, people, article, django_capture_on_commit_callbacks
):
    author = Author.objects.create(name_en="Tural Quliyev", slug="tural", user=people["tural"])
    Byline.objects.create(article=article, author=author)
    StaffLanguage.objects.create(user=people["leyla"], language="en")
    workflow.submit_for_review(article, "ru", user=people["leyla"])

    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_changes(article, "ru", "Проверьте даты.", user=people["rauf"])

    mail_server.wait_for(2)
    [to_leyla] = mail_server.to("leyla@turan.example")  # she submitted it
    assert to_leyla["Subject"].strip() == (
        "Changes requested (Russian): НАТО и Азербайджан: контакты и разногласия"
    )
    assert "Проверьте даты." in to_leyla.get_content()
    assert "Rauf Mammadov" in to_leyla.get_content()
    [to_tural] = mail_server.to("tural@turan.example")  # his byline; Russian version
    assert to_tural["Subject"].strip().startswith("Запрошены правки (русский):")
    assert mail_server.to("rauf@turan.example") == []

    workflow.submit_for_review(article, "ru", user=people["leyla"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve_version(article, "ru", user=people["nigar"])
    mail_server.wait_for(4)
    assert "Approved (Russian): НАТО и Азербайджан: контакты и разногласия" in subjects(
        mail_server, "leyla@turan.example"
    )


def test_without_bylines_or_submitter_the_creator_is_the_author(
    mail_server, people, make_section, django_capture_on_commit_callbacks
):
    result = actions.save_article(
        Article(),
        {"title_en": "Gas prices", "body_en": "<p>Up.</p>", "section": make_section().pk},
        user=people["tural"],
    )
    article = result.article
    VersionReview.objects.create(
        article=article, language="en", state=ReviewState.READY, changed_at=article.created_at
    )

    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve_version(article, "en", user=people["rauf"])

    [message] = mail_server.wait_for(1)
    assert message["X-Envelope-To"] == "tural@turan.example"
    assert message["Subject"].strip() == "Approved (English): Gas prices"


def test_an_outdated_translation_is_mailed_to_its_translator(
    mail_server, people, article, django_capture_on_commit_callbacks
):
    # Leyla translates into Azerbaijani; Rauf later changes the Russian original.
    actions.save_article(article, {"body_az": "<p>Tərcümə.</p>"}, user=people["leyla"])

    with django_capture_on_commit_callbacks(execute=True):
        actions.save_article(article, {"body_ru": "<p>Новый текст.</p>"}, user=people["rauf"])

    mail_server.wait_for(1)
    [message] = mail_server.to("leyla@turan.example")
    assert message["Subject"].strip() == (
        "Tərcümə köhnəlib (azərbaycan): NATO və Azərbaycan: təmaslar və fikir ayrılıqları"
    )
    assert change_url(article) in message.get_content()

    # Saved again while already outdated: no second message.
    with django_capture_on_commit_callbacks(execute=True):
        actions.save_article(article, {"lead_ru": "Лид."}, user=people["rauf"])
    assert len(mail_server.messages) == 1


def test_a_rolled_back_step_sends_nothing(mail_server, people, article):
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.submit_for_review(article, "ru", user=people["leyla"])
        raise RuntimeError
    assert VersionReview.objects.filter(article=article).count() == 0
    assert mail_server.messages == []


def test_a_failing_mail_server_never_fails_the_step(
    mail_server, people, article, django_capture_on_commit_callbacks, caplog
):
    mail_server.refuse()
    with caplog.at_level(logging.ERROR, logger="newsroom.notify"):
        with django_capture_on_commit_callbacks(execute=True):
            workflow.submit_for_review(article, "ru", user=people["leyla"])

    assert VersionReview.objects.get(article=article, language="ru").state == ReviewState.READY
    assert "Newsroom mail not delivered" in caplog.text
    mail_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve_version(article, "ru", user=people["rauf"])
    assert VersionReview.objects.get(article=article, language="ru").state == ReviewState.APPROVED


@pytest.mark.django_db(transaction=True)
def test_the_admin_warns_when_the_mail_could_not_leave(mail_server, make_article):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    editor = make_staff(User, "rauf", EDITOR, "Rauf", "Mammadov")
    editor.email = "rauf@turan.example"
    editor.save()
    journalist = make_staff(User, "leyla", JOURNALIST, "Leyla", "Aliyeva")
    assert Group.objects.filter(name=EDITOR).exists()
    article = make_article(title_en="", body_en="")
    client = client_for(journalist)
    reader = FormReader("article_form")
    reader.feed(client.get(change_url(article)).content.decode())
    data = {k: v if len(v) != 1 else v[0] for k, v in reader.data.items()}
    data.update(title_ru="Новый заголовок", _review="submit:ru")
    mail_server.stop()

    response = client.post(change_url(article), data, follow=True)

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title_ru == "Новый заголовок"
    assert VersionReview.objects.get(article=article, language="ru").state == ReviewState.READY
    page = response.content.decode()
    assert "the notification mail could not be sent" in page


def test_choosing_the_admin_language_is_kept_for_mail(people):
    client = client_for(people["rauf"])
    client.post(
        reverse("admin:interface_language"), {"language": "az", "next": reverse("admin:index")}
    )
    assert StaffLanguage.objects.get(user=people["rauf"]).language == "az"
