import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from articles.models import Article, Byline
from authors.models import Author
from quotes.models import Quote
from tags.models import Tag

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
LIST_URL = reverse("admin:articles_article_changelist")
QUOTES_URL = reverse("admin:articles_article_quotes")
BAKU = ZoneInfo("Asia/Baku")
TRANSLATED = ["title", "slug", "lead", "body", "caption", "search_description"]

TEXT = {
    "ru": {
        "title": "НАТО и Азербайджан: контакты и разногласия",
        "lead": "Русский лид.",
        "body": "<p>Русский текст.</p><ul><li>пункт</li></ul>",
        "caption": "Ильхам Алиев и Йенс Столтенберг",
        "search_description": "Русское описание.",
    },
    "az": {
        "title": "NATO və Azərbaycan: təmaslar və fikir ayrılıqları",
        "lead": "Azərbaycanca lid.",
        "body": "<p>Azərbaycanca mətn.</p>",
        "caption": "İlham Əliyev və Yens Stoltenberq",
        "search_description": "Azərbaycanca təsvir.",
    },
    "en": {
        "title": "NATO and Azerbaijan: Contacts and Differences",
        "lead": "English lead.",
        "body": "<p>English text.</p><blockquote><p>Cited.</p></blockquote>",
        "caption": "Ilham Aliyev and Jens Stoltenberg",
        "search_description": "English description.",
    },
}


@pytest.fixture
def staff_client(admin_client):
    """A superuser's client whose admin speaks English (the message source)."""
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


@pytest.fixture
def author(db):
    return Author.objects.create(
        name_ru="Аналитическая служба Туран", name_en="Turan", slug="turan"
    )


def form_data(section, author=None, **overrides):
    """POST data for the article form, every language filled in."""
    data = {
        "original_language": "ru",
        "section": section.pk if section else "",
        "lead_image_credit": "",
        "bylines-TOTAL_FORMS": "1" if author else "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    if author:
        data.update({"bylines-0-author": str(author.pk), "bylines-0-position": "0"})
    for code, fields in TEXT.items():
        data.update({f"{name}_{code}": value for name, value in fields.items()})
        data.update(
            {f"slug_{code}": "", f"published_at_{code}_0": "", f"published_at_{code}_1": ""}
        )
    data.update(overrides)
    return data


def test_add_form_holds_every_language_of_every_translated_field(staff_client):
    response = staff_client.get(ADD_URL)

    assert response.status_code == 200
    form = response.context["adminform"].form
    for field in [*TRANSLATED, "published_at"]:
        for code in ("ru", "az", "en"):
            assert f"{field}_{code}" in form.fields
    assert "quotes" not in form.fields  # derived from the body
    content = response.content.decode()
    # One switcher, the languages named in their own language, the original marked.
    assert content.count('class="turan-langbar"') == 1
    for code, name in [("ru", "Русский"), ("az", "Azərbaycan"), ("en", "English")]:
        assert f'data-lang="{code}"' in content
        assert name in content
    config = response.context["translation"]["config"]
    assert config["original"] == "ru" and config["current"] == "ru"
    assert config["fields"] == [*TRANSLATED, "published_at"]
    assert response.context["translation"]["tabs"][0]["is_original"]
    # The body editors load the quote extension; nothing comes from outside.
    assert "turan/admin/quote-placeholder.js" in content
    assert "turan/admin/translations.js" in content
    assert not re.search(r"""(src|href)=["'](https?:)?//""", content)


def test_round_trip_stores_every_language(staff_client, make_section, author):
    section = make_section()
    tag = Tag.objects.create(kind=Tag.Kind.PLACE, name_en="Karabakh")
    data = form_data(
        section,
        author,
        original_language="az",
        tags=[str(tag.pk)],
        published_at_en_0="2017-11-25",
        published_at_en_1="12:51:00",
        backdate_en="on",
    )

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.original_language == "az"
    assert article.section == section
    for code, fields in TEXT.items():
        for name, value in fields.items():
            assert getattr(article, f"{name}_{code}") == value, (name, code)
    assert article.slug_az == "nato-ve-azerbaycan-temaslar-ve-fikir-ayriliqlari"
    assert article.published_at_en == datetime(2017, 11, 25, 12, 51, tzinfo=BAKU)
    assert article.published_at_ru is None and article.published_at_az is None
    assert list(article.authors.all()) == [author]
    assert list(article.tags.all()) == [tag]


def test_placed_quote_is_stored_and_synced(staff_client, make_section):
    person = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Anders Fogh Rasmussen")
    quote = Quote.objects.create(speaker=person, text_en="NATO is open.")
    body = f'<p>Before.</p><figure data-quote="{quote.pk}"></figure><p>After.</p>'

    response = staff_client.post(ADD_URL, form_data(make_section(), body_en=body))

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.body_en == body
    assert list(article.quotes.all()) == [quote]
    change = staff_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert reverse("admin:quotes_quote_change", args=[quote.pk]) in change.content.decode()


def assert_everything_kept(response, data):
    content = response.content.decode()
    for code, fields in TEXT.items():
        for name in fields:
            assert escape(data[f"{name}_{code}"]) in content, (name, code)


def test_moment_without_title_is_refused_on_that_language_keeping_all_text(
    staff_client, make_section
):
    data = form_data(
        make_section(),
        title_az="",
        published_at_az_0="2017-11-25",
        published_at_az_1="12:51:00",
    )

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert not Article.objects.exists()
    form = response.context["adminform"].form
    assert list(form.errors) == ["published_at_az"]
    assert "Azərbaycan" in form.errors["published_at_az"][0]
    translation = response.context["translation"]
    assert translation["current"] == "az"  # reopens on the tab holding the error
    errors = {tab["code"]: tab["has_errors"] for tab in translation["tabs"]}
    assert errors == {"ru": False, "az": True, "en": False}
    assert_everything_kept(response, data)
    content = response.content.decode()
    assert 'value="2017-11-25"' in content and 'value="12:51:00"' in content


@pytest.mark.parametrize("missing", ["title", "body"])
def test_moment_needs_title_and_body(staff_client, make_section, missing):
    data = form_data(make_section(), published_at_en_0="2017-11-25", published_at_en_1="12:51")
    data[f"{missing}_en"] = "<p></p>" if missing == "body" else ""

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["published_at_en"]


def test_missing_section_is_refused_keeping_all_text(staff_client):
    data = form_data(None)

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert "section" in response.context["adminform"].form.errors
    assert response.context["translation"]["current"] == "ru"  # the original
    assert_everything_kept(response, data)


def test_empty_languages_are_marked(staff_client):
    data = form_data(None)  # refused: no section
    for name in TEXT["en"]:
        data[f"{name}_en"] = ""

    response = staff_client.post(ADD_URL, data)

    empty = {tab["code"]: tab["is_empty"] for tab in response.context["translation"]["tabs"]}
    assert empty == {"ru": False, "az": False, "en": True}
    assert staff_client.get(ADD_URL).context["translation"]["tabs"][1]["is_empty"]


def test_original_language_comes_from_the_article(staff_client, make_article):
    article = make_article(original_language="en")

    response = staff_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    translation = response.context["translation"]
    assert translation["current"] == "en"
    assert [tab["is_original"] for tab in translation["tabs"]] == [False, False, True]


@pytest.fixture
def statuses(make_article, make_section):
    """One article per status of its Russian version; az public everywhere but one."""
    section = make_section()
    past = timezone.now() - timedelta(hours=1)
    future = timezone.now() + timedelta(days=1)
    return {
        "missing": make_article(section=section, title_ru=None, published_at_ru=past),
        "draft": make_article(section=section, title_ru="Черновик"),
        "scheduled": make_article(section=section, title_ru="Завтра", published_at_ru=future),
        "public": make_article(
            section=section, title_ru="Сегодня", published_at_ru=past, published_at_az=past
        ),
    }


def test_list_shows_a_status_badge_per_language(staff_client, statuses):
    response = staff_client.get(LIST_URL)

    content = response.content.decode()
    start = content.index('id="result_list"')
    table = content[start : content.index("</table>", start)]
    rows = table.split("<tr")[2:]  # after the header row
    assert len(rows) == 4
    for status, article in statuses.items():
        row = next(row for row in rows if f"/{article.pk}/change/" in row)
        badges = re.findall(r"turan-status turan-status--(\w+)' title='(\w+)", row)
        az = "public" if status == "public" else "draft"
        # The "missing" one has a Russian body but no title: saved, incomplete.
        shown = "incomplete" if status == "missing" else status
        assert badges == [(shown, "Русский"), (az, "Azərbaycan"), ("draft", "English")]
        assert f"<b>RU</b> <span aria-hidden='true'>●</span> {shown}" in row


@pytest.mark.parametrize("status", ["missing", "draft", "scheduled", "public"])
def test_status_filter_per_language(staff_client, statuses, status):
    response = staff_client.get(LIST_URL, {"status_ru": status})

    assert list(response.context["cl"].result_list) == [statuses[status]]


def test_status_filters_combine_languages(staff_client, statuses):
    response = staff_client.get(LIST_URL, {"status_az": "public", "status_en": "draft"})

    assert list(response.context["cl"].result_list) == [statuses["public"]]
    assert "Azərbaycan" in response.content.decode()


def test_list_filters_by_section_and_author(staff_client, make_article, make_section, author):
    other = make_section(name_ru="Экономика", name_en="Economy")
    mine = make_article()
    Byline.objects.create(article=mine, author=author)
    elsewhere = make_article(section=other)

    by_section = staff_client.get(LIST_URL, {"section__id__exact": other.pk})
    by_author = staff_client.get(LIST_URL, {"authors__id__exact": author.pk})

    assert list(by_section.context["cl"].result_list) == [elsewhere]
    assert list(by_author.context["cl"].result_list) == [mine]


@pytest.mark.parametrize(
    "query", ["контакты", "təmaslar", "Contacts and Differences", "AZƏRBAYCAN"]
)
def test_search_finds_titles_in_every_language(staff_client, make_article, query):
    found = make_article()
    make_article(title_ru="Другое", title_az="Başqa", title_en="Something else")

    response = staff_client.get(LIST_URL, {"q": query})

    assert list(response.context["cl"].result_list) == [found]


def changelist_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_articles(staff_client, make_article, make_section):
    section = make_section()
    authors = [Author.objects.create(name_en=f"Author {n}", slug=f"author-{n}") for n in range(3)]

    def add(count):
        for _ in range(count):
            article = make_article(section=section)
            for position, person in enumerate(authors):
                Byline.objects.create(article=article, author=person, position=position)

    add(2)
    few = changelist_queries(staff_client)
    add(10)
    many = changelist_queries(staff_client)

    assert many == few
    assert few <= 15


def test_quote_library_answers_staff_only(client, django_user_model, make_section):
    person = Tag.objects.create(kind=Tag.Kind.PERSON, name_ru="Расмуссен", name_en="Rasmussen")
    quote = Quote.objects.create(
        speaker=person, text_ru="НАТО открыто.", text_en="NATO is open.", speaker_role_en="SG"
    )

    assert client.get(QUOTES_URL).status_code == 302  # to the admin login
    reader = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(reader)
    assert client.get(QUOTES_URL).status_code == 302
    idle = django_user_model.objects.create_user("idle", password="pw", is_staff=True)
    client.force_login(idle)
    assert client.get(QUOTES_URL).status_code == 403

    journalist = django_user_model.objects.create_user("journalist", password="pw", is_staff=True)
    journalist.user_permissions.add(Permission.objects.get(codename="add_article"))
    client.force_login(journalist)
    response = client.get(QUOTES_URL)

    assert response.status_code == 200
    assert json.loads(response.content) == {
        "results": [
            {
                "id": quote.pk,
                "words": {"ru": "НАТО открыто.", "az": "", "en": "NATO is open."},
                "speaker": {"ru": "Расмуссен", "az": "", "en": "Rasmussen"},
                "role": {"ru": "", "az": "", "en": "SG"},
                "said_on": None,
            }
        ]
    }


def test_quote_library_searches_and_fetches_by_id(staff_client):
    person = Tag.objects.create(kind=Tag.Kind.PERSON, name_az="Rasmussen")
    open_door = Quote.objects.create(speaker=person, text_en="NATO is open.")
    other = Quote.objects.create(speaker=person, text_az="Başqa söz.")

    def ids(params):
        response = staff_client.get(QUOTES_URL, params)
        return [quote["id"] for quote in json.loads(response.content)["results"]]

    assert ids({"q": "open"}) == [open_door.pk]
    assert sorted(ids({"q": "rasmus"})) == sorted([open_door.pk, other.pk])
    assert ids({"ids": f"{other.pk}"}) == [other.pk]
    assert ids({"q": "nothing like it"}) == []


def test_translated_admins_share_the_switcher(staff_client):
    tag = Tag.objects.create(kind=Tag.Kind.PERSON, name_az="Əliyev")
    author = Author.objects.create(name_en="Turan", slug="turan-service")
    quote = Quote.objects.create(speaker=tag, text_en="Words.")
    for url in [
        reverse("admin:articles_section_add"),
        reverse("admin:tags_tag_change", args=[tag.pk]),
        reverse("admin:authors_author_change", args=[author.pk]),
        reverse("admin:quotes_quote_change", args=[quote.pk]),
    ]:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert 'id="turan-langbar"' in content, url
        assert "turan-badge--original" not in content, url  # no original language
        assert response.context["translation"]["config"]["fields"], url


def test_tag_needs_a_name_in_one_language_only(staff_client):
    url = reverse("admin:tags_tag_add")

    refused = staff_client.post(url, {"kind": "person", "name_ru": "", "name_az": "", "slug": ""})
    saved = staff_client.post(url, {"kind": "person", "name_az": "Əliyev", "slug": ""})

    assert refused.status_code == 200
    assert "name_ru" in refused.context["adminform"].form.errors
    assert saved.status_code == 302
    assert Tag.objects.get().slug == "eliyev"


def test_tag_search_and_kind_filter(staff_client):
    place = Tag.objects.create(kind=Tag.Kind.PLACE, name_az="Qarabağ", name_en="Karabakh")
    Tag.objects.create(kind=Tag.Kind.PERSON, name_ru="Алиев")
    url = reverse("admin:tags_tag_changelist")

    assert list(staff_client.get(url, {"q": "qarabağ"}).context["cl"].result_list) == [place]
    assert list(staff_client.get(url, {"kind__exact": "place"}).context["cl"].result_list) == [
        place
    ]


def test_speaker_autocomplete_offers_people_only(staff_client):
    person = Tag.objects.create(kind=Tag.Kind.PERSON, name_en="Stoltenberg")
    Tag.objects.create(kind=Tag.Kind.ORGANISATION, name_en="Stoltenberg Foundation")

    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "quotes", "model_name": "quote", "field_name": "speaker", "term": "stolt"},
    )

    assert [item["id"] for item in json.loads(response.content)["results"]] == [str(person.pk)]


def test_admin_header_switches_the_interface_language(client, admin_user):
    client.force_login(admin_user)
    page = client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'action="{reverse("admin:interface_language")}"' in page
    assert f'name="next" value="{LIST_URL}"' in page
    assert '<html lang="en"' in page

    response = client.post(
        reverse("admin:interface_language"), {"language": "az", "next": LIST_URL}
    )

    assert response.status_code == 302 and response["Location"] == LIST_URL
    cookie = response.cookies["turan_admin_language"]
    assert cookie.value == "az" and cookie["path"] == "/admin/"
    # Readers' language is left alone.
    assert "django_language" not in response.cookies
    page = client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="az"' in page
    # Each language keeps its own name in the selector.
    assert re.search(r'value="en"[^>]*>English</button>', page)


def test_reading_the_site_never_changes_the_admins_language(client, admin_user, make_article):
    article = make_article(public=("ru", "en"))
    client.force_login(admin_user)
    client.post(reverse("admin:interface_language"), {"language": "en", "next": LIST_URL})

    # A Russian page, then a Russian preview: both remember Russian for readers.
    assert client.get(article.get_absolute_url("ru")).status_code == 200
    assert client.cookies["django_language"].value == "ru"
    with translation.override("ru"):
        preview = reverse("newsroom:preview", kwargs={"pk": article.pk})
    assert client.get(preview).status_code == 200

    page = client.get(LIST_URL).content.decode()
    assert '<html lang="en"' in page
    assert "Select article to change" in page


def test_the_first_admin_language_is_kept_apart_from_readers(client, admin_user, make_article):
    article = make_article(public=("ru", "az"))
    client.force_login(admin_user)
    client.cookies["django_language"] = "az"

    response = client.get(LIST_URL)

    assert '<html lang="az"' in response.content.decode()
    assert response.cookies["turan_admin_language"].value == "az"
    client.get(article.get_absolute_url("ru"))
    assert '<html lang="az"' in client.get(LIST_URL).content.decode()


def test_the_language_chooser_takes_posts_only_and_stays_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:interface_language")

    assert client.get(url, {"language": "en"}).status_code == 405
    response = client.post(url, {"language": "en", "next": "https://elsewhere.example/"})
    assert response["Location"] == "/admin/"
    response = client.post(url, {"language": "xx", "next": LIST_URL})
    assert "turan_admin_language" not in response.cookies

    csrf_client = type(client)(enforce_csrf_checks=True)
    csrf_client.force_login(admin_user)
    assert csrf_client.post(url, {"language": "en"}).status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "articles_section_changelist",
        "tags_tag_changelist",
        "authors_author_changelist",
        "quotes_quote_changelist",
        "articles_article_changelist",
    ],
)
def test_changelists_search_every_language(staff_client, make_article, name):
    make_article()
    Quote.objects.create(speaker=Tag.objects.create(kind=Tag.Kind.PERSON), text_az="Söz.")

    response = staff_client.get(reverse(f"admin:{name}"), {"q": "ə"})

    assert response.status_code == 200
