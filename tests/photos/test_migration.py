"""Migration articles 0017: every existing lead image moves into the media
library, with its renditions, caption and credit, and no file is opened."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from PIL import Image

from core import images

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("articles", "0016_lead_photo"), ("newswire", "0004_lead_photo")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_the_library():
    """The database as it was before articles 0017; brought forward afterwards."""
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def jpeg(size=(1600, 900)):
    data = BytesIO()
    Image.new("RGB", size, (40, 80, 120)).save(data, "JPEG")
    return ContentFile(data.getvalue())


def test_lead_images_become_photos_with_their_renditions_caption_and_credit(
    before_the_library, media_root, monkeypatch
):
    Section = before_the_library.get_model("articles", "Section")
    Article = before_the_library.get_model("articles", "Article")
    section = Section.objects.create(name_ru="Аналитика", slug="analytics")
    old = Article(
        section=section,
        title_ru="Газ",
        body_ru="<p>Текст.</p>",
        caption_ru="Порт Баку",
        caption_en="The port of Baku",
        lead_image_credit="Фото: АПА",
    )
    old.lead_image.save("port.jpg", jpeg(), save=False)
    old.save()  # the historical field still makes its renditions
    name, renditions = old.lead_image.name, old.lead_image_renditions
    assert [entry["width"] for entry in renditions["webp"]] == [400, 800, 1200, 1600]
    twin = Article.objects.create(
        section=section, title_ru="Ещё", body_ru="<p>.</p>", lead_image=name,
        lead_image_renditions=renditions,
    )  # fmt: skip
    plain = Article.objects.create(section=section, title_ru="Без фото", body_ru="<p>.</p>")
    monkeypatch.setattr(images, "build", lambda *a, **k: pytest.fail("a file was opened"))

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    monkeypatch.undo()

    from articles.models import Article as Current
    from photos.models import Photo

    photo = Photo.objects.get()
    assert photo.image.name == name
    assert photo.renditions == renditions  # not one rendition lost
    assert (photo.caption_ru, photo.caption_en, photo.caption_az) == (
        "Порт Баку", "The port of Baku", "",
    )  # fmt: skip
    assert (photo.credit_ru, photo.credit_az, photo.credit_en) == ("АПА", "АПА", "АПА")
    moved = Current.objects.get(pk=old.pk)
    assert moved.lead_photo == photo and moved.caption_ru == "" and moved.caption_en == ""
    assert Current.objects.get(pk=twin.pk).lead_photo == photo  # one photo per original
    assert Current.objects.get(pk=plain.pk).lead_photo is None
    assert all((media_root / entry["name"]).is_file() for entry in renditions["webp"])

    # The release's build_renditions adds the crops and reuses the whole-image files.
    call_command("build_renditions", verbosity=0)
    photo.refresh_from_db()
    assert photo.renditions["webp"] == renditions["webp"]
    assert set(photo.renditions["crops"]) == {"16x9", "4x3", "1x1"}
