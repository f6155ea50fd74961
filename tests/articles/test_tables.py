"""Tables, rules and headings in a body: kept on every write path, shown to
readers in a box that scrolls sideways, carried as tables by the API, and
read as separate cells by search, history and the plain-text body."""

import re
from collections import Counter

import pytest
from django.db import connection

from articles.models import Article
from newsroom.diffs import html_to_text
from search.engine import search_articles
from transfer.content import to_body

pytestmark = pytest.mark.django_db

# As the body editor writes a table (with its column widths and "1" spans).
EDITOR_TABLE = (
    '<table style="min-width: 50px"><colgroup><col style="min-width: 25px">'
    '<col style="min-width: 25px"></colgroup><tbody>'
    '<tr><th colspan="1" rowspan="1"><p>Год</p></th><th colspan="1" rowspan="1"><p>Тонн</p></th></tr>'
    '<tr><td colspan="1" rowspan="1"><p>2025</p></td>'
    '<td colspan="1" rowspan="1"><p>1 200 000</p></td></tr>'
    "</tbody></table>"
)
CLEAN_TABLE = (
    "<table><tbody><tr><th><p>Год</p></th><th><p>Тонн</p></th></tr>"
    "<tr><td><p>2025</p></td><td><p>1 200 000</p></td></tr></tbody></table>"
)
BODY = f"<p>Экспорт зерна вырос.</p>{EDITOR_TABLE}<hr><h1>Итоги</h1><h4>Примечание</h4>"
CLEAN_BODY = f"<p>Экспорт зерна вырос.</p>{CLEAN_TABLE}<hr><h2>Итоги</h2><h3>Примечание</h3>"


def stored(pk):
    return Article.objects.filter(pk=pk).values_list("body_ru", flat=True).get()


def test_create_keeps_the_table_rule_and_headings(make_article):
    assert stored(make_article(body_ru=BODY).pk) == CLEAN_BODY


def test_bulk_create_bulk_update_and_update_keep_them(make_article, make_section):
    section = make_section(slug="economy")
    (created,) = Article.objects.bulk_create(
        [Article(section=section, title_ru="Зерно", body_ru=BODY)]
    )
    assert stored(created.pk) == CLEAN_BODY

    article = make_article()
    article.body_ru = BODY
    Article.objects.bulk_update([article], ["body_ru"])
    assert stored(article.pk) == CLEAN_BODY

    other = make_article()
    Article.objects.filter(pk=other.pk).update(body_ru=BODY)
    assert stored(other.pk) == CLEAN_BODY


def test_a_wordpress_table_is_imported_as_a_table():
    content = (
        "Первый абзац.\n\n"
        '<table class="wp-table" style="width:100%"><tr><td><strong>Год</strong></td>'
        "<td>Тонн</td></tr>\n<tr><td>2025</td><td>1 200 000</td></tr></table>\n\n"
        "<h5>Источник</h5>"
    )

    body = to_body(content, Counter())

    assert "<table><tbody><tr><td><strong>Год</strong></td><td>Тонн</td></tr>" in body
    assert "<tr><td>2025</td><td>1 200 000</td></tr></tbody></table>" in body
    assert body.endswith("<h3>Источник</h3>")


def test_the_article_page_puts_the_table_in_a_scrolling_region(client, make_article):
    article = make_article(public=("ru", "az"), body_ru=BODY, body_az=BODY)

    for code, label in [("ru", "Таблица"), ("az", "Cədvəl")]:
        html = client.get(article.get_absolute_url(code)).content.decode()
        assert (
            f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}">'
            f"{CLEAN_TABLE}</div><hr>"
        ) in html


def test_a_site_page_puts_its_table_in_the_region_too(client):
    from pages.models import Page

    Page.objects.create(kind=Page.Kind.STANDARDS, title_en="Standards", body_en=BODY)

    html = client.get("/en/page/editorial-standards/").content.decode()

    assert f'aria-label="Table">{CLEAN_TABLE}</div>' in html


def test_several_tables_are_regions_with_names_of_their_own(client, make_article):
    article = make_article(public=("ru", "en"), body_ru=BODY + BODY, body_en=BODY + BODY)

    for code, name in [("ru", "Таблица"), ("en", "Table")]:
        html = client.get(article.get_absolute_url(code)).content.decode()
        assert re.findall(r'role="region" tabindex="0" aria-label="([^"]*)"', html) == [
            f"{name} 1",
            f"{name} 2",
        ]


def test_a_nested_table_gets_a_region_of_its_own(client, make_article):
    nested = "<table><tbody><tr><td><table><tbody><tr><td>1</td></tr></tbody></table></td></tr></tbody></table>"
    article = make_article(public=("en",), body_en=nested)

    html = client.get(article.get_absolute_url("en")).content.decode()
    body = html[html.index('<div class="article__body">') :]

    assert body.count('<div class="table-scroll"') == 2
    assert body.count("</table></div>") == 2


def test_history_and_the_plain_text_body_read_a_row_per_line_and_cells_apart():
    assert html_to_text(CLEAN_BODY) == (
        "Экспорт зерна вырос.\nГод | Тонн\n2025 | 1 200 000\nИтоги\nПримечание"
    )
    # Cells without paragraphs, as imports write them.
    assert html_to_text("<table><tr><td>Год</td><td>Тонн<br>всего</td></tr></table>") == (
        "Год | Тонн всего"
    )


def test_search_reads_each_cell_as_its_own_words(make_article):
    make_article(public=("ru",), title_ru="Зерновой рынок", body_ru=BODY)

    assert [a.title for a in search_articles("Тонн", "ru")] == ["Зерновой рынок"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT turan_plain(%s), turan_blocks(%s)", [CLEAN_TABLE, CLEAN_TABLE])
        plain, blocks = cursor.fetchone()
    assert plain.split() == ["Год", "Тонн", "2025", "1", "200", "000"]
    assert blocks.split("\n") == ["Год", "Тонн", "2025", "1 200 000"]


@pytest.fixture
def api(client):
    from newswire.models import Partner

    partner = Partner.objects.create(name="Partner Daily")
    _key, token = partner.issue_key()

    def get(path):
        response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 200, response.content[:300]
        return response.json()

    return get


def test_the_api_carries_the_table_as_a_table(api, make_article):
    article = make_article(public=("ru",), body_ru=BODY)

    item = api(f"/api/v1/items/{article.pk}/ru")

    html, text = item["bodies"]
    assert CLEAN_TABLE in html["value"] and "table-scroll" not in html["value"]
    assert "<hr>" in html["value"]
    assert "Год | Тонн\n2025 | 1 200 000" in text["value"]
    assert not re.search(r"ГодТонн|Тонн2025", text["value"])
