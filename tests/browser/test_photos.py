"""The media library's focal point, set by clicking the photo in its admin form."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_admin import PASSWORD, log_in
from tests.photos.conftest import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("photodesk", password=PASSWORD)


def test_clicking_the_image_sets_and_saves_the_focal_point(
    live_server, page, staff, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from photos.models import Photo

    settings.MEDIA_ROOT = tmp_path / "media"
    photo = Photo(caption_en="Cranes at the port")
    photo.image.save("cranes.jpg", ContentFile(jpeg_bytes((1200, 800))), save=False)
    photo.save()
    first_crop = photo.renditions["crops"]["1x1"]["webp"][0]["name"]
    change = reverse("admin:photos_photo_change", args=[photo.pk])
    log_in(page, live_server, staff, change)

    image = page.locator("[data-focal-image]")
    expect(image).to_be_visible()
    box = image.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.75)

    across = float(page.input_value("#id_focal_x"))
    down = float(page.input_value("#id_focal_y"))
    assert across == pytest.approx(0.25, abs=0.01)
    assert down == pytest.approx(0.75, abs=0.01)
    marker = page.locator(".focal-point-marker").bounding_box()
    assert marker["x"] + marker["width"] / 2 == pytest.approx(box["x"] + box["width"] * 0.25, abs=2)

    # The keyboard moves it too (the image takes focus).
    image.focus()
    page.keyboard.press("ArrowRight")
    assert float(page.input_value("#id_focal_x")) == pytest.approx(across + 0.05, abs=0.001)

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    photo.refresh_from_db()
    assert photo.focal_x == pytest.approx(across + 0.05, abs=0.001)
    assert photo.focal_y == pytest.approx(down, abs=0.001)
    assert f"f{photo.focal_x:.3f},{photo.focal_y:.3f}" in photo.renditions["key"]
    assert photo.renditions["crops"]["1x1"]["webp"][0]["name"] != first_crop


def test_a_new_file_is_shown_to_click_before_the_first_save(
    live_server, page, staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "new.jpg"
    path.write_bytes(jpeg_bytes((800, 600)))
    log_in(page, live_server, staff, reverse("admin:photos_photo_add"))

    image = page.locator("[data-focal-image]")
    expect(image).to_be_hidden()
    page.set_input_files("#id_image", str(path))
    expect(image).to_be_visible()
    image.evaluate("img => img.decode()")
    box = image.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.9, box["y"] + box["height"] * 0.1)
    page.click("input[name=_save]")

    from photos.models import Photo

    expect(page.locator(".messagelist .success")).to_be_visible()
    photo = Photo.objects.get()
    assert photo.focal_x == pytest.approx(0.9, abs=0.01)
    assert photo.focal_y == pytest.approx(0.1, abs=0.01)


def test_a_photo_picked_from_the_library_leads_the_public_page(
    live_server, page, staff, make_article, settings, tmp_path
):
    from tests.media import make_photo
    from tests.photos.conftest import jpeg_bytes

    settings.MEDIA_ROOT = tmp_path / "media"
    article = make_article(public=("ru",))
    photo = make_photo(
        jpeg_bytes((1600, 1000)),
        "port.jpg",
        caption_ru="Порт Баку на рассвете",
        alt_ru="Краны над контейнерами у причала",
        credit_ru="Туран",
    )
    make_photo(jpeg_bytes((800, 600)), "other.jpg", caption_ru="Совсем другой снимок")
    change = reverse("admin:articles_article_change", args=[article.pk])
    log_in(page, live_server, staff, change)

    expect(page.locator(".field-lead_photo_preview")).to_contain_text("No lead photo")
    page.click(".field-lead_photo .select2-selection")
    page.fill(".select2-search__field", "рассвет")  # the library searched by caption
    option = page.locator(".select2-results__option", has_text="Порт Баку на рассвете")
    expect(option).to_have_count(1)
    option.click()
    # The thumbnail and the alt text beside the caption, as soon as it is picked.
    preview = page.locator(".field-lead_photo_preview")
    expect(preview).to_contain_text("Краны над контейнерами у причала")
    expect(preview.locator("img.photo-thumbnail")).to_be_visible()
    preview.locator("img.photo-thumbnail").evaluate("img => img.decode()")
    save = page.locator("input[name=_continue]")
    save.scroll_into_view_if_needed()
    save.press("Enter")  # a pointer click right after select2 closes did not submit here
    expect(page.locator(".messagelist .success")).to_be_visible()

    article.refresh_from_db()
    assert article.lead_photo == photo
    page.goto(live_server.url + article.get_absolute_url("ru"))
    figure = page.locator(".article__image")
    image = figure.locator("img")
    expect(image).to_have_attribute("alt", "Краны над контейнерами у причала")
    assert "16x9" not in image.get_attribute("src")  # a crop rendition's own name
    assert image.get_attribute("src").endswith(".1600.webp")
    expect(figure.locator("figcaption")).to_have_text("Порт Баку на рассвете Фото: Туран")
    expect(figure.locator(".credit")).to_have_text("Фото: Туран")
