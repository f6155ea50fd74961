"""The author admin never shows journalists the staff accounts' usernames."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from authors.models import Author
from tests.change_form import client_for

pytestmark = pytest.mark.django_db

ADD = reverse("admin:authors_author_add")
CHANGELIST = reverse("admin:authors_author_changelist")


@pytest.fixture
def chief(django_user_model):
    """A staff account whose username only those who manage users may learn."""
    return django_user_model.objects.create_user(
        "chief-of-staff-account", password="x" * 20, is_staff=True
    )


@pytest.fixture
def linked(chief):
    return Author.objects.create(name_en="Helen Morrow", slug="helen-morrow", user=chief)


def change_url(author):
    return reverse("admin:authors_author_change", args=[author.pk])


def test_a_journalist_cannot_read_a_username_through_the_account_field(journalist, chief):
    client = client_for(journalist)

    # The add form fills a field from the query string: the widget used to
    # print the account's username beside any id asked for.
    html = client.get(f"{ADD}?user={chief.pk}").text

    assert 'name="user"' not in html
    assert chief.username not in html


def test_a_journalist_sees_no_linked_account_on_an_author(journalist, linked, chief):
    client = client_for(journalist)

    assert chief.username not in client.get(change_url(linked)).text
    assert chief.username not in client.get(CHANGELIST).text


def test_a_journalist_cannot_change_the_linked_account(journalist, linked, chief):
    client = client_for(journalist)
    data = {
        "name_en": "Helen Morrow",
        "slug": "helen-morrow",
        "user": str(journalist.pk),
    }

    response = client.post(change_url(linked), data)

    assert response.status_code == 302
    linked.refresh_from_db()
    assert linked.user == chief


def test_a_journalist_may_still_edit_the_author(journalist, linked):
    client = client_for(journalist)

    client.post(change_url(linked), {"name_en": "Helen Morrow-Hill", "slug": "helen-morrow"})

    linked.refresh_from_db()
    assert linked.name_en == "Helen Morrow-Hill"


def test_whoever_may_see_the_accounts_links_an_author_to_one(journalist, linked, chief):
    journalist.user_permissions.add(Permission.objects.get(codename="view_user"))
    client = client_for(journalist)

    assert 'name="user"' in client.get(change_url(linked)).text
    assert chief.username in client.get(CHANGELIST).text

    client.post(
        change_url(linked),
        {"name_en": "Helen Morrow", "slug": "helen-morrow", "user": str(journalist.pk)},
    )
    linked.refresh_from_db()
    assert linked.user == journalist


def test_superusers_see_the_account_field(admin_client, linked, chief):
    assert chief.username in admin_client.get(change_url(linked)).text
    assert 'name="user"' in admin_client.get(ADD).text


def test_the_account_autocomplete_is_closed_to_journalists(journalist):
    client = client_for(journalist)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "authors", "model_name": "author", "field_name": "user", "term": ""},
    )

    assert response.status_code == 403
