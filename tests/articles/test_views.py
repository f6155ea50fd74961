import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from articles.models import Byline, Correction
from authors.models import Author
from core.db import compiled
from quotes.models import Quote
from tags.models import Tag
from tests.media import give_lead_photo

pytestmark = pytest.mark.django_db

BAKU = ZoneInfo("Asia/Baku")


def alternates(html):
    return sorted(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)"', html))


def test_article_page_shows_the_version_in_the_readers_language(client, make_article):
    article = make_article(public=("ru", "en"), lead_en="The lead.", lead_ru="Лид.")

    english = client.get(article.get_absolute_url("en"))
    russian = client.get(article.get_absolute_url("ru"))

    assert english.status_code == 200
    assert "NATO and Azerbaijan: Contacts and Differences" in english.text
    assert "The lead." in english.text and "English text." in english.text
    assert "Русский текст." not in english.text
    assert '<html lang="en">' in english.text
    assert "НАТО и Азербайджан" in russian.text and '<html lang="ru">' in russian.text


def test_url_carries_language_id_and_slug(make_article):
    article = make_article(public=("ru",), slug_ru="")

    assert article.get_absolute_url("ru") == (
        f"/ru/article/{article.pk}/nato-i-azerbaydzhan-kontakty-i-raznoglasiya/"
    )
    assert article.get_absolute_url("az").startswith(f"/az/article/{article.pk}/nato-ve-azerbaycan")


def test_slug_stays_as_edited(make_article):
    article = make_article(public=("en",), slug_en="nato-contacts")
    article.title_en = "A changed title"
    article.save()

    assert article.get_absolute_url("en") == f"/en/article/{article.pk}/nato-contacts/"


@pytest.mark.parametrize(
    "suffix", ["", "old-slug/", "nato-i-azerbaydzhan-kontakty-i-raznoglasiya/"]
)
def test_wrong_or_missing_slug_redirects_permanently(client, make_article, suffix):
    article = make_article(public=("ru", "en"))

    response = client.get(f"/en/article/{article.pk}/{suffix}")

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url("en")


def test_version_not_public_is_404_linking_public_languages(client, make_article):
    article = make_article(public=("ru", "az"), published_at_en=timezone.now() + timedelta(days=1))

    response = client.get(article.get_absolute_url("en"))

    assert response.status_code == 404
    assert '<html lang="en">' in response.text
    assert "is not published in this language" in response.text
    assert f'href="{article.get_absolute_url("ru")}"' in response.text
    assert f'href="{article.get_absolute_url("az")}"' in response.text
    assert "/en/article/" not in re.sub(r"<link[^>]+>", "", response.text.split("<main")[1])


def test_unknown_id_is_the_same_404(client, make_article):
    response = client.get("/ru/article/987654/whatever/")

    assert response.status_code == 404
    assert "There is nothing at this address" in response.text or "ничего нет" in response.text


@pytest.mark.parametrize(
    "path",
    ["/ru/article/99999999999999999999999/x/", "/ru/article/-1/x/", "/ru/article/0/"],
)
def test_impossible_ids_are_404(client, path):
    assert client.get(path).status_code == 404


def test_draft_and_scheduled_are_404(client, make_article):
    draft = make_article()
    scheduled = make_article(published_at_ru=timezone.now() + timedelta(minutes=5))

    assert client.get(draft.get_absolute_url("ru")).status_code == 404
    assert client.get(scheduled.get_absolute_url("ru")).status_code == 404


def test_canonical_and_hreflang_list_exactly_the_public_versions(client, make_article):
    article = make_article(public=("ru", "en"), published_at_az=timezone.now() + timedelta(hours=2))

    html = client.get(article.get_absolute_url("en")).text

    base = "http://testserver"
    assert f'<link rel="canonical" href="{base}{article.get_absolute_url("en")}">' in html
    assert alternates(html) == [
        ("en", base + article.get_absolute_url("en")),
        ("ru", base + article.get_absolute_url("ru")),
    ]


def test_language_tabs_name_languages_in_their_own_language(client, make_article):
    article = make_article(public=("ru", "az", "en"))

    html = client.get(article.get_absolute_url("az")).text
    tabs = html.split('class="language-tabs"')[1].split("</nav>")[0]

    assert f'href="{article.get_absolute_url("ru")}" lang="ru" hreflang="ru">Русский<' in tabs
    assert 'lang="az" hreflang="az" aria-current="page">Azərbaycan<' in tabs
    assert f'href="{article.get_absolute_url("en")}" lang="en" hreflang="en">English<' in tabs


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ru", "25 ноября 2017 (суббота) 12:51"),
        ("az", "25 noyabr 2017 (şənbə) 12:51"),
        ("en", "25 November 2017 (Saturday) 12:51"),
    ],
)
def test_publication_moment_in_readers_language_and_baku_time(client, make_article, code, expected):
    moment = datetime(2017, 11, 25, 12, 51, tzinfo=BAKU)
    article = make_article(**{f"published_at_{code}": moment})

    html = client.get(article.get_absolute_url(code)).text

    assert expected in html
    assert 'datetime="2017-11-25T12:51:00+04:00"' in html


def test_pull_quote_shows_words_speaker_and_role_then(client, make_article):
    speaker = Tag.objects.create(
        kind=Tag.Kind.PERSON, name_en="Arif Karimov", name_ru="Ариф Керимов"
    )
    quote = Quote.objects.create(
        speaker=speaker,
        text_en="Partnership is a process, not a promise.",
        text_ru="Партнёрство — это процесс, а не обещание.",
        speaker_role_en="Deputy Foreign Minister (2009–2014)",
        speaker_role_ru="заместитель министра иностранных дел (2009–2014)",
    )
    body = f'<p>First.</p><figure data-quote="{quote.pk}"></figure><p>Second.</p>'
    article = make_article(public=("en", "ru"), body_en=body, body_ru=body)

    english = client.get(article.get_absolute_url("en")).text
    russian = client.get(article.get_absolute_url("ru")).text

    assert "Partnership is a process, not a promise." in english
    assert "Arif Karimov" in english and "Deputy Foreign Minister (2009–2014)" in english
    page = english.split("<main", 1)[1]  # the head's description also opens with "First."
    assert page.index("First.") < page.index("Partnership") < page.index("Second.")
    assert "Партнёрство — это процесс" in russian and "Ариф Керимов" in russian


def test_tags_grouped_by_kind_with_links(client, make_article):
    article = make_article(public=("en",))
    person = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Leyla Mammadova")
    org = Tag.objects.create(kind=Tag.Kind.ORGANISATION, name_en="NATO")
    place = Tag.objects.create(kind=Tag.Kind.PLACE, name_en="Karabakh")
    topic = Tag.objects.create(kind=Tag.Kind.TOPIC, name_en="Security")
    article.tags.set([topic, place, org, person])

    html = client.get(article.get_absolute_url("en")).text
    tags = html.split('class="article__tags"')[1]

    order = [tags.index(word) for word in ("People", "Organisations", "Places", "Topics")]
    assert order == sorted(order)
    assert f'href="{person.get_absolute_url()}"' in tags and "/en/tag/leyla-mammadova/" in tags


def test_label_in_another_language_carries_its_lang(client, make_article):
    tag = Tag.objects.create(kind=Tag.Kind.PERSON, name_ru="Только По-Русски")
    article = make_article(public=("en",))
    article.tags.add(tag)

    html = client.get(article.get_absolute_url("en")).text

    assert '<span lang="ru">Только По-Русски</span>' in html


def test_byline_links_to_author_pages_in_order(client, make_article):
    from articles.models import Byline
    from authors.models import Author

    article = make_article(public=("en",))
    second = Author.objects.create(name_en="Second Author")
    first = Author.objects.create(name_en="Analytical Service Turan", is_institution=True)
    Byline.objects.create(article=article, author=second, position=1)
    Byline.objects.create(article=article, author=first, position=0)

    html = client.get(article.get_absolute_url("en")).text

    assert html.index("Analytical Service Turan") < html.index("Second Author")
    assert f'href="{first.get_absolute_url()}"' in html

    author_page = client.get(first.get_absolute_url())
    assert author_page.status_code == 200
    assert "NATO and Azerbaijan: Contacts and Differences" in author_page.text


def test_home_lists_only_public_versions_of_its_language(client, make_article):
    public = make_article(public=("en",), title_en="Visible in English")
    make_article(public=("ru",), title_en="Russian only, English draft")
    make_article(title_en="A draft", published_at_en=None)
    make_article(title_en="Scheduled", published_at_en=timezone.now() + timedelta(hours=3))

    html = client.get("/en/").text

    assert "Visible in English" in html
    assert f'href="{public.get_absolute_url("en")}"' in html
    for hidden in ("Russian only, English draft", "A draft", "Scheduled"):
        assert hidden not in html


@pytest.mark.parametrize("page", ["0", "999", "abc", "-1", "1.5", "9" * 40])
def test_bad_page_numbers_are_404(client, make_article, page):
    article = make_article(public=("en",))

    url = f"/en/section/{article.section.slug}/?page={page}"
    assert client.get(url).status_code == 404


def test_section_and_tag_pages(client, make_article, make_section):
    section = make_section(name_en="Economy", slug="economy")
    article = make_article(public=("en",), section=section, title_en="Gas and growth")
    other = make_article(public=("en",), title_en="Not economy")
    tag = Tag.objects.create(kind=Tag.Kind.TOPIC, name_en="Energy")
    article.tags.add(tag)

    section_page = client.get("/en/section/economy/")
    tag_page = client.get("/en/tag/energy/")

    assert "Gas and growth" in section_page.text and "Not economy" not in section_page.text
    assert "Gas and growth" in tag_page.text and other.title_en not in tag_page.text
    assert client.get("/en/section/nope/").status_code == 404
    assert client.get("/en/tag/nope/").status_code == 404


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, "/ru/"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}, "/en/"),
        ({"HTTP_ACCEPT_LANGUAGE": "az"}, "/az/"),
        ({"HTTP_ACCEPT_LANGUAGE": "de"}, "/ru/"),
    ],
)
def test_root_sends_reader_to_their_language(client, headers, expected):
    response = client.get("/", **headers)

    assert response.status_code == 302
    assert response["Location"] == expected


def test_root_prefers_the_language_cookie(client):
    client.cookies["django_language"] = "az"

    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/az/"


def test_unknown_language_prefix_is_404(client):
    assert client.get("/de/").status_code == 404


def test_article_page_query_count_is_constant(client, make_article, django_assert_max_num_queries):
    article = make_article(public=("en",))
    for number in range(15):
        article.tags.add(Tag.objects.create(kind=Tag.Kind.TOPIC, name_en=f"Topic {number}"))

    # The article with all it shows, the section menu, the most-read lists
    # (newsletter/reads.py; both kept per process and content version), and
    # the page cache's one (content version, next moment).
    with django_assert_max_num_queries(4):
        assert client.get(article.get_absolute_url("en")).status_code == 200


def small_jpeg():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (32, 18), "#336699").save(data, "JPEG")
    return SimpleUploadedFile("lead.jpg", data.getvalue(), content_type="image/jpeg")


def test_lead_image_with_caption_and_credit(client, make_article):
    article = make_article(public=("ru", "en"))
    give_lead_photo(
        article,
        small_jpeg(),
        caption_ru="Ильхам Алиев и Йенс Столтенберг",
        credit_ru="Фото: Turan",  # typed with its label: the page adds it once
        credit_en="Turan",
    )

    russian = client.get(article.get_absolute_url("ru")).text
    english = client.get(article.get_absolute_url("en")).text

    figure = russian.split('class="article__image"')[1].split("</figure>")[0]
    assert 'width="32" height="18"' in figure
    assert "<figcaption>Ильхам Алиев и Йенс Столтенберг" in figure
    assert "Фото: Turan" in " ".join(figure.split())
    # The caption exists only in Russian: the English page shows it, marked as Russian.
    figure = english.split('class="article__image"')[1].split("</figure>")[0]
    assert '<span lang="ru">Ильхам Алиев и Йенс Столтенберг</span>' in figure
    assert "Photo: Turan" in " ".join(figure.split())
    assert "Фото: Фото" not in russian and "Photo: Photo" not in english
    assert '<span class="credit">' in figure  # apart from the caption, styled


def test_the_articles_own_caption_wins_over_the_photos_and_the_label_follows_the_kind(
    client, make_article
):
    article = make_article(public=("ru",), caption_ru="Саммит в Брюсселе")
    give_lead_photo(
        article,
        small_jpeg(),
        caption_ru="Архивный снимок",
        credit_ru="Туран",
        credit_kind="illustration",
    )

    figure = client.get(article.get_absolute_url("ru")).text.split('class="article__image"')[1]
    figure = " ".join(figure.split("</figure>")[0].split())
    assert "<figcaption>Саммит в Брюсселе" in figure
    assert "Архивный снимок" not in figure
    assert '<span class="credit">Иллюстрация: Туран</span>' in figure


def test_article_page_reads_everything_it_shows_in_one_query_per_article(
    client, make_article, django_assert_max_num_queries
):
    def article_with(name):
        speaker = Tag.objects.create(kind=Tag.Kind.PERSON, name_en=f"{name} Speaker")
        quote = Quote.objects.create(speaker=speaker, text_en=f"Words of {name}.")
        body = f'<p>Text.</p><figure data-quote="{quote.pk}"></figure>'
        article = make_article(public=("en",), title_en=f"{name} story", body_en=body)
        article.quotes.add(quote)
        article.tags.add(Tag.objects.create(kind=Tag.Kind.TOPIC, name_en=f"{name} topic"))
        for position, author in enumerate((f"{name} Second", f"{name} First")[::-1]):
            Byline.objects.create(
                article=article, author=Author.objects.create(name_en=author), position=position
            )
        Correction.objects.create(article=article, language="en", kind="correction", note=name)
        return article

    first, second = article_with("Alpha"), article_with("Beta")
    for article, name, other in ((first, "Alpha", "Beta"), (second, "Beta", "Alpha")):
        # With the section menu, the most-read lists and the page cache's query.
        with django_assert_max_num_queries(4):
            html = client.get(article.get_absolute_url("en")).text
        assert f"{name} story" in html and f"Words of {name}." in html
        assert f"{name} Speaker" in html and f"{name} topic" in html
        assert html.index(f"{name} First") < html.index(f"{name} Second")
        assert 'class="correction ' in html
        assert other not in html


@pytest.mark.django_db(transaction=True)
def test_article_page_on_a_new_connection_and_after_forgetting_what_was_prepared(
    client, make_article
):
    article = make_article(public=("en",), title_en="Prepared once")
    url = article.get_absolute_url("en")

    def rendered():
        caches[settings.PAGE_CACHE_ALIAS].clear()
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        return response.text

    assert "Prepared once" in rendered()
    connection.close()  # a new session: the statement is prepared again
    assert "Prepared once" in rendered()
    compiled._prepared.clear()  # the session still holds it: not prepared twice
    assert "Prepared once" in rendered()
