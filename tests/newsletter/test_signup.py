import logging

import pytest
from django.test import Client
from django.utils import timezone

from core.dates import BAKU
from newsletter import tokens
from newsletter.models import SignupWindow, Subscriber
from tests.newsletter.conftest import link_in, local, signup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "heading", "label"),
    [
        ("en", "Newsletter", "Email address"),
        ("ru", "Рассылка", "Адрес электронной почты"),
        ("az", "Bülleten", "E-poçt ünvanı"),
    ],
)
def test_the_signup_form_in_each_language(client, make_section, code, heading, label):
    make_section(name_en="Economy", name_ru="Экономика", name_az="İqtisadiyyat", slug="economy")
    response = client.get(f"/{code}/newsletter/")
    html = response.text
    assert response.status_code == 200
    assert f'<h1 class="page-title" id="newsletter-title">{heading}</h1>' in html
    assert f'<label for="newsletter-email">{label}</label>' in html
    assert 'value="' + code + '" checked' in html
    assert {"en": "Economy", "ru": "Экономика", "az": "İqtisadiyyat"}[code] in html
    assert '<span lang="az">Azərbaycan</span>' in html
    # Never kept by the page cache, nor by anyone else's.
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert response.get("X-Page-Cache") is None


def test_the_footer_links_the_newsletter(client, make_article):
    make_article(public=("az",))
    assert '<a href="/az/newsletter/">Bülleten</a>' in client.get("/az/").text


def test_nothing_is_stored_before_confirmation(client, mail_server, make_section):
    economy = make_section(name_en="Economy", slug="economy")
    make_section(name_en="Politics", slug="politics")
    response = signup(client, "Reader@Example.org", language="az", sections=[economy.pk])
    assert response.status_code == 302 and response["Location"] == "/en/newsletter/sent/"
    assert "confirmation link" in client.get(response["Location"]).text

    (message,) = mail_server.wait_for(1)
    assert Subscriber.objects.count() == 0
    assert message["To"] == "reader@example.org"
    # In the language asked for, with a link under that language.
    assert "Turan" in message["Subject"] and "abunə" in message["Subject"]
    url = link_in(message, "/newsletter/confirm/")
    assert url.startswith("https://turan.example/az/newsletter/confirm/")
    # The address is not readable from the link (it reaches logs and scanners).
    assert "reader" not in url.lower() and "example.org" not in url.lower()
    # A GET (a mail scanner opening the link) only asks.
    page = client.get(local(url))
    assert page.status_code == 200 and "<form" in page.text
    assert Subscriber.objects.count() == 0

    confirmed = client.post(local(url))
    assert confirmed.status_code == 200
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.language) == ("reader@example.org", "az")
    assert list(subscriber.sections.all()) == [economy]
    assert subscriber.last_sent_on is None
    # Confirming twice keeps one subscription.
    client.post(local(url))
    assert Subscriber.objects.count() == 1


def test_a_known_address_gets_the_same_answer(client, mail_server):
    Subscriber.objects.create(email="known@example.org", language="en", confirmed_at=timezone.now())
    known = signup(client, "known@example.org")
    new = signup(client, "new@example.org")
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert client.get(known["Location"]).text == client.get(new["Location"]).text
    # Both get the same confirmation request (a known one may change its sections).
    mail_server.wait_for(2)
    assert len(mail_server.to("known@example.org")) == len(mail_server.to("new@example.org")) == 1


def test_the_link_expires_and_cannot_be_altered(client, settings, time_machine):
    token = tokens.confirmation_token("reader@example.org", "en", [])
    assert tokens.read_confirmation(token) == ("reader@example.org", "en", [])
    assert client.post(f"/en/newsletter/confirm/{token[:-2]}xx/").status_code == 400
    # One byte changed anywhere in the sealed request (here: inside the
    # ciphertext, not the base64 padding) and the link is refused.
    middle = len(token) // 2
    altered = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    assert client.post(f"/en/newsletter/confirm/{altered}/").status_code == 400

    time_machine.move_to(
        timezone.now() + timezone.timedelta(seconds=settings.NEWSLETTER_CONFIRM_MAX_AGE + 5)
    )
    response = client.post(f"/en/newsletter/confirm/{token}/")
    assert response.status_code == 400 and "This link does not work" in response.text
    assert Subscriber.objects.count() == 0


def test_an_invalid_address_shows_the_form_again(client, mail_server):
    response = signup(client, "not an address")
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    assert mail_server.messages == []


def test_the_form_needs_its_csrf_token(mail_server):
    client = Client(enforce_csrf_checks=True)
    assert signup(client, "reader@example.org").status_code == 403
    assert mail_server.messages == []


def test_signups_are_limited_per_client(client, settings, mail_server):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 3
    for number in range(3):
        assert signup(client, f"reader{number}@example.org").status_code == 302
    refused = signup(client, "reader9@example.org")
    assert refused.status_code == 429
    assert "Too many requests" in refused.text
    mail_server.wait_for(3)
    assert mail_server.to("reader9@example.org") == []
    # Another client is not held back, and no address is kept in the counts.
    other = Client(REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert signup(other, "reader9@example.org").status_code == 302
    for window in SignupWindow.objects.all():
        assert "example" not in window.key and "127.0.0.1" not in window.key


def test_one_address_gets_few_confirmation_requests(client, settings, mail_server):
    settings.NEWSLETTER_MAILS_PER_ADDRESS = 2
    answers = {signup(client, "victim@example.org")["Location"] for _ in range(4)}
    # The page says the same each time; the mailbox is not flooded.
    assert answers == {"/en/newsletter/sent/"}
    mail_server.wait_for(2)
    assert len(mail_server.to("victim@example.org")) == 2


def test_a_refusing_mail_server_changes_nothing_the_reader_sees(client, mail_server):
    mail_server.refuse()
    assert signup(client, "reader@example.org")["Location"] == "/en/newsletter/sent/"
    mail_server.stop()
    assert signup(client, "reader2@example.org")["Location"] == "/en/newsletter/sent/"


def test_addresses_never_reach_the_logs(client, mail_server, caplog, make_article):
    caplog.set_level(logging.DEBUG)
    article = make_article(public=("en",))
    # The article's own Baku day: an hour old, it is yesterday's just after midnight.
    day = timezone.localdate(article.published_at_en, BAKU)
    signup(client, "secret.reader@example.org")
    (message,) = mail_server.wait_for(1)
    url = local(link_in(message, "/confirm/"))
    client.get(url)
    client.post(url)
    client.post(f"/en/newsletter/confirm/{url.split('/')[-2][:-3]}abc/")  # a broken link
    mail_server.refuse()
    signup(client, "secret.reader@example.org")
    from newsletter.mail import send_digests

    send_digests(day)
    mail_server.refuse(False)
    send_digests(day)
    unsubscribe = local(link_in(mail_server.wait_for(2)[-1], "/unsubscribe/"))
    client.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert caplog.records, "the newsletter logs what it does"
    text = caplog.text.lower()
    assert "secret.reader" not in text and "secret%2ereader" not in text
    assert "subscriber" in text
