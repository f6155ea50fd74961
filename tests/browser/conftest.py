from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from tests.media import give_lead_photo

LANGUAGES = ["ru", "az", "en"]


@pytest.fixture
def reader_site(make_article, make_section, settings, tmp_path):
    """A small public site in three languages: sections, a person with a quote,
    an author, and a piece with a lead image and a pull-quote (public in all
    three languages) plus one public in Russian and English only."""
    from articles.models import Byline
    from authors.models import Author
    from quotes.models import Quote
    from tags.models import Tag

    settings.MEDIA_ROOT = tmp_path / "media"
    analytics = make_section(slug="analytics", position=1)
    economy = make_section(
        slug="economy", position=2, name_ru="Экономика", name_az="İqtisadiyyat", name_en="Economy"
    )
    person = Tag.objects.create(
        kind=Tag.Kind.PERSON,
        slug="arif-karimov",
        name_ru="Ариф Керимов",
        name_az="Arif Kərimov",
        name_en="Arif Karimov",
    )
    topic = Tag.objects.create(
        kind=Tag.Kind.TOPIC,
        slug="energy",
        name_ru="Энергетика",
        name_az="Enerji",
        name_en="Energy",
    )
    author = Author.objects.create(
        slug="helen-morrow",
        name_ru="Хелен Морроу",
        name_az="Helen Morrou",
        name_en="Helen Morrow",
        bio_ru="Пишет об энергетике.",
        bio_az="Enerji haqqında yazır.",
        bio_en="Writes about energy.",
    )
    quote = Quote.objects.create(
        speaker=person,
        said_on=datetime(2017, 11, 25).date(),
        text_ru="Партнёрство — это процесс, а не обещание.",
        text_az="Tərəfdaşlıq vəd deyil, prosesdir.",
        text_en="Partnership is a process, not a promise.",
        speaker_role_ru="заместитель министра иностранных дел (2009–2014)",
        speaker_role_az="xarici işlər nazirinin müavini (2009–2014)",
        speaker_role_en="Deputy Foreign Minister (2009–2014)",
    )
    body = {
        code: f'<p>{text}</p><figure data-quote="{quote.pk}"></figure><p>{text}</p>'
        for code, text in {
            "ru": "Газ остаётся главным товаром региона.",
            "az": "Qaz regionun əsas məhsulu olaraq qalır.",
            "en": "Gas remains the region's main export.",
        }.items()
    }
    moment = timezone.now() - timedelta(hours=2)
    image = BytesIO()
    Image.new("RGB", (120, 68), (40, 80, 120)).save(image, "JPEG")
    lead = make_article(
        section=analytics,
        title_ru="Каспийский газ для Европы",
        title_az="Avropa üçün Xəzər qazı",
        title_en="Caspian Gas for Europe",
        lead_ru="Контракты переживают политику.",
        lead_az="Müqavilələr siyasətdən uzunömürlüdür.",
        lead_en="Contracts outlast politics.",
        **{f"body_{code}": body[code] for code in LANGUAGES},
        **{f"published_at_{code}": moment for code in LANGUAGES},
    )
    give_lead_photo(
        lead,
        ContentFile(image.getvalue()),
        "pipeline.jpg",
        caption_ru="Газопровод на берегу Каспия",
        caption_az="Xəzər sahilində qaz kəməri",
        caption_en="A gas pipeline on the Caspian shore",
        alt_ru="Трубы газопровода у берега моря",
        alt_az="Dəniz sahilində qaz kəmərinin boruları",
        alt_en="Gas pipeline tubes by the sea shore",
        **{f"credit_{code}": "Turan" for code in LANGUAGES},
    )
    lead.tags.add(person, topic)
    Byline.objects.create(article=lead, author=author)
    older = make_article(
        section=economy,
        title_ru="Цены на нефть и бюджет",
        title_en="Oil Prices and the Budget",
        published_at_ru=moment - timedelta(days=1),
        published_at_en=moment - timedelta(days=1),
        # Azerbaijani version written but not yet public.
        published_at_az=timezone.now() + timedelta(days=1),
    )
    older.tags.add(person, topic)
    Byline.objects.create(article=older, author=author)
    for number in range(3):
        extra = make_article(
            public=LANGUAGES,
            section=economy if number % 2 else analytics,
            published_at_en=moment - timedelta(days=2 + number),
            published_at_ru=moment - timedelta(days=2 + number),
            published_at_az=moment - timedelta(days=2 + number),
        )
        extra.tags.add(topic)
    baku = timezone.localtime(lead.published_at_en, ZoneInfo("Asia/Baku"))
    return {
        "lead": lead,
        "older": older,
        "person": person,
        "topic": topic,
        "author": author,
        "archive_day": f"archive/{baku:%Y/%m/%d}/",
        "archive_month": f"archive/{baku:%Y/%m}/",
    }


# A wide table: eight years of figures, wider than a phone.
_YEARS = range(2018, 2026)
_TONNES = [980_400, 1_012_750, 1_104_300, 1_090_000, 1_150_250, 1_176_900, 1_188_000, 1_200_000]
_WORDS = {
    "ru": ("Экспорт зерна", "Год", "Тонн", "Источник: министерство.", "Сборы растут третий год."),
    "az": ("Taxıl ixracı", "İl", "Ton", "Mənbə: nazirlik.", "Məhsul üçüncü ildir artır."),
    "en": (
        "Grain exports",
        "Year",
        "Tonnes",
        "Source: the ministry.",
        "Harvests have grown three years running.",
    ),
}


def rich_body(code):
    heading, year, unit, source, text = _WORDS[code]
    header = "".join(f"<th><p>{year}</p></th>" for year in _YEARS)
    figures = "".join(f"<td><p>{tonnes}</p></td>" for tonnes in _TONNES)
    return (
        f"<p>{text}</p><h2>{heading}</h2>"
        f"<table><tbody><tr><th><p>{year}</p></th>{header}</tr>"
        f"<tr><th><p>{unit}</p></th>{figures}</tr></tbody></table>"
        f"<hr><h3>{source}</h3><p>{text}</p>"
        # A second, narrow table: two regions on one page, each named.
        f"<table><tbody><tr><th><p>{year}</p></th><th><p>{unit}</p></th></tr>"
        f"<tr><td><p>2025</p></td><td><p>{_TONNES[-1]}</p></td></tr></tbody></table>"
    )


@pytest.fixture
def rich_article(reader_site, make_article):
    """A piece with headings, a wide and a narrow table and a rule, public in all
    three languages."""
    moment = timezone.now() - timedelta(hours=3)
    return make_article(
        section=reader_site["lead"].section,
        title_ru="Зерно в цифрах",
        title_az="Rəqəmlərlə taxıl",
        title_en="Grain in Figures",
        **{f"body_{code}": rich_body(code) for code in LANGUAGES},
        **{f"published_at_{code}": moment for code in LANGUAGES},
    )
