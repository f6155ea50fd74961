# Writes to this app's tables say which pages they change (core migration 0003).
# Site pages are linked from the footer of every page: the scope site.

from django.db import migrations

from core.db.operations import ContentVersionTriggers, trigger_sql


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_content_scopes"),
        ("pages", "0002_content_version_triggers"),
    ]

    operations = [
        # Backwards: the triggers as they were, without scopes.
        migrations.RunSQL(migrations.RunSQL.noop, trigger_sql(["pages_page"])),
        ContentVersionTriggers(["pages_page"], scopes=["site"]),
    ]
