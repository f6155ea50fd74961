# Every article's lead image becomes a photo of the media library: the same
# file (nothing is copied or re-encoded), its renditions as they are, its
# caption in each language (taken off the article, which now shows the
# photo's), and its credit, in every language, without a "Фото:" typed into
# it. Articles sharing an original share its photo.
#
# No file is opened: the photo's description keeps the article's renditions
# (the same names the library would make), and `manage.py build_renditions`
# (run by `manage.py release` after a migration) adds the crops. Until then
# pages show the whole image. Written as SQL because a model save would make
# the crops here, for every image at once.

from django.db import migrations

LANGUAGES = ("ru", "az", "en")
CHUNK = 500


def strip_credit_label(text):
    # The library's own rule, read at migration time (photos/models.py).
    from photos.models import strip_credit_label

    return strip_credit_label(text)


def forwards(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    connection = schema_editor.connection
    captions = [f"caption_{code}" for code in LANGUAGES]
    rows = (
        Article._base_manager.exclude(lead_image="")
        .order_by("lead_image", "pk")
        .values_list(
            "pk",
            "lead_image",
            "lead_image_renditions",
            "lead_image_credit",
            "created_at",
            *captions,
        )
    )
    photos = {}
    with connection.cursor() as cursor:
        for pk, name, renditions, credit, created, *caption in rows.iterator(chunk_size=CHUNK):
            if name not in photos:
                credit = strip_credit_label(credit)
                cursor.execute(
                    "INSERT INTO photos_photo (image, focal_x, focal_y, renditions,"
                    " caption, caption_ru, caption_az, caption_en, alt, alt_ru, alt_az, alt_en,"
                    " credit_kind, credit, credit_ru, credit_az, credit_en, source, licence,"
                    " created, updated)"
                    " VALUES (%s, 0.5, 0.5, %s, %s, %s, %s, %s, '', '', '', '',"
                    " 'photo', %s, %s, %s, %s, '', '', %s, now()) RETURNING id",
                    [
                        name,
                        _json(renditions),
                        next((text for text in caption if text), ""),
                        *[text or "" for text in caption],
                        credit,
                        credit,
                        credit,
                        credit,
                        created,
                    ],
                )
                photos[name] = cursor.fetchone()[0]
            Article._base_manager.filter(pk=pk).update(
                lead_photo_id=photos[name], **{column: "" for column in captions}
            )


def _json(value):
    import json

    return json.dumps(value or {})


def backwards(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Photo = apps.get_model("photos", "Photo")
    rows = Article._base_manager.exclude(lead_photo=None).values_list("pk", "lead_photo_id")
    for pk, photo_id in rows.iterator(chunk_size=CHUNK):
        photo = Photo._base_manager.get(pk=photo_id)
        info = dict(photo.renditions or {})
        info.pop("crops", None)
        Article._base_manager.filter(pk=pk).update(
            lead_image=photo.image.name,
            lead_image_renditions=info,
            lead_image_credit=photo.credit_ru or photo.credit_en or photo.credit_az or "",
            lead_photo=None,
            **{f"caption_{code}": getattr(photo, f"caption_{code}") or "" for code in LANGUAGES},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_lead_photo"),
        ("photos", "0002_content_version_triggers"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
