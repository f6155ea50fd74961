"""A piece with photos from the media library placed in its body, in three languages."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from tests.media import make_photo

LANGUAGES = ["ru", "az", "en"]
_TEXTS = {
    "ru": ("Порт растёт третий год.", "Грузооборот вырос вдвое."),
    "az": ("Liman üçüncü ildir böyüyür.", "Yük dövriyyəsi iki dəfə artıb."),
    "en": ("The port has grown three years running.", "Cargo has doubled."),
}


def jpeg(size=(1600, 900), colour=(40, 80, 120)):
    data = BytesIO()
    Image.new("RGB", size, colour).save(data, "JPEG")
    return ContentFile(data.getvalue())


@pytest.fixture
def figure_photos(settings, tmp_path):
    """Two library photos: one described in every language, one with a caption in
    Russian only and an illustration credit."""
    if not str(settings.MEDIA_ROOT).startswith(str(tmp_path)):
        settings.MEDIA_ROOT = tmp_path / "media"
    port = make_photo(
        jpeg(),
        "port.jpg",
        caption_ru="Контейнерный терминал Бакинского порта",
        caption_az="Bakı limanının konteyner terminalı",
        caption_en="The container terminal of the port of Baku",
        alt_ru="Краны над рядами контейнеров у причала",
        alt_az="Körpüdə konteyner sıraları üzərində kranlar",
        alt_en="Cranes over rows of containers at the quay",
        **{f"credit_{code}": "Turan" for code in LANGUAGES},
    )
    chart = make_photo(
        jpeg((1200, 800), (200, 160, 40)),
        "chart.jpg",
        caption_ru="Грузооборот, млн тонн",
        alt_ru="Столбики растут с 2018 по 2025 год",
        credit_kind="illustration",
        credit_en="Turan",
    )
    return port, chart


@pytest.fixture
def figure_article(make_article, make_section, figure_photos):
    """A piece public in all three languages placing both photos in each body."""
    port, chart = figure_photos
    moment = timezone.now() - timedelta(hours=1)
    bodies = {
        code: (
            f'<p>{first}</p><figure data-photo="{port.pk}"></figure>'
            f'<p>{second}</p><figure data-photo="{chart.pk}"></figure><p>{first}</p>'
        )
        for code, (first, second) in _TEXTS.items()
    }
    return make_article(
        section=make_section(slug="economy-figures"),
        title_ru="Порт в цифрах",
        title_az="Rəqəmlərlə liman",
        title_en="The Port in Figures",
        **{f"body_{code}": bodies[code] for code in LANGUAGES},
        **{f"published_at_{code}": moment for code in LANGUAGES},
    )
