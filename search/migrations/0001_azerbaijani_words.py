# The words of the Azerbaijani documents, for reading inflected query words.
#
# Azerbaijani has no stemmer in PostgreSQL, and a stripper with no word list
# confuses nouns (bazar, baza). search/azerbaijani.py reads a query word as
# its possible stems plus endings and keeps only the forms the documents
# really hold: this table is that list, every lexeme of every search_az
# document (migration 0007 of articles: folded text, "simple" configuration),
# kept by statement triggers as articles are written. Words are never taken
# out: a word no longer in any document only widens a query by a term that
# matches nothing. The C collation lets the primary key's index answer
# "the words starting with liman" as a range.
#
# The trigger inserts in word order, so two transactions adding the same new
# words wait for each other instead of deadlocking.

from django.db import migrations

TABLE = """
CREATE TABLE search_azerbaijani_word (word text COLLATE "C" PRIMARY KEY);
"""

FUNCTION = """
CREATE FUNCTION turan_note_azerbaijani_words() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = public, pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO search_azerbaijani_word (word)
        SELECT DISTINCT document.lexeme
        FROM written, pg_catalog.unnest(written.search_az) AS document
        ORDER BY 1
        ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO search_azerbaijani_word (word)
        SELECT DISTINCT document.lexeme
        FROM written
        JOIN previous ON previous.id = written.id
        CROSS JOIN LATERAL pg_catalog.unnest(written.search_az) AS document
        WHERE written.search_az IS DISTINCT FROM previous.search_az
        ORDER BY 1
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER articles_note_azerbaijani_words_inserted
    AFTER INSERT ON articles_article
    REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION turan_note_azerbaijani_words();
CREATE TRIGGER articles_note_azerbaijani_words_updated
    AFTER UPDATE ON articles_article
    REFERENCING OLD TABLE AS previous NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION turan_note_azerbaijani_words();
"""

DROP_FUNCTION = """
DROP TRIGGER articles_note_azerbaijani_words_updated ON articles_article;
DROP TRIGGER articles_note_azerbaijani_words_inserted ON articles_article;
DROP FUNCTION turan_note_azerbaijani_words();
"""

# The articles written before: ~30 s at 100,000 articles.
FILL = """
INSERT INTO search_azerbaijani_word (word)
SELECT DISTINCT document.lexeme
FROM articles_article, pg_catalog.unnest(articles_article.search_az) AS document
ON CONFLICT DO NOTHING;
ANALYZE search_azerbaijani_word;
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_content_version_when_public")]

    operations = [
        migrations.RunSQL(TABLE, "DROP TABLE search_azerbaijani_word;"),
        migrations.RunSQL(FUNCTION, DROP_FUNCTION),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
