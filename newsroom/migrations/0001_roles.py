"""The newsroom's two staff roles, as groups with permissions.

Journalists write: they add, change and view articles, bylines, tags, authors
and quotes, and see the sections. Editors also delete, manage sections and
publish (``articles.publish_article``: publish, schedule and unpublish
language versions).
"""

from django.db import migrations

from newsroom.roles import EDITOR, JOURNALIST, sync_groups


def create_groups(apps, schema_editor):
    sync_groups(apps)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[JOURNALIST, EDITOR]).delete()


class Migration(migrations.Migration):
    initial = True
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0001_initial"),
        ("authors", "0001_initial"),
        ("quotes", "0001_initial"),
        ("tags", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
