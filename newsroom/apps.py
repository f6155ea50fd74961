"""newsroom: everything that changes an article — publication, revisions and
restore, merges of concurrent edits, outdated translations, corrections,
previews and share links, the calendar, staff roles and the admin."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static import apps as static_apps
from django_otp.plugins.otp_totp import apps as totp_apps


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from django.db.models.signals import post_migrate

        from newsroom import login_delay, sessions, signals  # noqa: F401

        post_migrate.connect(sync_roles, dispatch_uid="turan_sync_roles")


def sync_roles(sender, app_config=None, apps=None, using="default", **kwargs):
    """Keep the role groups complete after migrate and flush (tests flush too)."""
    from django.apps import apps as global_apps

    from core.apps import is_last_migrated
    from newsroom.roles import sync_groups

    # post_migrate fires once per app; act once, after the last one.
    if not is_last_migrated(app_config):
        return
    sync_groups(apps or global_apps)


class TuranAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the site that asks staff for a second factor."""

    default = False  # NewsroomConfig stays the config of the newsroom app.

    default_site = "newsroom.admin_site.TuranAdminSite"


class TOTPConfig(totp_apps.DefaultConfig):
    """django-otp's TOTP devices, under a name staff understand, in their language."""

    default = False
    verbose_name = _("Two-step verification")


class StaticConfig(static_apps.DefaultConfig):
    """django-otp's static tokens: the staff's single-use recovery codes."""

    default = False
    verbose_name = _("Recovery codes")
