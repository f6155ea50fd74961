# Full-text and trigram search (search/engine.py builds the queries).
#
# The indexes are expression indexes over SQL functions defined here, and
# search/engine.py calls the very same functions with the same arguments:
# PostgreSQL uses an expression index only when the query repeats the indexed
# expression exactly.

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

LANGUAGES = ("ru", "az", "en")

# Azerbaijani folding: its letters to the ASCII letters readers type for them,
# then lower case. PostgreSQL's lower() and unaccent leave "ə" alone, and
# lower('I') is "ı" under an Azerbaijani or Turkish locale, so translate()
# handles both cases of every special letter first. One character in, one
# out: search.py relies on that to put highlighted snippets back on the
# original text.
FOLD = """
CREATE FUNCTION turan_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.lower(pg_catalog.translate($1, 'ƏəĞğİIıÖöŞşÇçÜü', 'eeggiiioossccuu'));
"""

# The text of the body, sanitised HTML (core.text; nh3 escapes "<" and ">"
# inside attribute values too): inline tags go ("<em>Middle Corridor</em>,
# has"), the others become spaces between words, and no "<" or ">" is left,
# so a "<mark>" in a headline can only come from ts_headline itself.
PLAIN = """
CREATE FUNCTION turan_plain(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.translate(
        pg_catalog.regexp_replace(
            pg_catalog.regexp_replace($1, '</?(a|b|em|i|strong)( [^>]*)?>', '', 'g'),
            '<[^>]*>', ' ', 'g'),
        '<>', '  ');
"""

# Building a document costs about 0.3 ms (a thousand-word body): COST says so,
# and the SET clause keeps PostgreSQL from inlining the function, which would
# hide that cost. Without it the planner rebuilds every article's document in
# a sequential scan rather than read the index for a common word.
VECTOR = """
CREATE FUNCTION turan_search_vector(config regconfig, title text, lead text, body text)
    RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 10000
    SET search_path = pg_catalog, pg_temp
    RETURN pg_catalog.setweight(pg_catalog.to_tsvector(config, coalesce(title, '')), 'A')
        || pg_catalog.setweight(pg_catalog.to_tsvector(config, coalesce(lead, '')), 'B')
        || pg_catalog.setweight(pg_catalog.to_tsvector(config, turan_plain(coalesce(body, ''))), 'C');
"""

# English with accents removed first ("José" finds "Jose"); unaccent's rules
# do not fold "ə", which is why Azerbaijani uses turan_fold instead.
ENGLISH = """
CREATE TEXT SEARCH CONFIGURATION turan_english (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION turan_english
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
"""

# Keep in step with search/engine.py (CONFIGS and search_vector()).
VECTOR_ARGUMENTS = {
    "ru": "'russian', title_ru, lead_ru, body_ru",
    "az": "'simple', turan_fold(title_az), turan_fold(lead_az), turan_fold(body_az)",
    "en": "'turan_english', title_en, lead_en, body_en",
}

# No statistics on the documents: with them PostgreSQL estimates a word that
# nearly every article has (Azərbaycan) at ~100% and prefers a sequential
# scan, which rebuilds every document (seconds), to the index, which reads
# matches without re-checking them (milliseconds); its cost model assumes a
# bitmap scan re-checks every row. Without them it assumes a few matches and
# always takes the index.
INDEXES = "\n".join(
    f"CREATE INDEX article_search_{code} ON articles_article"
    f" USING gin (turan_search_vector({VECTOR_ARGUMENTS[code]}));\n"
    f"ALTER INDEX article_search_{code} ALTER COLUMN 1 SET STATISTICS 0;\n"
    f"CREATE INDEX article_title_trgm_{code} ON articles_article"
    f" USING gin (turan_fold(title_{code}) gin_trgm_ops);\n"
    f"CREATE INDEX tag_name_trgm_{code} ON tags_tag"
    f" USING gin (turan_fold(name_{code}) gin_trgm_ops);"
    for code in LANGUAGES
)
DROP_INDEXES = "\n".join(
    f"DROP INDEX article_search_{code}; DROP INDEX article_title_trgm_{code};"
    f" DROP INDEX tag_name_trgm_{code};"
    for code in LANGUAGES
)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("tags", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunSQL(FOLD, "DROP FUNCTION turan_fold(text);"),
        migrations.RunSQL(PLAIN, "DROP FUNCTION turan_plain(text);"),
        migrations.RunSQL(
            VECTOR, "DROP FUNCTION turan_search_vector(regconfig, text, text, text);"
        ),
        migrations.RunSQL(ENGLISH, "DROP TEXT SEARCH CONFIGURATION turan_english;"),
        migrations.RunSQL(INDEXES, DROP_INDEXES),
    ]
