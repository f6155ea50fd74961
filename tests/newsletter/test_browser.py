import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from newsletter import reads
from newsletter.models import ReadCount, Subscriber
from tests.newsletter.conftest import link_in, local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Headless Chromium names itself "HeadlessChrome", which the bot filter leaves out.
READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "user_agent": READER}


def test_a_reader_subscribes_from_the_footer_and_confirms(
    live_server, page, make_article, make_section, mail_server
):
    economy = make_section(name_en="Economy", name_az="İqtisadiyyat", slug="economy")
    make_section(name_en="Politics", name_az="Siyasət", slug="politics")
    make_article(public=("en",))

    page.goto(live_server.url + "/en/")
    page.locator(".site-footer").get_by_role("link", name="Newsletter").click()
    expect(page.get_by_role("heading", name="Newsletter", level=1)).to_be_visible()
    page.get_by_label("Email address").fill("reader@example.org")
    page.get_by_role("radio", name="Azərbaycan").check()
    page.get_by_role("checkbox", name="Economy").check()
    page.get_by_role("button", name="Subscribe").click()

    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    (message,) = mail_server.wait_for(1)
    assert not Subscriber.objects.exists()

    page.goto(live_server.url + local(link_in(message, "/confirm/")))
    expect(page.locator("html")).to_have_attribute("lang", "az")
    page.get_by_role("button", name="Təsdiqlə").click()
    expect(page.get_by_role("heading", name="Siz abunə oldunuz")).to_be_visible()
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.language) == ("reader@example.org", "az")
    assert list(subscriber.sections.all()) == [economy]

    page.get_by_role("link", name="Abunəlikdən çıx").click()
    page.get_by_role("button", name="Abunəlikdən çıx").click()
    expect(page.get_by_role("heading", name="Siz abunəlikdən çıxdınız")).to_be_visible()
    assert not Subscriber.objects.exists()


def test_an_invalid_address_is_marked_in_the_form(live_server, page, mail_server):
    page.goto(live_server.url + "/ru/newsletter/")
    page.get_by_label("Адрес электронной почты").fill("не адрес")
    page.get_by_role("button", name="Подписаться").click()
    field = page.get_by_label("Адрес электронной почты")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value("не адрес")
    assert mail_server.messages == []


@pytest.mark.parametrize("code", ["ru", "az", "en"])
def test_the_signup_page_has_no_axe_violations(live_server, page, make_section, code):
    make_section(slug="economy")
    page.goto(f"{live_server.url}/{code}/newsletter/")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_article_pages_count_themselves_from_the_cache(live_server, page, make_article):
    article = make_article(public=("en",))
    url = live_server.url + article.get_absolute_url("en")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    page.reload()  # from the page cache (or a 304 from it) this time: no view runs
    hour = reads.hour_of(timezone.now())

    def counted():
        written = sum(ReadCount.objects.filter(article=article).values_list("count", flat=True))
        return reads.pending().get((article.pk, "en", hour), 0) + written

    deadline = time.monotonic() + 5
    while counted() < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert counted() == 2
    # No cookie but the language one the site always sets; no third party asked.
    assert {cookie["name"] for cookie in page.context.cookies()} <= {"django_language"}
    assert all(request.startswith(live_server.url) for request in requests)
    assert requests.count(f"{live_server.url}/en/r/{article.pk}") == 2
