"""Staff passwords and the optional second factor (TOTP) of the admin."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom.roles import EDITOR, JOURNALIST

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("admin:login")
INDEX_URL = reverse("admin:index")
TWO_STEP_URL = reverse("admin:two_step")
PASSWORD = "correct horse battery staple"


def code_for(device):
    """The code the staff member's app shows now, computed from the device key."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code_for(device):
    return f"{(int(code_for(device)) + 1) % 1_000_000:06d}"


def staff(django_user_model, username, group=None):
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def journalist(django_user_model):
    return staff(django_user_model, "journalist", JOURNALIST)


@pytest.fixture
def editor(django_user_model):
    return staff(django_user_model, "editor", EDITOR)


@pytest.fixture
def enrolled(journalist):
    TOTPDevice.objects.create(user=journalist, name="Authenticator app", confirmed=True)
    return journalist


def device_of(user):
    return TOTPDevice.objects.get(user=user)


def log_in(client, username, code=None, password=PASSWORD):
    data = {"username": username, "password": password}
    if code is not None:
        data["otp_token"] = code
    return client.post(f"{LOGIN_URL}?next={INDEX_URL}", data)


def signed_in(client):
    return "_auth_user_id" in client.session


GENERIC_ERROR = (
    "Please enter the correct username and password for a staff account, and a valid "
    "verification code if you have turned on two-step verification. The username and "
    "password may be case-sensitive."
)
GENERIC_ERROR_RU = (
    "Введите правильные имя пользователя и пароль учётной записи сотрудника, а если "
    "включена двухэтапная проверка, ещё и действующий код подтверждения. Имя "
    "пользователя и пароль могут зависеть от регистра."
)


def login_error(response):
    """The login page's one error, as the staff member reads it."""
    notes = re.findall(r'<p class="errornote">\s*(.*?)\s*</p>', response.content.decode(), re.S)
    assert len(notes) == 1, notes
    return re.sub(r"\s+", " ", notes[0])


# Passwords


@pytest.mark.parametrize(
    "password", ["Short-pass1", "12345678901234", "password12345", "journalist-1"]
)
def test_weak_staff_passwords_are_refused(journalist, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=journalist)


def test_a_long_passphrase_is_accepted(journalist):
    validate_password("tea at the caspian shore", user=journalist)


def test_the_admin_password_change_refuses_a_short_password(journalist):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(journalist)

    response = client.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": "Sh0rt-pass!", "new_password2": "Sh0rt-pass!"},
    )

    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    journalist.refresh_from_db()
    assert journalist.check_password(PASSWORD)


def test_the_generated_demo_password_passes_the_validators(monkeypatch, tmp_path, editor):
    from demo.management.commands import load_demo

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    monkeypatch.setattr(load_demo, "PASSWORD_FILE", tmp_path / "demo-password")

    password, _origin = load_demo.demo_password()

    validate_password(password, user=editor)


# Signing in


def test_without_a_second_factor_the_password_alone_signs_in(journalist):
    client = Client()

    response = log_in(client, "journalist")

    assert response.status_code == 302
    assert signed_in(client)


def test_the_login_form_offers_the_code_field(client):
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get(LOGIN_URL).content.decode()

    assert 'name="otp_token"' in html
    assert 'autocomplete="one-time-code"' in html
    assert "Verification code" in html


def test_once_enrolled_the_password_alone_is_refused(enrolled):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    response = log_in(client, "journalist")

    assert response.status_code == 200
    assert login_error(response) == GENERIC_ERROR
    assert not signed_in(client)


def test_a_wrong_code_is_refused_and_the_right_one_accepted(enrolled):
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    device = device_of(enrolled)

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        refused = log_in(client, "journalist", wrong_code_for(device))
        assert refused.status_code == 200
        assert login_error(refused) == GENERIC_ERROR_RU
        assert not signed_in(client)

        # django-otp slows down repeated guesses: one second after one wrong code.
        traveller.shift(timedelta(seconds=2))
        accepted = log_in(client, "journalist", code_for(device))

    assert accepted.status_code == 302
    assert accepted["Location"] == INDEX_URL
    assert signed_in(client)
    # The session is verified: the admin opens.
    assert client.get(INDEX_URL).status_code == 200


def test_a_code_is_good_only_once(enrolled):
    device = device_of(enrolled)
    with time_machine.travel(timezone.now(), tick=False):
        code = code_for(device)
        assert log_in(Client(), "journalist", code).status_code == 302
        assert log_in(Client(), "journalist", code).status_code == 200


def test_wrong_codes_count_towards_the_login_lockout(enrolled):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    device = device_of(enrolled)

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _attempt in range(5):
            response = log_in(client, "journalist", wrong_code_for(device))
            traveller.shift(timedelta(minutes=1))

        assert response.status_code == 429
        assert log_in(client, "journalist", code_for(device)).status_code == 429


def test_the_answer_does_not_tell_whether_the_password_was_right(enrolled):
    """Until both factors are checked, every refusal reads the same."""

    addresses = iter(range(1, 100))

    def english():
        # One address each, so django-axes does not lock the username meanwhile.
        return Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=f"198.51.100.{next(addresses)}")

    device = device_of(enrolled)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        answers = {
            "wrong password": log_in(english(), "journalist", password="wrong password"),
            "wrong password, right code": log_in(
                english(), "journalist", code_for(device), password="wrong password"
            ),
            "no code": log_in(english(), "journalist"),
            "wrong code": log_in(english(), "journalist", wrong_code_for(device)),
        }
        # While django-otp makes the next code wait: still the same answer.
        answers["right code, too soon"] = log_in(english(), "journalist", code_for(device))
        traveller.shift(timedelta(minutes=1))
        answers["unknown user"] = log_in(english(), "nobody", password="wrong password")

    for attempt, response in answers.items():
        assert response.status_code == 200, attempt
        assert login_error(response) == GENERIC_ERROR, attempt
        assert 'class="errorlist' not in response.content.decode(), attempt


def test_the_answer_reads_the_same_in_russian(enrolled):
    for password in [PASSWORD, "wrong password"]:
        response = log_in(Client(HTTP_ACCEPT_LANGUAGE="ru"), "journalist", password=password)
        assert login_error(response) == GENERIC_ERROR_RU


def test_a_right_password_without_its_code_counts_as_a_failed_login(enrolled):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    device = device_of(enrolled)

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _attempt in range(4):
            assert log_in(client, "journalist").status_code == 200
            traveller.shift(timedelta(minutes=1))
        # The fifth failure locks, however it failed.
        assert log_in(client, "journalist").status_code == 429
        assert log_in(client, "journalist", code_for(device)).status_code == 429


def test_a_right_password_of_a_non_staff_account_counts_as_a_failed_login(django_user_model):
    django_user_model.objects.create_user("reader", password=PASSWORD)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    for _attempt in range(4):
        response = log_in(client, "reader")
        assert login_error(response) == GENERIC_ERROR
    assert log_in(client, "reader").status_code == 429


def test_a_session_from_before_enrolment_must_sign_in_again(journalist):
    client = Client()
    client.force_login(journalist)
    assert client.get(INDEX_URL).status_code == 200

    TOTPDevice.objects.create(user=journalist, name="Authenticator app", confirmed=True)

    assert client.get(INDEX_URL)["Location"].startswith(LOGIN_URL)


# Enrolment


def test_enrolment_shows_a_local_qr_code_and_turns_on_with_one_right_code(journalist):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(journalist)

    page = client.get(TWO_STEP_URL)

    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<img" not in html.split('id="content-main"')[1]
    assert "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user=journalist, confirmed=False)
    key = re.search(r'id="turan-two-step-key">([A-Z2-7 ]+)<', html).group(1)
    from base64 import b32decode

    assert b32decode(key.replace(" ", "")) == device.bin_key
    # Reloading keeps the same key (it may already be scanned).
    assert client.get(TWO_STEP_URL).content.decode().count(key) == 1
    assert TOTPDevice.objects.filter(user=journalist).count() == 1

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        wrong = client.post(TWO_STEP_URL, {"otp_token": wrong_code_for(device)})
        assert wrong.status_code == 200
        assert "That code is wrong or has expired." in wrong.content.decode()
        device.refresh_from_db()
        assert not device.confirmed

        traveller.shift(timedelta(seconds=2))
        right = client.post(TWO_STEP_URL, {"otp_token": code_for(device)})

    assert right.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    # This session is verified by that code; it keeps working.
    assert client.get(INDEX_URL).status_code == 200
    # The next sign-in asks for a code.
    assert log_in(Client(), "journalist").status_code == 200


def test_enrolled_staff_can_turn_it_off_with_a_code(enrolled):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    device = device_of(enrolled)
    with time_machine.travel(timezone.now(), tick=False):
        assert log_in(client, "journalist", code_for(device)).status_code == 302
    page = client.get(TWO_STEP_URL).content.decode()
    assert "Two-step verification is on for your account" in page

    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=False):
        response = client.post(TWO_STEP_URL, {"otp_token": code_for(device)})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=enrolled).exists()
    assert log_in(Client(), "journalist").status_code == 302


def key_on(page):
    """The key the enrolment page shows, as bytes."""
    from base64 import b32decode

    grouped = re.search(r'id="turan-two-step-key">([A-Z2-7 ]+)<', page.content.decode()).group(1)
    return b32decode(grouped.replace(" ", ""))


def code_from(key):
    """What an app that scanned ``key`` shows now."""
    return f"{totp(key, 30, 0, 6, 0):06d}"


def test_each_session_gets_its_own_enrolment_key(journalist):
    """A key noted in one session (say, by someone who once had the password)
    cannot turn the second factor on from another."""
    first, second = Client(), Client()
    first.force_login(journalist)
    second.force_login(journalist)

    with time_machine.travel(timezone.now(), tick=False):
        first_key = key_on(first.get(TWO_STEP_URL))
        second_key = key_on(second.get(TWO_STEP_URL))
        assert first_key != second_key

        # Each session confirms only its own key.
        refused = second.post(TWO_STEP_URL, {"otp_token": code_from(first_key)})
        assert refused.status_code == 200
        assert not TOTPDevice.objects.filter(user=journalist, confirmed=True).exists()
        assert first.post(TWO_STEP_URL, {"otp_token": code_from(first_key)}).status_code == 302

    device = TOTPDevice.objects.get(user=journalist)
    assert device.confirmed and device.bin_key == first_key


def test_no_session_can_confirm_a_key_it_was_not_shown(journalist):
    client = Client()
    client.force_login(journalist)
    with time_machine.travel(timezone.now(), tick=False):
        key = key_on(client.get(TWO_STEP_URL))
        client.logout()
        client.force_login(journalist)

        assert client.post(TWO_STEP_URL, {"otp_token": code_from(key)}).status_code == 200

    assert not TOTPDevice.objects.filter(user=journalist, confirmed=True).exists()


def test_an_enrolment_key_lasts_ten_minutes(journalist, settings):
    assert settings.TWO_STEP_ENROLMENT_MAX_AGE == timedelta(minutes=10)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(journalist)

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        key = key_on(client.get(TWO_STEP_URL))
        traveller.shift(timedelta(minutes=9, seconds=59))
        assert key_on(client.get(TWO_STEP_URL)) == key

        traveller.shift(timedelta(seconds=2))
        late = client.post(TWO_STEP_URL, {"otp_token": code_from(key)})
        assert late.status_code == 200
        assert "That key has expired" in late.content.decode()
        assert not TOTPDevice.objects.filter(user=journalist, confirmed=True).exists()
        # The page shows a new key at once, and only that one is pending.
        new_key = key_on(late)
        assert new_key != key
        assert [device.bin_key for device in TOTPDevice.objects.filter(user=journalist)] == [
            new_key
        ]

        assert client.post(TWO_STEP_URL, {"otp_token": code_from(new_key)}).status_code == 302

    assert TOTPDevice.objects.get(user=journalist, confirmed=True).bin_key == new_key


def test_the_enrolment_key_lifetime_is_a_setting(journalist, settings):
    settings.TWO_STEP_ENROLMENT_MAX_AGE = timedelta(minutes=2)
    client = Client()
    client.force_login(journalist)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        key = key_on(client.get(TWO_STEP_URL))
        traveller.shift(timedelta(minutes=2, seconds=1))

        assert key_on(client.get(TWO_STEP_URL)) != key


def test_a_password_change_discards_the_enrolment_key(journalist):
    client = Client()
    client.force_login(journalist)
    key = key_on(client.get(TWO_STEP_URL))

    new_password = "a new passphrase by the caspian"
    changed = client.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert changed.status_code == 302
    # The key is gone from the database, and this session is shown another.
    assert not TOTPDevice.objects.filter(user=journalist).exists()
    with time_machine.travel(timezone.now(), tick=False):
        assert key_on(client.get(TWO_STEP_URL)) != key
        assert client.post(TWO_STEP_URL, {"otp_token": code_from(key)}).status_code == 200

    assert not TOTPDevice.objects.filter(user=journalist, confirmed=True).exists()


def test_a_key_from_before_a_password_set_elsewhere_is_not_accepted(journalist):
    """A superuser (or manage.py changepassword) sets the password: the session
    ends, and a key it was shown cannot be confirmed."""
    client = Client()
    client.force_login(journalist)
    key_on(client.get(TWO_STEP_URL))

    journalist.set_password("a new passphrase by the caspian")
    journalist.save()

    assert not TOTPDevice.objects.filter(user=journalist).exists()
    assert client.get(TWO_STEP_URL)["Location"].startswith(LOGIN_URL)


# Recovery codes


def recovery_codes_on(page):
    return re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page.content.decode())


def signed_in_with_code(client, user):
    with time_machine.travel(timezone.now(), tick=False):
        assert log_in(client, user.username, code_for(device_of(user))).status_code == 302


def test_enrolment_gives_ten_recovery_codes_shown_once(journalist):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(journalist)
    with time_machine.travel(timezone.now(), tick=False):
        key = key_on(client.get(TWO_STEP_URL))
        confirmed = client.post(TWO_STEP_URL, {"otp_token": code_from(key)})

    assert confirmed["Location"] == TWO_STEP_URL
    page = client.get(TWO_STEP_URL)
    assert "no-store" in page["Cache-Control"]
    codes = recovery_codes_on(page)
    assert len(codes) == len(set(codes)) == 10
    assert sorted(
        StaticToken.objects.filter(device__user=journalist).values_list("token", flat=True)
    ) == sorted(code.replace("-", "") for code in codes)
    assert "shown only this once" in page.content.decode()

    again = client.get(TWO_STEP_URL)
    assert recovery_codes_on(again) == []
    assert "You have 10 unused recovery codes" in again.content.decode()
    assert not any(code in again.content.decode() for code in codes)


def test_a_recovery_code_signs_in_instead_of_the_app_once(enrolled):
    from newsroom.two_factor import make_recovery_codes

    codes = make_recovery_codes(enrolled)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    # As typed: with the hyphen, in capitals, with spaces.
    response = log_in(client, "journalist", f" {codes[0].upper()} ")

    assert response.status_code == 302
    assert client.session["otp_device_id"].startswith("otp_static.staticdevice/")
    index = client.get(INDEX_URL)
    assert index.status_code == 200
    assert "Recovery codes left: 9." in index.content.decode()

    client.logout()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        refused = log_in(client, "journalist", codes[0])
        assert refused.status_code == 200
        assert login_error(refused) == GENERIC_ERROR
        # django-otp's wait after a wrong code holds for recovery codes too.
        traveller.shift(timedelta(seconds=2))
        assert log_in(Client(), "journalist", codes[1].replace("-", "")).status_code == 302
    assert StaticToken.objects.filter(device__user=enrolled).count() == 8


def test_a_wrong_recovery_code_is_refused_like_a_wrong_password(enrolled):
    from newsroom.two_factor import make_recovery_codes

    make_recovery_codes(enrolled)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _attempt in range(4):
            response = log_in(client, "journalist", "abcd-efgh")
            assert login_error(response) == GENERIC_ERROR
            traveller.shift(timedelta(minutes=1))
        assert log_in(client, "journalist", "abcd-efgh").status_code == 429


def test_the_last_recovery_code_says_so(enrolled):
    from newsroom.two_factor import make_recovery_codes

    codes = make_recovery_codes(enrolled)
    StaticToken.objects.exclude(token=codes[0].replace("-", "")).delete()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    assert log_in(client, "journalist", codes[0]).status_code == 302
    assert "You signed in with your last recovery code." in client.get(INDEX_URL).content.decode()
    page = client.get(TWO_STEP_URL).content.decode()
    assert "You have no recovery codes" in page


def test_a_recovery_code_does_not_open_an_account_without_the_app(journalist):
    """Codes left behind (the app's device removed) mean nothing: no code is asked."""
    from newsroom.two_factor import make_recovery_codes

    make_recovery_codes(journalist)

    assert log_in(Client(), "journalist").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(enrolled):
    from newsroom.two_factor import make_recovery_codes

    old = make_recovery_codes(enrolled)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    signed_in_with_code(client, enrolled)
    page = client.get(TWO_STEP_URL).content.decode()
    assert "You have 10 unused recovery codes" in page
    assert 'name="codes-otp_token"' in page

    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=False):
        wrong = client.post(TWO_STEP_URL, {"codes-otp_token": wrong_code_for(device_of(enrolled))})
        assert wrong.status_code == 200
        assert "That code is wrong or has expired." in wrong.content.decode()
        assert recovery_codes_on(client.get(TWO_STEP_URL)) == []

    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        made = client.post(TWO_STEP_URL, {"codes-otp_token": code_for(device_of(enrolled))})
    assert made["Location"] == TWO_STEP_URL
    shown = client.get(TWO_STEP_URL)
    assert "New recovery codes are ready" in shown.content.decode()
    new = recovery_codes_on(shown)
    assert len(new) == 10 and not set(new) & set(old)
    # The app's device stays on.
    assert TOTPDevice.objects.filter(user=enrolled, confirmed=True).exists()

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert log_in(Client(), "journalist", old[0]).status_code == 200
        traveller.shift(timedelta(seconds=2))
        assert log_in(Client(), "journalist", new[0]).status_code == 302


def test_a_recovery_code_can_make_new_ones(enrolled):
    """Signed in with a recovery code (phone lost), new codes need no phone."""
    from newsroom.two_factor import make_recovery_codes

    old = make_recovery_codes(enrolled)
    client = Client()
    assert log_in(client, "journalist", old[0]).status_code == 302

    assert client.post(TWO_STEP_URL, {"codes-otp_token": old[1]}).status_code == 302
    assert len(recovery_codes_on(client.get(TWO_STEP_URL))) == 10
    assert not StaticToken.objects.filter(token=old[2].replace("-", "")).exists()


def test_enrolled_editors_who_must_keep_it_can_make_new_codes(editor, settings):
    from newsroom.two_factor import make_recovery_codes

    settings.REQUIRE_2FA_FOR_EDITORS = True
    TOTPDevice.objects.create(user=editor, name="Authenticator app", confirmed=True)
    codes = make_recovery_codes(editor)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert log_in(client, "editor", codes[0]).status_code == 302

    assert client.post(TWO_STEP_URL, {"codes-otp_token": codes[1]}).status_code == 302
    assert len(recovery_codes_on(client.get(TWO_STEP_URL))) == 10
    # Still no way to turn it off, with a recovery code either.
    client.post(TWO_STEP_URL, {"otp_token": codes[2]})
    assert TOTPDevice.objects.filter(user=editor, confirmed=True).exists()


def test_turning_it_off_removes_the_recovery_codes(enrolled):
    from newsroom.two_factor import make_recovery_codes

    codes = make_recovery_codes(enrolled)
    client = Client()
    signed_in_with_code(client, enrolled)

    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=False):
        assert (
            client.post(TWO_STEP_URL, {"otp_token": code_for(device_of(enrolled))}).status_code
            == 302
        )

    assert not StaticDevice.objects.filter(user=enrolled).exists()
    assert log_in(Client(), "journalist", codes[0]).status_code == 302  # no code asked at all


def test_removing_a_lost_device_removes_the_recovery_codes_too(admin_client, enrolled):
    from newsroom.two_factor import make_recovery_codes

    make_recovery_codes(enrolled)
    device = device_of(enrolled)

    admin_client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )

    assert not StaticDevice.objects.filter(user=enrolled).exists()


def test_superusers_never_read_recovery_codes_in_the_admin(admin_client, enrolled):
    from newsroom.two_factor import make_recovery_codes

    codes = make_recovery_codes(enrolled)
    recovery = StaticDevice.objects.get(user=enrolled)

    for url in [
        reverse("admin:otp_static_staticdevice_changelist"),
        reverse("admin:otp_static_staticdevice_change", args=[recovery.pk]),
    ]:
        html = admin_client.get(url).content.decode()
        assert not any(code.replace("-", "") in html for code in codes), url


@pytest.mark.parametrize(
    ("language", "heading"), [("ru", "Резервные коды"), ("az", "Ehtiyat kodlar")]
)
def test_the_recovery_codes_speak_the_staff_members_language(enrolled, language, heading):
    from newsroom.two_factor import make_recovery_codes

    make_recovery_codes(enrolled)
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    signed_in_with_code(client, enrolled)

    assert heading in client.get(TWO_STEP_URL).content.decode()


# Editors


def test_editors_are_not_forced_to_enrol_when_the_setting_is_off(editor, settings):
    settings.REQUIRE_2FA_FOR_EDITORS = False
    client = Client()
    client.force_login(editor)

    assert client.get(INDEX_URL).status_code == 200
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200


def test_editors_must_enrol_first_when_the_setting_is_on(editor, settings):
    settings.REQUIRE_2FA_FOR_EDITORS = True
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert log_in(client, "editor").status_code == 302

    for url in [INDEX_URL, reverse("admin:articles_article_changelist")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == TWO_STEP_URL
    page = client.get(TWO_STEP_URL)
    assert page.status_code == 200
    assert "Editors must turn on two-step verification" in page.content.decode()

    device = TOTPDevice.objects.get(user=editor)
    with time_machine.travel(timezone.now(), tick=False):
        assert client.post(TWO_STEP_URL, {"otp_token": code_for(device)}).status_code == 302

    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200
    # Required: no way to turn it off.
    assert "Turn off" not in client.get(TWO_STEP_URL).content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=False):
        client.post(TWO_STEP_URL, {"otp_token": code_for(device)})
    assert TOTPDevice.objects.filter(user=editor, confirmed=True).exists()


def test_journalists_are_not_forced_even_when_the_setting_is_on(journalist, settings):
    settings.REQUIRE_2FA_FOR_EDITORS = True
    client = Client()
    client.force_login(journalist)

    assert client.get(INDEX_URL).status_code == 200


def test_the_setting_comes_from_the_environment():
    from tests.turan.test_settings import manage

    def value(**env):
        result = manage(
            "shell",
            "-c",
            "from django.conf import settings; print(settings.REQUIRE_2FA_FOR_EDITORS)",
            DEBUG="1",
            **env,
        )
        return result.stdout.split()[-1]

    assert value() == "False"
    assert value(REQUIRE_2FA_FOR_EDITORS="1") == "True"


def test_superusers_remove_a_lost_device_without_seeing_its_key(admin_client, enrolled):
    device = device_of(enrolled)
    changelist = reverse("admin:otp_totp_totpdevice_changelist")
    change = reverse("admin:otp_totp_totpdevice_change", args=[device.pk])

    for url in [changelist, change]:
        response = admin_client.get(url)
        assert response.status_code == 200
        assert device.key not in response.content.decode()
    config = reverse("admin:otp_totp_totpdevice_config", args=[device.pk])
    assert admin_client.get(config).status_code == 403

    admin_client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )

    assert not TOTPDevice.objects.filter(user=enrolled).exists()
    assert log_in(Client(), "journalist").status_code == 302


def test_staff_previews_need_the_code_too(enrolled, make_article):
    from django.contrib.auth.models import Permission

    enrolled.user_permissions.add(Permission.objects.get(codename="view_article"))
    url = reverse("newsroom:preview", args=[make_article().pk])
    client = Client()
    client.force_login(enrolled)  # the password alone, as before enrolment

    assert client.get(url).status_code == 404

    with time_machine.travel(timezone.now(), tick=False):
        assert log_in(client, "journalist", code_for(device_of(enrolled))).status_code == 302
    assert client.get(url).status_code == 200


# Staff pages outside the admin's own URLs ask what the admin asks.


def preview_of(article):
    return reverse("newsroom:preview", args=[article.pk])


def test_an_editor_who_must_enrol_reads_no_preview(editor, settings, make_article):
    settings.REQUIRE_2FA_FOR_EDITORS = True
    url = preview_of(make_article())
    client = Client()
    assert log_in(client, "editor").status_code == 302

    # As for a reader: the draft does not exist.
    assert client.get(url).status_code == 404

    settings.REQUIRE_2FA_FOR_EDITORS = False
    assert client.get(url).status_code == 200


def test_an_enrolled_editor_reads_previews_once_signed_in_with_a_code(
    editor, settings, make_article
):
    settings.REQUIRE_2FA_FOR_EDITORS = True
    TOTPDevice.objects.create(user=editor, name="Authenticator app", confirmed=True)
    url = preview_of(make_article())
    client = Client()
    client.force_login(editor)  # a device, but a session without the code

    assert client.get(url).status_code == 404

    with time_machine.travel(timezone.now(), tick=False):
        assert log_in(client, "editor", code_for(device_of(editor))).status_code == 302
    assert client.get(url).status_code == 200


def test_a_superuser_who_must_enrol_reads_no_preview(admin_user, settings, make_article):
    settings.REQUIRE_2FA_FOR_EDITORS = True
    client = Client()
    client.force_login(admin_user)

    assert client.get(preview_of(make_article())).status_code == 404


def test_the_calendar_and_share_links_send_an_unenrolled_editor_to_enrolment(
    editor, settings, make_article
):
    settings.REQUIRE_2FA_FOR_EDITORS = True
    article = make_article()
    client = Client()
    client.force_login(editor)

    for url in [
        reverse("admin:articles_article_calendar"),
        reverse("admin:articles_article_share_preview", args=[article.pk, "ru"]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == TWO_STEP_URL
