import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_searches_from_the_header_and_switches_language(live_server, page, make_article):
    article = make_article(
        public=("ru", "en"),
        title_en="Karabakh peace talks resume",
        body_en="<p>The talks on Karabakh resumed in Geneva.</p>",
    )
    make_article(public=("en",), title_en="Budget for next year")

    page.goto(live_server.url + "/en/")
    search = page.get_by_role("search", name="Site search")
    search.get_by_label("Search").fill("Karabakh talks")
    search.get_by_label("Search").press("Enter")

    expect(page).to_have_url(live_server.url + "/en/search/?q=Karabakh+talks")
    results = page.locator(".search-result")
    expect(results).to_have_count(1)
    results.get_by_role("link", name="Karabakh peace talks resume").wait_for()
    expect(results.locator("mark")).to_have_text(["talks", "Karabakh"])

    page.locator(".language-switcher").get_by_role("link", name="Русский").click()

    expect(page).to_have_url(live_server.url + "/ru/search/?q=Karabakh+talks&searched_in=en")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("#search-q")).to_have_value("Karabakh talks")

    page.locator("#search-q").fill("текста")
    page.locator("#search-q").press("Enter")

    expect(page.locator(".search-result")).to_have_count(1)
    expect(page.locator(".search-result mark")).to_have_text(["текст"])
    expect(page.locator(".search-result__title a")).to_have_attribute(
        "href", article.get_absolute_url("ru")
    )


@pytest.mark.parametrize(
    "query",
    [
        "?q=Karabakh",
        "?q=zanzibar",
        "?q=oil&section=nope&from=2024-13-01&to=2024-01-01",
        "",
    ],
)
@pytest.mark.parametrize("code", ["ru", "az", "en"])
def test_search_page_has_no_axe_violations(live_server, page, make_article, code, query):
    make_article(
        public=("ru", "az", "en"),
        title_en="Karabakh peace talks resume",
        body_en="<p>The talks on Karabakh resumed.</p>",
        title_ru="Карабах",
        body_ru="<p>Karabakh</p>",
        title_az="Qarabağ",
        body_az="<p>Karabakh</p>",
    )

    page.goto(f"{live_server.url}/{code}/search/{query}")

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_reader_types_dates_in_the_page_languages_format(live_server, page, make_article):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    baku = ZoneInfo("Asia/Baku")
    make_article(
        public=("ru",),
        title_ru="Нефть в апреле",
        published_at_ru=datetime(2024, 4, 20, tzinfo=baku),
    )
    make_article(
        public=("ru",), title_ru="Нефть в мае", published_at_ru=datetime(2024, 5, 20, tzinfo=baku)
    )

    page.goto(live_server.url + "/ru/search/?q=нефть")
    date_from = page.get_by_label("С", exact=True)
    expect(date_from).to_have_attribute("type", "text")
    expect(page.locator("#search-from-hint")).to_have_text("ДД.ММ.ГГГГ")
    date_from.fill("01.05.2024")
    page.get_by_label("По", exact=True).fill("31.05.2024")
    date_from.press("Enter")

    expect(page.locator(".search-result__title")).to_have_text(["Нефть в мае"])
    expect(page.get_by_label("С", exact=True)).to_have_value("01.05.2024")

    page.get_by_label("С", exact=True).fill("31.02.2024")
    page.get_by_label("С", exact=True).press("Enter")

    expect(page.locator("#search-from-errors")).to_have_text(
        "Введите дату в виде ДД.ММ.ГГГГ, например 31.12.2024."
    )
    expect(page.get_by_label("С", exact=True)).to_have_attribute("aria-invalid", "true")


def test_reader_sorts_by_date_and_meets_a_misspelt_word_corrected(live_server, page, make_article):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    make_article(
        public=("en",),
        title_en="Caspian tanker rules",
        published_at_en=now - timedelta(days=3),
    )
    make_article(
        public=("en",),
        title_en="Port news",
        body_en="<p>A Caspian tanker docked.</p>",
        published_at_en=now - timedelta(hours=2),
    )

    page.goto(live_server.url + "/en/search/?q=Caspain+tanker")
    expect(page.locator(".search-correction")).to_contain_text(
        "Showing the results for “Caspian tanker”"
    )
    expect(page.locator(".search-result__title")).to_have_text(
        ["Caspian tanker rules", "Port news"]
    )

    page.locator(".search-sort").get_by_role("link", name="date, newest first").click()

    expect(page.locator(".search-result__title")).to_have_text(
        ["Port news", "Caspian tanker rules"]
    )
    expect(page.locator(".search-sort strong")).to_have_text("date, newest first")
