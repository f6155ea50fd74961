"""core: the library every app may use (languages, text, dates, links, images,
uploads, admin base classes) and ``core.db``, the database machinery. It imports
no Turan app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Turan")

    def ready(self):
        from django.core import checks
        from django.db.backends.signals import connection_created

        from core.db import session
        from core.db.content_version import check_content_triggers
        from core.quarantine import check_quarantine_root

        # Behind a pooler in session mode, each session sets the planner cost.
        connection_created.connect(session.planner_costs, dispatch_uid="turan_planner_costs")
        # Every content table's triggers come from its app's migrations.
        checks.register(check_content_triggers, checks.Tags.models)
        # Replaced originals must leave what the web server serves.
        checks.register(check_quarantine_root, checks.Tags.security)


def is_last_migrated(app_config):
    """Whether ``post_migrate`` is being sent for its last app (it fires once per
    app with a models module): whatever runs then sees every app's tables."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    return app_config is with_models[-1]
