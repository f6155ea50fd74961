"""CSV and XLSX imports of tags, authors and quotes in the admin: a preview
with each refused row's errors, nothing written before "Confirm import", and
a second import of the same file updating what the first one made."""

import csv
import datetime
import html
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from authors.models import Author
from quotes.models import Quote
from tags.models import Tag
from tests.change_form import PASSWORD, client_for

pytestmark = pytest.mark.django_db

CSV_FORMAT, XLSX_FORMAT = "0", "1"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TAG_ROWS = [
    ["slug", "kind", "name_ru", "name_az", "name_en"],
    ["", "place", "Ленкорань", "Lənkəran", "Lankaran"],
    ["sea-ports", "topic", "Морские порты", "Dəniz limanları", "Sea ports"],
]


def csv_upload(rows, name="tags.csv", delimiter=","):
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(), content_type="text/csv")


def xlsx_upload(rows, name="authors.xlsx"):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile(name, data.getvalue(), content_type=XLSX_TYPE)


def import_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_import")


def preview(client, model, upload, format=CSV_FORMAT):
    response = client.post(
        import_url(model), {"resource": "0", "format": format, "import_file": upload}
    )
    assert response.status_code == 200
    return response


def confirm(client, model, response):
    form = re.search(r'<form action="([^"]*process_import/)"(.*?)</form>', response.text, re.S)
    assert form, "no Confirm import button"
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form[2]))
    data = {name: html.unescape(value) for name, value in data.items()}
    return client.post(form[1], {**data, "confirm": "Confirm import"}, follow=True)


def preview_rows(response):
    """The preview table's rows as text: ``[["New", "", "place", …], …]``."""
    table = re.search(r'<table class="import-preview">(.*?)</table>', response.text, re.S)[1]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in rows
    ]


def test_journalists_and_editors_see_import_and_others_do_not(
    journalist, editor, django_user_model
):
    for user in (journalist, editor):
        page = client_for(user).get(reverse("admin:tags_tag_changelist")).text
        assert f"href='{import_url(Tag)}' class=\"import_link\"" in page

    reader = django_user_model.objects.create_user("viewer", password=PASSWORD, is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_tag"))
    client = client_for(reader)

    assert import_url(Tag) not in client.get(reverse("admin:tags_tag_changelist")).text
    assert client.get(import_url(Tag)).status_code == 403
    assert preview_forbidden(client)


def preview_forbidden(client):
    response = client.post(
        import_url(Tag), {"resource": "0", "format": "0", "import_file": csv_upload(TAG_ROWS)}
    )
    return response.status_code == 403 and not Tag.objects.exists()


def test_a_csv_of_tags_is_previewed_then_written_then_updated(journalist):
    client = client_for(journalist)

    response = preview(client, Tag, csv_upload(TAG_ROWS))

    # The preview shows the slug the save will make.
    assert preview_rows(response) == [
        ["New", "lankaran", "place", "Ленкорань", "Lənkəran", "Lankaran"],
        ["New", "sea-ports", "topic", "Морские порты", "Dəniz limanları", "Sea ports"],
    ]
    assert not Tag.objects.exists()  # the preview writes nothing

    page = confirm(client, Tag, response)

    assert "Import finished: 2 new, 0 updated" in page.text
    lankaran = Tag.objects.get(slug="lankaran")  # made from the English name, as a save does
    assert (lankaran.kind, lankaran.name_ru, lankaran.name_az) == ("place", "Ленкорань", "Lənkəran")
    assert Tag.objects.get(slug="sea-ports").name_en == "Sea ports"

    # The same file again, one name corrected: the same two tags, updated.
    rows = [list(row) for row in TAG_ROWS]
    rows[1][3] = "Lənkəran rayonu"
    response = preview(client, Tag, csv_upload(rows))
    assert [row[0] for row in preview_rows(response)] == ["Update", "Update"]
    page = confirm(client, Tag, response)

    assert "Import finished: 0 new, 2 updated" in page.text
    assert Tag.objects.count() == 2
    assert Tag.objects.get(slug="lankaran").name_az == "Lənkəran rayonu"


def test_a_semicolon_separated_csv_imports_too(journalist):
    client = client_for(journalist)

    response = preview(client, Tag, csv_upload(TAG_ROWS, delimiter=";"))
    confirm(client, Tag, response)

    assert set(Tag.objects.values_list("slug", flat=True)) == {"lankaran", "sea-ports"}


def test_refused_rows_show_their_errors_and_nothing_is_written(journalist):
    client = client_for(journalist)
    rows = [
        TAG_ROWS[0],
        ["", "topic", "", "", ""],  # no name in any language
        ["", "celebrity", "Кто-то", "", ""],  # not a kind of tag
        ["", "topic", "Нефть\x00", "", ""],  # a NUL character
        ["Not a slug!", "topic", "Газ", "", ""],
        TAG_ROWS[1],
    ]

    response = preview(client, Tag, csv_upload(rows))

    assert "Some rows failed to validate" in response.text
    assert "process_import" not in response.text  # no way to confirm
    errors = re.findall(r"<td>(\d+) </td>\s*<td class=\"errors\">(.*?)</td>", response.text, re.S)
    by_row = {int(number): html.unescape(re.sub(r"\s+", " ", text)) for number, text in errors}
    assert set(by_row) == {1, 2, 3, 4}
    assert "name_ru" in by_row[1] and "Fill this in at least one language." in by_row[1]
    assert "kind" in by_row[2] and "celebrity is not one of the available choices" in by_row[2]
    assert "Null characters are not allowed." in by_row[3]
    assert "slug" in by_row[4] and "valid “slug”" in by_row[4]
    assert not Tag.objects.exists()


def test_markup_in_a_name_is_kept_as_the_admin_form_keeps_it_and_never_runs(journalist):
    client = client_for(journalist)
    hostile = '  <img src=x onerror="alert(1)"><b>Гянджа</b>  '
    rows = [["slug", "kind", "name_ru", "name_az", "name_en"], ["ganja", "place", hostile, "", ""]]

    response = preview(client, Tag, csv_upload(rows))

    assert "<img src=x" not in response.text and "<b>Гянджа" not in response.text
    assert "&lt;img src=x onerror=" in response.text
    confirm(client, Tag, response)

    # Exactly what the change form stores for the same typing (trimmed, as text).
    client.post(
        reverse("admin:tags_tag_add"),
        {"kind": "place", "name_ru": hostile, "name_az": "", "name_en": "", "slug": "ganja-form"},
    )
    imported, typed = (Tag.objects.get(slug=slug).name_ru for slug in ("ganja", "ganja-form"))
    assert imported == typed == hostile.strip()


def test_an_xlsx_of_authors_in_three_languages_imports_and_reimports(journalist):
    client = client_for(journalist)
    rows = [
        ["slug", "name_ru", "name_az", "name_en", "role_ru", "role_en", "bio_en", "is_institution"],
        [
            None,
            "Нигяр Гасанова",
            "Nigar Həsənova",
            "Nigar Hasanova",
            "Аналитик",
            "Analyst",
            "Writes on trade.",
            0,
        ],
        ["turan-desk", "Служба Туран", "Turan xidməti", "Turan Service", None, None, None, "1"],
        [None, None, None, None, None, None, None, None],  # a row that only looks used
    ]

    response = preview(client, Author, xlsx_upload(rows), format=XLSX_FORMAT)
    assert [row[0] for row in preview_rows(response)] == ["New", "New"]
    confirm(client, Author, response)

    nigar = Author.objects.get(slug="nigar-hasanova")
    assert (nigar.name_az, nigar.role_ru, nigar.bio_en) == (
        "Nigar Həsənova",
        "Аналитик",
        "Writes on trade.",
    )
    assert not nigar.is_institution
    assert Author.objects.get(slug="turan-desk").is_institution

    rows[1][5] = "Senior analyst"
    response = preview(client, Author, xlsx_upload(rows), format=XLSX_FORMAT)
    assert [row[0] for row in preview_rows(response)] == ["Update", "Update"]
    confirm(client, Author, response)

    assert Author.objects.count() == 2
    assert Author.objects.get(slug="nigar-hasanova").role_en == "Senior analyst"
    # Columns the file leaves out keep their values.
    assert Author.objects.get(slug="nigar-hasanova").role_ru == "Аналитик"


def test_quotes_name_their_speaker_by_slug_and_match_again_by_their_words(journalist):
    speaker = Tag.objects.create(kind="person", slug="elvin-guliyev", name_en="Elvin Guliyev")
    Tag.objects.create(kind="topic", slug="oil", name_en="Oil")
    client = client_for(journalist)
    header = ["id", "speaker", "text_ru", "text_az", "text_en", "speaker_role_en", "said_on"]
    rows = [
        header,
        [
            "",
            "elvin-guliyev",
            "Порт — это ворота.",
            "Liman qapıdır.",
            "A port is a gate.",
            "Minister",
            datetime.date(2019, 3, 4),
        ],
        ["", "oil", "", "", "Words of a topic.", "", None],
        ["", "nobody", "", "", "Words of nobody.", "", None],
        ["999999", "elvin-guliyev", "", "", "Another.", "", None],
    ]

    response = preview(client, Quote, xlsx_upload(rows, "quotes.xlsx"), format=XLSX_FORMAT)

    errors = html.unescape(response.text)
    assert "Select a valid choice" in errors  # a topic is no speaker
    assert "“nobody” matches nothing." in errors
    assert "There is no quote with this id." in errors
    assert not Quote.objects.exists()

    response = preview(client, Quote, xlsx_upload(rows[:2], "quotes.xlsx"), format=XLSX_FORMAT)
    confirm(client, Quote, response)
    quote = Quote.objects.get()
    assert (quote.speaker, quote.text_az, quote.said_on) == (
        speaker,
        "Liman qapıdır.",
        datetime.date(2019, 3, 4),
    )

    rows[1][5] = "Minister of Transport"
    response = preview(client, Quote, xlsx_upload(rows[:2], "quotes.xlsx"), format=XLSX_FORMAT)
    assert [row[0] for row in preview_rows(response)] == ["Update"]
    confirm(client, Quote, response)
    assert Quote.objects.get().speaker_role_en == "Minister of Transport"

    by_id = [
        header,
        [str(quote.pk), "elvin-guliyev", "", "", "A port is a gate, still.", "", "2019-03-05"],
    ]
    confirm(client, Quote, preview(client, Quote, csv_upload(by_id, "quotes.csv")))
    quote.refresh_from_db()
    assert (quote.text_en, quote.said_on, Quote.objects.count()) == (
        "A port is a gate, still.",
        datetime.date(2019, 3, 5),
        1,
    )


@pytest.mark.parametrize(
    ("code", "strings"),
    [
        ("ru", ["Импорт", "Файл для импорта", "Предпросмотр", "Подтвердить импорт"]),
        ("az", ["İdxal", "İdxal ediləcək fayl", "Önizləmə", "İdxalı təsdiqlə"]),
    ],
)
def test_the_import_screens_speak_the_admins_language(journalist, code, strings):
    client = Client()
    client.force_login(journalist)
    client.cookies["django_language"] = code

    form = client.get(import_url(Tag)).text
    response = preview(client, Tag, csv_upload(TAG_ROWS))

    assert strings[0] in form and strings[1] in form
    assert strings[2] in response.text and strings[3] in response.text


def test_a_confirm_whose_file_is_gone_asks_for_it_again(journalist):
    client = client_for(journalist)
    response = preview(client, Tag, csv_upload(TAG_ROWS))
    name = re.search(r'name="import_file_name" value="([^"]*)"', response.text)[1]
    page = client.post(
        reverse("admin:tags_tag_process_import"),
        {"import_file_name": name + "-gone", "original_file_name": "tags.csv", "format": "0"},
        follow=True,
    )

    assert page.status_code == 200
    assert "The uploaded file is no longer available; upload it again." in page.text
    assert not Tag.objects.exists()
