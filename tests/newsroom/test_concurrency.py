"""No lost updates: two people edit the same article at once.

Each test opens the change form twice (two people, two clients), saves one,
then saves the other, as browsers would.
"""

import pytest
from django.utils.html import escape

from articles.models import Article, ArticleRevision, Byline
from authors.models import Author
from newsroom.models import PendingChange
from newsroom.roles import EDITOR
from tags.models import Tag
from tests.change_form import change_url, client_for, form_data, make_staff, open_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def translator(journalist):
    return journalist


@pytest.fixture
def article(make_article):
    return make_article(lead_en="English lead.", lead_ru="Русский лид.")


def test_form_carries_the_revision_it_was_loaded_from(translator, article):
    data = open_form(client_for(translator), article)

    assert data["base_revision"] == str(article.revisions.get().number)


def test_disjoint_fields_merge(translator, editor, article):
    leyla, rauf = client_for(translator), client_for(editor)
    hers = open_form(leyla, article, body_az="<p>Yeni azərbaycanca mətn.</p>")
    his = open_form(rauf, article, title_en="NATO and Azerbaijan: a New Chapter")

    first = leyla.post(change_url(article), hers)
    second = rauf.post(change_url(article), his)

    assert first.status_code == 302
    assert second.status_code == 302
    article.refresh_from_db()
    assert article.body_az == "<p>Yeni azərbaycanca mətn.</p>"
    assert article.title_en == "NATO and Azerbaijan: a New Chapter"
    latest = article.revisions.order_by("-number")[:2]
    assert [(r.created_by, r.changed_fields) for r in latest] == [
        (editor, ["title_en"]),
        (translator, ["body_az"]),
    ]


def test_disjoint_tags_and_text_merge(translator, editor, article):
    tag = Tag.objects.create(kind=Tag.Kind.PLACE, name_en="Karabakh")
    leyla, rauf = client_for(translator), client_for(editor)
    hers = open_form(leyla, article, tags=[str(tag.pk)])
    his = open_form(rauf, article, lead_en="A new English lead.")

    assert leyla.post(change_url(article), hers).status_code == 302
    assert rauf.post(change_url(article), his).status_code == 302

    article.refresh_from_db()
    assert list(article.tags.all()) == [tag]
    assert article.lead_en == "A new English lead."


def test_same_field_is_refused_naming_who_and_showing_both_texts(translator, editor, article):
    leyla, rauf = client_for(translator), client_for(editor)
    hers = open_form(leyla, article, title_en="Leyla's <b>title</b>", body_az="<p>Onun mətni.</p>")
    his = open_form(
        rauf, article, title_en="Rauf's title", lead_ru="Новый лид Рауфа.", slug_en="raufs-slug"
    )
    assert leyla.post(change_url(article), hers).status_code == 302
    saved = Article.objects.get(pk=article.pk)
    revisions = ArticleRevision.objects.count()

    response = rauf.post(change_url(article), his)

    assert response.status_code == 200
    # Nothing of the refused save reached the database.
    article.refresh_from_db()
    assert (article.title_en, article.lead_ru, article.slug_en, article.body_az) == (
        saved.title_en,
        saved.lead_ru,
        saved.slug_en,
        "<p>Onun mətni.</p>",
    )
    assert ArticleRevision.objects.count() == revisions
    form = response.context["adminform"].form
    assert set(form.errors) == {"__all__", "title_en"}
    error = str(form.errors["title_en"])
    assert "Leyla Aliyeva saved this field meanwhile" in error
    assert escape("Leyla's <b>title</b>") in error  # theirs, escaped
    assert escape("Rauf's title") in error  # yours
    assert "Leyla Aliyeva saved this article while you were editing it" in str(
        form.non_field_errors()
    )
    # Everything he typed is still in the form; her other change shows too.
    refused = form_data(response)
    assert refused["title_en"] == "Rauf's title"
    assert refused["lead_ru"] == "Новый лид Рауфа."
    assert refused["slug_en"] == "raufs-slug"
    assert refused["body_az"] == "<p>Onun mətni.</p>"
    # The form reopens on the English tab, marked as holding an error.
    translation = response.context["translation"]
    assert translation["current"] == "en"
    assert {tab["code"]: tab["has_errors"] for tab in translation["tabs"]} == {
        "ru": False,
        "az": False,
        "en": True,
    }

    # He merges the two titles and saves again: the form now carries the newer base.
    assert refused["base_revision"] == str(article.revisions.latest().number)
    refused["title_en"] = "Leyla's and Rauf's title"
    again = rauf.post(change_url(article), refused)

    assert again.status_code == 302
    article.refresh_from_db()
    assert article.title_en == "Leyla's and Rauf's title"
    assert article.lead_ru == "Новый лид Рауфа."
    assert article.slug_en == "raufs-slug"
    assert article.body_az == "<p>Onun mətni.</p>"  # hers, kept
    assert article.revisions.latest().created_by == editor


def test_same_change_on_both_sides_is_no_conflict(translator, editor, article):
    leyla, rauf = client_for(translator), client_for(editor)
    hers = open_form(leyla, article, title_en="The same fix")
    his = open_form(rauf, article, title_en="The same fix", lead_en="His lead.")

    assert leyla.post(change_url(article), hers).status_code == 302
    assert rauf.post(change_url(article), his).status_code == 302

    article.refresh_from_db()
    assert (article.title_en, article.lead_en) == ("The same fix", "His lead.")


def test_conflict_in_the_body_is_shown_as_text(translator, editor, article):
    leyla, rauf = client_for(translator), client_for(editor)
    hers = open_form(leyla, article, body_az="<p>Birinci abzas.</p><p>İkinci.</p>")
    his = open_form(rauf, article, body_az="<p>Başqa mətn.</p>")
    assert leyla.post(change_url(article), hers).status_code == 302

    response = rauf.post(change_url(article), his)

    assert response.status_code == 200
    error = str(response.context["adminform"].form.errors["body_az"])
    assert "Birinci abzas.\nİkinci." in error
    assert "Başqa mətn." in error
    assert "&lt;p&gt;" not in error and "<p>Birinci" not in error
    assert response.context["translation"]["current"] == "az"
    assert form_data(response)["body_az"] == "<p>Başqa mətn.</p>"


def test_nobody_else_saved_means_no_check(translator, article):
    leyla = client_for(translator)
    data = open_form(leyla, article, title_en="One")
    assert leyla.post(change_url(article), data).status_code == 302

    # Her own next save starts from the revision her last save made.
    data = open_form(leyla, article, title_en="Two")
    assert leyla.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.title_en == "Two"


def test_change_made_outside_the_admin_is_kept_too(translator, article):
    leyla = client_for(translator)
    data = open_form(leyla, article, title_az="Onun başlığı")
    Article.objects.filter(pk=article.pk).update(lead_en="Changed by a script.")
    fresh = Article.objects.get(pk=article.pk)
    fresh.caption_en = "Saved by a script."
    fresh.save()

    assert leyla.post(change_url(article), data).status_code == 302

    article.refresh_from_db()
    assert article.title_az == "Onun başlığı"
    assert article.caption_en == "Saved by a script."
    assert article.lead_en == "Changed by a script."


# Publication moments (the editorial workflow's "publish now / at" controls)


@pytest.fixture
def second_editor(django_user_model):
    return make_staff(django_user_model, "nigar", EDITOR, "Nigar", "Huseynova")


def test_publishing_meanwhile_is_kept_by_a_journalist_save(translator, editor, article):
    leyla, rauf = client_for(translator), client_for(editor)
    hers = open_form(leyla, article, title_az="Yeni başlıq")
    his = open_form(rauf, article, schedule_en="now")

    assert rauf.post(change_url(article), his).status_code == 302
    assert leyla.post(change_url(article), hers).status_code == 302

    article.refresh_from_db()
    assert article.title_az == "Yeni başlıq"
    assert article.published_at_en is not None


def test_publishing_meanwhile_is_kept_by_an_editor_save(editor, second_editor, article):
    rauf, nigar = client_for(editor), client_for(second_editor)
    his = open_form(rauf, article, schedule_en="now")
    hers = open_form(nigar, article, title_az="Yeni başlıq")

    assert rauf.post(change_url(article), his).status_code == 302
    assert nigar.post(change_url(article), hers).status_code == 302

    article.refresh_from_db()
    assert article.title_az == "Yeni başlıq"
    assert article.published_at_en is not None


def test_refused_form_shows_the_moment_set_meanwhile(editor, second_editor, article):
    rauf, nigar = client_for(editor), client_for(second_editor)
    his = open_form(
        rauf,
        article,
        title_en="His title",
        schedule_en="at",
        published_at_en_0="2030-01-02",
        published_at_en_1="09:30:00",
    )
    hers = open_form(nigar, article, title_en="Her title")
    assert rauf.post(change_url(article), his).status_code == 302
    moment = Article.objects.get(pk=article.pk).published_at_en

    response = nigar.post(change_url(article), hers)

    assert response.status_code == 200
    refused = form_data(response)
    assert (refused["schedule_en"], refused["published_at_en_0"], refused["published_at_en_1"]) == (
        "at",
        "2030-01-02",
        "09:30:00",
    )
    refused["title_en"] = "Their title"
    assert nigar.post(change_url(article), refused).status_code == 302
    article.refresh_from_db()
    assert (article.title_en, article.published_at_en) == ("Their title", moment)


def test_both_moving_the_same_moment_is_refused(editor, second_editor, article):
    rauf, nigar = client_for(editor), client_for(second_editor)
    his = open_form(rauf, article, schedule_en="now")
    hers = open_form(
        nigar, article, schedule_en="at", published_at_en_0="2030-01-02", published_at_en_1="09:30"
    )
    assert rauf.post(change_url(article), his).status_code == 302

    response = nigar.post(change_url(article), hers)

    assert response.status_code == 200
    error = str(response.context["adminform"].form.errors["published_at_en"])
    assert "Rauf Mammadov saved this field meanwhile" in error
    assert "2030" in error


def test_an_article_without_history_gets_a_baseline(translator, editor, make_section):
    [article] = Article.objects.bulk_create(
        [Article(section=make_section(), title_en="Bulk", body_en="<p>Text.</p>")]
    )
    assert not article.revisions.exists()
    leyla, rauf = client_for(translator), client_for(editor)
    hers = open_form(leyla, article, title_en="Hers")
    his = open_form(rauf, article, title_en="His")

    baseline = article.revisions.get()
    assert baseline.kind == ArticleRevision.Kind.BASELINE
    assert hers["base_revision"] == his["base_revision"] == "1"
    assert leyla.post(change_url(article), hers).status_code == 302
    assert rauf.post(change_url(article), his).status_code == 200


def test_a_shared_field_conflict_names_the_sections(translator, editor, article, make_section):
    economy = make_section(name_en="Economy", name_ru="Экономика", name_az="İqtisadiyyat")
    politics = make_section(name_en="Politics", name_ru="Политика", name_az="Siyasət")
    leyla, rauf = client_for(translator), client_for(editor)
    hers = open_form(leyla, article, section=str(economy.pk))
    his = open_form(rauf, article, section=str(politics.pk))
    assert leyla.post(change_url(article), hers).status_code == 302

    response = rauf.post(change_url(article), his)

    assert response.status_code == 200
    error = str(response.context["adminform"].form.errors["section"])
    assert str(economy) in error and str(politics) in error
    assert form_data(response)["section"] == str(politics.pk)


# Bylines: the ordered authors of the inline are one field, "authors"


@pytest.fixture
def authors():
    """Three bylines to choose from: X, Y and Z."""
    return [Author.objects.create(name_en=f"Author {n}", slug=f"author-{n}") for n in "XYZ"]


@pytest.fixture
def bylined(article, authors):
    """The article with X as its byline, recorded in its history."""
    Byline.objects.create(article=article, author=authors[0])
    article.save()
    assert article.revisions.latest().snapshot["authors"] == [authors[0].pk]
    return article


def bylines(article):
    return list(article.bylines.values_list("author__slug", flat=True))


def test_byline_change_and_text_change_merge(translator, editor, bylined, authors):
    _x, y, _z = authors
    leyla, rauf = client_for(translator), client_for(editor)
    hers = open_form(leyla, bylined, **{"bylines-0-author": str(y.pk)})
    his = open_form(rauf, bylined, title_en="NATO and Azerbaijan: a New Chapter")

    assert leyla.post(change_url(bylined), hers).status_code == 302
    assert rauf.post(change_url(bylined), his).status_code == 302

    bylined.refresh_from_db()
    assert bylines(bylined) == ["author-Y"]
    assert bylined.title_en == "NATO and Azerbaijan: a New Chapter"
    latest = bylined.revisions.order_by("-number")[:2]
    assert [(r.created_by, r.changed_fields) for r in latest] == [
        (editor, ["title_en"]),
        (translator, ["authors"]),
    ]


def test_text_change_and_byline_change_merge(translator, editor, bylined, authors):
    _x, y, z = authors
    leyla, rauf = client_for(translator), client_for(editor)
    hers = open_form(leyla, bylined, title_az="Yeni başlıq")
    # He adds Z before X.
    his = open_form(
        rauf,
        bylined,
        **{
            "bylines-0-position": "1",
            "bylines-1-author": str(z.pk),
            "bylines-1-position": "0",
        },
    )

    assert leyla.post(change_url(bylined), hers).status_code == 302
    assert rauf.post(change_url(bylined), his).status_code == 302

    bylined.refresh_from_db()
    assert bylines(bylined) == ["author-Z", "author-X"]
    assert bylined.title_az == "Yeni başlıq"


def test_unchanged_bylines_do_not_bring_back_a_replaced_byline(
    translator, editor, bylined, authors
):
    _x, y, _z = authors
    rauf, leyla = client_for(editor), client_for(translator)
    # He deletes the row of X and adds one for Y; she only edits a title.
    his = open_form(rauf, bylined, **{"bylines-0-DELETE": "on", "bylines-1-author": str(y.pk)})
    hers = open_form(leyla, bylined, title_az="Yeni başlıq")

    assert rauf.post(change_url(bylined), his).status_code == 302
    response = leyla.post(change_url(bylined), hers)

    assert response.status_code == 302
    bylined.refresh_from_db()
    assert bylines(bylined) == ["author-Y"]
    assert bylined.title_az == "Yeni başlıq"
    assert bylined.revisions.latest().changed_fields == ["title_az"]


def test_refused_form_shows_the_bylines_changed_meanwhile(translator, editor, bylined, authors):
    _x, y, _z = authors
    leyla, rauf = client_for(translator), client_for(editor)
    hers = open_form(leyla, bylined, title_en="Her title", **{"bylines-0-author": str(y.pk)})
    his = open_form(rauf, bylined, title_en="His title")
    assert leyla.post(change_url(bylined), hers).status_code == 302

    response = rauf.post(change_url(bylined), his)

    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"__all__", "title_en"}
    [inline] = response.context["inline_admin_formsets"]
    assert not inline.formset.non_form_errors()
    refused = form_data(response)
    assert refused["bylines-0-author"] == str(y.pk)  # hers, shown
    # He merges the titles and saves again: her byline stays.
    refused["title_en"] = "Their title"
    assert rauf.post(change_url(bylined), refused).status_code == 302
    bylined.refresh_from_db()
    assert bylines(bylined) == ["author-Y"]
    assert bylined.title_en == "Their title"


def test_both_changing_the_bylines_is_refused_showing_both_lists(
    translator, editor, bylined, authors
):
    x, y, z = authors
    leyla, rauf = client_for(translator), client_for(editor)
    hers = open_form(leyla, bylined, **{"bylines-0-author": str(y.pk)})
    his = open_form(
        rauf,
        bylined,
        title_en="His title",
        **{"bylines-1-author": str(z.pk), "bylines-1-position": "1"},
    )
    assert leyla.post(change_url(bylined), hers).status_code == 302
    saved = Article.objects.get(pk=bylined.pk)
    revisions = ArticleRevision.objects.count()

    response = rauf.post(change_url(bylined), his)

    assert response.status_code == 200
    # Nothing of the refused save reached the database.
    bylined.refresh_from_db()
    assert bylines(bylined) == ["author-Y"]
    assert bylined.title_en == saved.title_en
    assert ArticleRevision.objects.count() == revisions
    form = response.context["adminform"].form
    assert set(form.errors) == {"__all__"}
    assert "Leyla Aliyeva saved this article while you were editing it" in str(
        form.non_field_errors()
    )
    # Above the bylines: who, her list and his.
    [inline] = response.context["inline_admin_formsets"]
    error = str(inline.formset.non_form_errors())
    assert "Leyla Aliyeva changed the bylines meanwhile" in error
    assert "Saved by Leyla Aliyeva" in error
    theirs, yours = error.split("Yours, still below")
    assert "Author Y" in theirs.split("Saved by Leyla Aliyeva")[1]
    assert "Author X, Author Z" in yours
    content = response.content.decode()
    assert content.index("Leyla Aliyeva changed the bylines") > content.index("bylines-group")
    # Everything he typed is still in the form, which now carries the newer base.
    refused = form_data(response)
    assert refused["title_en"] == "His title"
    assert refused["base_revision"] == str(bylined.revisions.latest().number)
    shown = sorted(
        (int(refused[f"bylines-{n}-position"]), refused[f"bylines-{n}-author"])
        for n in range(int(refused["bylines-TOTAL_FORMS"]))
        if f"bylines-{n}-DELETE" not in refused
    )
    assert [author for _position, author in shown] == [str(x.pk), str(z.pk)]

    # He keeps his list and saves again: it is stored, as he sees it.
    again = rauf.post(change_url(bylined), refused)

    assert again.status_code == 302
    bylined.refresh_from_db()
    assert bylines(bylined) == ["author-X", "author-Z"]
    assert bylined.title_en == "His title"
    assert bylined.revisions.latest().created_by == editor


def test_a_refused_list_replaces_rows_added_meanwhile(editor, second_editor, bylined, authors):
    x, y, z = authors
    rauf, nigar = client_for(editor), client_for(second_editor)
    his = open_form(rauf, bylined, **{"bylines-1-author": str(y.pk), "bylines-1-position": "1"})
    hers = open_form(nigar, bylined, **{"bylines-0-author": str(z.pk)})
    assert rauf.post(change_url(bylined), his).status_code == 302  # X, Y

    response = nigar.post(change_url(bylined), hers)

    assert response.status_code == 200
    refused = form_data(response)
    # Saving again stores her list: his added row is marked for deletion.
    assert nigar.post(change_url(bylined), refused).status_code == 302
    bylined.refresh_from_db()
    assert bylines(bylined) == ["author-Z"]


def test_same_byline_change_on_both_sides_is_no_conflict(translator, editor, bylined, authors):
    _x, y, _z = authors
    leyla, rauf = client_for(translator), client_for(editor)
    hers = open_form(leyla, bylined, **{"bylines-0-author": str(y.pk)})
    his = open_form(rauf, bylined, lead_en="His lead.", **{"bylines-0-author": str(y.pk)})

    assert leyla.post(change_url(bylined), hers).status_code == 302
    assert rauf.post(change_url(bylined), his).status_code == 302

    bylined.refresh_from_db()
    assert bylines(bylined) == ["author-Y"]
    assert bylined.lead_en == "His lead."


@pytest.mark.parametrize("code", ["ru", "en"])  # the original, a translation
@pytest.mark.parametrize("second", ["journalist", "second_editor"])
def test_a_title_conflict_on_a_live_version_reports_only_the_conflict(
    request, editor, make_article, code, second
):
    """The publication check (a moment needs a title and a body) must not read
    the conflicting title as missing: only the conflict is reported."""
    article = make_article(public=("ru", "en"))
    rauf, other = client_for(editor), client_for(request.getfixturevalue(second))
    his = open_form(rauf, article, **{f"title_{code}": "His title"})
    theirs = open_form(other, article, **{f"title_{code}": "Their title"})
    assert rauf.post(change_url(article), his).status_code == 302

    response = other.post(change_url(article), theirs)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert set(form.errors) == {f"title_{code}", "__all__"}
    page = response.content.decode()
    assert "Rauf Mammadov saved this field meanwhile" in page
    assert "before setting its publication moment" not in page
    assert "only an editor can withdraw it" not in page
    # Settling the title saves, and the version stays live: an editor's title
    # goes live, a journalist's waits as a pending change (newsroom/pending.py).
    again = form_data(response, **{f"title_{code}": "Settled title"})
    assert other.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    if second == "journalist":
        assert getattr(article, f"title_{code}") == "His title"
        change = PendingChange.objects.get(article=article, language=code)
        assert change.fields == {f"title_{code}": "Settled title"}
    else:
        assert getattr(article, f"title_{code}") == "Settled title"
    assert article.is_public(code)
