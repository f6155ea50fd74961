# Writes to this app's tables say which pages they change (core migration 0003).
# An author's name, role or photo shows on the pages of their bylines: the scope author:<id>.

from django.db import migrations

from core.db.operations import ContentVersionTriggers, trigger_sql


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_content_scopes"),
        ("authors", "0004_photo_unguessable_path"),
    ]

    operations = [
        # Backwards: the triggers as they were, without scopes.
        migrations.RunSQL(migrations.RunSQL.noop, trigger_sql(["authors_author"])),
        ContentVersionTriggers(["authors_author"], scopes=["author:id"]),
    ]
