"""Staff second factor: TOTP codes from an authenticator app (django-otp), and
single-use recovery codes (django-otp's static tokens) for a lost phone.

Optional for every staff member; required of editors (whoever may publish)
when ``REQUIRE_2FA_FOR_EDITORS`` is on. The admin login form asks for the code
together with the password, so no session is ever signed in by the password
alone once a staff member has turned it on. A missing or wrong code reads like
a wrong password and counts as a failed login for django-axes, and django-otp
slows down repeated wrong codes.
"""

import re
from base64 import b32encode
from datetime import timedelta
from math import ceil

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

CODE_WIDGET = forms.TextInput(
    attrs={
        "autocomplete": "one-time-code",
        "inputmode": "numeric",
        "pattern": "[0-9 ]*",
        "maxlength": 8,
        "size": 8,
    }
)
# Where a recovery code (letters, digits, a hyphen) is good too.
ANY_CODE_WIDGET = forms.TextInput(
    attrs={
        "autocomplete": "one-time-code",
        "autocapitalize": "none",
        "spellcheck": "false",
        "pattern": "[0-9A-Za-z \\-]*",
        "maxlength": 12,
        "size": 12,
    }
)

RECOVERY_CODE_COUNT = 10
# A code from the app: six digits. Anything else is taken for a recovery code.
APP_CODE = re.compile(r"[0-9]{6}")

WRONG_CODE = _("That code is wrong or has expired. Enter the current code from your app.")
TOO_MANY = _("Too many wrong codes. Wait a little and try again.")
KEY_EXPIRED = _(
    "That key has expired. Scan the new QR code below (remove the old entry from "
    "your app if you added one) and enter the code the app shows for it."
)


def confirmed_device(user):
    """Return the staff member's TOTP device, if they turned the second factor on."""
    if not user.is_authenticated:
        return None
    # Asked several times per admin request; one query.
    if not hasattr(user, "_turan_totp_device"):
        user._turan_totp_device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    return user._turan_totp_device


def is_required(user):
    """Whether this staff member may not use the admin without a second factor."""
    return settings.REQUIRE_2FA_FOR_EDITORS and user.has_perm("articles.publish_article")


def must_enrol(user):
    """Whether this staff member may use no staff page but enrolment until they
    turn the second factor on (``REQUIRE_2FA_FOR_EDITORS``)."""
    return user.is_active and user.is_staff and is_required(user) and confirmed_device(user) is None


def recovery_device(user):
    """The staff member's recovery codes (one static device), if they have any."""
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def normalised(code):
    """A code as typed (``abcd-efgh``, ``123 456``), as stored."""
    return re.sub(r"[\s-]+", "", code or "").lower()


def device_for_code(user, code):
    """The device ``code`` is for: the app's (six digits) or the recovery codes."""
    code = normalised(code)
    if not code:
        return None
    return confirmed_device(user) if APP_CODE.fullmatch(code) else recovery_device(user)


def check_code(device, code):
    """Verify ``code`` against ``device``; return an error message or None.

    Verified with the device's row locked, as django_otp.verify_token does, so
    a code sent by two requests at once is good for one of them only.
    """
    allowed, _extra = device.verify_is_allowed()
    if not allowed:
        return TOO_MANY
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        if not locked.verify_token(normalised(code)):
            return WRONG_CODE
    return None


def make_recovery_codes(user):
    """Give ``user`` new recovery codes, voiding the old ones; return them as typed."""
    codes = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    with transaction.atomic():
        # One set at a time per staff member, even from two tabs at once.
        get_user_model()._default_manager.select_for_update().filter(pk=user.pk).exists()
        device = recovery_device(user) or StaticDevice.objects.create(
            user=user, name="Recovery codes", confirmed=True
        )
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return sorted(grouped_code(code) for code in codes)


def grouped_code(token):
    return f"{token[:4]}-{token[4:]}"


def remove_second_factor(user):
    """Turn it off: the app's device and the recovery codes go."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def recovery_codes_follow_the_app(sender, instance, **kwargs):
    """``post_delete`` of a TOTP device (say, a superuser removing a lost phone):
    without a confirmed app device left, the recovery codes go too."""
    if not instance.confirmed:
        return
    if not TOTPDevice.objects.filter(user_id=instance.user_id, confirmed=True).exists():
        StaticDevice.objects.filter(user_id=instance.user_id).delete()


class StaffAuthenticationForm(AdminAuthenticationForm):
    """The admin login: username, password and, once turned on, the code.

    Every refusal gives the same message and counts as a failed login for
    django-axes, so the form never tells whether the password alone was right.
    """

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter the correct %(username)s and password for a staff account, "
            "and a valid verification code if you have turned on two-step verification. "
            "The username and password may be case-sensitive."
        ),
    }

    otp_token = forms.CharField(
        label=_("Verification code"),
        required=False,
        widget=ANY_CODE_WIDGET,
        help_text=_(
            "Only if you have turned on two-step verification: the six-digit code "
            "from your authenticator app, or one of your recovery codes."
        ),
    )

    def confirm_login_allowed(self, user):
        try:
            super().confirm_login_allowed(user)
        except forms.ValidationError:
            # The password was right, but the account may not sign in here.
            self.refuse()

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        device = confirmed_device(user) if user else None
        if device is None:
            return cleaned_data
        code = cleaned_data.get("otp_token", "")
        device = device_for_code(user, code)
        # No code, a wrong one or one too soon after a wrong one (django-otp's
        # wait): all read like a wrong password.
        if device is None or check_code(device, code):
            self.refuse()
        if isinstance(device, StaticDevice) and self.request is not None:
            left = device.token_set.count()
            messages.warning(
                self.request,
                gettext(
                    "You signed in with a recovery code; it will not work again. "
                    "Recovery codes left: %(count)s."
                )
                % {"count": left}
                if left
                else gettext(
                    "You signed in with your last recovery code. Make new ones "
                    "under Two-step verification."
                ),
            )
        # django-otp's user_logged_in receiver marks the session as verified.
        user.otp_device = device
        return cleaned_data

    def refuse(self):
        """Refuse a sign-in whose password was right, as if it were wrong."""
        # authenticate() told django-axes of a wrong password; this tells it the rest.
        user_login_failed.send(
            sender=__name__,
            credentials={"username": self.cleaned_data.get("username")},
            request=self.request,
        )
        self.user_cache = None
        raise self.get_invalid_login_error()


class CodeForm(forms.Form):
    """One code: for the key being enrolled (``device``), or, once it is on, from
    the app or a recovery code of ``user``."""

    otp_token = forms.CharField(label=_("Verification code"), widget=CODE_WIDGET)

    def __init__(self, *args, device=None, user=None, **kwargs):
        self.device = device
        self.user = user
        super().__init__(*args, **kwargs)
        if device is None:
            self.fields["otp_token"].widget = ANY_CODE_WIDGET

    def clean_otp_token(self):
        code = self.cleaned_data["otp_token"]
        device = self.device or device_for_code(self.user, code)
        if device is None:
            raise forms.ValidationError(WRONG_CODE, code="invalid_code")
        if error := check_code(device, code):
            raise forms.ValidationError(error, code="invalid_code")
        return code


def qr_svg(url):
    """The QR code of ``url`` as inline SVG, made here: the key never leaves the site."""
    code = segno.make(url, error="m")
    return mark_safe(
        code.svg_inline(
            scale=5, border=2, dark="#000", light="#fff", title=gettext("QR code for your app")
        )
    )


def grouped_key(device):
    key = b32encode(device.bin_key).decode()
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


# This session's pending key: {"device": pk, "hash": the session auth hash then}.
ENROLMENT_SESSION_KEY = "turan_two_step_enrolment"


def enrolment_max_age():
    value = settings.TWO_STEP_ENROLMENT_MAX_AGE
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


def pending_device(request):
    """The key this session was shown, while it may still be confirmed.

    A key belongs to the session it was first shown in, for
    ``TWO_STEP_ENROLMENT_MAX_AGE``, and only while the password stays the same
    (the session auth hash changes with it): a key noted by someone who once
    had the password is of no use later, or from another browser.
    """
    user = request.user
    held = request.session.get(ENROLMENT_SESSION_KEY)
    if held is None:
        return None
    device = None
    if isinstance(held, dict) and constant_time_compare(
        str(held.get("hash")), user.get_session_auth_hash()
    ):
        device = (
            TOTPDevice.objects.filter(
                pk=held.get("device") if isinstance(held.get("device"), int) else None,
                user=user,
                confirmed=False,
                created_at__gt=timezone.now() - enrolment_max_age(),
            )
            .order_by()
            .first()
        )
    if device is None:
        discard_pending_device(request)
    return device


def new_pending_device(request):
    """A new key for this session alone; the user's expired keys go."""
    user = request.user
    discard_pending_device(request)
    expired = Q(created_at__isnull=True) | Q(created_at__lte=timezone.now() - enrolment_max_age())
    TOTPDevice.objects.filter(expired, user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    request.session[ENROLMENT_SESSION_KEY] = {
        "device": device.pk,
        "hash": user.get_session_auth_hash(),
    }
    return device


def discard_pending_device(request):
    held = request.session.pop(ENROLMENT_SESSION_KEY, None)
    if isinstance(held, dict) and isinstance(held.get("device"), int):
        TOTPDevice.objects.filter(pk=held["device"], user=request.user, confirmed=False).delete()


def discard_keys_on_password_change(sender, instance, raw=False, update_fields=None, **kwargs):
    """``pre_save`` of the user model: a new password voids every pending key."""
    if raw or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    stored = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True)
    if stored.first() not in (None, instance.password):
        TOTPDevice.objects.filter(user_id=instance.pk, confirmed=False).delete()


def minutes_left(device):
    left = device.created_at + enrolment_max_age() - timezone.now()
    return max(1, ceil(left.total_seconds() / 60))


# Set once recovery codes are made: the next two-step page shows them, once.
SHOW_CODES_SESSION_KEY = "turan_two_step_show_codes"


def two_step_view(admin_site, request):
    """Turn the second factor on (scan, confirm one code) or, where allowed, off;
    make new recovery codes."""
    user = request.user
    required = is_required(user)
    device = confirmed_device(user)
    codes_form = None
    if device is not None:
        data = request.POST if request.method == "POST" else None
        asks_for_codes = data is not None and "codes-otp_token" in data
        codes_form = CodeForm(data if asks_for_codes else None, user=user, prefix="codes")
        form = CodeForm(None if asks_for_codes else data, user=user)
        if codes_form.is_bound and codes_form.is_valid():
            make_recovery_codes(user)
            request.session[SHOW_CODES_SESSION_KEY] = True
            messages.success(
                request, gettext("New recovery codes are ready; the old ones no longer work.")
            )
            return redirect("admin:two_step")
        if form.is_bound and not required and form.is_valid():
            remove_second_factor(user)
            messages.success(request, gettext("Two-step verification is off."))
            return redirect("admin:index")
        state = "on"
    else:
        device = pending_device(request)
        if device is None:
            device = new_pending_device(request)
            form = CodeForm(device=device)
            if request.method == "POST":
                # The code was for a key this session no longer holds.
                messages.error(request, KEY_EXPIRED)
        else:
            form = CodeForm(request.POST or None, device=device)
        if form.is_bound and form.is_valid():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # Done with: this session's key is the device now, other sessions' go.
            del request.session[ENROLMENT_SESSION_KEY]
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            otp_login(request, device)
            make_recovery_codes(user)
            request.session[SHOW_CODES_SESSION_KEY] = True
            messages.success(
                request,
                gettext(
                    "Two-step verification is on. Signing in now asks for a code from your app."
                ),
            )
            return redirect("admin:two_step")
        state = "off"
    context = {
        **admin_site.each_context(request),
        "title": gettext("Two-step verification"),
        "subtitle": None,
        "state": state,
        "required": required,
        "form": form,
        "codes_form": codes_form,
    }
    if state == "on":
        recovery = recovery_device(user)
        tokens = list(recovery.token_set.values_list("token", flat=True)) if recovery else []
        context["codes_left"] = len(tokens)
        if request.session.pop(SHOW_CODES_SESSION_KEY, False):
            context["new_codes"] = sorted(grouped_code(token) for token in tokens)
    if state == "off":
        context["qr"] = qr_svg(device.config_url)
        context["key"] = grouped_key(device)
        context["minutes_left"] = minutes_left(device)
    return TemplateResponse(request, "admin/turan/two_step.html", context)
