# The lead image now lives in the media library (articles.lead_photo, migration
# 0017 moved every one there); the article's own image columns go. Their files
# stay: the photos name them now.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_lead_images_into_library"),
        # The change feed's trigger stops reading the columns first.
        ("newswire", "0004_lead_photo"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="article",
            name="article_lead_image",
        ),
        migrations.RemoveField(
            model_name="article",
            name="lead_image",
        ),
        migrations.RemoveField(
            model_name="article",
            name="lead_image_credit",
        ),
        migrations.RemoveField(
            model_name="article",
            name="lead_image_renditions",
        ),
    ]
