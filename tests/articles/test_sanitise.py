import json

import pytest
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p onclick="steal()">Text<script>alert(1)</script>'
    '<a href="javascript:alert(2)">link</a>'
    '<img src=x onerror="alert(3)"><iframe src="https://example.invalid"></iframe>'
    '<a href="https://example.org/" onmouseover="x()">ok</a></p>'
)


def assert_clean(html):
    lowered = html.lower()
    assert "<script" not in lowered
    assert "javascript:" not in lowered
    assert "onclick" not in lowered and "onerror" not in lowered and "onmouseover" not in lowered
    assert "<iframe" not in lowered and "<img" not in lowered
    assert "Text" in html and 'href="https://example.org/"' in html


def stored_bodies(pk):
    return Article.objects.filter(pk=pk).values("body_ru", "body_az", "body_en").get()


def test_create_sanitises_every_language(make_article):
    article = make_article(body_ru=HOSTILE, body_az=HOSTILE, body_en=HOSTILE)

    for html in stored_bodies(article.pk).values():
        assert_clean(html)


def test_an_unclosed_element_in_a_pasted_body_loses_nothing_else(make_article):
    pasted = "<p>Lead paragraph.</p><noscript><p>Second.</p><style><p>Third.</p>"

    article = make_article(body_ru=pasted)

    assert (
        stored_bodies(article.pk)["body_ru"] == "<p>Lead paragraph.</p><p>Second.</p><p>Third.</p>"
    )


def test_save_sanitises(make_article):
    article = make_article()
    article.body_en = HOSTILE
    article.save()

    assert_clean(stored_bodies(article.pk)["body_en"])


def test_queryset_update_sanitises(make_article):
    article = make_article()

    Article.objects.filter(pk=article.pk).update(body_az=HOSTILE)

    assert_clean(stored_bodies(article.pk)["body_az"])


def test_bulk_create_and_bulk_update_sanitise(make_section):
    section = make_section()
    [article] = Article.objects.bulk_create(
        [Article(section=section, title_ru="Заголовок", body_ru=HOSTILE)]
    )
    assert_clean(stored_bodies(article.pk)["body_ru"])

    article.body_en = HOSTILE
    Article.objects.bulk_update([article], ["body_en"])
    assert_clean(stored_bodies(article.pk)["body_en"])


def test_fixtures_are_sanitised(make_section, tmp_path):
    section = make_section()
    fixture = tmp_path / "hostile.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "articles.article",
                    "pk": 9001,
                    "fields": {
                        "section": section.pk,
                        "title_ru": "Импорт",
                        "body_ru": HOSTILE,
                        "created_at": "2024-01-01T00:00:00Z",
                        "updated_at": "2024-01-01T00:00:00Z",
                    },
                }
            ]
        )
    )

    call_command("loaddata", str(fixture), verbosity=0)

    assert_clean(stored_bodies(9001)["body_ru"])


def test_placed_quotes_survive_and_are_synced(make_article, db):
    from quotes.models import Quote
    from tags.models import Tag

    speaker = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Jane Analyst")
    quote = Quote.objects.create(speaker=speaker, text_en="Words.")
    article = make_article(body_en=f'<p>Before</p><figure data-quote="{quote.pk}"></figure>')

    assert f'<figure data-quote="{quote.pk}"></figure>' in stored_bodies(article.pk)["body_en"]
    assert list(article.quotes.all()) == [quote]

    article.body_en = "<p>No quote any more</p>"
    article.save()
    assert list(article.quotes.all()) == []


def test_admin_form_sanitises(admin_client, make_section):
    from tests.change_form import form_data

    section = make_section()
    data = form_data(
        admin_client.get("/admin/articles/article/add/"),
        section=str(section.pk),
        title_en="Hostile",
        body_en=HOSTILE,
    )

    response = admin_client.post("/admin/articles/article/add/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert_clean(Article.objects.values_list("body_en", flat=True).get())
