"""Autosave of the article form: per person, on the server, never a public write."""

import json
from datetime import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.dates import BAKU
from newsroom.models import Autosave
from public.pagecache import content_state
from tests.change_form import change_url, client_for, make_staff, open_form

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
ADD_AUTOSAVE = reverse("admin:articles_article_autosave_add")


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


def typed(title="Черновик, набранный до обеда", body="<p>Пять абзацев текста.</p>"):
    return json.dumps(
        [
            {"name": "title_ru", "type": "text", "value": title},
            {"name": "body_ru", "type": "textarea", "value": body},
            {"name": "section", "type": "select-one", "options": [["1", "Аналитика"]]},
            {"name": "translation_checked_az", "type": "checkbox", "value": "on", "checked": True},
        ]
    )


def offer(response):
    """The autosave's configuration on the form page, as autosave.js reads it."""
    html = response.content.decode()
    start = html.index('<script id="turan-autosave" type="application/json">')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


@pytest.fixture
def article(make_article):
    return make_article(public=["ru"])


def test_the_form_is_kept_and_offered_back_with_its_baku_time(journalist, article):
    with time_machine.travel(datetime(2026, 12, 2, 14, 32, 5, tzinfo=BAKU), tick=False):
        client = client_for(journalist)
        response = client.post(autosave_url(article), {"fields": typed()})
        assert response.status_code == 200
        assert response.json()["status"] == "Autosaved at 14:32 (Baku time)"
        config = offer(client.get(change_url(article)))

    assert config["url"] == autosave_url(article)
    assert config["interval"] == 30
    assert config["offer"]["restore"] == "Restore autosave from 14:32"
    assert "14:32 (Baku time)" in config["offer"]["text"]
    assert config["offer"]["fields"][0] == {
        "name": "title_ru",
        "type": "text",
        "value": "Черновик, набранный до обеда",
    }
    # Only the copy changed: the article is as it was.
    article.refresh_from_db()
    assert article.title_ru == "НАТО и Азербайджан: контакты и разногласия"


def test_the_offer_is_in_the_admins_language_and_shows_the_day_when_older(journalist, article):
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    with time_machine.travel(datetime(2026, 12, 1, 9, 5, tzinfo=BAKU), tick=False):
        client.force_login(journalist)
        client.post(autosave_url(article), {"fields": typed()})
    with time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=BAKU), tick=False):
        client.force_login(journalist)
        config = offer(client.get(change_url(article)))

    assert config["offer"]["restore"] == "Восстановить автосохранение от 01.12.2026 09:05"
    assert config["strings"]["discard"] == "Отбросить"


def test_each_person_has_their_own_copy(journalist, editor, article):
    mine, theirs = client_for(journalist), client_for(editor)
    mine.post(autosave_url(article), {"fields": typed("Моя версия")})
    theirs.post(autosave_url(article), {"fields": typed("Версия редактора")})

    assert offer(mine.get(change_url(article)))["offer"]["fields"][0]["value"] == "Моя версия"
    assert offer(theirs.get(change_url(article)))["offer"]["fields"][0]["value"] == (
        "Версия редактора"
    )
    assert Autosave.objects.count() == 2
    # Discarding one's own copy leaves the other's.
    assert mine.post(autosave_url(article), {"discard": "1"}).status_code == 204
    assert offer(mine.get(change_url(article)))["offer"] is None
    assert offer(theirs.get(change_url(article)))["offer"] is not None


def test_a_later_autosave_replaces_the_earlier_one(journalist, article):
    client = client_for(journalist)
    client.post(autosave_url(article), {"fields": typed("Первый набросок")})
    client.post(autosave_url(article), {"fields": typed("Второй набросок")})

    assert Autosave.objects.get().fields[0]["value"] == "Второй набросок"


def test_autosaving_changes_no_content_version_and_the_table_has_no_trigger(journalist, article):
    client = client_for(journalist)
    before = content_state()[0]
    assert client.post(autosave_url(article), {"fields": typed()}).status_code == 200
    assert client.post(autosave_url(article), {"fields": typed("Ещё")}).status_code == 200
    assert client.post(autosave_url(article), {"discard": "1"}).status_code == 204

    assert content_state()[0] == before
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'newsroom_autosave'::regclass "
            "AND NOT tgisinternal"
        )
        assert cursor.fetchone()[0] == 0


def test_autosave_needs_the_csrf_token(journalist, article):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(journalist)
    assert client.post(autosave_url(article), {"fields": typed()}).status_code == 403
    assert not Autosave.objects.exists()

    client.get(change_url(article))  # sets the CSRF cookie, as the form page does
    token = client.cookies["csrftoken"].value
    response = client.post(autosave_url(article), {"fields": typed(), "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert Autosave.objects.count() == 1


def test_autosave_refuses_a_form_too_long_to_keep(journalist, article, settings):
    settings.AUTOSAVE_MAX_BYTES = 2000
    client = client_for(journalist)
    response = client.post(autosave_url(article), {"fields": typed(body="<p>" + "я" * 1000)})

    assert response.status_code == 413
    assert response.json()["error"] == "This form is too long to be kept automatically."
    assert not Autosave.objects.exists()
    assert client.post(autosave_url(article), {"fields": typed()}).status_code == 200


@pytest.mark.parametrize(
    "fields",
    [
        "not json",
        json.dumps({"name": "title_ru"}),
        json.dumps([{"name": 3, "value": "x"}]),
        json.dumps([{"name": "title_ru", "value": ["x"]}]),
        json.dumps([{"name": "section", "options": [["1"]]}]),
        json.dumps([{"name": "x", "value": "y"}] * 2001),
    ],
)
def test_autosave_refuses_what_the_form_never_sends(journalist, article, fields):
    response = client_for(journalist).post(autosave_url(article), {"fields": fields})

    assert response.status_code == 400
    assert not Autosave.objects.exists()


def test_only_someone_who_may_change_the_article_autosaves_it(
    django_user_model, article, make_article
):
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = client_for(viewer)
    assert client.post(autosave_url(article), {"fields": typed()}).status_code == 403
    assert client.post(ADD_AUTOSAVE, {"fields": typed()}).status_code == 403
    # Nor is anything offered, or posted, on a page they may only read.
    assert b'id="turan-autosave"' not in client.get(change_url(article)).content

    reader = Client()
    response = reader.post(autosave_url(article), {"fields": typed()})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client_for(make_staff(django_user_model, "x", "Journalist")).post(
        reverse("admin:articles_article_autosave", args=[987654]), {"fields": typed()}
    ).status_code in (302, 404)
    assert (
        client_for(make_staff(django_user_model, "y", "Journalist"))
        .get(autosave_url(article))
        .status_code
        == 405
    )
    assert not Autosave.objects.exists()


def test_a_real_save_deletes_the_copy(journalist, article, editor):
    client = client_for(journalist)
    client.post(autosave_url(article), {"fields": typed()})
    client_for(editor).post(autosave_url(article), {"fields": typed("Редактор")})

    data = open_form(client, article, title_ru="Сохранено по-настоящему")
    response = client.post(change_url(article), data)

    assert response.status_code == 302
    # Only the saver's copy goes; the editor's own is still theirs.
    assert list(Autosave.objects.values_list("user__username", flat=True)) == ["rauf"]
    assert offer(client.get(change_url(article)))["offer"] is None


def test_a_refused_save_counts_as_unsaved_and_offers_nothing(journalist, article):
    client = client_for(journalist)
    client.post(autosave_url(article), {"fields": typed()})
    data = open_form(client, article, title_ru="", body_ru="")

    config = offer(client.post(change_url(article), data))

    assert config["unsaved"] is True and config["offer"] is None
    assert Autosave.objects.count() == 1


def test_the_add_form_is_kept_too_and_saving_the_article_ends_it(journalist, make_section):
    section = make_section()
    client = client_for(journalist)
    assert client.post(ADD_AUTOSAVE, {"fields": typed("Новая статья")}).status_code == 200

    config = offer(client.get(ADD_URL))
    assert config["url"] == ADD_AUTOSAVE
    assert config["offer"]["fields"][0]["value"] == "Новая статья"

    data = open_form_add(client, section)
    assert client.post(ADD_URL, data).status_code == 302
    assert not Autosave.objects.exists()


def open_form_add(client, section):
    from tests.change_form import form_data

    return form_data(
        client.get(ADD_URL),
        title_ru="Новая статья",
        body_ru="<p>Текст.</p>",
        section=str(section.pk),
        original_language="ru",
    )
