"""Webhooks: a real HTTP receiver on loopback records what the worker sends."""

import hashlib
import hmac
import itertools
import json
import threading
import time
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Correction
from newswire import push
from newswire.models import Delivery, Webhook


class Receiver:
    """An HTTP server on 127.0.0.1 that records every POST; ``answers`` are
    the status codes of the first requests (then 200)."""

    def __init__(self, answers=(), delay=0):
        self.requests = []
        self.delay = delay
        self.answers = list(answers)
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(receiver.delay)
                with receiver.lock:
                    status = receiver.answers.pop(0) if receiver.answers else 200
                    receiver.requests.append(
                        {
                            "at": timezone.now(),
                            "path": self.path,
                            "headers": dict(self.headers),
                            "body": body,
                            "status": status,
                        }
                    )
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the sender gave up waiting (its timeout)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def delivered(self):
        with self.lock:
            return [r for r in self.requests if r["status"] == 200]

    def items(self):
        return [(r["headers"]["X-Turan-Event"], json.loads(r["body"])) for r in self.delivered()]

    def wait(self, count, seconds=10):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if len(self.delivered()) >= count:
                return self.delivered()
            time.sleep(0.02)
        raise AssertionError(f"{len(self.delivered())} deliveries, not {count}")

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(answers=(), delay=0):
        made.append(Receiver(answers, delay))
        return made[-1]

    yield make
    for one in made:
        one.close()


class Worker:
    """``push.run_pass`` in a loop on its own thread and database connection,
    as ``newswire_worker`` runs it (senders on threads of their own)."""

    def __init__(self, interval=0.1):
        self.stopping = threading.Event()
        self.interval = interval
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        from django.db import connection

        try:
            while not self.stopping.is_set():
                push.run_pass(wait=False)
                self.stopping.wait(self.interval)
        finally:
            push.finish()
            connection.close()

    def stop(self):
        self.stopping.set()
        self.thread.join(10)


@pytest.fixture
def worker():
    made = []

    def start(**kwargs):
        made.append(Worker(**kwargs))
        return made[-1]

    yield start
    for one in made:
        one.stop()


def verify(request, secret):
    """What a partner does (docs/api.md): recompute the signature over the raw body."""
    timestamp = request["headers"]["X-Turan-Timestamp"]
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + request["body"], hashlib.sha256
    ).hexdigest()
    given = request["headers"]["X-Turan-Signature"].removeprefix("sha256=")
    return hmac.compare_digest(expected, given) and abs(time.time() - int(timestamp)) < 300


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_version_arrives_within_two_seconds_of_its_moment(
    receiver, worker, make_partner, make_article
):
    hook_receiver = receiver()
    early = receiver()
    partner = make_partner(languages=["en"])
    Webhook.objects.create(partner=partner, url=hook_receiver.url)
    trusted = make_partner("Trusted Agency", languages=["en"], receives_embargoed=True)
    Webhook.objects.create(partner=trusted, url=early.url)
    worker()
    moment = timezone.now() + timedelta(seconds=3)
    article = make_article(published_at_en=moment, title_en="Budget passed")

    # Scheduled: the embargoed partner hears of it now, the other nothing.
    [(event, item)] = [(e, i) for e, i in _wait_items(early, 1)]
    assert event == "scheduled"
    assert item["embargoedUntil"] == push.ninjs.moment(moment)
    assert item["headlines"][0]["value"] == "Budget passed"
    assert hook_receiver.requests == []

    [request] = hook_receiver.wait(1, seconds=8)
    assert moment <= request["at"] <= moment + timedelta(seconds=2)
    event, item = hook_receiver.items()[0]
    assert event == "published"
    assert item["uri"].endswith(f"article/{article.pk}/en")
    assert "embargoedUntil" not in item
    assert request["headers"]["X-Turan-Delivery"]
    # The embargoed partner hears of the publication too, at the moment.
    early.wait(2, seconds=3)
    assert [e for e, _ in early.items()] == ["scheduled", "published"]
    time.sleep(0.5)
    assert len(hook_receiver.requests) == 1  # never twice


def _wait_items(receiver, count):
    receiver.wait(count)
    return receiver.items()


@pytest.mark.django_db(transaction=True)
def test_a_receiver_answering_500_gets_retries_then_success(
    settings, receiver, worker, make_partner, make_article
):
    settings.NEWSWIRE_WEBHOOK_RETRY_BASE = 0.2
    failing = receiver(answers=[500, 500, 503])
    partner = make_partner()
    hook = Webhook.objects.create(partner=partner, url=failing.url)
    worker()
    article = make_article(public=("az",))

    [request] = failing.wait(1, seconds=10)
    assert [r["status"] for r in failing.requests] == [500, 500, 503, 200]
    # The same delivery each time, with growing pauses.
    assert len({r["headers"]["X-Turan-Delivery"] for r in failing.requests}) == 1
    gaps = [b["at"] - a["at"] for a, b in itertools.pairwise(failing.requests)]
    assert gaps[0] >= timedelta(seconds=0.2) and gaps[2] >= timedelta(seconds=0.8)
    # The worker records the answer just after the receiver has it.
    deadline = time.monotonic() + 5
    while Delivery.objects.get(webhook=hook).status == "pending" and time.monotonic() < deadline:
        time.sleep(0.05)
    delivery = Delivery.objects.get(webhook=hook)
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 4, 200)
    assert delivery.article_id == article.pk
    assert verify(request, hook.secret)


@pytest.mark.django_db(transaction=True)
def test_the_signature_verifies_with_the_partners_secret_only(receiver, make_partner, make_article):
    partner_receiver = receiver()
    hook = Webhook.objects.create(partner=make_partner(), url=partner_receiver.url)
    other = Webhook.objects.create(partner=make_partner("Other"), url=receiver().url)
    make_article(public=("ru",))
    push.run_pass()
    [request] = partner_receiver.delivered()
    assert request["headers"]["X-Turan-Signature"].startswith("sha256=")
    assert verify(request, hook.secret)
    assert not verify(request, other.secret)
    tampered = {**request, "body": request["body"].replace(b"ru", b"az", 1)}
    assert not verify(tampered, hook.secret)
    stale = {**request, "headers": {**request["headers"], "X-Turan-Timestamp": "1000000000"}}
    assert not verify(stale, hook.secret)


@pytest.mark.django_db(transaction=True)
def test_updates_corrections_and_unpublication_each_arrive_once(
    receiver, make_partner, make_article, make_section
):
    economy, politics = make_section(slug="economy"), make_section(slug="politics")
    partner = make_partner(languages=["en", "ru"])
    partner.sections.set([economy])
    hook_receiver = receiver()
    Webhook.objects.create(partner=partner, url=hook_receiver.url)
    article = make_article(public=("en", "az"), section=economy)
    make_article(public=("en",), section=politics)  # outside the partner's sections
    push.run_pass()
    assert [(e, i["language"]) for e, i in hook_receiver.items()] == [("published", "en")]

    time.sleep(1.1)
    Article.objects.filter(pk=article.pk).update(title_en="A new title")
    push.run_pass()
    push.run_pass()
    Correction.objects.create(article=article, language="en", kind="correction", note="Fixed.")
    push.run_pass()
    Article.objects.filter(pk=article.pk).update(published_at_en=None)
    push.run_pass()
    push.run_pass()
    events = hook_receiver.items()
    assert [e for e, _ in events] == ["published", "updated", "corrected", "unpublished"]
    assert events[1][1]["headlines"][0]["value"] == "A new title"
    assert events[2][1]["descriptions"][-1] == {
        "role": "correction",
        "contentType": "text/plain",
        "value": "Fixed.",
    }
    assert events[3][1]["pubStatus"] == "canceled"
    versions = [int(item["version"]) for _, item in events]
    assert versions == sorted(versions) and len(set(versions)) == 4


@pytest.mark.django_db(transaction=True)
def test_moments_missed_while_the_worker_was_down_arrive_on_restart_in_order(
    receiver, make_partner, make_article
):
    hook_receiver = receiver()
    Webhook.objects.create(partner=make_partner(languages=["ru"]), url=hook_receiver.url)
    push.run_pass()
    soon = timezone.now() + timedelta(seconds=1)
    second = make_article(published_at_ru=soon + timedelta(milliseconds=400), title_ru="Второй")
    first = make_article(published_at_ru=soon, title_ru="Первый")
    time.sleep(2)  # the worker is down past both moments
    assert hook_receiver.requests == []
    call_command("newswire_worker", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [i["altIds"][0]["value"] for _, i in hook_receiver.items()] == [
        str(first.pk),
        str(second.pk),
    ]


@pytest.mark.django_db(transaction=True)
def test_redirects_are_not_followed_and_other_schemes_not_sent_to(
    receiver, make_partner, make_article
):
    target = receiver()
    redirecting = receiver(answers=[302])
    partner = make_partner()
    hook = Webhook.objects.create(partner=partner, url=redirecting.url)
    Webhook.objects.filter(pk=hook.pk).update(url="file:///etc/passwd")
    hook.refresh_from_db()
    delivery = push.send_test(hook)
    assert (delivery.status, delivery.response_code) == ("failed", None)
    assert "http" in delivery.error
    Webhook.objects.filter(pk=hook.pk).update(url=redirecting.url)
    hook.refresh_from_db()
    delivery = push.send_test(hook)
    assert (delivery.status, delivery.response_code) == ("failed", 302)
    assert target.requests == []


# The admin


def _webhook_form(partner, url, **extra):
    return {
        "partner": str(partner.pk),
        "url": url,
        "is_active": "on",
        "events": ["published", "updated", "corrected", "unpublished"],
        **extra,
    }


@pytest.mark.django_db
def test_an_editor_adds_a_webhook_sees_its_secret_once_and_sends_a_test(
    editor, receiver, make_partner
):
    from tests.change_form import client_for

    partner = make_partner("Caspian Herald")
    target = receiver()
    admin = client_for(editor)
    refused = admin.post("/admin/newswire/webhook/add/", _webhook_form(partner, "ftp://x.org/"))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Enter a valid URL." in page and 'value="ftp://x.org/"' in page
    assert not Webhook.objects.exists()

    shown = admin.post("/admin/newswire/webhook/add/", _webhook_form(partner, target.url))
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    hook = Webhook.objects.get()
    secret = shown.content.decode().split('<code id="webhook-secret">')[1].split("</code>")[0]
    assert secret == hook.secret and hook.events == [
        "published",
        "updated",
        "corrected",
        "unpublished",
    ]
    change = f"/admin/newswire/webhook/{hook.pk}/change/"
    assert hook.secret not in admin.get(change).content.decode()

    result = admin.post(f"/admin/newswire/webhook/{hook.pk}/send-test/", follow=True)
    page = result.content.decode()
    assert "Test delivered: the address answered 200." in page
    [request] = target.requests
    assert request["headers"]["X-Turan-Event"] == "test"
    assert verify(request, hook.secret)
    log = page.split('id="delivery-log"')[1]
    assert "test" in log and "delivered" in log and "<td>200</td>" in log
    assert admin.get(f"/admin/newswire/webhook/{hook.pk}/send-test/").status_code == 405


@pytest.mark.django_db
def test_a_failing_test_says_why_and_the_log_shows_the_code(editor, receiver, make_partner):
    from tests.change_form import client_for

    target = receiver(answers=[500])
    hook = Webhook.objects.create(partner=make_partner(), url=target.url)
    admin = client_for(editor)
    page = admin.post(f"/admin/newswire/webhook/{hook.pk}/send-test/", follow=True)
    text = page.content.decode()
    assert "Test not delivered: the address answered 500." in text
    assert "<td>500</td>" in text.split('id="delivery-log"')[1]
    listing = admin.get(f"/admin/newswire/delivery/?webhook__id__exact={hook.pk}")
    assert listing.status_code == 200 and "given up" in listing.content.decode()

    Webhook.objects.filter(pk=hook.pk).update(url="http://127.0.0.1:9/")
    page = admin.post(f"/admin/newswire/webhook/{hook.pk}/send-test/", follow=True)
    assert "Test not delivered: " in page.content.decode()


@pytest.mark.django_db
def test_webhooks_and_deliveries_are_for_editors_only(editor, journalist, make_partner):
    from tests.change_form import client_for

    hook = Webhook.objects.create(partner=make_partner(), url="http://127.0.0.1:9/")
    for path in ("/admin/newswire/webhook/", "/admin/newswire/delivery/"):
        assert client_for(journalist).get(path).status_code == 403
        assert client_for(editor).get(path).status_code == 200
    assert (
        client_for(journalist).post(f"/admin/newswire/webhook/{hook.pk}/send-test/").status_code
        == 403
    )
    assert not Delivery.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_new_webhook_is_sent_what_changes_after_it_was_made_only(
    receiver, make_partner, make_article
):
    before = make_article(public=("en",), title_en="Before")
    hook_receiver = receiver()
    Webhook.objects.create(partner=make_partner(languages=["en"]), url=hook_receiver.url)
    push.run_pass()
    assert hook_receiver.requests == []
    Article.objects.filter(pk=before.pk).update(title_en="After")
    make_article(public=("en",), title_en="New")
    push.run_pass()
    titles = [item["headlines"][0]["value"] for _, item in hook_receiver.items()]
    assert sorted(titles) == ["After", "New"]


@pytest.mark.django_db
def test_finished_deliveries_leave_the_log_after_its_keeping_time(settings, make_partner):
    settings.NEWSWIRE_DELIVERY_LOG_DAYS = 30
    hook = Webhook.objects.create(partner=make_partner(), url="http://127.0.0.1:9/")
    now = timezone.now()
    old, recent = now - timedelta(days=31), now - timedelta(days=29)

    def row(status, created_at):
        return Delivery.objects.create(
            webhook=hook, uid=uuid.uuid4(), event="test", moment=created_at,
            body="{}", status=status, created_at=created_at,
        )  # fmt: skip

    gone = [row("delivered", old), row("failed", old)]
    kept = [row("pending", old), row("delivered", recent)]
    assert push.prune(now) == len(gone)
    assert set(Delivery.objects.values_list("pk", flat=True)) == {d.pk for d in kept}


@pytest.mark.django_db(transaction=True)
def test_a_silent_address_holds_up_no_other_webhook(
    settings, receiver, worker, make_partner, make_article
):
    settings.NEWSWIRE_WEBHOOK_TIMEOUT = 3
    silent = receiver(delay=5)
    quick = receiver()
    Webhook.objects.create(partner=make_partner("Slow Wire"), url=silent.url)
    Webhook.objects.create(partner=make_partner("Quick Wire"), url=quick.url)
    worker()
    start = timezone.now()
    make_article(public=("en",))
    [request] = quick.wait(1, seconds=5)
    assert request["at"] - start < timedelta(seconds=2)


@pytest.mark.django_db
def test_an_editor_finds_a_partners_webhooks_and_sends_a_given_up_delivery_again(
    editor, make_partner
):
    from tests.change_form import client_for

    partner = make_partner()
    hook = Webhook.objects.create(partner=partner, url="http://127.0.0.1:9/hook")
    Webhook.objects.create(partner=make_partner("Other"), url="http://127.0.0.1:9/other")
    admin = client_for(editor)
    page = admin.get(f"/admin/newswire/partner/{partner.pk}/change/").content.decode()
    link = f"/admin/newswire/webhook/?partner__id__exact={partner.pk}"
    assert f'href="{link}"' in page
    listing = admin.get(link).content.decode()
    assert "127.0.0.1:9/hook" in listing and "127.0.0.1:9/other" not in listing

    given_up = Delivery.objects.create(
        webhook=hook, uid=uuid.uuid4(), event="published", article_id=1, language="en",
        version=3, phase="live", moment=timezone.now(), body="{}", status="failed",
        attempts=12, response_code=500,
    )  # fmt: skip
    response = admin.post(
        "/admin/newswire/delivery/",
        {"action": "send_again", "_selected_action": [str(given_up.pk)]},
        follow=True,
    )
    assert "1 delivery will be sent again." in response.content.decode()
    given_up.refresh_from_db()
    assert (given_up.status, given_up.attempts) == ("pending", 0)
    assert given_up.next_attempt_at <= timezone.now()


@pytest.mark.django_db
def test_a_pass_over_what_was_recorded_costs_a_few_queries(
    django_assert_max_num_queries, make_partner, make_article
):
    hook = Webhook.objects.create(partner=make_partner(), url="http://127.0.0.1:9/")
    Webhook.objects.filter(pk=hook.pk).update(is_active=False)  # collected by hand below
    Webhook.objects.filter(pk=hook.pk).update(created_at=timezone.now() - timedelta(minutes=1))
    for number in range(10):
        make_article(public=("ru", "az", "en"), title_en=f"Story {number}")
    hook.refresh_from_db()
    now = timezone.now()
    assert push.collect(hook, now) == 30
    assert Delivery.objects.filter(webhook=hook).count() == 30
    # Read again (the late-commit window): no item is built a second time.
    with django_assert_max_num_queries(5):
        assert push.collect(hook, now) == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "button", "log"),
    [("ru", "Отправить проверку", "Пока ничего не отправлено."),
     ("az", "Yoxlama göndər", "Hələ heç nə göndərilməyib.")],
)  # fmt: skip
def test_the_webhook_page_speaks_the_editors_language(editor, make_partner, code, button, log):
    from django.test import Client

    hook = Webhook.objects.create(partner=make_partner(), url="http://127.0.0.1:9/")
    client = Client()
    client.force_login(editor)
    client.cookies["django_language"] = code
    page = client.get(f"/admin/newswire/webhook/{hook.pk}/change/").content.decode()
    assert button in page and log in page
