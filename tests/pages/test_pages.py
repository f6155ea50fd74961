"""The site's own pages: one per kind, translated, sanitised on every write,
linked from every page's footer and from the publisher's JSON-LD."""

import json
import re

import pytest
from django.urls import reverse

from newsroom.roles import EDITOR
from pages.models import Page
from tests.change_form import client_for, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def about():
    return Page.objects.create(
        kind=Page.Kind.ABOUT,
        title_ru="О нас",
        body_ru="<p>Мы пишем из Баку.</p>",
        title_en="About us",
        body_en="<p>We write from Baku.</p>",
    )


@pytest.fixture
def standards():
    return Page.objects.create(
        kind=Page.Kind.STANDARDS,
        title_ru="Стандарты",
        body_ru="<p>Два человека проверяют каждый факт.</p>",
        title_az="Standartlar",
        body_az="<p>Hər faktı iki nəfər yoxlayır.</p>",
        title_en="Standards",
        body_en="<p>Two people check every fact.</p>",
    )


def footer(html):
    return re.search(r'<footer class="site-footer">(.*?)</footer>', html, re.S)[1]


def test_a_page_answers_in_each_language_it_has(client, about):
    ru = client.get("/ru/page/about/")
    en = client.get("/en/page/about/")

    assert ru.status_code == en.status_code == 200
    assert "<h1>О нас</h1>" in ru.text and "Мы пишем из Баку." in ru.text
    assert "<h1>About us</h1>" in en.text and "We write from Baku." in en.text
    assert '<html lang="en">' in en.text


def test_a_page_without_a_version_in_the_language_is_a_404_in_that_language(client, about):
    response = client.get("/az/page/about/")

    assert response.status_code == 404
    assert "Səhifə tapılmadı" in response.text
    assert client.get("/en/page/no-such-kind/").status_code == 404
    assert client.get("/en/page/contact/").status_code == 404  # a kind with no page


def test_an_empty_body_is_no_version(client):
    Page.objects.create(kind=Page.Kind.PRIVACY, title_en="Privacy", body_en="<p> </p><p><br></p>")

    assert client.get("/en/page/privacy/").status_code == 404
    assert Page.objects.get().body_en == ""


def test_hreflang_names_exactly_the_languages_with_a_version(client, about):
    html = client.get("/en/page/about/").text

    alternates = dict(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', html))
    assert alternates == {
        "ru": "http://testserver/ru/page/about/",
        "en": "http://testserver/en/page/about/",
    }
    assert '<link rel="canonical" href="http://testserver/en/page/about/">' in html


@pytest.mark.parametrize(
    ("code", "expected", "absent"),
    [
        ("ru", ["О нас", "Стандарты"], []),
        ("az", ["Standartlar"], ["About us", "О нас"]),
        ("en", ["About us", "Standards"], []),
    ],
)
def test_every_page_links_the_site_pages_in_its_language(
    client, about, standards, make_article, code, expected, absent
):
    article = make_article(public=("ru", "az", "en"))
    for url in (f"/{code}/", article.get_absolute_url(code), f"/{code}/archive/"):
        links = footer(client.get(url).text)
        for title in expected:
            assert f">{title}</a>" in links, (url, title)
        for title in absent:
            assert title not in links
        # Kind order: About before Editorial standards, whatever was created first.
        if code == "ru":
            assert links.index("О нас") < links.index("Стандарты")


def test_the_body_is_sanitised_on_every_write_path(about):
    hostile = '<p onclick="x()">Fine</p><script>alert(1)</script><img src=x onerror=alert(1)>'

    about.body_en = hostile
    about.save()
    Page.objects.filter(pk=about.pk).update(body_ru=hostile)
    Page.objects.bulk_create([Page(kind=Page.Kind.CONTACT, title_en="Contact", body_en=hostile)])
    privacy = Page(kind=Page.Kind.PRIVACY, title_en="Privacy", body_en="<p>Kept.</p>")
    privacy.save()
    privacy.body_en = hostile
    Page.objects.bulk_update([privacy], ["body_en"])

    bodies = [
        *Page.objects.filter(pk=about.pk).values_list("body_en", "body_ru").get(),
        Page.objects.get(kind=Page.Kind.CONTACT).body_en,
        Page.objects.get(kind=Page.Kind.PRIVACY).body_en,
    ]
    assert bodies == ["<p>Fine</p>"] * 4


def test_editors_edit_pages_in_the_admin_and_journalists_cannot(
    django_user_model, journalist, about
):
    editor = make_staff(django_user_model, "editor-pages", EDITOR)
    change = reverse("admin:pages_page_change", args=[about.pk])

    assert client_for(journalist).get(change).status_code == 403
    response = client_for(editor).post(
        change,
        {
            "kind": "about",
            "title_ru": "О нас",
            "body_ru": "<p>Мы пишем из Баку.</p>",
            "title_az": "Haqqımızda",
            "body_az": '<p>Bakıdan yazırıq.</p><script>alert("az")</script>',
            "title_en": "About us",
            "body_en": "<p>We write from Baku.</p>",
        },
    )

    assert response.status_code == 302
    about.refresh_from_db()
    assert about.body_az == "<p>Bakıdan yazırıq.</p>"


def test_a_page_costs_three_queries(
    client, about, standards, make_section, django_assert_max_num_queries
):
    make_section()
    # The page, the header's sections with the footer's pages, the page cache's one.
    with django_assert_max_num_queries(3):
        assert client.get("/en/page/editorial-standards/").status_code == 200


def test_an_edit_of_a_page_reaches_cached_pages_at_once(client, about):
    assert "About us" in footer(client.get("/en/").text)
    assert "About us" in footer(client.get("/en/").text)  # now from the page cache

    Page.objects.filter(pk=about.pk).update(title_en="Who we are")

    html = client.get("/en/").text
    assert "Who we are" in footer(html) and "About us" not in footer(html)
    assert "<h1>Who we are</h1>" in client.get("/en/page/about/").text


def test_the_publisher_json_ld_links_the_pages_that_exist(client, make_article, standards):
    Page.objects.create(
        kind=Page.Kind.CORRECTIONS, title_en="Corrections policy", body_en="<p>We fix.</p>"
    )
    article = make_article(public=("ru", "en"))

    def publisher(code):
        html = client.get(article.get_absolute_url(code)).text
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            data = json.loads(block)
            if data.get("@type") == "NewsArticle":
                return data["publisher"]

    en = publisher("en")
    assert en["publishingPrinciples"] == "http://testserver/en/page/editorial-standards/"
    assert en["correctionsPolicy"] == "http://testserver/en/page/corrections-policy/"
    assert "ownershipFundingInfo" not in en  # no such page
    ru = publisher("ru")
    assert ru["publishingPrinciples"] == "http://testserver/ru/page/editorial-standards/"
    assert "correctionsPolicy" not in ru  # no Russian version of it


def test_the_demo_has_every_page_in_three_languages_and_loads_it_once():
    from demo.loader import DemoLoader

    loader = DemoLoader()
    loader._pages()
    loader._pages()

    assert loader.created["site pages"] == len(Page.Kind.values)
    for page in Page.objects.all():
        assert page.public_languages() == ["ru", "az", "en"], page.kind
