# The words of the articles' titles and of the tags' names, per language, for
# "Did you mean …" when a search finds nothing or little (search/engine.py,
# suggest()).
#
# A misspelt word is compared with these words, not with whole titles: the
# similarity of two words ("caspain", "caspian": 0.33) holds up where a word's
# similarity to the best part of a title falls under pg_trgm's word threshold
# (0.5 against 0.6). ``word`` is the word in lower case as written ("əlizadə"),
# ``folded`` as turan_fold() folds it (a query word equal to it is no typo);
# ``loose`` is what the trigram index compares: folded by turan_fold() and, in
# Azerbaijani, with "a" for "e" as well, since readers type "ə" as either
# ("Xazar", "Xezer" for "Xəzər").
#
# Statement triggers add the words as articles and tags are written; words
# are never taken out (a suggestion is shown only when it finds public
# articles, so a word no longer in any title suggests nothing).

from django.db import migrations

TABLE = """
CREATE FUNCTION turan_loose(language text, word text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN language = 'az'
        THEN pg_catalog.translate(turan_fold(word), 'a', 'e')
        ELSE turan_fold(word) END;
CREATE FUNCTION turan_words(text) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
        SELECT word
        FROM pg_catalog.unnest(
            pg_catalog.tsvector_to_array(pg_catalog.to_tsvector('simple', $1))) AS word
        WHERE pg_catalog.char_length(word) >= 4 AND word !~ '[-0-9_.]'
    $$;
CREATE TABLE search_title_word (
    language varchar(2) COLLATE "C" NOT NULL,
    word text COLLATE "C" NOT NULL,
    folded text COLLATE "C" NOT NULL GENERATED ALWAYS AS (turan_fold(word)) STORED,
    loose text COLLATE "C" NOT NULL GENERATED ALWAYS AS (turan_loose(language, word)) STORED,
    PRIMARY KEY (language, word)
);
CREATE INDEX search_title_word_folded ON search_title_word (language, folded);
CREATE INDEX search_title_word_loose ON search_title_word USING gin (loose gin_trgm_ops);
"""

DROP_TABLE = """
DROP TABLE search_title_word;
DROP FUNCTION turan_words(text);
DROP FUNCTION turan_loose(text, text);
"""

# One function for both tables: the columns it reads are named by the trigger.
FUNCTION = """
CREATE FUNCTION turan_note_title_words() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = public, pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_TABLE_NAME = 'articles_article' THEN
        INSERT INTO search_title_word (language, word)
        SELECT DISTINCT found.language, found.word
        FROM written
        CROSS JOIN LATERAL (
            SELECT 'ru', turan_words(written.title_ru)
            UNION ALL SELECT 'az', turan_words(written.title_az)
            UNION ALL SELECT 'en', turan_words(written.title_en)
        ) AS found (language, word)
        ORDER BY 1, 2
        ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO search_title_word (language, word)
        SELECT DISTINCT found.language, found.word
        FROM written
        CROSS JOIN LATERAL (
            SELECT 'ru', turan_words(written.name_ru)
            UNION ALL SELECT 'az', turan_words(written.name_az)
            UNION ALL SELECT 'en', turan_words(written.name_en)
        ) AS found (language, word)
        ORDER BY 1, 2
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER articles_note_title_words_inserted
    AFTER INSERT ON articles_article
    REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION turan_note_title_words();
CREATE TRIGGER articles_note_title_words_updated
    AFTER UPDATE ON articles_article
    REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION turan_note_title_words();
CREATE TRIGGER tags_note_name_words_inserted
    AFTER INSERT ON tags_tag
    REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION turan_note_title_words();
CREATE TRIGGER tags_note_name_words_updated
    AFTER UPDATE ON tags_tag
    REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION turan_note_title_words();
"""

DROP_FUNCTION = """
DROP TRIGGER tags_note_name_words_updated ON tags_tag;
DROP TRIGGER tags_note_name_words_inserted ON tags_tag;
DROP TRIGGER articles_note_title_words_updated ON articles_article;
DROP TRIGGER articles_note_title_words_inserted ON articles_article;
DROP FUNCTION turan_note_title_words();
"""

# The titles and names written before.
FILL = """
INSERT INTO search_title_word (language, word)
SELECT DISTINCT found.language, found.word
FROM (
    SELECT 'ru', turan_words(title_ru) FROM articles_article
    UNION ALL SELECT 'az', turan_words(title_az) FROM articles_article
    UNION ALL SELECT 'en', turan_words(title_en) FROM articles_article
    UNION ALL SELECT 'ru', turan_words(name_ru) FROM tags_tag
    UNION ALL SELECT 'az', turan_words(name_az) FROM tags_tag
    UNION ALL SELECT 'en', turan_words(name_en) FROM tags_tag
) AS found (language, word)
ON CONFLICT DO NOTHING;
ANALYZE search_title_word;
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0001_azerbaijani_words"), ("tags", "0002_content_version_triggers")]

    operations = [
        migrations.RunSQL(TABLE, DROP_TABLE),
        migrations.RunSQL(FUNCTION, DROP_FUNCTION),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
