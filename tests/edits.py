"""One article's life for the modified-date tests (page metadata, feeds, sitemaps):
Russian and English go live, both are edited without a mark, English may be
marked as corrected, and Russian is edited again without a mark.

Every save moves ``updated_at``; only the English correction may move a date
readers and crawlers are told.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from articles.models import Correction

BAKU = ZoneInfo("Asia/Baku")
PUBLISHED_RU = datetime(2017, 11, 25, 12, 51, tzinfo=BAKU)
PUBLISHED_EN = datetime(2017, 11, 25, 13, 30, tzinfo=BAKU)
CORRECTED_EN = datetime(2017, 11, 26, 10, 5, tzinfo=BAKU)


def edited_article(make_article, *, correct_english):
    with time_machine.travel(datetime(2017, 11, 25, 12, 0, tzinfo=BAKU), tick=False):
        article = make_article(
            original_language="ru", published_at_ru=PUBLISHED_RU, published_at_en=PUBLISHED_EN
        )
    with time_machine.travel(datetime(2017, 11, 26, 9, 0, tzinfo=BAKU), tick=False):
        article.lead_ru = "Лид дописан."
        article.body_en = "<p>English text, a typo fixed.</p>"
        article.save()
    if correct_english:
        # What the admin does for a marked change: save, then record the mark.
        with time_machine.travel(CORRECTED_EN, tick=False):
            article.body_en = "<p>English text, the minister's name corrected.</p>"
            article.save()
            Correction.objects.create(
                article=article,
                language="en",
                kind=Correction.Kind.CORRECTION,
                note="The minister's name was misspelt.",
            )
    with time_machine.travel(datetime(2017, 11, 27, 8, 0, tzinfo=BAKU), tick=False):
        article.body_ru = "<p>Русский текст, опечатка исправлена.</p>"
        article.save()
    return article


def expected_modified(correct_english):
    """``{language: moment}`` every surface must report."""
    return {"ru": PUBLISHED_RU, "en": CORRECTED_EN if correct_english else PUBLISHED_EN}
