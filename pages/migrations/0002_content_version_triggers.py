# Every write to a site page changes the content version that the page cache
# keys on (core/db/content_version.py): the footer of every page lists them.

from django.db import migrations

from core.db.operations import ContentVersionTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_content_version"),
        ("pages", "0001_initial"),
    ]

    operations = [
        ContentVersionTriggers(
            [
                "pages_page",
            ]
        ),
    ]
