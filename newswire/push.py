"""Push: each webhook is sent the versions its partner may see, as they change.

The worker (``manage.py newswire_worker``) makes passes, twice a second by
default. A pass has two halves:

*Collect.* For every active webhook of an active partner, read the change
feed (``selectors.entries``, the very list ``/api/v1/changes`` answers) for
the partner's scope from where the last pass stopped, and write a
``Delivery`` row for each entry: the event, the ninjs item as it is now, the
entry's place in the feed. A scheduled version enters the feed at its moment
(its change key is the moment), so it is collected by the first pass after
the moment; for partners receiving embargoed items it is collected also when
it is scheduled, with ``embargoedUntil``. Nothing is enqueued when an
article is saved: the feed is kept by the database's triggers on every write
path, and a worker that was down reads, when it comes back, everything it
missed in the feed's order. Each pass reads again the last
``LOOKBACK`` of the feed, in case a transaction that stamped a change earlier
committed later; a unique key (webhook, version, phase) makes every event
once whatever is read twice.

*Send.* Every due delivery is POSTed, oldest place in the feed first, signed
(``sign``) and with its delivery id; a 2xx answer delivers it, anything else
(an error status, a redirect, a timeout, a refused connection) sets its next
attempt after an exponentially growing pause, for NEWSWIRE_WEBHOOK_RETRY_HOURS
after it was made; then it is given up. A webhook that failed in a pass is
sent nothing more in that pass; each webhook is sent to on a thread of its
own, so a slow address holds up no other. Row locks (``SKIP LOCKED``) let several workers share the
work without sending anything twice.

Readers never wait for any of this: visibility is decided when they ask.
"""

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Correction
from newswire import ninjs, selectors
from newswire.models import Delivery, Event, Webhook

log = logging.getLogger(__name__)

#: How much of the feed each pass reads again (late commits).
LOOKBACK = timedelta(minutes=5)
#: Entries read per query while catching up.
BATCH = 200
#: Deliveries sent per pass at most, and webhooks sent to at once.
SEND_BATCH = 100
SENDERS = 8
USER_AGENT = "Turan-Newswire-Webhook/1"
#: How often a worker clears finished deliveries older than NEWSWIRE_DELIVERY_LOG_DAYS.
PRUNE_EVERY = timedelta(minutes=10)
_pruned = {"at": None}
_COLLECT_LOCK = 0x7475_7261_6E70  # pg advisory lock: one collector at a time


def sign(secret, timestamp, body):
    """The signature of a delivery: HMAC-SHA256 of ``<timestamp>.<body>`` in hex."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def absolute(path):
    return urllib.parse.urljoin(settings.NEWSWIRE_BASE_URL, path)


def retry_delay(attempts):
    """The pause after the ``attempts``-th failed attempt: doubling, capped."""
    base = settings.NEWSWIRE_WEBHOOK_RETRY_BASE
    return timedelta(seconds=min(base * 2 ** (attempts - 1), settings.NEWSWIRE_WEBHOOK_RETRY_MAX))


# Collect


def scope_of(partner):
    return selectors.Scope.of(partner, list(partner.sections.values_list("pk", "slug")))


def collect(webhook, now):
    """Write the deliveries of what changed in ``webhook``'s feed up to ``now``."""
    scope = scope_of(webhook.partner)
    # Never what happened before the webhook was made.
    after = (max(webhook.read_until - LOOKBACK, webhook.created_at), 0, "")
    made = 0
    while True:
        found = selectors.entries(
            scope, now, canceled=True, after=after, recent=after[0], limit=BATCH
        )
        made += _record(webhook, scope, found, now)
        if len(found) < BATCH:
            break
        last = found[-1]
        after = (last.key, last.article_id, last.language)
    Webhook.objects.filter(pk=webhook.pk).update(read_until=now)
    webhook.read_until = now
    return made


def _unrecorded(webhook, entries):
    """The entries no earlier pass wrote down: the reread window holds many, and
    building their items again would be work for nothing. (Version numbers come
    from one sequence, so a number names one change of one version.)"""
    phases = {}
    recorded = Delivery.objects.filter(
        webhook=webhook, version__in=[entry.sequence for entry in entries]
    ).values_list("version", "phase")
    for version, phase in recorded:
        phases.setdefault(version, set()).add(phase)
    return [
        entry
        for entry in entries
        if ("live" if entry.usable else "canceled") not in phases.get(entry.sequence, ())
    ]


def _record(webhook, scope, entries, now):
    entries = _unrecorded(webhook, entries)
    articles = selectors.articles_for(entries, now)
    rows = []
    for entry in entries:
        article = articles.get(entry.article_id) if entry.usable else None
        if article is None:
            phase, event = "canceled", Event.UNPUBLISHED
            item = ninjs.canceled(
                entry.article_id, entry.language, version=entry.sequence, changed_at=entry.key
            )
        else:
            moment = article.version(entry.language).published_at
            if moment > now:
                phase, event = "embargo", Event.SCHEDULED
            else:
                phase, event = "live", _live_event(webhook, entry, moment)
            if event not in webhook.events:
                continue
            item = ninjs.item(
                article,
                entry.language,
                version=entry.sequence,
                changed_at=entry.key,
                absolute=absolute,
                now=now,
                languages=scope.languages,
            )
        if event not in webhook.events:
            continue
        rows.append(
            Delivery(
                webhook=webhook,
                uid=uuid.uuid4(),
                event=event,
                article_id=entry.article_id,
                language=entry.language,
                version=entry.sequence,
                phase=phase,
                moment=entry.key,
                body=json.dumps(item, ensure_ascii=False),
                created_at=now,
                next_attempt_at=now,
            )
        )
    # The unique key drops what another pass wrote meanwhile.
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _live_event(webhook, entry, moment):
    """Published (the first the webhook hears of it live, or its moment came),
    corrected (a correction since the last delivery) or updated."""
    if moment >= entry.key or entry.key - moment < timedelta(seconds=1):
        return Event.PUBLISHED
    previous = (
        Delivery.objects.filter(
            webhook=webhook, article_id=entry.article_id, language=entry.language
        )
        .exclude(version=entry.sequence)
        .order_by("-moment", "-pk")
        .values_list("event", "moment")
        .first()
    )
    if previous is None or previous[0] in (Event.UNPUBLISHED, Event.SCHEDULED):
        return Event.PUBLISHED
    corrected = Correction.objects.filter(
        article_id=entry.article_id, language=entry.language, created_at__gt=previous[1]
    ).exists()
    return Event.CORRECTED if corrected else Event.UPDATED


# Send


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx is an answer like any other: not delivered


_opener = urllib.request.build_opener(_NoRedirects)


def post(url, body, headers):
    """POST ``body``; return ``(status or None, error text)``. http(s) only, no redirects."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        return None, "Only http and https addresses are sent to."
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with _opener.open(request, timeout=settings.NEWSWIRE_WEBHOOK_TIMEOUT) as response:
            response.read(65536)
            return response.status, ""
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, str(reason)[:300] or error.__class__.__name__


def headers_for(delivery, secret, timestamp):
    body = delivery.body.encode()
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Turan-Event": delivery.event,
        "X-Turan-Delivery": str(delivery.uid),
        "X-Turan-Timestamp": str(timestamp),
        "X-Turan-Signature": "sha256=" + sign(secret, timestamp, body),
    }


def attempt(delivery, *, retry=True):
    """Send ``delivery`` once and record the answer."""
    webhook = delivery.webhook
    timestamp = int(time.time())
    status, error = post(
        webhook.url, delivery.body.encode(), headers_for(delivery, webhook.secret, timestamp)
    )
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.response_code = status
    delivery.error = error[:300]
    if status is not None and 200 <= status < 300:
        delivery.status = Delivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        delivery.error = ""
    else:
        following = now + retry_delay(delivery.attempts)
        deadline = delivery.created_at + timedelta(hours=settings.NEWSWIRE_WEBHOOK_RETRY_HOURS)
        if not retry or following > deadline:
            delivery.status = Delivery.Status.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = following
    delivery.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "response_code",
            "error",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delivery


def send_due(now, wait=True):
    """Send the deliveries due at ``now``, oldest in the feed first; return how many.

    Each webhook's are sent in order on a thread of their own (at most
    ``SENDERS`` at once), so a slow or silent address delays no other. With
    ``wait`` false (the worker's loop), the sending goes on after the return:
    a slow address holds up no later pass either."""
    due = (
        Delivery.objects.filter(
            status=Delivery.Status.PENDING,
            next_attempt_at__lte=now,
            webhook__is_active=True,
            webhook__partner__is_active=True,
        )
        .order_by("moment", "pk")
        .values_list("pk", "webhook_id")[:SEND_BATCH]
    )
    queues = {}
    for pk, webhook_id in due:
        queues.setdefault(webhook_id, []).append(pk)
    if wait:
        if len(queues) <= 1:
            return sum(_send_queue(pks, now) for pks in queues.values())
        with ThreadPoolExecutor(max_workers=min(SENDERS, len(queues))) as pool:
            return sum(pool.map(lambda pks: _send_queue(pks, now, thread=True), queues.values()))
    # The worker's loop: hand each webhook's queue to the senders and go on,
    # unless that webhook's previous queue is still being sent.
    started = 0
    for webhook_id, pks in queues.items():
        running = _in_flight.get(webhook_id)
        if running is not None and not running.done():
            continue
        future = senders().submit(_send_queue, pks, now, thread=True)
        future.add_done_callback(_log_failure)
        _in_flight[webhook_id] = future
        started += len(pks)
    return started


_in_flight = {}
_senders = []


def senders():
    if not _senders:
        _senders.append(ThreadPoolExecutor(max_workers=SENDERS, thread_name_prefix="webhook"))
    return _senders[0]


def _log_failure(future):
    if not future.cancelled() and (error := future.exception()) is not None:
        log.error("newswire worker: sending failed", exc_info=error)


def finish():
    """Wait for the deliveries under way (the worker stopping)."""
    if _senders:
        _senders.pop().shutdown(wait=True)
    _in_flight.clear()


def _send_queue(pks, now, thread=False):
    """Send one webhook's due deliveries in order; stop at its first failure."""
    sent = 0
    try:
        for pk in pks:
            with transaction.atomic():
                delivery = (
                    Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("webhook")
                    .filter(pk=pk, status=Delivery.Status.PENDING, next_attempt_at__lte=now)
                    .first()
                )
                if delivery is None:
                    continue
                attempt(delivery)
            sent += 1
            if delivery.status != Delivery.Status.DELIVERED:
                break
    finally:
        if thread:
            connection.close()
    return sent


def run_pass(now=None, wait=True):
    """One pass of the worker: collect, then send (``send_due``). Return
    ``(collected, sent)``."""
    now = now or timezone.now()
    collected = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_COLLECT_LOCK])
            mine = cursor.fetchone()[0]
        if mine:
            webhooks = Webhook.objects.filter(is_active=True, partner__is_active=True)
            for webhook in webhooks.select_related("partner"):
                collected += collect(webhook, now)
    sent = send_due(timezone.now(), wait=wait)
    if _pruned["at"] is None or now - _pruned["at"] >= PRUNE_EVERY:
        prune(now)
        _pruned["at"] = now
    return collected, sent


def prune(now):
    """Forget delivered and given-up deliveries past the log's keeping time."""
    cutoff = now - timedelta(days=settings.NEWSWIRE_DELIVERY_LOG_DAYS)
    return (
        Delivery.objects.filter(created_at__lt=cutoff)
        .exclude(status=Delivery.Status.PENDING)
        .delete()[0]
    )


def send_test(webhook):
    """Send a test item to ``webhook`` now, once; return the logged delivery."""
    now = timezone.now()
    uid = uuid.uuid4()
    item = {
        "uri": f"{ninjs.uri_prefix()}test/{uid}",
        "type": "text",
        "representationType": "partial",
        "version": "0",
        "versionCreated": ninjs.moment(now),
        "pubStatus": "usable",
        "headlines": [{"role": "main", "contentType": "text/plain", "value": "Test delivery"}],
    }
    delivery = Delivery.objects.create(
        webhook=webhook,
        uid=uid,
        event=Event.TEST,
        moment=now,
        body=json.dumps(item),
        created_at=now,
    )
    return attempt(delivery, retry=False)
