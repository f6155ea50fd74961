"""Partners and keys: who may read what, the admin (editors only), create_partner,
per-key rate limits across workers, and the daily counts."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from newswire.models import ApiKey, DailyUsage, Partner, digest
from tests.change_form import client_for
from tests.newswire.conftest import Api

pytestmark = pytest.mark.django_db


def test_no_valid_key_is_a_json_401(client, partner, make_article):
    make_article(public=("en",))
    for headers in (
        {},
        {"HTTP_AUTHORIZATION": "Bearer nonsense"},
        {"HTTP_AUTHORIZATION": "Basic " + partner.token},
        {"HTTP_AUTHORIZATION": "Bearer " + partner.token + "x"},
        {"HTTP_AUTHORIZATION": "Bearer " + "x" * 5000},
    ):
        response = client.get("/api/v1/items", **headers)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"]["code"] == "unauthorized"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_keys_and_inactive_partners_are_refused(api, partner):
    assert api.get("/api/v1/items").status_code == 200
    partner.keys.get().revoke()
    assert api.get("/api/v1/items").status_code == 401
    _key, token = partner.issue_key()
    assert api.get("/api/v1/items", token=token).status_code == 200
    Partner.objects.filter(pk=partner.pk).update(is_active=False)
    assert api.get("/api/v1/items", token=token).status_code == 401


def test_keys_are_stored_as_digests_only(partner):
    key = partner.keys.get()
    assert key.digest == digest(partner.token)
    assert partner.token not in {key.digest, key.prefix, key.name}
    assert partner.token.startswith(key.prefix)


def test_outside_the_partners_languages_and_sections_is_404(
    client, make_partner, make_article, make_section
):
    economy = make_section(slug="economy")
    politics = make_section(slug="politics")
    partner = make_partner("Economy Weekly", languages=["en"])
    partner.sections.set([economy])
    api = Api(client, partner.token)
    inside = make_article(public=("ru", "en"), section=economy)
    outside = make_article(public=("en",), section=politics)

    assert [i["language"] for i in api.json("/api/v1/items")["items"]] == ["en"]
    assert api.json(f"/api/v1/items/{inside.pk}/en")["pubStatus"] == "usable"
    assert api.get(f"/api/v1/items/{inside.pk}/ru").status_code == 404
    assert api.get(f"/api/v1/items/{outside.pk}/en").status_code == 404
    assert api.get("/api/v1/items?language=ru").status_code == 404
    assert api.get("/api/v1/items?section=politics").status_code == 404
    # The same answer as for an article that never existed.
    assert (
        api.get(f"/api/v1/items/{outside.pk}/en").json()
        == api.get("/api/v1/items/999999/en").json()
    )


def test_create_partner_prints_a_working_key_once(client, make_article):
    make_article(public=("az",))
    out = StringIO()
    call_command(
        "create_partner",
        "Baku Post",
        "--languages",
        "az,en",
        "--rate-limit",
        "30",
        stdout=out,
        stderr=StringIO(),
    )
    token = out.getvalue().strip()
    partner = Partner.objects.get(name="Baku Post")
    assert partner.languages == ["az", "en"] and partner.rate_limit == 30
    assert ApiKey.objects.get(partner=partner).digest == digest(token)
    assert [i["language"] for i in Api(client, token).json("/api/v1/items")["items"]] == ["az"]
    with pytest.raises(CommandError):
        call_command("create_partner", "Other", "--languages", "de", stdout=StringIO())


def test_partners_are_for_editors_only(editor, journalist):
    assert client_for(journalist).get("/admin/newswire/partner/").status_code == 403
    assert "newswire" not in client_for(journalist).get("/admin/").content.decode()
    assert client_for(editor).get("/admin/newswire/partner/").status_code == 200


def test_an_editor_creates_shows_once_and_revokes_a_key(editor, client):
    admin = client_for(editor)
    response = admin.post(
        "/admin/newswire/partner/add/",
        {
            "name": "Caspian Herald",
            "is_active": "on",
            "languages": ["ru", "en"],
            "rate_limit": "60",
            "receives_embargoed": "on",
            "keys-TOTAL_FORMS": "0",
            "keys-INITIAL_FORMS": "0",
            "usage-TOTAL_FORMS": "0",
            "usage-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    partner = Partner.objects.get(name="Caspian Herald")
    assert partner.receives_embargoed and partner.languages == ["ru", "en"]

    page = admin.post(f"/admin/newswire/partner/{partner.pk}/new-key/", {"label": "newsroom CMS"})
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    key = partner.keys.get()
    token = page.content.decode().split('<code id="new-key">')[1].split("</code>")[0]
    assert digest(token) == key.digest and key.name == "newsroom CMS"
    assert Api(client, token).get("/api/v1/items").status_code == 200
    # Never shown again: the partner's page has only its first characters.
    change = admin.get(f"/admin/newswire/partner/{partner.pk}/change/").content.decode()
    assert token not in change and key.prefix in change
    assert admin.get(f"/admin/newswire/partner/{partner.pk}/new-key/").status_code == 405

    admin.post(
        f"/admin/newswire/partner/{partner.pk}/change/",
        {
            "name": "Caspian Herald",
            "is_active": "on",
            "languages": ["ru", "en"],
            "rate_limit": "60",
            "receives_embargoed": "on",
            "keys-TOTAL_FORMS": "1",
            "keys-INITIAL_FORMS": "1",
            "keys-0-id": str(key.pk),
            "keys-0-partner": str(partner.pk),
            "keys-0-name": "newsroom CMS",
            "keys-0-revoke": "on",
            "usage-TOTAL_FORMS": "0",
            "usage-INITIAL_FORMS": "0",
        },
    )
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert Api(client, token).get("/api/v1/items").status_code == 401


def test_requests_are_counted_per_partner_and_day(api, partner, editor):
    for _ in range(3):
        api.get("/api/v1/items")
    api.get("/api/v1/items", token="wrong")
    (usage,) = DailyUsage.objects.filter(partner=partner)
    assert usage.count == 3 and usage.day == timezone.localdate()
    partner.keys.get().refresh_from_db()
    assert partner.keys.get().last_used_at is not None
    listing = client_for(editor).get("/admin/newswire/partner/").content.decode()
    assert '<td class="field-requests_today">3</td>' in listing


@pytest.mark.django_db(transaction=True)
def test_the_rate_limit_holds_across_concurrent_requests(make_partner):
    partner = make_partner("Fast Wire", rate_limit=5)
    statuses, retry_after = [], []
    lock = threading.Lock()

    def request():
        try:
            response = Client().get("/api/v1/items", HTTP_AUTHORIZATION=f"Bearer {partner.token}")
            with lock:
                statuses.append(response.status_code)
                if response.status_code == 429:
                    retry_after.append(int(response["Retry-After"]))
                    assert response.json()["error"]["code"] == "rate_limited"
        finally:
            connection.close()

    # The limit counts per clock minute: all twelve arrive within one, 20 s before it ends,
    # so a run that happens to cross a minute boundary cannot split them over two windows.
    moment = timezone.now().replace(second=40, microsecond=0) + timedelta(minutes=1)
    with time_machine.travel(moment, tick=False):
        threads = [threading.Thread(target=request) for _ in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(statuses) == [200] * 5 + [429] * 7
    assert retry_after == [20] * 7
    assert DailyUsage.objects.get(partner=partner).count == 12
