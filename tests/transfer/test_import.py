"""manage.py import_wxr: WordPress posts become articles, languages versions."""

from datetime import datetime

import pytest
from django.core.management.base import CommandError
from PIL import Image

from articles.models import Article, ArticleRevision, Section, TranslationState
from authors.models import Author
from core.dates import BAKU
from newsroom.history import take_snapshot
from tags.models import Tag
from tests.transfer.wxr_files import attachment, author, category, item, write
from transfer.models import ImportedPost

pytestmark = pytest.mark.django_db

CLASSIC = (
    "Первый абзац о переговорах в Баку.\n\n"
    "Второй абзац,\nс переносом строки.\n\n"
    "<!--more-->\n\n"
    '[caption id="attachment_7" align="alignnone"]<img src="x.jpg" /> Подпись к снимку[/caption]\n\n'
    "[pullquote]Слова эксперта[/pullquote]\n\n"
    "[[gallery]] — так пишется шорткод.\n\n"
    "<script>alert(1)</script><h1>Итоги</h1>"
)
BLOCKS = (
    "<!-- wp:paragraph --><p>Mətnin birinci abzası.</p><!-- /wp:paragraph -->\n"
    '<!-- wp:image --><figure class="wp-block-image"><img src="y.jpg"/>'
    "<figcaption>Şəkil altı yazı</figcaption></figure><!-- /wp:image -->\n"
    '<!-- wp:heading {"level":5} --><h5>Nəticə</h5><!-- /wp:heading -->\n'
    "<!-- wp:list --><ul><li>bir</li><li>iki</li></ul><!-- /wp:list -->"
)


def polylang_group():
    return [
        author("аналитик", "Аналитическая служба Туран"),
        category("%d0%b0%d0%bd%d0%b0%d0%bb%d0%b8%d1%82%d0%b8%d0%ba%d0%b0", "Аналитика"),
        item(
            11,
            title="НАТО и Азербайджан: контакты",
            content=CLASSIC,
            excerpt="Краткое содержание «обзора».",
            name="%d0%bd%d0%b0%d1%82%d0%be-%d0%b8-%d0%b0%d0%b7%d0%b5%d1%80%d0%b1%d0%b0%d0%b9%d0%b4%d0%b6%d0%b0%d0%bd",
            link="https://old.example.az/2017/11/25/%d0%bd%d0%b0%d1%82%d0%be/",
            creator="аналитик",
            categories=[("%d0%b0%d0%bd%d0%b0%d0%bb%d0%b8%d1%82%d0%b8%d0%ba%d0%b0", "Аналитика")],
            tags=[("karabakh", "Карабах"), ("nato", "НАТО")],
            language="ru",
            translations="pll_5a1b",
            date_gmt="2017-11-25 08:51:00",
            # post_date is the old site's clock, not Baku's: the GMT field decides.
            date="2017-11-25 03:51:00",
        ),
        item(
            12,
            title="NATO və Azərbaycan: təmaslar",
            content=BLOCKS,
            name="nato-ve-azerbaycan",
            creator="аналитик",
            categories=[("analitika", "Analitika")],
            tags=[("qarabag", "Qarabağ")],
            language="az",
            translations="pll_5a1b",
            date_gmt="2017-11-25 09:00:00",
        ),
        item(
            13,
            title="NATO and Azerbaijan: draft",
            content="<p>Not ready yet.</p>",
            status="draft",
            creator="аналитик",
            date_gmt="0000-00-00 00:00:00",
            language="en",
            translations="pll_5a1b",
        ),
    ]


def the_article():
    return Article.objects.get()


def test_a_polylang_group_is_one_article_with_its_language_versions(tmp_path, run_import):
    report = run_import(write(tmp_path / "site.xml", *polylang_group()))

    article = the_article()
    assert article.original_language == "ru"
    ru, az, en = article.version("ru"), article.version("az"), article.version("en")
    assert ru.title == "НАТО и Азербайджан: контакты"
    assert ru.slug == "nato-i-azerbaydzhan"
    assert ru.lead == "Краткое содержание «обзора»."
    assert az.title == "NATO və Azərbaycan: təmaslar"
    assert az.lead == "Mətnin birinci abzası."  # no excerpt: the first paragraph
    assert en.title == "NATO and Azerbaijan: draft"
    assert en.published_at is None
    assert article.section.slug == "analitika"
    assert article.section.name_ru == "Аналитика"
    assert {tag.slug for tag in article.tags.all()} == {"karabakh", "nato", "qarabag"}
    assert Tag.objects.get(slug="karabakh").name_ru == "Карабах"
    assert [byline.author for byline in article.bylines.all()] == [
        Author.objects.get(slug="analitik")
    ]
    assert Author.objects.get(slug="analitik").name_ru == "Аналитическая служба Туран"
    assert "Imported: 3 (ru 1, az 1, en 1) into 1 new articles" in report
    assert ImportedPost.objects.filter(article=article).count() == 3


def test_the_publication_moment_is_the_gmt_date_in_baku_time(tmp_path, run_import):
    run_import(write(tmp_path / "site.xml", *polylang_group()))

    moment = the_article().version("ru").published_at
    assert moment == datetime(2017, 11, 25, 12, 51, tzinfo=BAKU)


def test_the_import_records_what_the_save_path_records(tmp_path, run_import):
    run_import(write(tmp_path / "site.xml", *polylang_group()))

    article = the_article()
    revision = ArticleRevision.objects.get(article=article)
    assert revision.kind == ArticleRevision.Kind.CREATED
    assert revision.snapshot == take_snapshot(article)
    assert [event["language"] for event in revision.events] == ["ru", "az"]
    assert set(
        TranslationState.objects.filter(article=article).values_list("language", flat=True)
    ) == {"az", "en"}
    assert Article.objects.public("ru").filter(pk=article.pk).exists()
    assert Article.objects.public("az").filter(pk=article.pk).exists()


def test_classic_content_gets_paragraphs_and_loses_shortcodes(tmp_path, run_import):
    report = run_import(write(tmp_path / "site.xml", *polylang_group()))

    body = the_article().version("ru").body
    assert "<p>Первый абзац о переговорах в Баку.</p>" in body
    assert "<p>Второй абзац,<br>\nс переносом строки.</p>" in body
    assert "<p>Подпись к снимку</p>" in body
    assert "<p>Слова эксперта</p>" in body
    assert "[gallery] — так пишется шорткод." in body
    assert "<h2>Итоги</h2>" in body
    for gone in ("more", "img", "script", "alert", "caption", "pullquote"):
        assert gone not in body
    assert "Shortcodes dropped: 1 ([pullquote] 1)" in report


def test_block_content_loses_its_comments_and_frames(tmp_path, run_import):
    run_import(write(tmp_path / "site.xml", *polylang_group()))

    body = the_article().version("az").body
    assert body == (
        "<p>Mətnin birinci abzası.</p>\n<p>Şəkil altı yazı</p>\n<h3>Nəticə</h3>\n"
        "<ul><li>bir</li><li>iki</li></ul>"
    )


def test_wpml_groups_by_translation_meta(tmp_path, run_import):
    path = write(
        tmp_path / "wpml.xml",
        item(
            21,
            title="Энергетика Каспия",
            content="Текст.",
            meta={"_wpml_language": "ru", "_wpml_translation_group": "77"},
        ),
        item(
            22,
            title="Caspian energy",
            content="Text.",
            meta={"wpml_language": "en-US", "_wpml_translation_group": "77"},
        ),
        item(
            23,
            title="Xəzər enerjisi",
            content="Mətn.",
            meta={"_wpml_language": "az", "_wpml_translation_group": "78"},
        ),
        version="1.1",
    )

    run_import(path)

    pair = Article.objects.get(title_ru="Энергетика Каспия")
    assert pair.title_en == "Caspian energy"
    assert pair.title_az == ""
    assert Article.objects.get(title_az="Xəzər enerjisi").original_language == "az"


def test_drafts_pending_and_private_posts_are_not_public(tmp_path, run_import, client):
    path = write(
        tmp_path / "site.xml",
        *(
            item(30 + n, title=f"Черновик {status}", content="Текст.", status=status, language="ru")
            for n, status in enumerate(["draft", "pending", "private"])
        ),
    )

    run_import(path)

    assert Article.objects.count() == 3
    assert not Article.objects.public("ru").exists()
    for article in Article.objects.all():
        assert article.version("ru").published_at is None
        assert client.get(article.get_absolute_url("ru")).status_code == 404


def test_pages_other_languages_and_unmarked_posts_are_skipped_and_reported(tmp_path, run_import):
    path = write(
        tmp_path / "site.xml",
        item(40, title="О нас", content="Страница.", post_type="page", language="ru"),
        item(41, title="Ein Bericht", content="Text.", language="de"),
        item(42, title="Без языка", content="Текст."),
        item(43, title="В корзине", content="Текст.", status="trash", language="ru"),
    )

    report = run_import(path)

    assert not Article.objects.exists()
    assert "Posts read: 4" in report
    for reason in (
        "page (not in --page-map): 1",
        "language de: 1",
        "no language (give --language): 1",
        "status trash: 1",
    ):
        assert reason in report


def test_pages_named_in_the_page_map_become_site_pages(client, tmp_path, run_import):
    from django.core.management import CommandError

    from pages.models import Page

    path = write(
        tmp_path / "site.xml",
        item(
            60, title="О нас", name="o-nas", post_type="page", language="ru",
            translations="pll_about",
            content='<!-- wp:paragraph --><p>Мы — редакция.</p><!-- /wp:paragraph -->'
            '<script>alert(1)</script>[gallery ids="1"]',
        ),
        item(
            61, title="About us", name="about-us", post_type="page", language="en",
            translations="pll_about", content="We are a newsroom.\n\nSecond paragraph.",
        ),
        item(62, title="Draft", name="policy", post_type="page", language="en", status="draft",
             content="Not yet."),
        item(63, title="Elsewhere", name="elsewhere", post_type="page", language="en",
             content="Not mapped."),
    )  # fmt: skip

    dry = run_import(path, "--page-map", "o-nas=about,about-us=about,policy=privacy", "--dry-run")
    assert "Site pages imported: 2 (about 2)" in dry and not Page.objects.exists()

    report = run_import(path, "--page-map", "o-nas=about,about-us=about,policy=privacy")

    page = Page.objects.get(kind="about")
    assert "Site pages imported: 2 (about 2)" in report
    assert "page with status draft: 1" in report and "page (not in --page-map): 1" in report
    assert page.title_ru == "О нас" and page.title_en == "About us"
    assert "<p>Мы — редакция.</p>" in page.body_ru and "script" not in page.body_ru
    assert "<p>We are a newsroom.</p>\n<p>Second paragraph.</p>" in page.body_en
    assert not Page.objects.filter(kind="privacy").exists()
    assert "We are a newsroom." in client.get("/en/page/about/").text
    assert not Article.objects.exists()
    with pytest.raises(CommandError, match="no site page 'imprint'"):
        run_import(path, "--page-map", "o-nas=imprint")


def test_an_export_without_a_language_plugin_takes_the_language_option(tmp_path, run_import):
    path = write(tmp_path / "site.xml", item(50, title="Xəbər", content="Mətn."))

    run_import(path, "--language", "az")

    assert Article.objects.get().version("az").title == "Xəbər"


def test_categories_map_onto_sections_by_the_option(tmp_path, run_import, make_section):
    make_section(slug="economy", name_en="Economy")
    path = write(
        tmp_path / "site.xml",
        item(60, title="Нефть", content="Текст.", categories=[("neft", "Нефть")], language="ru"),
    )

    run_import(path, "--section-map", "neft=economy")

    assert the_article().section.slug == "economy"
    assert not Section.objects.filter(slug="neft").exists()
    with pytest.raises(CommandError, match="does not exist: nowhere"):
        run_import(path, "--section-map", "neft=nowhere")


def write_jpeg(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (640, 400), (20, 90, 160))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make: an upload keeps none of it
    image.save(path, "JPEG", exif=exif)
    return path


def test_the_featured_image_becomes_the_lead_image_through_the_safe_upload(
    tmp_path, run_import, media_root
):
    uploads = tmp_path / "uploads"
    write_jpeg(uploads / "2017" / "11" / "саммит.jpg")
    (uploads / "2017" / "11" / "fake.jpg").write_text("<?php echo 1; ?>")
    (tmp_path / "secret.jpg").write_bytes(write_jpeg(tmp_path / "x.jpg").read_bytes())
    path = write(
        tmp_path / "site.xml",
        attachment(90, "2017/11/%d1%81%d0%b0%d0%bc%d0%bc%d0%b8%d1%82.jpg", "Саммит в Брюсселе"),
        attachment(91, "2017/11/fake.jpg"),
        attachment(92, "../../secret.jpg"),
        attachment(93, "2017/11/absent.jpg"),
        *(
            item(
                70 + n,
                title=f"Пост {n}",
                content="Текст.",
                language="ru",
                meta={"_thumbnail_id": 90 + n},
            )
            for n in range(4)
        ),
    )

    report = run_import(path, "--media", str(uploads))

    article = Article.objects.get(title_ru="Пост 0")
    photo = article.lead_photo  # a new photo of the media library
    assert photo.image.name.startswith("photos/")
    assert photo.image.name.endswith("/sammit.jpg")
    assert article.version("ru").caption == "Саммит в Брюсселе"
    with Image.open(photo.image.path) as stored:
        assert stored.size == (640, 400)
        assert not stored.getexif()
    assert photo.renditions["crops"]
    assert not Article.objects.exclude(pk=article.pk).exclude(lead_photo=None).exists()
    assert "Images imported: 1; missing: 2; refused: 1" in report


def test_overlong_names_and_impossible_ids_do_not_break_the_import(tmp_path, run_import):
    long_name = "Очень длинное название рубрики " * 10
    path = write(
        tmp_path / "site.xml",
        item(
            61,
            title="Ж" * 400,
            content="Текст.",
            categories=[("dlinnaya", long_name)],
            tags=[("dlinnyy-teg", "тег " * 100)],
            language="ru",
        ),
        item(10**20, title="Слишком большой номер", content="Текст.", language="ru"),
    )

    report = run_import(path)

    article = the_article()
    assert article.title_ru == "Ж" * 300
    assert article.section.name_ru == long_name[:100]
    assert "no post id: 1" in report
