from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import apps as totp_apps


class TuranConfig(AppConfig):
    name = "turan"
    verbose_name = _("Turan")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        post_migrate.connect(sync_roles, dispatch_uid="turan_sync_roles")
        post_migrate.connect(content_triggers, dispatch_uid="turan_content_triggers")
        connection_created.connect(planner_costs, dispatch_uid="turan_planner_costs")


# The planner's price of reading a page out of order, relative to reading the
# next one (PostgreSQL's default, 4, is a spinning disk's). The site's data is
# read from memory or SSD, where the two cost about the same: with 4, PostgreSQL
# compared a search with every tag name one by one (~10 ms with 3,000 tags)
# rather than look it up in their trigram index (~0.6 ms). Set per session, so
# it holds on any server, managed or not, without owning the database.
RANDOM_PAGE_COST = 1.1


def planner_costs(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        # Straight to the driver: a session's setup, not one of a page's queries.
        connection.connection.execute(f"SET random_page_cost = {RANDOM_PAGE_COST}")


def sync_roles(sender, app_config=None, apps=None, using="default", **kwargs):
    """Keep the role groups complete after migrate and flush (tests flush too)."""
    from django.apps import apps as global_apps

    from turan.roles import sync_groups

    # post_migrate fires once per app; act once, after the last one.
    if app_config is not list(global_apps.get_app_configs())[-1]:
        return
    sync_groups(apps or global_apps)


def content_triggers(sender, app_config=None, using="default", plan=None, **kwargs):
    """Install the content-version triggers on every content table (turan/pagecache.py)."""
    from django.apps import apps as global_apps

    from turan.pagecache import install_content_triggers

    if app_config is not list(global_apps.get_app_configs())[-1]:
        return
    install_content_triggers(using)


class TuranAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the site that asks staff for a second factor."""

    default = False  # TuranConfig stays the config of the turan app.

    default_site = "turan.admin_site.TuranAdminSite"


class TOTPConfig(totp_apps.DefaultConfig):
    """django-otp's TOTP devices, under a name staff understand, in their language."""

    default = False
    verbose_name = _("Two-step verification")
