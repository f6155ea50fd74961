# Every write to a table of this app changes the content version that the page
# cache keys on (core/db/content_version.py): a caption, alt text, credit or
# focal point shows on every public page that uses the photo.

from django.db import migrations

from core.db.operations import ContentVersionTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_content_version"),
        ("photos", "0001_initial"),
    ]

    operations = [
        ContentVersionTriggers(
            [
                "photos_photo",
                "photos_photo_tags",
            ]
        ),
    ]
