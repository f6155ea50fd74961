"""Editorial workflow: roles, per-language scheduling, unpublishing, corrections,
the editorial calendar and previews.

The forged requests are hand-made POSTs built from the form a user is actually
shown (so they carry whatever the form holds), with the forbidden values added.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from articles.models import Article, Correction
from newsroom.preview import shared_preview_url
from newsroom.roles import EDITOR, JOURNALIST
from tests.change_form import FormReader, change_url

pytestmark = pytest.mark.django_db

BAKU = ZoneInfo("Asia/Baku")
LIST_URL = reverse("admin:articles_article_changelist")
ADD_URL = reverse("admin:articles_article_add")
CALENDAR_URL = reverse("admin:articles_article_calendar")
MOMENTS = ["published_at_ru", "published_at_az", "published_at_en"]
# 26 November 2017 10:05 in Baku.
T = datetime(2017, 11, 26, 10, 5, tzinfo=BAKU)


def delete_url(article):
    return reverse("admin:articles_article_delete", args=[article.pk])


def moments(article):
    return Article.objects.values_list(*MOMENTS).get(pk=article.pk)


def shown_form(client, url, **changes):
    """The form at ``url`` as the user would submit it, with ``changes`` applied."""
    response = client.get(url)
    assert response.status_code == 200
    reader = FormReader("article_form")
    reader.feed(response.content.decode())
    data = {name: values if len(values) != 1 else values[0] for name, values in reader.data.items()}
    data.update(changes)
    return data


@pytest.fixture
def make_staff(django_user_model):
    def make(username, group):
        user = django_user_model.objects.create_user(username, password="x", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


def english_client(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def journalist(make_staff):
    return make_staff("journalist", JOURNALIST)


@pytest.fixture
def editor(make_staff):
    return make_staff("editor", EDITOR)


@pytest.fixture
def journalist_client(client, journalist):
    return english_client(client, journalist)


@pytest.fixture
def editor_client(client, editor):
    return english_client(client, editor)


@pytest.fixture
def article(make_article):
    """Russian public since an hour ago, Azerbaijani a draft, English scheduled tomorrow."""
    return make_article(public=("ru",), published_at_en=timezone.now() + timedelta(days=1))


# Roles: what a journalist is shown and what the server refuses


def test_journalist_is_shown_no_publication_controls(journalist_client, article):
    for url in (ADD_URL, change_url(article)):
        response = journalist_client.get(url)
        form = response.context["adminform"].form
        content = response.content.decode()
        assert not {
            name
            for name in form.fields
            if name.startswith(("published_at_", "schedule_", "change_kind_", "change_note_"))
        }
        assert 'name="schedule_' not in content and 'name="published_at_' not in content
        assert "Make a link for a reviewer" not in content
    change = journalist_client.get(change_url(article)).content.decode()
    assert delete_url(article) not in change
    # They still see where each version stands, and can preview it.
    assert "Russian: public since" in change
    assert 'class="turan-preview"' in change
    action_form = journalist_client.get(LIST_URL).context["action_form"]
    actions = action_form.fields["action"].choices if action_form else []
    assert not [name for name, _label in actions if name.startswith(("unpublish", "delete"))]


def test_journalist_forged_moments_on_add_are_ignored(journalist_client, make_section):
    future = timezone.localtime(timezone.now() + timedelta(days=1))
    data = shown_form(
        journalist_client,
        ADD_URL,
        section=str(make_section().pk),
        title_en="Forged",
        body_en="<p>Forged.</p>",
        schedule_en="now",
        published_at_en_0="2017-11-25",
        published_at_en_1="12:51:00",
        schedule_ru="at",
        published_at_ru_0=future.strftime("%Y-%m-%d"),
        published_at_ru_1="09:00:00",
        title_ru="Подделка",
        body_ru="<p>Текст.</p>",
        _save="Save",
    )

    response = journalist_client.post(ADD_URL, data)

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.title_en == "Forged"
    assert moments(article) == (None, None, None)


def test_journalist_forged_publish_schedule_and_unpublish_are_ignored(journalist_client, article):
    before = moments(article)
    data = shown_form(
        journalist_client,
        change_url(article),
        lead_en="A journalist's edit.",
        schedule_ru="none",  # unpublish Russian
        published_at_ru_0="",
        published_at_ru_1="",
        schedule_az="now",  # publish Azerbaijani
        schedule_en="at",  # move English
        published_at_en_0="2017-11-25",
        published_at_en_1="12:51:00",
        change_kind_ru="correction",
        change_note_ru="Подделка.",
        _save="Save",
    )

    response = journalist_client.post(change_url(article), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.lead_en == "A journalist's edit."  # the edit itself is saved
    assert moments(article) == before
    assert not Correction.objects.exists()


def test_journalist_cannot_withdraw_a_public_version_by_emptying_it(journalist_client, article):
    data = shown_form(journalist_client, change_url(article), title_ru="", _save="Save")

    response = journalist_client.post(change_url(article), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "only an editor can withdraw it" in errors["title_ru"][0]
    assert response.context["translation"]["current"] == "ru"
    article.refresh_from_db()
    assert article.title_ru and article.is_public("ru")


def test_journalist_forged_unpublish_action_is_refused(journalist_client, article):
    for confirmed in ({}, {"post": "yes"}):
        response = journalist_client.post(
            LIST_URL,
            {"action": "unpublish_ru", "_selected_action": [str(article.pk)], **confirmed},
        )

        assert response.status_code in {200, 302}
        assert "Unpublish the Russian version?" not in response.content.decode()
        assert article.is_public("ru")


def test_journalist_forged_delete_is_refused(journalist_client, article):
    assert journalist_client.get(delete_url(article)).status_code == 403
    assert journalist_client.post(delete_url(article), {"post": "yes"}).status_code == 403
    journalist_client.post(
        LIST_URL,
        {"action": "delete_selected", "_selected_action": [str(article.pk)], "post": "yes"},
    )

    assert Article.objects.filter(pk=article.pk).exists()


def test_journalist_cannot_make_a_shareable_link(journalist_client, article):
    url = reverse("admin:articles_article_share_preview", args=[article.pk, "ru"])

    assert journalist_client.get(url).status_code == 403


# Editors: the same requests succeed


def test_editor_is_shown_the_controls_in_baku_time(editor_client, article):
    response = editor_client.get(change_url(article))

    form = response.context["adminform"].form
    for code in ("ru", "az", "en"):
        assert {f"schedule_{code}", f"published_at_{code}"} <= set(form.fields)
        assert "Baku time (UTC+4)" in str(form.fields[f"published_at_{code}"].label)
    assert form["schedule_ru"].initial == "at" and form["schedule_az"].initial == "none"
    # Only the version already public can be marked as updated or corrected.
    assert "change_kind_ru" in form.fields and "change_kind_en" not in form.fields
    assert response.context["translation"]["config"]["companions"] == [
        "schedule",
        "backdate",
        "change_kind",
        "change_note",
        # The live Russian version: "save my changes as a pending change".
        "hold",
    ]
    assert "hold_ru" in form.fields and "hold_en" not in form.fields
    content = response.content.decode()
    assert "Make a link for a reviewer" in content
    assert delete_url(article) in content
    actions = dict(editor_client.get(LIST_URL).context["action_form"].fields["action"].choices)
    assert actions["unpublish_en"] == "Unpublish (English)"
    assert "delete_selected" in actions


def test_editor_publishes_now_schedules_and_unpublishes(editor_client, article):
    tomorrow = timezone.localtime(timezone.now() + timedelta(days=1)).date()
    data = shown_form(
        editor_client,
        change_url(article),
        schedule_ru="none",
        schedule_az="now",
        schedule_en="at",
        published_at_en_0=tomorrow.isoformat(),
        published_at_en_1="09:00:00",
        _save="Save",
    )

    before = timezone.now()
    response = editor_client.post(change_url(article), data)

    assert response.status_code == 302
    ru, az, en = moments(article)
    assert ru is None
    assert before <= az <= timezone.now()
    assert en == datetime.combine(tomorrow, datetime.min.time(), BAKU).replace(hour=9)
    article.refresh_from_db()
    assert not article.is_public("ru") and article.is_public("az") and not article.is_public("en")


def test_editor_publishes_now_on_the_add_form(editor_client, make_section):
    data = shown_form(
        editor_client,
        ADD_URL,
        section=str(make_section().pk),
        title_en="Fresh",
        body_en="<p>Fresh.</p>",
        schedule_en="now",
        _save="Save",
    )

    assert editor_client.post(ADD_URL, data).status_code == 302
    article = Article.objects.get()
    assert article.is_public("en") and moments(article)[:2] == (None, None)


def test_editor_publish_at_needs_a_moment(editor_client, article):
    data = shown_form(
        editor_client,
        change_url(article),
        schedule_az="at",
        published_at_az_0="",
        published_at_az_1="",
        _save="Save",
    )

    response = editor_client.post(change_url(article), data)

    assert response.status_code == 200
    assert "Azərbaycan" in response.context["adminform"].form.errors["published_at_az"][0]


@pytest.mark.parametrize("missing", ["title", "body"])
@pytest.mark.parametrize("choice", ["now", "at"])
def test_version_without_text_cannot_be_scheduled(editor_client, make_article, missing, choice):
    article = make_article(**{f"{missing}_az": ""})
    data = shown_form(
        editor_client,
        change_url(article),
        schedule_az=choice,
        published_at_az_0="2030-01-01",
        published_at_az_1="09:00:00",
        _save="Save",
    )

    response = editor_client.post(change_url(article), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["published_at_az"]
    assert "Azərbaycan" in errors["published_at_az"][0]  # names the language
    assert response.context["translation"]["current"] == "az"  # and opens its tab
    assert moments(article) == (None, None, None)


def test_editor_unpublish_action_asks_first(editor_client, make_article):
    first = make_article(public=("ru", "en"))
    second = make_article(public=("en",), published_at_ru=timezone.now() + timedelta(days=1))
    third = make_article(public=("en",))  # no Russian moment: left as it is
    chosen = [str(first.pk), str(second.pk), str(third.pk)]

    response = editor_client.post(LIST_URL, {"action": "unpublish_ru", "_selected_action": chosen})

    # Nothing has changed yet: the page says what will disappear, and where.
    assert response.status_code == 200
    assert moments(first)[0] is not None and moments(second)[0] is not None
    page = response.content.decode()
    assert "Unpublish the Russian version?" in page
    assert "the feeds, the sitemap, search and the partners' API" in page
    assert f"http://testserver{first.get_absolute_url('ru')}" in page
    assert "goes live tomorrow" in page  # the scheduled one, which has no address yet
    assert "can be published again at any time" in page
    assert "1 article chosen has no published or scheduled Russian version" in page
    assert 'name="post" value="yes"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert f'href="{LIST_URL}" class="button cancel-link"' in page
    for pk in chosen:
        assert f'name="_selected_action" value="{pk}"' in page

    response = editor_client.post(
        LIST_URL,
        {"action": "unpublish_ru", "_selected_action": chosen, "post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert moments(first)[0] is None and moments(second)[0] is None
    assert first.is_public("en") and third.is_public("en")
    assert "no longer public" in response.content.decode()


def test_unpublish_confirmation_in_the_editors_language(editor_client, make_article):
    article = make_article(public=("az",))
    editor_client.cookies["turan_admin_language"] = "ru"

    page = editor_client.post(
        LIST_URL, {"action": "unpublish_az", "_selected_action": [str(article.pk)]}
    ).content.decode()

    assert "Снять с публикации версию (Азербайджанский)?" in page
    assert "Отмена" in page
    assert moments(article)[1] is not None


def test_unpublish_confirmation_needs_the_csrf_token(editor, make_article):
    from django.test import Client

    article = make_article(public=("ru",))
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(
        LIST_URL, {"action": "unpublish_ru", "_selected_action": [str(article.pk)], "post": "yes"}
    )

    assert response.status_code == 403
    assert moments(article)[0] is not None


def test_editor_deletes(editor_client, make_article):
    first, second, third = make_article(), make_article(), make_article()

    assert editor_client.post(delete_url(first), {"post": "yes"}).status_code == 302
    editor_client.post(
        LIST_URL,
        {"action": "delete_selected", "_selected_action": [str(second.pk)], "post": "yes"},
    )

    assert list(Article.objects.all()) == [third]


def test_superuser_has_every_control(admin_client, article):
    form = admin_client.get(change_url(article)).context["adminform"].form

    assert {"schedule_en", "published_at_en", "change_kind_ru"} <= set(form.fields)


# The summary in words


def test_summary_in_words(editor_client, make_article):
    with time_machine.travel(datetime(2017, 11, 25, 18, 0, tzinfo=BAKU), tick=False):
        article = make_article(
            published_at_ru=datetime(2017, 11, 25, 12, 51, tzinfo=BAKU),
            published_at_en=datetime(2017, 11, 26, 9, 0, tzinfo=BAKU),
        )
        content = editor_client.get(change_url(article)).content.decode()

    assert (
        "Russian: public since 12:51 today · Azerbaijani: not scheduled · "
        "English: goes live tomorrow 09:00"
    ) in content
    assert "Baku time (UTC+4)" in content


def test_summary_names_other_days_in_full(make_article):
    from newsroom.publication import publication_summary

    with time_machine.travel(datetime(2017, 11, 25, 18, 0, tzinfo=BAKU), tick=False):
        article = make_article(
            title_az="",
            body_az="",
            published_at_ru=datetime(2017, 11, 24, 8, 0, tzinfo=BAKU),
            published_at_en=datetime(2017, 12, 1, 9, 30, tzinfo=BAKU),
        )
        with translation.override("en"):
            summary = publication_summary(article)

    assert summary == (
        "Russian: public since yesterday 08:00 · Azerbaijani: no text yet · "
        "English: goes live 1 December 2017 (Friday) 09:30"
    )


def test_summary_calls_a_body_without_a_title_incomplete(make_article):
    from newsroom.publication import publication_summary

    article = make_article(title_az="")
    with translation.override("en"):
        summary = publication_summary(article)

    assert "Azerbaijani: incomplete: needs both a title and a body" in summary


def test_saving_moments_reports_the_summary(editor_client, article):
    data = shown_form(editor_client, change_url(article), schedule_az="now", _save="Save")

    response = editor_client.post(change_url(article), data, follow=True)

    assert "Azerbaijani: public since" in response.content.decode()


# Corrections and updates


def public_english(make_article):
    return make_article(
        public=("ru", "en"), published_at_en=datetime(2017, 11, 25, 12, 51, tzinfo=BAKU)
    )


def test_editor_marks_a_correction_readers_see_it_in_that_language(
    editor_client, client, make_article
):
    with time_machine.travel(datetime(2017, 11, 25, 13, 0, tzinfo=BAKU), tick=False):
        article = public_english(make_article)
    with time_machine.travel(T, tick=False):
        data = shown_form(
            editor_client,
            change_url(article),
            body_en="<p>English text, corrected.</p>",
            change_kind_en="correction",
            change_note_en="The minister's name was misspelt.",
            _save="Save",
        )
        assert editor_client.post(change_url(article), data).status_code == 302
        english = client.get(article.get_absolute_url("en")).content.decode()
        russian = client.get(article.get_absolute_url("ru")).content.decode()

    correction = Correction.objects.get()
    assert (correction.language, correction.kind) == ("en", "correction")
    assert correction.created_by.username == "editor"
    assert re.search(
        r'Corrected <time datetime="2017-11-26T10:05:00\+04:00">26 November 2017 10:05</time>: '
        r"The minister&#x27;s name was misspelt\.",
        english,
    )
    assert "Last updated <time" in english
    assert "misspelt" not in russian and "Corrected" not in russian
    # The head follows the marked change of its own version only: the save
    # behind the English correction does not move the Russian date.
    modified = '<meta property="article:modified_time" content="{}">'
    assert modified.format("2017-11-26T10:05:00+04:00") in english
    assert modified.format("2017-11-25T12:00:00+04:00") in russian  # its publication
    article = Article.objects.for_page().get(pk=article.pk)
    assert article.modified_at("en") == T
    assert article.modified_at("ru") == article.published_at_ru


def test_corrections_in_russian_and_azerbaijani_dates(client, make_article):
    article = make_article(public=("ru", "az"))
    for code in ("ru", "az"):
        Correction.objects.create(
            article=article, language=code, kind="update", note="Обновлено.", created_at=T
        )

    russian = client.get(article.get_absolute_url("ru")).content.decode()
    azerbaijani = client.get(article.get_absolute_url("az")).content.decode()

    assert "26 ноября 2017 10:05</time>: Обновлено." in russian
    assert "26 noyabr 2017 10:05</time>" in azerbaijani


def test_updates_and_corrections_are_listed_oldest_first_with_the_latest_as_modified(
    make_article,
):
    article = make_article(published_at_en=T - timedelta(days=1))
    later = Correction.objects.create(
        article=article, language="en", kind="update", note="Second.", created_at=T
    )
    Correction.objects.create(
        article=article,
        language="en",
        kind="correction",
        note="First.",
        created_at=T - timedelta(hours=2),
    )
    Correction.objects.create(
        article=article, language="ru", kind="update", note="Другое.", created_at=T + timedelta(1)
    )

    fetched = Article.objects.for_page().get(pk=article.pk)

    assert [c.note for c in fetched.corrections_in("en")] == ["First.", "Second."]
    assert fetched.modified_at("en") == later.created_at
    # Without the annotation the same answer comes from the database.
    assert [c.note for c in article.corrections_in("en")] == ["First.", "Second."]


def test_corrections_cost_the_article_page_no_query(client, make_article):
    article = make_article(public=("en",))
    url = article.get_absolute_url("en")
    with CaptureQueriesContext(connection) as without:
        assert client.get(url).status_code == 200
    for number in range(5):
        Correction.objects.create(article=article, language="en", kind="update", note=f"{number}.")

    with CaptureQueriesContext(connection) as with_corrections:
        assert client.get(url).content.decode().count('class="correction ') == 5

    assert len(with_corrections) == len(without)


def test_no_change_mark_without_a_note_and_no_note_without_a_mark(editor_client, make_article):
    article = public_english(make_article)
    url = change_url(article)

    no_note = editor_client.post(url, shown_form(editor_client, url, change_kind_en="update"))
    no_kind = editor_client.post(url, shown_form(editor_client, url, change_note_en="Why."))

    assert "change_note_en" in no_note.context["adminform"].form.errors
    assert no_note.context["translation"]["current"] == "en"
    assert "change_kind_en" in no_kind.context["adminform"].form.errors
    assert not Correction.objects.exists()


def test_a_version_not_yet_public_cannot_be_marked(editor_client, article):
    data = shown_form(
        editor_client,
        change_url(article),
        change_kind_en="correction",  # English is only scheduled
        change_note_en="Forged.",
        _save="Save",
    )

    assert editor_client.post(change_url(article), data).status_code == 302
    assert not Correction.objects.exists()


def test_long_note_is_refused(editor_client, make_article):
    article = public_english(make_article)
    data = shown_form(
        editor_client, change_url(article), change_kind_en="update", change_note_en="x" * 501
    )

    response = editor_client.post(change_url(article), data)

    assert "change_note_en" in response.context["adminform"].form.errors


# The editorial calendar


def test_calendar_shows_each_version_on_its_day_with_a_link(editor_client, make_article):
    with time_machine.travel(datetime(2017, 11, 25, 18, 0, tzinfo=BAKU), tick=False):
        article = make_article(
            title_en="Contacts and Differences",
            published_at_ru=datetime(2017, 11, 25, 12, 51, tzinfo=BAKU),
            # 00:30 in Baku is still the evening before in UTC: the day is Baku's.
            published_at_en=datetime(2017, 11, 27, 0, 30, tzinfo=BAKU),
        )
        make_article(published_at_az=datetime(2017, 12, 1, 9, 0, tzinfo=BAKU))
        response = editor_client.get(CALENDAR_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "November 2017" in content
    days = dict(re.findall(r'data-date="([\d-]+)">(.*?)</td>', content, flags=re.S))
    link = f'href="{change_url(article)}"'
    assert link in days["2017-11-25"] and 'data-lang="ru"' in days["2017-11-25"]
    assert "12:51" in days["2017-11-25"] and "went live" in days["2017-11-25"]
    assert link in days["2017-11-27"] and 'data-lang="en"' in days["2017-11-27"]
    assert "00:30" in days["2017-11-27"] and "goes live" in days["2017-11-27"]
    assert "Contacts and Differences" in days["2017-11-27"]
    assert "data-lang" not in days["2017-11-26"]
    assert "2017-12-01" not in days  # next month
    assert "?month=2017-12" in content and "?month=2017-10" in content

    december = editor_client.get(CALENDAR_URL, {"month": "2017-12"}).content.decode()
    assert "December 2017" in december and 'data-lang="az"' in december


def test_calendar_queries_do_not_grow_with_articles(editor_client, make_article, make_section):
    section = make_section()
    moment = timezone.now()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(CALENDAR_URL).status_code == 200
        return len(queries)

    make_article(section=section, public=("ru",))
    few = count()
    for _ in range(10):
        make_article(section=section, published_at_az=moment, published_at_en=moment)
    assert count() == few


def test_calendar_is_linked_from_the_list_and_open_to_journalists(journalist_client):
    assert CALENDAR_URL in journalist_client.get(LIST_URL).content.decode()
    assert journalist_client.get(CALENDAR_URL).status_code == 200


def test_calendar_ignores_a_bad_month(editor_client):
    assert editor_client.get(CALENDAR_URL, {"month": "2017-13"}).status_code == 200
    assert editor_client.get(CALENDAR_URL, {"month": "abc"}).status_code == 200


# Preview


def preview_url(article, language):
    with translation.override(language):
        return reverse("newsroom:preview", kwargs={"pk": article.pk})


def assert_preview(response, text):
    assert response.status_code == 200
    content = response.content.decode()
    assert text in content
    language = re.search(r'<html lang="(\w+)">', content).group(1)
    with translation.override(language):
        assert f"<strong>{gettext('Preview — not public')}</strong>" in content
    assert '<meta name="robots" content="noindex, nofollow">' in content
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("user", ["journalist", "editor"])
def test_staff_preview_a_scheduled_version(request, client, article, user):
    client.force_login(request.getfixturevalue(user))

    response = client.get(preview_url(article, "en"))

    assert_preview(response, "NATO and Azerbaijan: Contacts and Differences")
    assert "Scheduled to go live" in response.content.decode()
    assert response.templates[0].name == "articles/article_preview.html"
    assert "articles/article_detail.html" in [t.name for t in response.templates]


def test_staff_preview_of_a_draft_in_its_language(client, journalist, article):
    client.force_login(journalist)

    response = client.get(preview_url(article, "az"))

    assert_preview(response, "NATO və Azərbaycan")
    assert '<html lang="az">' in response.content.decode()


def test_preview_of_a_missing_version_is_404(client, editor, make_article):
    client.force_login(editor)
    article = make_article(title_en="")

    assert client.get(preview_url(article, "en")).status_code == 404


def test_preview_is_404_for_readers(client, article, django_user_model):
    response = client.get(preview_url(article, "en"))
    unknown = client.get(preview_url(Article(pk=987654), "en"))

    assert response.status_code == unknown.status_code == 404
    assert "NATO and Azerbaijan" not in response.content.decode()
    assert "There is nothing at this address" in response.content.decode()
    assert "There is nothing at this address" in unknown.content.decode()
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.get(preview_url(article, "en")).status_code == 404


def shareable(client, article, language):
    """Make a link as an editor does, from the admin page that shows it."""
    response = client.get(
        reverse("admin:articles_article_share_preview", args=[article.pk, language])
    )
    assert response.status_code == 200
    url = re.search(r'id="turan-share-url"[^>]*value="([^"]+)"', response.content.decode())[1]
    return url.removeprefix("http://testserver")


def named(user, first="Rauf", last="Mammadov"):
    user.first_name, user.last_name = first, last
    user.save()
    return user


def test_shareable_link_works_without_login_until_it_expires(
    editor, editor_client, client, article
):
    named(editor)
    with time_machine.travel(T, tick=False):
        url = shareable(editor_client, article, "en")
        assert url.startswith("/en/preview/s/")
    anonymous = client  # a fresh client: pytest-django gives one per fixture name
    anonymous.logout()

    with time_machine.travel(T + timedelta(hours=47, minutes=59), tick=False):
        response = anonymous.get(url)
        assert_preview(response, "NATO and Azerbaijan: Contacts and Differences")
        assert "This preview link works until" in response.content.decode()
        assert response["Referrer-Policy"] == "no-referrer"
    with time_machine.travel(T + timedelta(hours=48, seconds=1), tick=False):
        response = anonymous.get(url)
    # The reviewer is told, in the link's language, and who to ask.
    assert response.status_code == 410
    page = response.content.decode()
    assert "This preview link no longer works" in page
    assert "The link expired on 28 November 2017" in page
    assert "Ask Rauf Mammadov, who sent you this link, for a new one." in page
    assert "NATO and Azerbaijan" not in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_shareable_link_lifetime_is_a_setting(settings, article):
    settings.PREVIEW_LINK_MAX_AGE = 3600
    with time_machine.travel(T, tick=False):
        url = shared_preview_url(article, "en")
    with time_machine.travel(T + timedelta(minutes=59), tick=False):
        assert_link_works(url)
    with time_machine.travel(T + timedelta(minutes=61), tick=False):
        assert_link_gone(url, "The link expired on")


def assert_link_works(url):
    from django.test import Client

    assert Client().get(url).status_code == 200


def assert_link_gone(url, reason):
    from django.test import Client

    response = Client().get(url)
    assert response.status_code == 410
    page = response.content.decode()
    assert "This preview link no longer works" in page and reason in page
    return page


def assert_link_refused(url):
    from django.test import Client

    response = Client().get(url)
    assert response.status_code == 404
    assert "Preview" not in response.content.decode()


def test_shareable_link_is_revoked_when_the_article_is_saved(article):
    url = shared_preview_url(article, "en")
    assert_link_works(url)

    article.lead_en = "Changed."
    article.save()

    page = assert_link_gone(url, "so this link was replaced")
    # A link made outside the admin names nobody: the newsroom is asked.
    assert "Ask the editor at" in page


def test_a_replaced_link_speaks_the_links_language_and_names_its_maker(
    editor, editor_client, article
):
    named(editor)
    url = shareable(editor_client, article, "az")
    article.lead_az = "Dəyişdi."
    article.save()

    from django.test import Client

    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(url)

    assert response.status_code == 410
    page = response.content.decode()
    assert '<html lang="az"' in page
    assert "Bu önizləmə keçidi artıq işləmir" in page
    assert "Rauf Mammadov" in page


def test_the_share_page_offers_a_copy_button(editor_client, article):
    page = editor_client.get(
        reverse("admin:articles_article_share_preview", args=[article.pk, "en"])
    ).content.decode()

    assert 'class="button turan-share__copy"' in page and ">Copy link</button>" in page


def test_tampered_or_misplaced_shareable_link_is_404(article, make_article):
    url = shared_preview_url(article, "en")
    token = url.split("/")[-2]
    other = shared_preview_url(make_article(), "en").split("/")[-2]

    assert_link_refused(url.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B")))
    assert_link_refused(url.replace(token, other.split(":")[0] + token[token.index(":") :]))
    assert_link_refused(url.replace("/en/", "/ru/"))  # signed for English only
    assert_link_refused("/en/preview/s/garbage/")


def test_share_link_page_for_a_missing_version_is_404(editor_client, make_article):
    article = make_article(title_en="")

    url = reverse("admin:articles_article_share_preview", args=[article.pk, "en"])
    assert editor_client.get(url).status_code == 404
    url = reverse("admin:articles_article_share_preview", args=[article.pk, "de"])
    assert editor_client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("code", "date", "words"),
    [("en", "2017-11-26", "Type the date as"), ("ru", "26.11.2017", "Введите дату как")],
)
def test_moments_use_the_admins_calendar_and_show_the_format(
    editor_client, article, code, date, words
):
    editor_client.cookies["turan_admin_language"] = code
    with time_machine.travel(T, tick=False):
        page = editor_client.get(change_url(article)).content.decode()

    date_input = re.search(r'<input[^>]*name="published_at_en_0"[^>]*>', page)[0]
    time_input = re.search(r'<input[^>]*name="published_at_en_1"[^>]*>', page)[0]
    assert re.search(r'class="vDateField[^"]*\bmt\b', date_input)
    assert re.search(r'class="vTimeField[^"]*\bmt\b', time_input)
    assert f'placeholder="{date}"' in date_input and 'placeholder="10:05"' in time_input
    assert 'data-turan-utc-offset="+0400"' in date_input
    assert words in page and date in page
    assert "admin/js/admin/DateTimeShortcuts.js" in page


def test_one_table_shows_every_languages_status_and_moment(editor, journalist, article):
    from tests.change_form import client_for

    for client, controls in ((client_for(editor), True), (client_for(journalist), False)):
        page = client.get(change_url(article)).content.decode()

        table = page[
            page.index('<table class="turan-pubtable">') : page.index(
                "</table>", page.index("turan-pubtable")
            )
        ]
        rows = re.findall(r'<tr data-lang="(\w+)">(.*?)</tr>', table, re.S)
        assert [code for code, _row in rows] == ["ru", "az", "en"]
        cells = {code: re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S) for code, row in rows}
        moment = timezone.localtime(article.published_at_ru).strftime("%H:%M")
        assert cells["ru"][1].startswith("public since") and moment in cells["ru"][2]
        assert cells["az"][1:3] == ["not scheduled", "—"]
        assert 'data-turan-slots="schedule_en published_at_en backdate_en"' in table
        assert "Moment (Baku time (UTC+4))" in table
        # Only those who may publish get the controls the table gathers.
        assert ('name="schedule_en"' in page) is controls
