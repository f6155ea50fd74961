"""Old WordPress addresses answer 301 to the imported article's public version."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.transfer.wxr_files import item, write

pytestmark = pytest.mark.django_db

CYRILLIC = "%d0%b3%d0%b0%d0%b7-%d0%ba%d0%b0%d1%81%d0%bf%d0%b8%d1%8f"


@pytest.fixture
def imported(tmp_path, run_import):
    run_import(
        write(
            tmp_path / "site.xml",
            item(
                101,
                title="Газ Каспия",
                content="Текст.",
                language="ru",
                translations="pll_g",
                link=f"https://old.example.az/2017/11/25/{CYRILLIC}/",
            ),
            item(
                102,
                title="Xəzərin qazı",
                content="Mətn.",
                language="az",
                translations="pll_g",
                link="https://old.example.az/az/2017/11/25/xezerin-qazi/",
            ),
            item(
                103,
                title="Черновик",
                content="Текст.",
                status="draft",
                language="ru",
                link="https://old.example.az/?p=103",
                guid="https://old.example.az/chernovik/",
            ),
        )
    )
    return Article.objects.get(title_ru="Газ Каспия")


def test_the_old_permalink_redirects_permanently(client, imported):
    response = client.get(f"/2017/11/25/{CYRILLIC}/")

    assert response.status_code == 301
    assert response["Location"] == imported.get_absolute_url("ru")
    assert client.get(response["Location"]).status_code == 200


def test_each_language_post_redirects_to_its_own_version(client, imported):
    response = client.get("/az/2017/11/25/xezerin-qazi")

    assert response.status_code == 301
    assert response["Location"] == imported.get_absolute_url("az")


@pytest.mark.parametrize("path", ["/", "/index.php", "/blog/"])
def test_the_old_query_form_redirects_on_any_path(client, imported, path):
    response = client.get(path, {"p": "102"})

    assert response.status_code == 301
    assert response["Location"] == imported.get_absolute_url("az")


def test_an_unpublished_import_keeps_its_old_addresses_a_404(client, imported):
    draft = Article.objects.get(title_ru="Черновик")

    assert client.get("/chernovik/").status_code == 404
    assert client.get("/", {"p": "103"}).status_code == 302  # the language redirect
    assert client.get(draft.get_absolute_url("ru")).status_code == 404


def test_an_unknown_address_stays_a_404(client, imported):
    assert client.get("/2017/11/25/nothing-here/").status_code == 404
    assert client.get("/", {"p": "999"}).status_code == 302


def test_a_page_that_exists_asks_nothing_about_old_addresses(client, imported):
    url = imported.get_absolute_url("ru")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200

    assert not [query for query in queries if "transfer_" in query["sql"]]


def test_a_page_of_turan_with_its_own_p_is_left_alone(admin_client, imported):
    # The admin's lists page with ?p=: never sent to an imported article.
    response = admin_client.get("/admin/articles/article/", {"p": "101"})
    assert response.status_code != 301
    assert "/article/" not in response.get("Location", "")
    assert admin_client.get("/ru/", {"p": "102"}).status_code == 200
