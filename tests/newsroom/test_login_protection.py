"""Brute-force protection of the admin login (django-axes)."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

LOGIN_URL = reverse("admin:login")
INDEX_URL = reverse("admin:index")
PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


@pytest.fixture
def journalist(django_user_model):
    return django_user_model.objects.create_user("journalist", password=PASSWORD, is_staff=True)


def log_in(client, username, password):
    return client.post(
        f"{LOGIN_URL}?next={INDEX_URL}", {"username": username, "password": password}
    )


def fail(client, username, times):
    for attempt in range(1, times + 1):
        response = log_in(client, username, "wrong password")
        # The login form again, with its error; the fifth failure already locks.
        assert response.status_code == (429 if attempt >= 5 else 200)


def test_the_right_password_logs_in(editor):
    response = log_in(Client(), "editor", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == INDEX_URL


def test_five_failures_lock_the_username_from_that_address(editor):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    fail(client, "editor", 5)

    response = log_in(client, "editor", PASSWORD)

    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many login attempts" in content
    assert "Try again in 15 minutes." in content
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_speaks_the_staff_members_language(editor):
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    fail(client, "editor", 5)

    response = log_in(client, "editor", PASSWORD)

    assert response.status_code == 429
    assert "Попробуйте снова через 15 минут." in response.content.decode()


def test_four_failures_do_not_lock(editor):
    client = Client()
    fail(client, "editor", 4)

    assert log_in(client, "editor", PASSWORD).status_code == 302


def test_a_success_resets_the_count(editor):
    client = Client()
    fail(client, "editor", 4)
    assert log_in(client, "editor", PASSWORD).status_code == 302
    client.logout()
    fail(client, "editor", 4)

    assert log_in(client, "editor", PASSWORD).status_code == 302


def test_another_username_from_the_same_address_still_logs_in(editor, journalist):
    client = Client()
    fail(client, "editor", 5)

    assert log_in(Client(), "journalist", PASSWORD).status_code == 302


def test_the_same_username_from_another_address_still_logs_in(editor):
    fail(Client(REMOTE_ADDR="203.0.113.7"), "editor", 5)

    assert log_in(Client(REMOTE_ADDR="198.51.100.9"), "editor", PASSWORD).status_code == 302


def test_after_the_cool_off_the_right_password_works_again(editor):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        fail(client, "editor", 5)
        traveller.shift(timedelta(minutes=14, seconds=59))
        assert log_in(Client(), "editor", PASSWORD).status_code == 429
        # That attempt, refused, started the 15 minutes again (as the page says).
        traveller.shift(timedelta(minutes=14))
        assert log_in(Client(), "editor", PASSWORD).status_code == 429

        traveller.shift(timedelta(minutes=15, seconds=1))
        response = log_in(client, "editor", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_force_login_and_admin_client_are_not_affected(admin_client):
    assert admin_client.get(INDEX_URL).status_code == 200


# Behind a reverse proxy every request comes from the proxy's address.

PROXY = "10.0.0.2"


def test_behind_a_proxy_a_stranger_cannot_lock_an_editor_out(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    fail(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7"), "editor", 5)

    editor_browser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert log_in(editor_browser, "editor", PASSWORD).status_code == 302


def test_behind_a_proxy_a_forged_forwarded_for_does_not_escape_the_lock(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The proxy appends the real peer; what the client wrote before it is not trusted.
    attacker = "1.2.3.4, 203.0.113.7"
    fail(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=attacker), "editor", 5)

    forged = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7")
    assert log_in(forged, "editor", PASSWORD).status_code == 429


def test_without_a_trusted_proxy_forwarded_for_is_ignored(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    fail(Client(HTTP_X_FORWARDED_FOR="203.0.113.7"), "editor", 5)

    other = Client(HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert log_in(other, "editor", PASSWORD).status_code == 429


def test_a_directly_reached_server_ignores_a_rotating_forwarded_for(editor, settings):
    # TRUSTED_PROXY_COUNT set, but the server is reached directly: each attempt
    # claiming another address used to count as a new client, never locked.
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(1, 7):
        client = Client(REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")
        response = log_in(client, "editor", "wrong password")
        assert response.status_code == (429 if attempt >= 5 else 200)
