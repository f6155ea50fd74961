import pytest

from tests.articles.change_form import make_staff
from turan.roles import EDITOR, JOURNALIST


@pytest.fixture
def journalist(django_user_model):
    """Leyla Aliyeva, in the Journalist group."""
    return make_staff(django_user_model, "leyla", JOURNALIST, "Leyla", "Aliyeva")


@pytest.fixture
def editor(django_user_model):
    """Rauf Mammadov, in the Editor group."""
    return make_staff(django_user_model, "rauf", EDITOR, "Rauf", "Mammadov")
