"""Responsive images (core/images.py): WebP renditions made once on save, kept,
removed with their image, and rendered as <picture> with no extra query."""

import re
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from articles.models import Article, Byline
from authors.models import Author
from photos.models import Photo
from tests.media import give_lead_photo, missing_image, set_lead_image, twin_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.QUARANTINE_ROOT = tmp_path / "quarantine"
    return settings.MEDIA_ROOT


def jpeg(size, colour="navy"):
    data = BytesIO()
    Image.new("RGB", size, colour).save(data, "JPEG")
    return ContentFile(data.getvalue())


def with_image(article, size, name="port.jpg", colour="navy"):
    """Give ``article``'s lead photo this image (a new library photo the first time)."""
    return set_lead_image(article, jpeg(size, colour), name)


def delete_with_photo(article):
    photo = article.lead_photo
    article.delete()
    photo.delete()


def files_of(info, media_root):
    return [media_root / entry["name"] for entry in info["webp"]]


def test_renditions_are_webp_at_each_width_with_the_right_height(make_article, media_root):
    article = with_image(make_article(), (2000, 1000))

    info = Article.objects.get(pk=article.pk).lead_photo.renditions
    assert info["source"] == article.lead_photo.image.name
    assert (info["width"], info["height"]) == (2000, 1000)
    assert [(e["width"], e["height"]) for e in info["webp"]] == [
        (400, 200),
        (800, 400),
        (1200, 600),
        (1600, 800),
    ]
    for entry, path in zip(info["webp"], files_of(info, media_root), strict=True):
        with Image.open(path) as image:
            assert image.format == "WEBP"
            assert image.size == (entry["width"], entry["height"])
        assert path.name.endswith(f".{entry['width']}.webp")


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (300, [300]),
        (500, [400, 500]),
        (1200, [400, 800, 1200]),
        # The original replaces a standard width within 10% below it.
        (1250, [400, 800, 1250]),
        (1500, [400, 800, 1200, 1500]),
    ],
)
def test_renditions_never_upscale(make_article, width, expected):
    article = with_image(make_article(), (width, 100))

    assert [e["width"] for e in article.lead_photo.renditions["webp"]] == expected


def test_renditions_follow_the_exif_orientation(make_article, media_root):
    data = BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, shown turned a quarter: portrait
    Image.new("RGB", (1000, 500), "navy").save(data, "JPEG", exif=exif)
    article = make_article()
    give_lead_photo(article, ContentFile(data.getvalue()), "turned.jpg")

    info = article.lead_photo.renditions
    assert (info["width"], info["height"]) == (500, 1000)
    assert [(e["width"], e["height"]) for e in info["webp"]] == [(400, 800), (500, 1000)]
    with Image.open(files_of(info, media_root)[0]) as image:
        assert image.size == (400, 800)


def test_saving_again_without_a_new_image_builds_nothing(make_article, media_root):
    article = with_image(make_article(), (900, 500))
    info = article.lead_photo.renditions
    first = files_of(info, media_root)[0]
    first.unlink()  # Were anything rebuilt, this file would come back.

    article.title_en = "Edited title"
    article.save()
    Article.objects.get(pk=article.pk).save()

    assert not first.exists()
    assert Article.objects.get(pk=article.pk).lead_photo.renditions == info
    # The command with --verify remakes lost files.
    call_command("build_renditions", "--verify", verbosity=0)
    assert first.exists()


def test_replacing_the_image_removes_the_old_renditions(
    make_article, media_root, django_capture_on_commit_callbacks
):
    article = with_image(make_article(), (900, 500))
    old = files_of(article.lead_photo.renditions, media_root)

    with django_capture_on_commit_callbacks(execute=True):
        with_image(Article.objects.get(pk=article.pk), (640, 480), name="new.jpg", colour="red")

    info = Article.objects.get(pk=article.pk).lead_photo.renditions
    assert info["source"].endswith("new.jpg") and info["height"] == 480
    assert all(path.exists() for path in files_of(info, media_root))
    assert not any(path.exists() for path in old)
    # The original leaves the served media for the quarantine (history may restore it).
    assert not list((media_root / "photos").rglob("port.jpg"))
    assert list((media_root.parent / "quarantine" / "photos").rglob("port.jpg"))


def test_clearing_the_image_or_deleting_the_row_removes_renditions(
    make_article, media_root, django_capture_on_commit_callbacks
):
    cleared = with_image(make_article(), (900, 500))
    deleted = with_image(make_article(), (700, 500), name="other.jpg")
    cleared_files = files_of(cleared.lead_photo.renditions, media_root)
    deleted_files = files_of(deleted.lead_photo.renditions, media_root)

    with django_capture_on_commit_callbacks(execute=True):
        cleared.lead_photo.image = ""
        cleared.lead_photo.save()
        delete_with_photo(deleted)

    assert Photo.objects.get(pk=cleared.lead_photo_id).renditions == {}
    assert not any(path.exists() for path in cleared_files + deleted_files)


def test_renditions_shared_by_another_row_are_kept(
    make_article, media_root, django_capture_on_commit_callbacks
):
    article = with_image(make_article(), (900, 500))
    twin = twin_of(article)
    assert twin.renditions == article.lead_photo.renditions

    with django_capture_on_commit_callbacks(execute=True):
        delete_with_photo(article)

    assert all(path.exists() for path in files_of(twin.renditions, media_root))


def test_a_rolled_back_replacement_keeps_the_renditions(make_article, media_root):
    article = with_image(make_article(), (900, 500))
    old = files_of(article.lead_photo.renditions, media_root)

    # Without a commit (the test's transaction is rolled back) nothing is deleted.
    with_image(article, (640, 480), name="new.jpg")

    assert all(path.exists() for path in old)


def test_author_photos_get_portrait_widths(media_root):
    author = Author(name_en="Helen Morrow")
    author.photo.save("helen.jpg", jpeg((600, 800)), save=True)

    info = Author.objects.get(pk=author.pk).photo_renditions
    assert [(e["width"], e["height"]) for e in info["webp"]] == [(96, 128), (192, 256), (288, 384)]
    assert all(path.exists() for path in files_of(info, media_root))


def test_an_unreadable_image_is_shown_plain_and_built_later(client, make_article, media_root):
    article = missing_image(make_article(public=("en",)))
    assert article.lead_photo.renditions == {}

    html = client.get(article.get_absolute_url("en")).text
    assert re.search(
        r'<img src="/media/articles/missing.jpg" alt="[^"]*" fetchpriority="high">', html
    )
    assert "<picture>" not in html

    (media_root / "articles").mkdir(parents=True)
    Image.new("RGB", (500, 250)).save(media_root / "articles" / "missing.jpg")
    call_command("build_renditions", verbosity=0)

    info = Article.objects.get(pk=article.pk).lead_photo.renditions
    assert [e["width"] for e in info["webp"]] == [400, 500]


def test_build_renditions_catches_images_changed_by_update(make_article, media_root):
    article = with_image(make_article(), (900, 500))
    other = with_image(make_article(), (500, 300), name="other.jpg")
    Photo.objects.filter(pk=article.lead_photo_id).update(image=other.lead_photo.image.name)

    call_command("build_renditions", verbosity=0)

    info = Article.objects.get(pk=article.pk).lead_photo.renditions
    assert info["source"] == other.lead_photo.image.name and info["width"] == 500


# Markup


def picture_of(html, marker):
    return re.search(r"<picture>.*?</picture>", html.split(marker, 1)[1], re.S)[0]


def test_article_page_offers_the_renditions_and_loads_the_lead_image_first(client, make_article):
    article = with_image(make_article(public=("en",), caption_en="The port of Poti"), (2000, 1000))

    picture = picture_of(client.get(article.get_absolute_url("en")).text, 'class="article__image"')

    source = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', picture)
    widths = [int(w) for w in re.findall(r"\.webp (\d+)w", source[1])]
    assert widths == [400, 800, 1200, 1600]
    assert "42rem" in source[2]
    img = re.search(r"<img [^>]+>", picture)[0]
    # The 16:9 crop, its widest rendition as the fallback.
    crop = article.lead_photo.renditions["crops"]["16x9"]
    assert f'src="/media/{crop["webp"][-1]["name"]}"' in img
    assert 'alt="The port of Poti"' in img
    assert 'width="1778" height="1000"' in img
    assert 'fetchpriority="high"' in img and "loading=" not in img


def test_home_lead_story_image_is_fetched_first(client, make_article):
    with_image(make_article(public=("en",)), (1200, 675))

    picture = picture_of(client.get("/en/").text, 'class="lead-story__image"')

    # Cards show the 4:3 crop.
    assert 'width="900" height="675" fetchpriority="high"' in picture


def test_list_cards_load_the_first_images_at_once_and_the_rest_lazily(
    client, make_article, make_section
):
    section = make_section(slug="economy")
    for number in range(4):
        with_image(make_article(public=("en",), section=section), (800, 450), name=f"{number}.jpg")

    html = client.get("/en/section/economy/").text

    images = re.findall(r"<picture>.*?<img ([^>]+)></picture>", html)
    assert len(images) == 4
    assert all('width="600" height="450"' in img for img in images)  # the 4:3 crops
    assert ["loading" in img for img in images] == [False, False, True, True]
    assert all('decoding="async"' in img for img in images[2:])
    assert not any("fetchpriority" in img for img in images)
    # Cards have no caption here: the image is decorative beside its title.
    assert all('alt=""' in img for img in images)


def test_author_photo_covers_its_box(client, media_root, make_article):
    author = Author(name_en="Helen Morrow", slug="helen-morrow")
    author.photo.save("helen.jpg", jpeg((800, 400)), save=True)
    # An author's page exists once a public version is theirs.
    Byline.objects.create(article=make_article(public=("en",)), author=author)

    picture = picture_of(client.get("/en/author/helen-morrow/").text, 'class="author-card"')

    assert 'sizes="192px"' in picture  # a 2:1 photo covering 96 px needs 192 px width
    assert 'class="author-card__photo" width="96" height="96"' in picture
    assert 'alt="Helen Morrow"' in picture


def test_list_with_images_keeps_its_query_budget(
    client, make_article, make_section, django_assert_max_num_queries
):
    section = make_section(slug="economy")
    author = Author.objects.create(name_en="Helen Morrow", slug="helen-morrow")
    author.photo.save("helen.jpg", jpeg((300, 300)), save=True)
    for number in range(25):
        article = with_image(
            make_article(public=("en",), section=section), (500, 300), name=f"{number}.jpg"
        )
        Byline.objects.create(article=article, author=author)

    # The pages' own queries plus the page cache's one (the home's include the
    # editors' placements, tests/articles/test_pages.py).
    budgets = [("/en/", 6), ("/en/section/economy/", 6), ("/en/author/helen-morrow/", 6)]
    for url, budget in budgets:
        with django_assert_max_num_queries(budget):
            assert "<picture>" in client.get(url).text


def test_restoring_a_revision_from_before_the_library_brings_back_its_image(
    make_article, media_root, django_capture_on_commit_callbacks, admin_user
):
    """A snapshot taken before the media library names the image file: restoring
    it gives the article a photo of that file, back from the quarantine."""
    from newsroom.history import restore_revision

    article = with_image(make_article(), (900, 500))
    first = article.revisions.order_by("-number").first()
    old_name = article.lead_photo.image.name
    first.snapshot.pop("lead_photo")
    first.snapshot.update(lead_image=old_name, lead_image_credit="Turan")
    first.save()
    with django_capture_on_commit_callbacks(execute=True):
        with_image(Article.objects.get(pk=article.pk), (640, 480), name="new.jpg")
    assert not (media_root / old_name).exists()

    with django_capture_on_commit_callbacks(execute=True):
        restore_revision(Article.objects.get(pk=article.pk), first, admin_user)

    photo = Article.objects.get(pk=article.pk).lead_photo
    assert photo.image.name == old_name and photo.credit_ru == "Turan"
    info = photo.renditions
    assert info["source"] == old_name and info["width"] == 900
    assert all(path.exists() for path in files_of(info, media_root))
