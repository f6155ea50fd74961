"""The WordPress import gives the imported lead photo its alt text, never the caption."""

import pytest

from articles.models import Article
from tests.transfer.test_import import write_jpeg
from tests.transfer.wxr_files import attachment, item, write

pytestmark = pytest.mark.django_db


def alts(photo):
    return tuple(getattr(photo, f"alt_{code}") or "" for code in ("ru", "az", "en"))


@pytest.fixture
def uploads(tmp_path):
    folder = tmp_path / "uploads"
    for name in ("port.jpg", "bridge.jpg", "plain.jpg"):
        write_jpeg(folder / "2017" / "11" / name)
    return folder


def test_the_attachments_alt_or_the_featured_images_img_alt_becomes_the_photos(
    tmp_path, run_import, uploads
):
    path = write(
        tmp_path / "site.xml",
        attachment(90, "2017/11/port.jpg", "Порт Баку", alt="Краны над контейнерами"),
        attachment(91, "2017/11/bridge.jpg", "Körpü"),
        attachment(92, "2017/11/plain.jpg", "Только подпись"),
        item(70, title="Порт", content="Текст.", language="ru", meta={"_thumbnail_id": 90}),
        # No alt on the attachment: the post's own <img> of it has one (resized copy).
        item(
            71,
            title="Körpü",
            content='<p>Mətn.</p><img src="https://example.com/wp-content/uploads/2017/11/'
            'bridge-300x200.jpg" alt="Çay üzərində  daş körpü" class="alignnone size-medium">',
            language="az",
            meta={"_thumbnail_id": 91},
        ),
        # Neither: no alt text at all, rather than the caption again.
        item(72, title="Подпись", content="Текст.", language="ru", meta={"_thumbnail_id": 92}),
    )

    run_import(path, "--media", str(uploads))

    port = Article.objects.get(title_ru="Порт").lead_photo
    assert alts(port) == ("Краны над контейнерами", "", "")
    assert Article.objects.get(title_ru="Порт").version("ru").caption == "Порт Баку"
    bridge = Article.objects.get(title_az="Körpü").lead_photo
    assert alts(bridge) == ("", "Çay üzərində daş körpü", "")
    plain = Article.objects.get(title_ru="Подпись").lead_photo
    assert alts(plain) == ("", "", "")


def test_translations_sharing_the_featured_image_give_it_alt_text_in_each_language(
    tmp_path, run_import, uploads
):
    path = write(
        tmp_path / "site.xml",
        attachment(90, "2017/11/port.jpg", "Порт", alt="Краны над контейнерами"),
        item(
            70,
            title="Порт",
            content="Текст.",
            language="ru",
            translations="pll_1",
            meta={"_thumbnail_id": 90},
        ),
        item(
            71,
            title="Port",
            content='<p>Text.</p><img src="/wp-content/uploads/2017/11/port.jpg" '
            'alt="Cranes over containers" class="wp-image-90">',
            language="en",
            translations="pll_1",
            meta={"_thumbnail_id": 90},
        ),
    )

    run_import(path, "--media", str(uploads))

    photo = Article.objects.get(title_ru="Порт").lead_photo
    assert alts(photo) == ("Краны над контейнерами", "", "Cranes over containers")
