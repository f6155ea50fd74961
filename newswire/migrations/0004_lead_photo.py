# The article's lead image is now a library photo (articles 0016-0018): the
# change feed compares `lead_photo_id` among the columns all languages share,
# instead of the image columns that go. Picking another photo is a change of
# every version partners may hold; editing the photo itself is not (yet).

import importlib

from django.db import migrations

_initial = importlib.import_module("newswire.migrations.0002_version_change_triggers")
_start = _initial.FORWARD.index("CREATE OR REPLACE FUNCTION newswire_article_changed()")
_end = _initial.FORWARD.index("$$ LANGUAGE plpgsql;", _start) + len("$$ LANGUAGE plpgsql;")
BEFORE = _initial.FORWARD[_start:_end]


def _shared(function, old, new):
    for side in ("OLD", "NEW"):
        before = ", ".join(f"{side}.{name}" for name in old)
        after = ", ".join(f"{side}.{name}" for name in new)
        assert before in function, before
        function = function.replace(before, after)
    return function


OLD_SHARED = ("section_id", "lead_image", "lead_image_credit", "lead_image_renditions")
NEW_SHARED = ("section_id", "lead_photo_id")
AFTER = _shared(BEFORE, OLD_SHARED, NEW_SHARED)


class Migration(migrations.Migration):
    dependencies = [
        ("newswire", "0003_webhooks"),
        ("articles", "0016_lead_photo"),
    ]

    operations = [migrations.RunSQL(AFTER, BEFORE)]
