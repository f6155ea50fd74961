"""Photos from the media library placed in article bodies (inline figures)."""

import html as html_module
import re
from datetime import timedelta

import pytest
from django.db.models import ProtectedError
from django.utils import timezone

from articles.models import Article
from core.images import rendition_entries
from core.text import photo_ids, sanitize_html, split_placements
from photos.models import Photo

pytestmark = pytest.mark.django_db


def figure(photo):
    return f'<figure data-photo="{photo.pk}"></figure>'


@pytest.fixture
def photo(make_photo):
    return make_photo(
        size=(1600, 900),
        caption_ru="Порт Баку",
        caption_az="Bakı limanı",
        caption_en="The port of Baku",
        alt_ru="Краны над контейнерами",
        alt_az="Konteynerlər üzərində kranlar",
        alt_en="Cranes over containers",
        credit_en="Turan",
        credit_kind=Photo.CreditKind.PHOTO,
    )


# The sanitiser and the model's write paths


def test_the_sanitiser_keeps_only_the_placeholder_with_a_valid_id():
    assert sanitize_html('<figure data-photo="7"></figure>') == '<figure data-photo="7"></figure>'
    # Whatever was put inside goes: the texts come from the library.
    pasted = (
        '<figure data-photo="7" class="x"><img src="x.jpg"><figcaption>Hi</figcaption></figure>'
    )
    assert sanitize_html(pasted) == '<figure data-photo="7"></figure>'
    for bad in ("abc", "07", " 7", "-1", "7x", ""):
        html = f'<p>a</p><figure data-photo="{bad}"></figure>'
        assert sanitize_html(html) == "<p>a</p>", bad
    # Naming a quote and a photo at once is neither.
    assert sanitize_html('<p>a</p><figure data-photo="1" data-quote="2"></figure>') == "<p>a</p>"
    # No other attribute gets onto an image's placeholder.
    assert sanitize_html('<figure data-photo="3" onclick="x()" style="a"></figure>') == (
        '<figure data-photo="3"></figure>'
    )


def test_the_body_splits_into_text_quotes_and_photos():
    html = '<p>a</p><figure data-quote="3"></figure><p>b</p><figure data-photo="4"></figure>'
    parts = split_placements(html)
    assert parts[0] == "<p>a</p>" and parts[2] == "<p>b</p>"
    assert (parts[1].kind, parts[1].pk, parts[3].kind, parts[3].pk) == ("quote", 3, "photo", 4)
    assert photo_ids(html) == [4]


def test_every_write_path_keeps_a_library_photo_and_drops_an_unknown_one(make_article, photo):
    body = f'<p>Text.</p>{figure(photo)}<figure data-photo="999999"></figure><script>x</script>'
    kept = f"<p>Text.</p>{figure(photo)}"

    created = make_article(body_en=body)
    assert created.body_en == kept
    assert list(created.figures.all()) == [photo]

    (bulk,) = Article.objects.bulk_create([Article(section=created.section, body_en=body)])
    assert Article.objects.get(pk=bulk.pk).body_en == kept
    assert list(bulk.figures.all()) == [photo]

    Article.objects.filter(pk=bulk.pk).update(body_en="<p>x</p>")
    assert not bulk.figures.exists()
    Article.objects.filter(pk=bulk.pk).update(body_en=f"<p>x</p>{figure(photo)}<img src=a>")
    assert Article.objects.get(pk=bulk.pk).body_en == f"<p>x</p>{figure(photo)}"
    assert list(bulk.figures.all()) == [photo]

    bulk.body_en = "<p>y</p>"
    Article.objects.bulk_update([bulk], ["body_en"])
    assert not bulk.figures.exists()

    created.body_en = "<p>No figure now.</p>"
    created.save()
    assert not created.figures.exists()


def test_a_photo_a_body_places_is_not_deleted_from_the_library(make_article, photo):
    make_article(body_ru=f"<p>Текст.</p>{figure(photo)}")
    with pytest.raises(ProtectedError):
        photo.delete()


# The reader's page


@pytest.mark.parametrize(
    ("code", "caption", "alt", "label"),
    [
        ("ru", "Порт Баку", "Краны над контейнерами", "Фото:"),
        ("az", "Bakı limanı", "Konteynerlər üzərində kranlar", "Foto:"),
        ("en", "The port of Baku", "Cranes over containers", "Photo:"),
    ],
)
def test_the_page_shows_the_figure_from_the_stored_renditions(
    client, make_article, photo, code, caption, alt, label
):
    article = make_article(
        public=("ru", "az", "en"), **{f"body_{code}": f"<p>Before.</p>{figure(photo)}<p>After.</p>"}
    )
    html = client.get(article.get_absolute_url(code)).text

    block = re.search(r'<figure class="inline-figure">.*?</figure>', html, re.S)[0]
    img = re.search(r"<img [^>]+>", block)[0]
    widths = [entry["width"] for entry in photo.renditions["webp"]]
    assert widths == [400, 800, 1200, 1600]
    for width in widths:
        assert f" {width}w" in img
    assert 'sizes="(min-width: 44rem) 42rem, calc(100vw - 2rem)"' in img
    assert 'width="1600" height="900"' in img
    assert f'alt="{alt}"' in img and 'loading="lazy"' in img
    # The whole image, not a crop.
    assert "/16x9" not in img and all(name not in img for name in _crop_names(photo))
    assert f"<figcaption>{caption} " in block
    # The credit is a name: the English one stands in, marked as English.
    credit = "Turan" if code == "en" else '<span lang="en">Turan</span>'
    assert f'<span class="credit">{label} {credit}</span></figcaption>' in block
    body = html.split('class="article__body"')[1]
    assert body.index("Before.") < body.index('class="inline-figure"') < body.index("After.")


def _crop_names(photo):
    return [
        entry["name"]
        for crop in (photo.renditions.get("crops") or {}).values()
        for entry in crop["webp"]
    ]


def test_caption_and_alt_are_the_versions_language_only(client, make_article, make_photo):
    photo = make_photo(caption_ru="Только по-русски", alt_ru="Только русский alt")
    article = make_article(public=("ru", "en"), body_en=f"<p>Text.</p>{figure(photo)}")
    html = client.get(article.get_absolute_url("en")).text

    block = re.search(r'<figure class="inline-figure">.*?</figure>', html, re.S)[0]
    assert 'alt=""' in block
    assert "Только" not in block and "<figcaption>" not in block


def test_a_missing_photo_in_a_stored_body_shows_nothing(client, make_article, photo):
    article = make_article(public=("en",), body_en=f"<p>Text.</p>{figure(photo)}")
    Article.figures.through.objects.filter(article=article).delete()
    html = client.get(article.get_absolute_url("en")).text
    assert "inline-figure" not in html and "data-photo" not in html


@pytest.mark.parametrize("count", [1, 5])
def test_the_page_costs_the_same_queries_with_any_number_of_figures(
    client, make_article, make_photo, django_assert_max_num_queries, count
):
    photos = [make_photo(caption_en=f"Photo {number}") for number in range(count)]
    body = "".join(f"<p>Paragraph {n}.</p>{figure(p)}" for n, p in enumerate(photos))
    article = make_article(public=("en",), body_en=body)

    # The article, the section menu, the most-read lists and the page cache's query.
    with django_assert_max_num_queries(4):
        html = client.get(article.get_absolute_url("en")).text
    assert html.count('class="inline-figure"') == count
    for number in range(count):
        assert f"Photo {number}" in html


# The media embargo


def addresses(photo):
    return [
        f"/media/{photo.image.name}",
        *(f"/media/{r['name']}" for r in rendition_entries(photo.renditions)),
    ]


def test_a_photo_placed_in_a_public_version_is_reachable(client, make_article, photo):
    make_article(public=("az",), body_az=f"<p>Mətn.</p>{figure(photo)}")
    for url in addresses(photo):
        assert client.get(url).status_code == 200, url


def test_a_photo_placed_only_in_a_draft_or_embargoed_version_stays_a_404(
    client, admin_client, make_article, photo
):
    # Public in Russian, but only the English draft places the photo.
    make_article(public=("ru",), published_at_en=None, body_en=f"<p>Draft.</p>{figure(photo)}")
    make_article(
        published_at_en=timezone.now() + timedelta(days=1),
        body_en=f"<p>Embargoed.</p>{figure(photo)}",
    )
    for url in addresses(photo):
        assert client.get(url).status_code == 404, url
        assert admin_client.get(url).status_code == 200, url


# Feeds (the partners' API: tests/newswire/test_inline_figures.py)


def test_the_feed_carries_a_plain_figure_with_an_absolute_address(client, make_article, photo):
    make_article(public=("ru",), body_ru=f"<p>Текст.</p>{figure(photo)}")
    xml = client.get("/ru/feed/").text

    content = re.search(r"<content[^>]*>(.*?)</content>", xml, re.S)[1]
    content = html_module.unescape(content)
    name = photo.renditions["webp"][2]["name"]  # 1,200 px: a feed reader's column
    assert f'<figure><img src="http://testserver/media/{name}" alt="Краны над контейнерами"' in (
        content
    )
    assert 'width="1200" height="675"' in content
    assert "<figcaption>Порт Баку Фото: Turan</figcaption></figure>" in content
    assert "data-photo" not in content and "class=" not in content


# The body editor's library and the history's text


def test_the_editors_library_searches_as_the_lead_photos_autocomplete(
    admin_client, client, make_photo, photo
):
    from tags.models import Tag

    tagged = make_photo(caption_ru="Мост")
    tagged.tags.add(Tag.objects.create(kind=Tag.Kind.PLACE, name_en="Sumqayit"))
    url = "/admin/articles/article/photos/"

    def ids(**params):
        response = admin_client.get(url, params)
        assert response.status_code == 200
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [tagged.pk, photo.pk]  # newest first
    assert ids(q="Sumqayit") == [tagged.pk]  # a tag's name
    assert ids(q="Turan") == [photo.pk]  # the credit
    assert ids(q="Bakı limanı") == [photo.pk]  # a caption in any language
    assert ids(ids=f"{photo.pk},x") == [photo.pk]
    row = admin_client.get(url, {"ids": photo.pk}).json()["results"][0]
    assert row["caption"]["az"] == "Bakı limanı" and row["alt"]["en"] == "Cranes over containers"
    assert row["thumbnail"].endswith(".400.webp") and (row["width"], row["height"]) == (400, 225)
    assert row["credit_label"] == "Фото:"  # the admin's language (Russian unless chosen)
    # Not for readers.
    assert client.get(url).status_code == 302


def test_history_reads_a_placed_photo_as_a_line_of_its_own():
    from django.utils import translation

    from newsroom.diffs import html_to_text

    with translation.override("en"):
        text = html_to_text('<p>a</p><figure data-photo="7"></figure><p>b</p>')
    assert text == "a\n[Photo from the library #7]\nb"
