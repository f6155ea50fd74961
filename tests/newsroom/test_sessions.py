"""Staff sessions end after 30 idle minutes and after 12 hours, whatever happens.

The expiry path leads to the login page and back to where the staff member
was; what a form held is kept by the browser (draft-keeper.js,
tests/browser/test_session_expiry.py).
"""

from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.change_form import PASSWORD, change_url, client_for, open_form

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
LOGIN = reverse("admin:login")
IDLE = timedelta(minutes=30)


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def signed_out_to(response, path):
    return response.status_code == 302 and response["Location"] == f"{LOGIN}?next={quote(path)}"


def signed_in(client):
    return SESSION_KEY in client.session


def test_activity_keeps_the_session(journalist, clock):
    client = client_for(journalist)
    for _ in range(6):
        clock.shift(IDLE - timedelta(minutes=2))
        assert client.get(INDEX).status_code == 200


def test_thirty_idle_minutes_end_it(journalist, clock):
    client = client_for(journalist)
    clock.shift(timedelta(minutes=29, seconds=59))
    assert client.get(INDEX).status_code == 200
    clock.shift(IDLE)

    response = client.get(INDEX)

    assert signed_out_to(response, INDEX)
    assert not signed_in(client)
    page = client.get(response["Location"])
    assert "You were signed out after 30 minutes without activity." in page.text
    assert "what you typed in a form is kept in this browser" in page.text


def test_twelve_hours_end_it_however_active(journalist, clock):
    client = client_for(journalist)
    for _ in range(35):
        clock.shift(timedelta(minutes=20))
        assert client.get(INDEX).status_code == 200
    clock.shift(timedelta(minutes=20))  # 12 hours since signing in

    response = client.get(INDEX)

    assert signed_out_to(response, INDEX)
    assert "a session lasts at most 12 hours" in client.get(response["Location"]).text


def test_the_notice_speaks_the_staff_members_language(journalist, clock):
    client = client_for(journalist)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ru"
    clock.shift(IDLE)

    page = client.get(INDEX, follow=True).text

    assert "Сеанс завершён после 30 минут бездействия." in page


def test_an_expired_save_changes_nothing_and_leads_back_to_the_form(
    journalist, make_article, clock
):
    article = make_article(title_en="Gas and Europe")
    client = client_for(journalist)
    data = open_form(client, article, title_en="Gas and Europe, typed for 31 minutes")
    clock.shift(IDLE + timedelta(minutes=1))

    response = client.post(change_url(article), data)

    assert signed_out_to(response, change_url(article))
    article.refresh_from_db()
    assert article.title_en == "Gas and Europe"
    signing_in = client.post(
        response["Location"], {"username": journalist.username, "password": PASSWORD}
    )
    assert signing_in.status_code == 302
    assert signing_in["Location"] == change_url(article)
    assert client.get(change_url(article)).status_code == 200


def test_a_session_from_before_the_limits_ends(journalist):
    # Signed in before sessions carried their moments: up to 14 days old.
    session = SessionStore()
    session[SESSION_KEY] = str(journalist.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = journalist.get_session_auth_hash()
    session.save()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key

    assert signed_out_to(client.get(INDEX), INDEX)


def test_an_ended_session_on_a_public_page_just_signs_out(journalist, clock):
    client = client_for(journalist)
    clock.shift(IDLE)

    response = client.get("/en/")

    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 0
    assert not signed_in(client)


def test_the_idle_clock_is_written_at_most_once_a_minute(journalist, clock):
    client = client_for(journalist)
    key = client.session.session_key

    def stored():
        return SessionStore(session_key=key).load()

    before = stored()
    clock.shift(timedelta(seconds=50))
    client.get(INDEX)
    assert stored() == before
    clock.shift(timedelta(seconds=10))
    client.get(INDEX)
    assert stored() != before


def test_the_session_cookie_does_not_outlive_the_longest_session():
    assert settings.SESSION_COOKIE_AGE == settings.STAFF_SESSION_MAX_AGE == 12 * 60 * 60
    assert settings.STAFF_SESSION_IDLE_TIMEOUT == 30 * 60


def test_the_limits_are_settings(journalist, clock, settings):
    settings.STAFF_SESSION_IDLE_TIMEOUT = 5 * 60
    client = client_for(journalist)
    clock.shift(timedelta(minutes=5))

    response = client.get(INDEX)

    assert signed_out_to(response, INDEX)
    assert "after 5 minutes without activity" in client.get(response["Location"]).text
