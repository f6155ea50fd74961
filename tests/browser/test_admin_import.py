"""Importing tags from a CSV in the admin, in a real browser: upload, preview, confirm."""

import pytest
from playwright.sync_api import expect

from newsroom.roles import JOURNALIST
from tests.change_form import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
CSV = (
    "slug,kind,name_ru,name_az,name_en\n"
    ",place,Шеки,Şəki,Sheki\n"
    'caspian-shelf,topic,Каспийский шельф,Xəzər şelfi,"Caspian <b>shelf</b>"\n'
)


def test_a_journalist_previews_then_confirms_a_csv_of_tags(
    live_server, page, django_user_model, tmp_path
):
    from tags.models import Tag

    user = make_staff(django_user_model, "journalist", JOURNALIST)
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if message.type == "error" else None
    )
    upload = tmp_path / "tags.csv"
    upload.write_text(CSV, encoding="utf-8")
    refused = tmp_path / "refused.csv"
    refused.write_text(CSV + ",topic,,,\n", encoding="utf-8")

    page.goto(f"{live_server.url}/admin/login/?next=/admin/tags/tag/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.click("a.import_link")

    # A file with a row missing its name: the row's error is in view, no confirm.
    page.set_input_files("#id_import_file", str(refused))
    page.click("input[type=submit][value=Submit]")
    expect(page.get_by_text("Fill this in at least one language.")).to_be_visible()
    expect(page.locator("input[name=confirm]")).to_have_count(0)

    page.set_input_files("#id_import_file", str(upload))
    # The format follows the file's extension (the page's own script).
    expect(page.locator("#id_format option:checked")).to_have_text("csv")
    page.click("input[type=submit][value=Submit]")

    preview = page.locator("table.import-preview")
    expect(preview.locator("tr.new")).to_have_count(2)
    expect(preview).to_contain_text("Şəki")
    # Markup in a name is shown as the text it is, never as markup.
    expect(preview).to_contain_text("Caspian <b>shelf</b>")
    assert preview.locator("b").count() == 0
    assert not Tag.objects.exists()

    page.click("input[name=confirm]")

    expect(page.locator(".messagelist")).to_contain_text("Import finished: 2 new, 0 updated")
    expect(page.locator("#result_list")).to_contain_text("Sheki")
    assert set(Tag.objects.values_list("slug", flat=True)) == {"sheki", "caspian-shelf"}
    assert not blocked, blocked
