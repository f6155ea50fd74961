import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from newsroom.roles import EDITOR, JOURNALIST


def codenames(name):
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


JOURNALIST_EXACTLY = {
    f"{action}_{model}"
    for model in ("article", "byline", "tag", "author", "quote", "photo")
    for action in ("add", "change", "view")
} | {"view_section", "view_placement"}
EDITOR_EXACTLY = (
    JOURNALIST_EXACTLY
    | {f"delete_{model}" for model in ("article", "byline", "tag", "author", "quote", "photo")}
    | {"add_section", "change_section", "delete_section", "publish_article"}
    # Editors choose what the home pages show (frontpage.Placement).
    | {"add_placement", "change_placement", "delete_placement"}
    # The site's own pages speak for the newsroom: editors keep them.
    | {f"{action}_page" for action in ("add", "change", "delete", "view")}
)


@pytest.mark.django_db
def test_roles_have_exactly_the_permissions_they_need():
    assert codenames(JOURNALIST) == JOURNALIST_EXACTLY
    assert codenames(EDITOR) == EDITOR_EXACTLY


@pytest.mark.django_db
def test_roles_have_exactly_their_permissions():
    journalist, editor = codenames(JOURNALIST), codenames(EDITOR)

    assert {
        "add_article",
        "change_article",
        "view_article",
        "add_quote",
        "view_section",
    } <= journalist
    assert "publish_article" not in journalist
    assert not {code for code in journalist if code.startswith("delete_")}
    assert journalist < editor
    assert {"publish_article", "delete_article", "change_section"} <= editor


@pytest.mark.django_db(transaction=True)
def test_roles_survive_a_flush():
    call_command("flush", interactive=False, verbosity=0)

    assert "publish_article" in codenames(EDITOR)
    assert "change_article" in codenames(JOURNALIST)
