"""Reading time and the translation credit on article pages."""

import pytest

from articles.seo import WORDS_PER_MINUTE, reading_minutes

pytestmark = pytest.mark.django_db


def words(count, word="word"):
    return "<p>" + " ".join([word] * count) + "</p>"


def test_reading_minutes_count_words_at_each_languages_speed():
    assert WORDS_PER_MINUTE == {"ru": 184, "az": 166, "en": 228}
    # Markup is not words; hyphenated and apostrophised words are one each.
    assert (
        reading_minutes("<h2>Two words</h2><p><strong>three</strong> more-words here's</p>", "en")
        == 1
    )
    assert reading_minutes(words(228 * 5), "en") == 5
    assert reading_minutes(words(184 * 5, "слово"), "ru") == 5
    assert reading_minutes(words(166 * 5, "söz"), "az") == 5
    # The same text takes longer in a slower-read language.
    assert reading_minutes(words(1140), "az") > reading_minutes(words(1140), "en")
    assert reading_minutes("", "en") == 1


@pytest.mark.parametrize(
    ("code", "body", "expected"),
    [
        ("en", words(228 * 4), "4 min read"),
        ("ru", words(184 * 7, "слово"), "7 мин чтения"),
        ("az", words(166 * 3, "söz"), "3 dəqiqəlik oxu"),
    ],
)
def test_article_pages_state_the_reading_time_in_their_language(
    client, make_article, code, body, expected
):
    article = make_article(public=(code,), **{f"body_{code}": body})

    html = client.get(article.get_absolute_url(code)).text

    assert f'<span class="article__reading-time">{expected}</span>' in html


def test_a_translation_names_its_source_and_translator(client, make_article):
    article = make_article(
        public=("ru", "en", "az"),
        original_language="ru",
        translator_en="Helen Morrow",
        translator_ru="Ignored on the original",
    )

    english = client.get(article.get_absolute_url("en")).text
    azerbaijani = client.get(article.get_absolute_url("az")).text
    russian = client.get(article.get_absolute_url("ru")).text

    assert (
        f'<p class="article__translation"><a href="{article.get_absolute_url("ru")}" hreflang="ru">'
        'Translated from Russian</a>. <span class="article__translator">Translation: Helen Morrow'
        "</span></p>"
    ) in english
    # No translator set: the source alone.
    assert (
        f'<p class="article__translation"><a href="{article.get_absolute_url("ru")}" hreflang="ru">'
        "Rus dilindən tərcümə</a></p>"
    ) in azerbaijani
    assert "article__translator" not in azerbaijani
    # The original names no translation at all.
    assert "article__translation" not in russian
    assert "Ignored on the original" not in russian


def test_the_translator_credit_is_translated(client, make_article):
    article = make_article(public=("en", "ru"), original_language="en", translator_ru="Лейла")

    html = client.get(article.get_absolute_url("ru")).text

    assert '<span class="article__translator">Переводчик: Лейла</span>' in html
