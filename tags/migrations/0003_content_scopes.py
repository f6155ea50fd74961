# Writes to this app's tables say which pages they change (core migration 0003).
# A tag's name, kind or slug shows on the pages that carry it: the scope tag:<id>.

from django.db import migrations

from core.db.operations import ContentVersionTriggers, trigger_sql


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_content_scopes"),
        ("tags", "0002_content_version_triggers"),
    ]

    operations = [
        # Backwards: the triggers as they were, without scopes.
        migrations.RunSQL(migrations.RunSQL.noop, trigger_sql(["tags_tag"])),
        ContentVersionTriggers(["tags_tag"], scopes=["tag:id"]),
    ]
