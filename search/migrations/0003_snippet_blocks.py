# The text an excerpt is cut from, with its blocks kept apart (search/engine.py,
# snippet_text()): sanitised HTML (core.text) with its inline tags taken out,
# one line per block (paragraph, heading, list item, quotation), so that an
# excerpt shows where a heading ends and its paragraph begins. Two passes of
# regexp_replace, each linear: an earlier version that collapsed every run of
# white space first cost twice turan_plain()'s time.
# turan_plain(), which the stored documents are built with, stays as it is.

from django.db import migrations

FUNCTION = r"""
CREATE FUNCTION turan_blocks(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.btrim(
        pg_catalog.translate(
            pg_catalog.regexp_replace(
                pg_catalog.regexp_replace(
                    pg_catalog.translate($1, E'\n\r\t', '   '),
                    '</?(a|b|em|i|strong)( [^>]*)?>', '', 'g'),
                '(\s*<[^>]*>)+\s*', E'\n', 'g'),
            '<>', '  '),
        E' \n');
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0002_title_and_name_words")]

    operations = [migrations.RunSQL(FUNCTION, "DROP FUNCTION turan_blocks(text);")]
