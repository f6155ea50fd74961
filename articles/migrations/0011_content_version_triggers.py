# Every write to a table of this app changes the content version that the page
# cache keys on (core/db/content_version.py). Idempotent: on a database whose
# triggers were installed after migrate, as they once were, they are replaced.

from django.db import migrations

from core.db.operations import ContentVersionTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_content_version"),
        ("articles", "0010_search_documents_in_the_row"),
    ]

    operations = [
        ContentVersionTriggers(
            [
                "articles_article",
                "articles_article_quotes",
                "articles_article_tags",
                "articles_articlerevision",
                "articles_byline",
                "articles_correction",
                "articles_section",
                "articles_translationstate",
            ]
        ),
    ]
