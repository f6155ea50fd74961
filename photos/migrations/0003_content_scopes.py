# Writes to this app's tables say which pages they change (core migration 0003).
# A photo's caption, alt text, credit or crop shows on the pages it leads: the scope photo:<id>.

from django.db import migrations

from core.db.operations import ContentVersionTriggers, trigger_sql


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_content_scopes"),
        ("photos", "0002_content_version_triggers"),
    ]

    operations = [
        # Backwards: the triggers as they were, without scopes.
        migrations.RunSQL(
            migrations.RunSQL.noop,
            trigger_sql(["photos_photo"]) + trigger_sql(["photos_photo_tags"]),
        ),
        ContentVersionTriggers(["photos_photo"], scopes=["photo:id"]),
        ContentVersionTriggers(["photos_photo_tags"], scopes=["photo:photo_id"]),
    ]
