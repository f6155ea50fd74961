"""A ceiling per account, from any addresses: a growing wait, never a hard lock.

django-axes locks one username from one address (tests/newsroom/test_login_protection.py);
an attacker with many addresses gets past that. After LOGIN_ACCOUNT_FAILURE_LIMIT
(10) attempts for a username since its last success, each further attempt waits
30 s, then twice as long each time, up to LOGIN_ACCOUNT_MAX_DELAY (15 minutes).
A browser that has signed in to the account before is never kept waiting.
"""

from datetime import timedelta
from itertools import count

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

LOGIN_URL = reverse("admin:login")
INDEX_URL = reverse("admin:index")
PASSWORD = "correct horse battery staple"
DEVICE_COOKIE = "turan_staff_device"

pytestmark = pytest.mark.django_db

addresses = (f"203.0.{n // 250}.{n % 250 + 1}" for n in count())


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def stranger(language="en"):
    """A new address each time, so axes' lock per (username, address) never applies."""
    return Client(REMOTE_ADDR=next(addresses), HTTP_ACCEPT_LANGUAGE=language)


def log_in(client, username, password):
    return client.post(
        f"{LOGIN_URL}?next={INDEX_URL}", {"username": username, "password": password}
    )


def fail(username, times):
    for _ in range(times):
        response = log_in(stranger(), username, "wrong password")
        assert response.status_code == 200, response.status_code


def attack(username, times):
    """Wrong passwords from many addresses, refused or not."""
    for _ in range(times):
        log_in(stranger(), username, "wrong password")


def test_ten_failures_from_many_addresses_make_the_next_attempt_wait(editor, clock):
    fail("editor", 10)

    client = stranger()
    response = log_in(client, "editor", PASSWORD)

    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert "Too many wrong passwords were entered for this account" in content
    assert "Try again in 30 seconds." in content
    assert "_auth_user_id" not in client.session


def test_nine_failures_do_not(editor, clock):
    fail("editor", 9)

    assert log_in(stranger(), "editor", PASSWORD).status_code == 302


def test_the_wait_doubles_up_to_fifteen_minutes(editor, clock):
    fail("editor", 10)
    for seconds in [30, 60, 120, 240, 480, 900, 900, 900]:
        clock.shift(timedelta(seconds=seconds - 1))
        assert log_in(stranger(), "editor", PASSWORD).status_code == 429, seconds
        clock.shift(timedelta(seconds=1))
        assert log_in(stranger(), "editor", "wrong password").status_code == 200, seconds


def test_the_page_says_how_long_in_minutes(editor, clock):
    fail("editor", 10)
    clock.shift(timedelta(seconds=30))
    fail("editor", 1)
    clock.shift(timedelta(seconds=60))
    fail("editor", 1)  # the next waits 120 s
    clock.shift(timedelta(seconds=50))

    response = log_in(stranger(), "editor", PASSWORD)

    assert response.status_code == 429
    assert "Try again in 2 minutes." in response.content.decode()


def test_an_attempt_refused_while_waiting_does_not_lengthen_the_wait(editor, clock):
    fail("editor", 10)
    for _ in range(5):
        clock.shift(timedelta(seconds=5))
        assert log_in(stranger(), "editor", "wrong password").status_code == 429

    clock.shift(timedelta(seconds=5))
    assert log_in(stranger(), "editor", PASSWORD).status_code == 302


def test_a_success_resets_the_count(editor, clock):
    fail("editor", 10)
    clock.shift(timedelta(seconds=30))
    client = stranger()
    assert log_in(client, "editor", PASSWORD).status_code == 302
    client.logout()

    fail("editor", 9)
    assert log_in(stranger(), "editor", PASSWORD).status_code == 302


def test_failures_a_day_old_are_forgotten(editor, clock):
    fail("editor", 10)
    clock.shift(timedelta(days=1, seconds=1))

    fail("editor", 9)
    assert log_in(stranger(), "editor", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Попробуйте снова через 30 секунд."),
        ("az", "30 saniyədən sonra yenidən cəhd edin."),
    ],
)
def test_the_wait_speaks_the_staff_members_language(editor, clock, language, text):
    fail("editor", 10)

    response = log_in(stranger(language), "editor", PASSWORD)

    assert response.status_code == 429
    assert text in response.content.decode()


def test_the_wait_is_that_accounts_alone(editor, clock, django_user_model):
    django_user_model.objects.create_user("journalist", password=PASSWORD, is_staff=True)
    fail("editor", 10)

    assert log_in(stranger(), "journalist", PASSWORD).status_code == 302


def test_an_unknown_username_waits_like_a_real_one(editor, clock):
    # Otherwise the wait would tell which usernames exist.
    fail("nobody-here", 10)

    response = log_in(stranger(), "nobody-here", PASSWORD)

    assert response.status_code == 429
    assert "Try again in 30 seconds." in response.content.decode()


def test_the_limit_and_the_longest_wait_are_settings(editor, clock, settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 3
    settings.LOGIN_ACCOUNT_MAX_DELAY = 45
    fail("editor", 3)
    assert log_in(stranger(), "editor", PASSWORD).status_code == 429
    clock.shift(timedelta(seconds=30))
    fail("editor", 1)

    clock.shift(timedelta(seconds=44))
    assert log_in(stranger(), "editor", PASSWORD).status_code == 429
    clock.shift(timedelta(seconds=1))
    assert log_in(stranger(), "editor", PASSWORD).status_code == 302


# The editor's own browser: an attacker cannot turn the wait into a lock.


def signed_in_browser(username="editor"):
    browser = stranger()
    assert log_in(browser, username, PASSWORD).status_code == 302
    browser.post(reverse("admin:logout"))
    return browser


def test_a_browser_that_signed_in_before_is_not_kept_waiting(editor, clock):
    browser = signed_in_browser()
    attack("editor", 20)

    # From another address too (a laptop taken home).
    browser.defaults["REMOTE_ADDR"] = next(addresses)
    response = log_in(browser, "editor", PASSWORD)

    assert response.status_code == 302
    assert browser.session["_auth_user_id"] == str(editor.pk)


def test_the_device_cookie_is_signed_for_its_account(editor, clock, django_user_model):
    django_user_model.objects.create_user("journalist", password=PASSWORD, is_staff=True)
    browser = signed_in_browser("journalist")
    cookie = browser.cookies[DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["path"] == INDEX_URL
    assert cookie["samesite"] == "Lax"
    fail("editor", 10)

    assert log_in(browser, "editor", PASSWORD).status_code == 429

    forged = stranger()
    forged.cookies[DEVICE_COOKIE] = cookie.value.replace("journalist", "editor")
    assert log_in(forged, "editor", PASSWORD).status_code == 429


def test_a_password_change_voids_the_browsers_that_knew_the_old_one(editor, clock):
    browser = signed_in_browser()
    editor.set_password("another correct horse battery")
    editor.save()
    fail("editor", 10)

    assert log_in(browser, "editor", "another correct horse battery").status_code == 429


def test_one_browser_remembers_several_accounts(editor, clock, django_user_model):
    django_user_model.objects.create_user("journalist", password=PASSWORD, is_staff=True)
    browser = signed_in_browser("editor")
    assert log_in(browser, "journalist", PASSWORD).status_code == 302
    browser.post(reverse("admin:logout"))
    fail("editor", 10)
    fail("journalist", 10)

    assert log_in(browser, "editor", PASSWORD).status_code == 302
    browser.post(reverse("admin:logout"))
    assert log_in(browser, "journalist", PASSWORD).status_code == 302
