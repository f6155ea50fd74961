from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.dates import BAKU
from newsletter import mail
from newsletter.models import Subscriber
from tests.newsletter.conftest import link_in, local

pytestmark = pytest.mark.django_db

# Noon in Baku on the digest's day; articles of the day are published before it.
NOON = datetime(2026, 3, 10, 12, 0, tzinfo=BAKU)
DAY = NOON.date()


@pytest.fixture
def at_noon(time_machine):
    time_machine.move_to(NOON, tick=False)
    return NOON


def subscribe(email, language, sections=()):
    subscriber = Subscriber.objects.create(
        email=email, language=language, confirmed_at=timezone.now()
    )
    subscriber.sections.set(sections)
    return subscriber


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def test_the_digest_holds_the_days_public_versions_in_the_subscribers_language(
    at_noon, mail_server, make_article, make_section
):
    economy = make_section(name_en="Economy", name_ru="Экономика", slug="economy")
    politics = make_section(name_en="Politics", name_ru="Политика", slug="politics")
    morning = NOON - timedelta(hours=3)
    make_article(
        section=economy,
        title_en="Oil output rises",
        title_ru="Добыча нефти растёт",
        published_at_en=morning,
        published_at_ru=morning,
    )
    make_article(section=politics, title_en="Talks in Geneva", published_at_en=morning)
    # Yesterday's, tonight's (scheduled), a draft, and one public only in Russian.
    make_article(
        section=economy, title_en="Yesterday's piece", published_at_en=morning - timedelta(days=1)
    )
    make_article(
        section=economy, title_en="Tonight's piece", published_at_en=NOON + timedelta(hours=6)
    )
    make_article(section=economy, title_en="A draft")
    make_article(
        section=economy,
        title_en="Only Russian",
        title_ru="Только по-русски",
        published_at_ru=morning,
    )

    subscribe("all@example.org", "en")
    subscribe("economy@example.org", "en", [economy])
    subscribe("ru@example.org", "ru")

    assert mail.send_digests() == (3, 0)
    mail_server.wait_for(3)
    (everything,) = mail_server.to("all@example.org")
    body = text_of(everything)
    assert "Oil output rises" in body and "Talks in Geneva" in body
    for absent in ("Yesterday's piece", "Tonight's piece", "A draft", "Only Russian"):
        assert absent not in body
    assert body.index("Oil output rises") < body.index("Talks in Geneva")
    assert "https://turan.example/en/article/" in body
    assert everything["Subject"] == "Turan Analytics: the day's articles, 10 March 2026"

    (economy_only,) = mail_server.to("economy@example.org")
    assert "Oil output rises" in text_of(economy_only)
    assert "Talks in Geneva" not in text_of(economy_only)

    (russian,) = mail_server.to("ru@example.org")
    assert "статьи дня, 10 марта 2026" in russian["Subject"]
    body = text_of(russian)
    assert "Добыча нефти растёт" in body and "Только по-русски" in body
    assert "Talks in Geneva" not in body
    assert "https://turan.example/ru/article/" in body
    html = russian.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="ru">' in html and "Добыча нефти растёт" in html

    assert set(Subscriber.objects.values_list("last_sent_on", flat=True)) == {DAY}


def test_azerbaijani_subscribers_get_an_azerbaijani_digest(at_noon, mail_server, make_article):
    make_article(title_az="Neft hasilatı artır", published_at_az=NOON - timedelta(hours=1))
    subscribe("az@example.org", "az")
    call_command("send_digest")
    (message,) = mail_server.wait_for(1)
    assert "günün məqalələri" in message["Subject"] and "mart" in message["Subject"]
    assert "Neft hasilatı artır" in text_of(message)
    assert "Abunəlikdən çıxmaq:" in text_of(message)


def test_one_click_unsubscribe_headers(at_noon, mail_server, make_article, client):
    make_article(published_at_en=NOON - timedelta(hours=1))
    subscriber = subscribe("reader@example.org", "en")
    mail.send_digests()
    (message,) = mail_server.wait_for(1)
    # Folded onto its own line by the mail library: whitespace before it is not part of it.
    header = str(message["List-Unsubscribe"]).strip()
    assert header.startswith(
        "<https://turan.example/en/newsletter/unsubscribe/"
    ) and header.endswith(">")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header[1:-1] == link_in(message, "/unsubscribe/")
    url = local(header[1:-1])

    # GET (a scanner, or the reader's click) asks first and deletes nothing.
    page = client.get(url)
    assert page.status_code == 200 and 'method="post"' in page.text
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()

    # RFC 8058: the mail provider's POST, without cookies or a CSRF token.
    from django.test import Client

    provider = Client(enforce_csrf_checks=True)
    response = provider.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code in (200, 202, 204)
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()
    # Again: nothing to do, and nothing said about whether it existed.
    assert provider.post(url, {"List-Unsubscribe": "One-Click"}).status_code == response.status_code
    assert "no longer exists" in client.get(url).text


def test_unsubscribing_from_the_page(at_noon, mail_server, make_article, client):
    subscriber = subscribe("reader@example.org", "ru")
    from newsletter.tokens import unsubscribe_token

    url = f"/ru/newsletter/unsubscribe/{unsubscribe_token(subscriber)}/"
    response = client.post(url)
    assert response.status_code == 200 and "Вы отписались" in response.text
    assert not Subscriber.objects.exists()
    # A later subscription with the same id is not reached by the old link.
    again = Subscriber.objects.create(
        pk=subscriber.pk,
        email="someone.else@example.org",
        language="ru",
        confirmed_at=timezone.now(),
    )
    client.post(url)
    assert Subscriber.objects.filter(pk=again.pk).exists()
    assert client.post("/ru/newsletter/unsubscribe/1.abc:forged/").status_code == 400


def test_running_twice_sends_a_day_once(at_noon, mail_server, make_article):
    make_article(published_at_en=NOON - timedelta(hours=2))
    subscribe("reader@example.org", "en")
    call_command("send_digest")
    call_command("send_digest")
    mail.send_digests()
    mail_server.wait_for(1)
    assert len(mail_server.to("reader@example.org")) == 1
    # The next day is a new digest.
    make_article(published_at_en=NOON + timedelta(days=1))
    mail.send_digests(day=DAY + timedelta(days=1), at=NOON + timedelta(days=1, hours=1))
    mail_server.wait_for(2)
    assert len(mail_server.to("reader@example.org")) == 2


def test_a_run_that_dies_midway_sends_nobody_twice(at_noon, mail_server, make_article, monkeypatch):
    make_article(published_at_en=NOON - timedelta(hours=2))
    first, second, third = (subscribe(f"reader{n}@example.org", "en") for n in range(3))
    real = mail.digest_message

    def dying(subscriber, *args, **kwargs):
        if subscriber.pk == second.pk:
            raise KeyboardInterrupt  # the process is stopped while sending the second
        return real(subscriber, *args, **kwargs)

    monkeypatch.setattr(mail, "digest_message", dying)
    with pytest.raises(KeyboardInterrupt):
        mail.send_digests()
    mail_server.wait_for(1)
    monkeypatch.setattr(mail, "digest_message", real)
    mail.send_digests()
    mail_server.wait_for(3)
    for subscriber in (first, second, third):
        assert len(mail_server.to(subscriber.email)) == 1


def test_a_refused_digest_is_tried_again(at_noon, mail_server, make_article):
    make_article(published_at_en=NOON - timedelta(hours=2))
    subscriber = subscribe("reader@example.org", "en")
    mail_server.refuse()
    with pytest.raises(CommandError, match="could not be sent"):
        call_command("send_digest")
    subscriber.refresh_from_db()
    assert subscriber.last_sent_on is None
    mail_server.refuse(False)
    call_command("send_digest")
    mail_server.wait_for(1)
    assert len(mail_server.to("reader@example.org")) == 1


def test_no_articles_no_mail(at_noon, mail_server, make_article):
    subscribe("reader@example.org", "en")
    make_article(published_at_ru=NOON - timedelta(hours=1))
    assert mail.send_digests() == (0, 0)
    assert mail_server.messages == []
    assert Subscriber.objects.get().last_sent_on is None


def test_subscribers_are_listed_and_deleted_in_the_admin(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x" * 12)
    subscriber = subscribe("reader@example.org", "en")
    client.force_login(admin)
    listing = client.get("/admin/newsletter/subscriber/?q=reader")
    assert listing.status_code == 200 and "reader@example.org" in listing.text
    assert client.get("/admin/newsletter/subscriber/add/").status_code == 403
    response = client.post(f"/admin/newsletter/subscriber/{subscriber.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Subscriber.objects.exists()


def test_journalists_do_not_see_subscribers(client, journalist):
    subscribe("reader@example.org", "en")
    client.force_login(journalist)
    assert client.get("/admin/newsletter/subscriber/").status_code == 403
