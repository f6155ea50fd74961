from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone, translation

from articles import visibility
from articles.models import Article, PublicationStatus, public_q

pytestmark = pytest.mark.django_db


def test_public_is_per_language(make_article):
    article = make_article(public=("ru",))

    assert list(Article.objects.public("ru")) == [article]
    assert list(Article.objects.public("az")) == []
    assert list(Article.objects.public("en")) == []


def test_scheduled_version_appears_at_its_moment(make_article):
    moment = timezone.now() + timedelta(days=1)
    article = make_article(public=("ru",), published_at_en=moment)

    with time_machine.travel(moment - timedelta(seconds=1), tick=False):
        assert not Article.objects.public("en").exists()
        assert Article.objects.public("ru").exists()
    with time_machine.travel(moment, tick=False):
        assert list(Article.objects.public("en")) == [article]


def test_explicit_moment_argument(make_article):
    moment = timezone.now() + timedelta(hours=5)
    make_article(published_at_az=moment)

    assert not Article.objects.public("az").exists()
    assert Article.objects.public("az", at=moment).exists()
    assert not Article.objects.public("az", at=moment - timedelta(microseconds=1)).exists()


@pytest.mark.parametrize("missing", ["title_en", "body_en"])
def test_version_without_content_is_never_public(make_article, missing):
    make_article(public=("en",), **{missing: ""})

    assert not Article.objects.public("en").exists()


def test_body_of_an_empty_paragraph_is_no_content(make_article):
    make_article(public=("en",), body_en="<p> </p>")

    assert not Article.objects.public("en").exists()


def test_active_language_does_not_change_which_columns_are_read(make_article):
    make_article(public=("ru",))

    with translation.override("en"):
        assert Article.objects.public("ru").count() == 1
        assert Article.objects.public("en").count() == 0
        # Without an argument the active language decides.
        assert Article.objects.public().count() == 0
    with translation.override("ru"):
        assert Article.objects.public().count() == 1


def test_public_is_newest_first_in_that_language(make_article):
    now = timezone.now()
    older = make_article(published_at_ru=now - timedelta(days=2), published_at_en=now)
    newer = make_article(
        published_at_ru=now - timedelta(days=1), published_at_en=now - timedelta(days=3)
    )

    assert list(Article.objects.public("ru")) == [newer, older]
    assert list(Article.objects.public("en")) == [older, newer]


def test_with_public_languages_annotates_every_language(make_article):
    article = make_article(public=("ru", "az"), published_at_en=timezone.now() + timedelta(hours=1))

    annotated = Article.objects.with_public_languages().get(pk=article.pk)

    assert annotated.public_languages() == ["ru", "az"]


def test_unknown_language_is_refused(make_article):
    with pytest.raises(ValueError):
        Article.objects.public("de")


def test_publication_status_per_language(make_article):
    now = timezone.now()
    article = make_article(
        published_at_ru=now - timedelta(minutes=1),
        published_at_az=now + timedelta(minutes=1),
        title_en="",
    )

    assert article.publication_status("ru") == PublicationStatus.PUBLIC
    assert article.publication_status("az") == PublicationStatus.SCHEDULED
    assert article.publication_status("en") == PublicationStatus.MISSING
    article.published_at_az = None
    assert article.publication_status("az") == PublicationStatus.DRAFT


# The visibility module: one definition of content, status and visibility,
# the same in SQL and in Python.

LANGUAGES = ("ru", "az", "en")


def _other(code):
    return [other for other in LANGUAGES if other != code]


def _null_body(article, code):
    """Store NULL as the body (saves write ''; older rows and raw SQL may hold NULL)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE articles_article SET body_{code} = NULL WHERE id = %s", [article.pk]
        )
    article.refresh_from_db()
    assert getattr(article, f"body_{code}") is None
    return article


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("Заголовок", "<p>Текст.</p>", True),
        ("", "<p>Текст.</p>", False),
        (None, "<p>Текст.</p>", False),
        ("Заголовок", "", False),
        ("Заголовок", None, False),
        (None, None, False),
    ],
)
def test_content_in_sql_and_in_python_agree(make_article, code, title, body, expected):
    article = make_article(**{f"title_{code}": title, f"body_{code}": body})
    if body is None:
        _null_body(article, code)

    in_sql = Article.objects.filter(visibility.content_q(code), pk=article.pk).exists()

    assert in_sql is expected
    assert visibility.has_content(article, code) is expected
    assert article.version(code).has_content is expected
    # The other languages keep their own content.
    for other in _other(code):
        assert visibility.has_content(article, other)
        assert Article.objects.filter(visibility.content_q(other), pk=article.pk).exists()


@pytest.mark.parametrize("code", LANGUAGES)
def test_content_q_is_the_partial_indexes_condition(code):
    """The indexes are used only for their exact condition, and octet_length
    (not body > '', which decompresses every body) is what they were built on."""
    conditions = {index.name: index.condition for index in Article._meta.indexes}

    assert conditions[f"article_published_{code}"] == visibility.content_q(code)
    assert conditions[f"article_public_{code}"] == visibility.content_q(code)
    sql = str(Article.objects.filter(visibility.content_q(code)).query)
    assert f'octet_length("articles_article"."body_{code}") > 0' in sql
    assert f'"articles_article"."body_{code}" >' not in sql


@pytest.mark.parametrize("status", list(PublicationStatus))
def test_no_status_filter_compares_a_body_with_the_empty_string(status):
    for code in LANGUAGES:
        sql = str(Article.objects.filter(visibility.status_q(code, status, timezone.now())).query)
        assert f'"articles_article"."body_{code}" >' not in sql


@pytest.mark.parametrize("code", LANGUAGES)
def test_public_q_per_language(make_article, code):
    now = timezone.now()
    public = make_article(**{f"published_at_{code}": now - timedelta(minutes=1)})
    make_article(**{f"published_at_{code}": now + timedelta(minutes=1)})  # scheduled
    make_article(**{f"published_at_{code}": now - timedelta(minutes=1), f"body_{code}": ""})
    make_article()  # draft
    for other in _other(code):
        make_article(**{f"published_at_{other}": now - timedelta(minutes=1)})

    assert list(Article.objects.filter(visibility.public_q(code, now))) == [public]
    # The re-exported name is the same function.
    assert public_q is visibility.public_q


def test_public_q_refuses_an_unknown_language():
    with pytest.raises(ValueError):
        visibility.public_q("de")


@pytest.fixture
def every_status(make_article):
    """For each language, one article per status in that language (and something
    else in the others), plus a version with a title and a NULL body."""
    now = timezone.now()
    past, future = now - timedelta(hours=1), now + timedelta(hours=1)
    articles = []
    for code in LANGUAGES:
        articles += [
            make_article(**{f"title_{code}": None, f"published_at_{code}": past}),
            _null_body(make_article(), code),
            make_article(**{f"body_{code}": "", f"published_at_{code}": future}),
            make_article(),
            make_article(**{f"published_at_{code}": future}),
            make_article(**{f"published_at_{code}": past}),
        ]
    return now, articles


@pytest.mark.parametrize("code", LANGUAGES)
def test_status_in_sql_is_the_status_in_python(every_status, code):
    now, articles = every_status
    expected = {status: set() for status in PublicationStatus}
    for article in articles:
        expected[visibility.status(article, code, now)].add(article.pk)

    for status in PublicationStatus:
        found = Article.objects.filter(visibility.status_q(code, status, now))
        assert set(found.values_list("pk", flat=True)) == expected[status], status
    # Every status occurs, and a NULL body counts as missing.
    assert all(expected.values())
    null_body = next(a for a in articles if getattr(a, f"body_{code}") is None)
    assert null_body.pk in expected[PublicationStatus.MISSING]


def test_status_q_refuses_an_unknown_status():
    with pytest.raises(ValueError):
        visibility.status_q("ru", "withdrawn", timezone.now())


def test_status_of_decides_every_status():
    now = timezone.now()

    assert visibility.status_of(False, now, now) == PublicationStatus.MISSING
    assert visibility.status_of(False, None, now) == PublicationStatus.MISSING
    assert visibility.status_of(True, None, now) == PublicationStatus.DRAFT
    assert visibility.status_of(True, now, now) == PublicationStatus.PUBLIC
    assert visibility.status_of(True, now - timedelta(seconds=1), now) == PublicationStatus.PUBLIC
    assert visibility.status_of(True, now + timedelta(seconds=1), now) == (
        PublicationStatus.SCHEDULED
    )


@pytest.mark.parametrize("code", LANGUAGES)
def test_status_per_language_in_python(make_article, code):
    now = timezone.now()
    article = make_article(**{f"published_at_{code}": now + timedelta(minutes=1)})

    assert visibility.status(article, code, now) == PublicationStatus.SCHEDULED
    assert article.version(code).status_at(now) == PublicationStatus.SCHEDULED
    assert visibility.status(article, code, now + timedelta(minutes=1)) == PublicationStatus.PUBLIC
    assert article.version(code).status == PublicationStatus.SCHEDULED
    for other in _other(code):
        assert visibility.status(article, other, now) == PublicationStatus.DRAFT
    setattr(article, f"title_{code}", "")
    assert article.version(code).status == PublicationStatus.MISSING


def test_the_calendar_tells_the_status_from_visibility(make_article):
    from newsroom import calendar

    now = timezone.now()
    public = make_article(published_at_ru=now - timedelta(minutes=1))
    scheduled = make_article(published_at_az=now + timedelta(minutes=1))
    missing = _null_body(make_article(published_at_en=now + timedelta(minutes=2)), "en")

    entries = calendar.entries_between(now - timedelta(hours=1), now + timedelta(hours=1), now)

    assert [(e.article_id, e.language, e.status) for e in entries] == [
        (public.pk, "ru", PublicationStatus.PUBLIC),
        (scheduled.pk, "az", PublicationStatus.SCHEDULED),
        (missing.pk, "en", PublicationStatus.MISSING),
    ]


# Article.version(code): a language version by accessor.

VERSION_FIELDS = ("title", "slug", "lead", "body", "caption", "search_description")


@pytest.fixture
def versioned(make_article):
    now = timezone.now()
    values = {
        f"{field}_{code}": (
            f"<p>{field} {code}</p>" if field == "body" else f"{field}-{code}".replace("_", "-")
        )
        for field in VERSION_FIELDS
        for code in LANGUAGES
    }
    moments = {
        "ru": now - timedelta(days=1),
        "az": now + timedelta(days=1),
        "en": None,
    }
    article = make_article(**values, **{f"published_at_{code}": m for code, m in moments.items()})
    article.refresh_from_db()
    return article, values, moments


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("field", VERSION_FIELDS)
def test_version_reads_each_field_in_its_language(versioned, code, field):
    article, values, _moments = versioned

    assert getattr(article.version(code), field) == values[f"{field}_{code}"]


@pytest.mark.parametrize("code", LANGUAGES)
def test_version_moment_status_url_and_content(versioned, code):
    article, _values, moments = versioned
    version = article.version(code)
    expected_status = {
        "ru": PublicationStatus.PUBLIC,
        "az": PublicationStatus.SCHEDULED,
        "en": PublicationStatus.DRAFT,
    }

    assert version.language == code
    assert version.article is article
    assert version.published_at == moments[code]
    assert version.moment == moments[code]
    assert version.status == expected_status[code]
    assert version.has_content is True
    with translation.override(code):
        assert version.url == f"/{code}/article/{article.pk}/slug-{code}/"
    assert version.url == article.get_absolute_url(code)


def test_version_reads_the_article_live(make_article):
    article = make_article()
    version = article.version("az")

    article.title_az = "Yeni başlıq"
    article.body_az = ""

    assert version.title == "Yeni başlıq"
    assert version.has_content is False
    assert version.status == PublicationStatus.MISSING


def test_version_is_read_only(make_article):
    version = make_article().version("en")

    with pytest.raises(AttributeError):
        version.title = "Changed"
    with pytest.raises(AttributeError):
        version.language = "ru"


def test_version_of_an_unknown_language_is_refused(make_article):
    with pytest.raises(ValueError):
        make_article().version("de")


# core.i18n.column(): the one way a translated column is named.


@pytest.mark.parametrize("code", LANGUAGES)
def test_column_names_modeltranslations_own_fields(code):
    from modeltranslation.translator import translator

    from core.i18n import column, columns

    assert column("title", code) == f"title_{code}"
    assert column("published_at", code) == f"published_at_{code}"
    for field in translator.get_options_for_model(Article).fields:
        name = column(field, code)
        assert Article._meta.get_field(name).language == code
        assert Article._meta.get_field(name).translated_field.name == field
    assert columns("body") == ["body_ru", "body_az", "body_en"]
    assert columns("body", [code]) == [f"body_{code}"]


def test_localized_falls_back_through_column_names(make_section):
    from core.i18n import localized

    section = make_section(name_ru="Политика", name_az="", name_en="Politics")

    assert localized(section, "name", "az") == localized(section, "name", "ru")
    assert localized(section, "name", "az").language == "ru"
    assert localized(section, "name", "en").text == "Politics"
    assert localized(section, "name", "az", fallback=False).text == ""


def test_one_baku_zone_and_one_month_bounds():
    from datetime import datetime

    from articles import selectors
    from core.dates import BAKU
    from newsroom import calendar

    assert BAKU is timezone.get_default_timezone()
    assert BAKU.key == "Asia/Baku"
    assert calendar.month_bounds is selectors.month_bounds
    assert selectors.month_bounds(2017, 12) == (
        datetime(2017, 12, 1, tzinfo=BAKU),
        datetime(2018, 1, 1, tzinfo=BAKU),
    )
    assert selectors.month_bounds(2017, 11)[1] == datetime(2017, 12, 1, tzinfo=BAKU)
