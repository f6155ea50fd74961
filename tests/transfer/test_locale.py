from django.utils import translation

from transfer.models import OldAddress


def test_the_import_tables_are_named_in_each_language():
    for code, name in (("ru", "старые адреса"), ("az", "köhnə ünvanlar"), ("en", "old addresses")):
        with translation.override(code):
            assert str(OldAddress._meta.verbose_name_plural) == name
