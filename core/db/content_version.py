"""The content version: one number that changes whenever published content may have.

The page cache keys every page on it (public/pagecache.py). Every table of the
content apps carries a deferred constraint trigger calling
``turan_content_changed()`` (core/migrations/0001_content_version.py), so any
write (admin, ``QuerySet.update()``, bulk loads, raw SQL, a restore) changes
it at the moment it commits.
"""

from django.apps import apps

# Apps whose tables hold what readers see; every table of theirs gets the trigger.
CONTENT_APPS = ("articles", "authors", "quotes", "tags")


def install_content_triggers(using="default"):
    """Make every write to a content table change the content version.

    Idempotent; run after every migrate, so tables added later are covered.
    """
    from django.db import connections

    tables = sorted(
        {
            model._meta.db_table
            for label in CONTENT_APPS
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )
    with connections[using].cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"""
                DROP TRIGGER IF EXISTS turan_content_changed ON "{table}";
                CREATE CONSTRAINT TRIGGER turan_content_changed
                    AFTER INSERT OR UPDATE OR DELETE ON "{table}"
                    DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION turan_content_changed();
                DROP TRIGGER IF EXISTS turan_content_truncated ON "{table}";
                CREATE TRIGGER turan_content_truncated
                    AFTER TRUNCATE ON "{table}"
                    FOR EACH STATEMENT EXECUTE FUNCTION turan_content_changed();
                """
            )
    return tables
