"""One translated interface string per language renders (catalogues compiled and found)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "footer", "skip_link"),
    [
        ("ru", "Время везде бакинское.", "Перейти к содержанию"),
        ("az", "Bütün vaxtlar Bakı vaxtı ilədir.", "Məzmuna keçin"),
        ("en", "All times are Baku time.", "Skip to content"),
    ],
)
def test_home_interface_is_in_the_readers_language(client, code, footer, skip_link):
    html = client.get(f"/{code}/").text

    assert f'<html lang="{code}">' in html
    assert footer in html and skip_link in html


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("ru", "Страница не найдена"),
        ("az", "Səhifə tapılmadı"),
        ("en", "Page not found"),
    ],
)
def test_404_page_is_in_the_readers_language(client, code, message):
    response = client.get(f"/{code}/article/424242/missing/")

    assert response.status_code == 404
    assert message in response.text


@pytest.mark.parametrize(
    ("code", "label"),
    [("ru", "Язык интерфейса"), ("az", "İnterfeys dili"), ("en", "Interface language")],
)
def test_admin_follows_the_staff_members_language(admin_client, code, label):
    admin_client.cookies["django_language"] = code

    html = admin_client.get("/admin/").text

    assert label in html
    assert f'lang="{code}"' in html
