"""The article list (newsroom/admin_list.py): search beyond titles, "mine",
a moment column per language, bulk section and tag changes."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import ArticleRevision, Byline
from authors.models import Author
from newsroom import actions
from tags.models import Tag
from tests.change_form import client_for

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:articles_article_changelist")
BAKU = ZoneInfo("Asia/Baku")


def found(client, **query):
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    return {article.pk for article in response.context["cl"].result_list}


@pytest.fixture
def two(make_article):
    one = make_article(
        lead_az="Neft hasilatı azalır.",
        body_en="<p>The pipeline through Georgia.</p>",
    )
    other = make_article(title_ru="Другое", body_ru="<p>Иное.</p>", body_az="<p>Başqa.</p>")
    return one, other


@pytest.mark.parametrize("query", ["hasilatı", "pipeline through", "Mirzayeva", "#{one}", "{one}"])
def test_search_reads_leads_bodies_bylines_and_ids(editor, two, query):
    one, other = two
    Byline.objects.create(
        article=one, author=Author.objects.create(name_az="Səbinə Mirzayeva", slug="sabina")
    )
    assert found(client_for(editor), q=query.format(one=one.pk)) == {one.pk}


def test_mine_lists_my_bylines_and_what_i_created(make_article, make_section, journalist, editor):
    by_me = make_article()
    Byline.objects.create(
        article=by_me, author=Author.objects.create(name_en="Leyla", slug="leyla", user=journalist)
    )
    created = actions.save_article(
        type(by_me)(),
        {"title_en": "Mine too", "body_en": "<p>Text.</p>", "section": make_section().pk},
        user=journalist,
    ).article
    make_article()  # nobody's
    actions.save_article(created, {"title_ru": "Отредактировал"}, user=editor)

    assert found(client_for(journalist), mine="1") == {by_me.pk, created.pk}
    assert found(client_for(editor), mine="1") == set()


def test_each_language_has_its_moment_column(admin_user, make_article):
    admin_client = client_for(admin_user)
    make_article(published_at_az=datetime(2017, 11, 25, 12, 51, tzinfo=BAKU))

    response = admin_client.get(LIST_URL)
    page = response.content.decode()

    columns = list(response.context["cl"].list_display)
    assert {"moment_ru", "moment_az", "moment_en"} <= set(columns)
    for code in ("RU", "AZ", "EN"):
        assert f"{code} · moment" in page
    assert "11/25/2017 12:51" in page  # Baku time
    later = make_article(published_at_az=datetime(2018, 1, 2, 9, 0, tzinfo=BAKU))
    by_az = admin_client.get(LIST_URL, {"o": f"-{columns.index('moment_az')}"})
    assert list(by_az.context["cl"].result_list)[0] == later


def post_action(client, action, articles, **extra):
    return client.post(
        LIST_URL,
        {"action": action, ACTION_CHECKBOX_NAME: [a.pk for a in articles], **extra},
    )


def test_change_section_asks_first_then_moves_each_with_a_revision(
    make_article, make_section, journalist
):
    articles = [make_article(), make_article()]
    untouched = make_article()
    target = make_section(name_en="Economy", name_ru="Экономика", slug="economy")
    client = client_for(journalist)

    asked = post_action(client, "change_section", articles)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "2 articles chosen:" in page and 'name="section"' in page
    assert all(a.section_id != target.pk for a in articles)

    done = post_action(client, "change_section", articles, apply="yes", section=target.pk)
    assert done.status_code == 302
    for article in articles:
        article.refresh_from_db()
        assert article.section_id == target.pk
        latest = ArticleRevision.objects.filter(article=article).order_by("-number").first()
        assert latest.created_by == journalist and "section" in latest.changed_fields
    untouched.refresh_from_db()
    assert untouched.section_id != target.pk


def test_add_tag_keeps_the_tags_already_there(make_article, editor):
    kept = Tag.objects.create(kind=Tag.Kind.TOPIC, slug="energy", name_en="Energy")
    added = Tag.objects.create(kind=Tag.Kind.PLACE, slug="baku", name_en="Baku")
    first, second = make_article(), make_article()
    first.tags.add(kept)
    client = client_for(editor)

    assert post_action(client, "add_tag", [first, second]).status_code == 200
    response = post_action(client, "add_tag", [first, second], apply="yes", tag=added.pk)

    assert response.status_code == 302
    assert set(first.tags.all()) == {kept, added}
    assert set(second.tags.all()) == {added}


def test_an_invalid_choice_shows_the_form_again(make_article, editor):
    article = make_article()
    response = post_action(client_for(editor), "add_tag", [article], apply="yes", tag="999999")
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not article.tags.exists()


def test_viewers_without_change_permission_have_no_bulk_actions(make_article, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    article = make_article()
    client = client_for(viewer)
    action_form = client.get(LIST_URL).context["action_form"]
    assert action_form is None or "change_section" not in dict(action_form.fields["action"].choices)
    other = type(article.section).objects.create(name_en="Other", slug="other")
    post_action(client, "change_section", [article], apply="yes", section=other.pk)
    article.refresh_from_db()
    assert article.section_id != other.pk


def hierarchy(response):
    return response.context["cl"].date_hierarchy


def test_the_date_hierarchy_follows_the_admin_language_by_default(editor):
    assert hierarchy(client_for(editor).get(LIST_URL)) == "published_at_en"
    russian = Client(HTTP_ACCEPT_LANGUAGE="ru")
    russian.force_login(editor)
    assert hierarchy(russian.get(LIST_URL)) == "published_at_ru"


def test_the_date_hierarchy_drills_into_the_chosen_languages_baku_days(editor, make_article):
    # 00:30 on the 25th in Baku is still the 24th in UTC.
    late = make_article(published_at_az=datetime(2017, 11, 25, 0, 30, tzinfo=BAKU))
    make_article(published_at_az=datetime(2017, 11, 24, 12, 0, tzinfo=BAKU))
    make_article(published_at_ru=datetime(2017, 11, 25, 12, 0, tzinfo=BAKU))
    client = client_for(editor)

    year = client.get(LIST_URL, {"dates": "az"})
    assert hierarchy(year) == "published_at_az"
    page = year.content.decode()
    # The year's link keeps the language chosen.
    assert "?dates=az&amp;published_at_az__year=2017" in page

    month = client.get(LIST_URL, {"dates": "az", "published_at_az__year": "2017"})
    assert "published_at_az__month=11" in month.content.decode()
    assert "dates=az" in month.content.decode()

    day = {"dates": "az", "published_at_az__year": "2017", "published_at_az__month": "11"}
    assert found(client, **day, published_at_az__day="25") == {late.pk}
    assert "published_at_az__day=25" in client.get(LIST_URL, day).content.decode()


def test_choosing_another_language_drops_the_days_chosen_on_the_first(editor, make_article):
    make_article(published_at_az=datetime(2017, 11, 25, 12, 0, tzinfo=BAKU))
    response = client_for(editor).get(LIST_URL, {"dates": "az", "published_at_az__year": "2017"})

    choices = {
        choice["display"]: choice
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "parameter_name", None) == "dates"
        for choice in spec.choices(response.context["cl"])
    }
    assert [label for label, choice in choices.items() if choice["selected"]] == ["Azerbaijani"]
    for choice in choices.values():
        assert "__year" not in choice["query_string"]
    assert len(choices) == 4  # three languages and the day an article was added


def test_the_hierarchy_by_date_added_is_still_there(editor, make_article):
    make_article()
    response = client_for(editor).get(LIST_URL, {"dates": "added"})
    assert hierarchy(response) == "created_at"


def test_the_list_costs_the_same_for_any_language_and_any_depth(editor, make_article):
    client = client_for(editor)

    def queries(**query):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST_URL, query).status_code == 200
        return len(captured)

    month = {"dates": "az", "published_at_az__year": "2017", "published_at_az__month": "11"}
    for day in range(1, 3):
        make_article(published_at_az=datetime(2017, 11, day, 12, 0, tzinfo=BAKU))
    few, few_in_month = queries(dates="az"), queries(**month)
    for day in range(3, 13):
        make_article(published_at_az=datetime(2016 + day % 3, 11, day, 12, 0, tzinfo=BAKU))
    assert queries(dates="az") == few
    assert queries() == few
    assert queries(dates="ru") == few
    assert queries(**month) == few_in_month
