# Writes to this app's tables say which pages they change (core migration 0003).
# A quote's words or role show on the pages that place it: the scope quote:<id>.

from django.db import migrations

from core.db.operations import ContentVersionTriggers, trigger_sql


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_content_scopes"),
        ("quotes", "0003_archive_order_index"),
    ]

    operations = [
        # Backwards: the triggers as they were, without scopes.
        migrations.RunSQL(migrations.RunSQL.noop, trigger_sql(["quotes_quote"])),
        ContentVersionTriggers(["quotes_quote"], scopes=["quote:id"]),
    ]
