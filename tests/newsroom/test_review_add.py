"""Submit for review from the add form (newsroom/admin_review.py): a journalist's
new article is saved, then the chosen version, or every version with its text,
goes to the editors, who are told by mail (a real SMTP server, tests/mail.py)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import Article
from newsroom.models import ReviewState, VersionReview
from newsroom.roles import EDITOR
from tests.change_form import FormReader, change_url, client_for, make_staff

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


def add_form(client):
    response = client.get(ADD_URL)
    assert response.status_code == 200
    reader = FormReader("article_form")
    reader.feed(response.content.decode())
    data = {name: values if len(values) != 1 else values[0] for name, values in reader.data.items()}
    return response.content.decode(), data


def states(article):
    return dict(VersionReview.objects.filter(article=article).values_list("language", "state"))


@pytest.fixture
def editors(django_user_model):
    rauf = make_staff(django_user_model, "rauf", EDITOR, "Rauf", "Mammadov")
    rauf.email = "rauf@turan.example"
    rauf.save()
    return [rauf]


def test_a_journalist_sees_submit_for_review_on_the_add_form(journalist):
    page, _data = add_form(client_for(journalist))

    for code in ("ru", "az", "en"):
        assert f'name="_review" value="submit:{code}"' in page
    assert 'name="_review" value="submit:all"' in page
    assert "Submit every version with its text" in page
    assert "Save the article to send it for review." not in page
    assert "approve:" not in page


def test_without_the_right_to_change_articles_there_is_nothing_to_submit(django_user_model):
    adder = django_user_model.objects.create_user("adder", password="x", is_staff=True)
    adder.user_permissions.add(Permission.objects.get(codename="add_article"))

    page, _data = add_form(client_for(adder))

    assert 'name="_review"' not in page
    assert "Save the article to send it for review." in page


def test_every_version_with_its_text_is_saved_then_submitted_and_mailed(
    journalist, editors, make_section, mail_server, django_capture_on_commit_callbacks
):
    client = client_for(journalist)
    _page, data = add_form(client)
    data.update(
        section=make_section().pk,
        title_ru="Цены на газ",
        body_ru="<p>Снова растут.</p>",
        title_az="Qaz qiymətləri",
        body_az="<p>Yenə artır.</p>",
        title_en="Gas prices",  # no English body: not a version yet
        _review="submit:all",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, data)

    article = Article.objects.get(title_ru="Цены на газ")
    assert response.status_code == 302 and response["Location"] == change_url(article)
    assert states(article) == {"ru": ReviewState.READY, "az": ReviewState.READY}
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "Saved and submitted for review: Russian, Azerbaijani." in messages
    delivered = mail_server.wait_for(2)
    assert {m["X-Envelope-To"] for m in delivered} == {"rauf@turan.example"}
    subjects = " ".join(str(m["Subject"]) for m in delivered)
    assert "Цены на газ" in subjects and "Qaz qiymətləri" in subjects


def test_one_chosen_version_is_submitted_and_the_others_stay_drafts(
    journalist, editors, make_section, mail_server, django_capture_on_commit_callbacks
):
    client = client_for(journalist)
    _page, data = add_form(client)
    data.update(
        section=make_section().pk,
        title_ru="Цены на газ",
        body_ru="<p>Снова растут.</p>",
        title_az="Qaz qiymətləri",
        body_az="<p>Yenə artır.</p>",
        _review="submit:az",
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(ADD_URL, data)

    article = Article.objects.get(title_ru="Цены на газ")
    assert states(article) == {"az": ReviewState.READY}
    [message] = mail_server.wait_for(1)
    assert "Qaz qiymətləri" in str(message["Subject"])


def test_submitting_a_new_article_without_any_text_saves_it_and_says_why(journalist, make_section):
    client = client_for(journalist)
    _page, data = add_form(client)
    data.update(section=make_section().pk, title_ru="Только заголовок", _review="submit:all")

    response = client.post(ADD_URL, data, follow=True)

    article = Article.objects.get(title_ru="Только заголовок")
    assert states(article) == {}
    assert "Saved, but not submitted: no version has both its title and its body yet." in (
        response.content.decode()
    )


def test_submitting_every_version_goes_on_past_one_refused(journalist, make_article, monkeypatch):
    from newsroom import workflow

    article = make_article(title_en="", body_en="")
    client = client_for(journalist)
    reader = FormReader("article_form")
    reader.feed(client.get(change_url(article)).content.decode())
    data = {k: v if len(v) != 1 else v[0] for k, v in reader.data.items()}
    data["_review"] = "submit:all"
    # Someone submitted the Russian version between the stages read and its step.
    submit = workflow.submit_for_review

    def racing(obj, code, *, user):
        if code == "ru":
            submit(obj, code, user=user)
        return submit(obj, code, user=user)

    monkeypatch.setattr(workflow, "submit_for_review", racing)

    response = client.post(change_url(article), data, follow=True)

    assert states(article) == {"ru": ReviewState.READY, "az": ReviewState.READY}
    page = response.content.decode()
    assert "Saved. The Russian version is ready for review" in page
    assert "Saved and submitted for review: Azerbaijani." in page
