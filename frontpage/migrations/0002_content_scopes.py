# Writes to this app's tables say which pages they change (core migration 0003).
# Placements show on the home page only, a list page, which the content version alone
# keeps valid: no scope of their own ('lists').

from django.db import migrations

from core.db.operations import ContentVersionTriggers, trigger_sql


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_content_scopes"),
        ("frontpage", "0001_placements"),
    ]

    operations = [
        # Backwards: the triggers as they were, without scopes.
        migrations.RunSQL(migrations.RunSQL.noop, trigger_sql(["frontpage_placement"])),
        ContentVersionTriggers(["frontpage_placement"], scopes=["lists"]),
    ]
