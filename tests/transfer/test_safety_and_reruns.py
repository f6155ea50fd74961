"""import_wxr refuses hostile and broken files, reruns change nothing, dry runs write nothing."""

import pytest
from django.core.management.base import CommandError

from articles.models import Article, ArticleRevision, Section
from tests.transfer.wxr_files import HEAD, SITE, TAIL, item, write, wxr
from transfer.models import ImportedPost, OldAddress

pytestmark = pytest.mark.django_db

POSTS = [
    item(1, title="Первая новость", content="Текст один.", language="ru", name="pervaya"),
    item(2, title="İkinci xəbər", content="Mətn iki.", language="az", name="ikinci"),
]


def nothing_written():
    return not (
        Article.objects.exists()
        or ImportedPost.objects.exists()
        or OldAddress.objects.exists()
        or Section.objects.exists()
    )


def test_a_billion_laughs_file_is_refused_and_nothing_written(tmp_path, run_import):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 or "")) * 10}">' for n in range(1, 10)
    )
    text = (
        wxr(*POSTS)
        .replace(
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE rss [{entities}]>',
        )
        .replace("Текст один.", "&lol9;")
    )
    path = tmp_path / "laughs.xml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError, match="Refused: the file declares a DTD"):
        run_import(path)
    assert nothing_written()


def test_an_external_entity_to_a_local_file_is_refused(tmp_path, run_import):
    secret = tmp_path / "secret.txt"
    secret.write_text("пароль-от-сервера")
    text = (
        wxr(*POSTS)
        .replace(
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>',
        )
        .replace("Текст один.", "&xxe;")
    )
    path = tmp_path / "xxe.xml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError, match="Refused"):
        run_import(path)
    assert nothing_written()
    assert not Article.objects.filter(body_ru__contains="пароль").exists()


@pytest.mark.parametrize("cut", [0.5, 0.95])
def test_a_truncated_file_is_refused_before_anything_is_written(tmp_path, run_import, cut):
    text = wxr(*POSTS, item(3, title="Третья", content="Текст.", language="ru"))
    path = tmp_path / "cut.xml"
    path.write_text(text[: int(len(text) * cut)], encoding="utf-8")

    with pytest.raises(CommandError, match="not well-formed XML"):
        run_import(path)
    assert nothing_written()


def test_a_file_that_is_not_a_wordpress_export_is_refused(tmp_path, run_import):
    path = tmp_path / "feed.xml"
    path.write_text("<html><body>Не экспорт</body></html>", encoding="utf-8")

    with pytest.raises(CommandError, match="Not a WordPress export"):
        run_import(path)
    assert nothing_written()


def test_running_the_same_file_again_changes_nothing(tmp_path, run_import):
    path = write(tmp_path / "site.xml", *POSTS)
    run_import(path)
    before = list(Article.objects.order_by("pk").values_list("pk", "updated_at"))
    revisions = ArticleRevision.objects.count()

    report = run_import(path)

    assert list(Article.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert ArticleRevision.objects.count() == revisions
    assert ImportedPost.objects.count() == 2
    assert "Updated: 0; unchanged: 2" in report
    assert "Redirects created: 0" in report


def test_a_post_changed_since_updates_its_version_with_a_revision(tmp_path, run_import):
    run_import(write(tmp_path / "site.xml", *POSTS))
    article = Article.objects.get(title_ru="Первая новость")

    changed = item(1, title="Первая новость (исправлено)", content="Новый текст.", language="ru")
    report = run_import(write(tmp_path / "site.xml", changed, POSTS[1]))

    article.refresh_from_db()
    assert article.title_ru == "Первая новость (исправлено)"
    assert article.body_ru == "<p>Новый текст.</p>"
    assert article.revisions.count() == 2
    assert Article.objects.count() == 2
    assert "Updated: 1; unchanged: 1" in report


def test_a_translation_in_a_later_batch_joins_its_article(tmp_path, run_import):
    path = write(
        tmp_path / "site.xml",
        item(5, title="Газ", content="Текст.", language="ru", translations="pll_gas"),
        item(6, title="Другое", content="Текст.", language="ru"),
        item(7, title="Qaz", content="Mətn.", language="az", translations="pll_gas"),
        item(8, title="Газ, дубль", content="Текст.", language="ru", translations="pll_gas"),
    )

    report = run_import(path, "--batch-size", "1")

    gas = Article.objects.get(title_ru="Газ")
    assert gas.title_az == "Qaz"
    assert gas.revisions.count() == 2
    assert Article.objects.count() == 2
    assert "a second post in one language of a group: 1" in report


def test_a_dry_run_writes_nothing_and_reports(tmp_path, run_import):
    path = write(tmp_path / "site.xml", *POSTS)

    report = run_import(path, "--dry-run")

    assert nothing_written()
    assert "Dry run: nothing was written." in report
    assert "Imported: 2 (ru 1, az 1, en 0) into 2 new articles" in report
    assert "Redirects created: 2" in report


def test_the_report_names_what_it_counts(tmp_path, run_import):
    report = run_import(write(tmp_path / "site.xml", *POSTS))

    for label in (
        "Posts read: 2",
        "Skipped: 0",
        "Images imported: 0",
        "Redirects created: 2",
        "Shortcodes dropped: 0",
        "Time taken:",
    ):
        assert label in report


def test_wxr_1_0_namespaces_are_read(tmp_path, run_import):
    text = HEAD.format(version="1.0", site=SITE) + POSTS[0] + TAIL
    path = tmp_path / "old.xml"
    path.write_text(text, encoding="utf-8")

    run_import(path)

    assert Article.objects.get().title_ru == "Первая новость"


def test_a_dry_run_counts_a_translation_in_a_later_batch_as_joining(tmp_path, run_import):
    path = write(
        tmp_path / "site.xml",
        item(5, title="Газ", content="Текст.", language="ru", translations="pll_gas"),
        item(10, title="Нефть", content="Текст.", language="ru", translations="pll_oil"),
        # The next batch: both join a group planned in the first.
        item(7, title="Qaz", content="Mətn.", language="az", translations="pll_gas"),
        item(11, title="Neft", content="Mətn.", language="az", translations="pll_oil"),
        item(8, title="Газ, дубль", content="Текст.", language="ru", translations="pll_gas"),
    )

    report = run_import(path, "--dry-run", "--batch-size", "2")

    assert "Imported: 4 (ru 2, az 2, en 0) into 2 new articles" in report
    assert "a second post in one language of a group: 1" in report
    assert nothing_written()


def test_hostile_markup_in_a_post_is_cleaned(tmp_path, run_import):
    content = (
        '<p onclick="steal()">Текст <a href="javascript:alert(1)">ссылка</a></p>\n'
        '<figure data-quote="1"></figure><iframe src="https://evil.example/"></iframe>'
        '<style>p{display:none}</style><img src=x onerror="alert(2)">'
    )
    path = write(
        tmp_path / "site.xml",
        item(9, title="Заголовок &#8211; <b>жирный</b>", content=content, language="ru"),
    )

    run_import(path)

    article = Article.objects.get()
    assert article.title_ru == "Заголовок – жирный"
    assert article.body_ru == '<p>Текст <a rel="noopener noreferrer">ссылка</a></p>'
    assert not article.quotes.exists()
