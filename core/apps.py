"""core: the library every app may use (languages, text, dates, links, images,
uploads, admin base classes) and ``core.db``, the database machinery. It imports
no Turan app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Turan")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from core.db import session

        post_migrate.connect(content_triggers, dispatch_uid="turan_content_triggers")
        connection_created.connect(session.planner_costs, dispatch_uid="turan_planner_costs")


def content_triggers(sender, app_config=None, using="default", plan=None, **kwargs):
    """Install the content-version triggers on every content table (core/db/content_version.py)."""
    from core.db.content_version import install_content_triggers

    if not is_last_migrated(app_config):
        return
    install_content_triggers(using)


def is_last_migrated(app_config):
    """Whether ``post_migrate`` is being sent for its last app (it fires once per
    app with a models module): whatever runs then sees every app's tables."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    return app_config is with_models[-1]
