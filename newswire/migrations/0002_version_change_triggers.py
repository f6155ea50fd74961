# When each language version last changed for partners, kept by the database
# (newswire.VersionChange), so the change feed sees every write path: the
# admin, QuerySet.update(), bulk loads, raw SQL, restores and deletions.
#
# A write to an article row stamps a language when it changes one of that
# language's columns or a column all languages share, and the version has a
# publication moment (with its title and body) before or after the write:
# drafts are nobody's business outside the newsroom. The stamp keeps whether
# any write found the version public or scheduled, so a version that goes
# later is announced as canceled to the partners who may hold it.
# Tags, bylines and corrections stamp the article's versions already stamped.
# Stamps take clock_timestamp(), the moment of the write, not now(), the start
# of its transaction: a transaction's later writes must come later in the feed.

from django.db import migrations

LANGUAGES = ("ru", "az", "en")
TRANSLATED = ("title", "slug", "lead", "body", "caption", "search_description", "published_at")
SHARED = ("original_language", "section_id", "lead_image", "lead_image_credit", "lead_image_renditions")


def _language_block(code):
    own = [f"{field}_{code}" for field in TRANSLATED]
    compared = [*own, *SHARED]
    old_row = ", ".join(f"OLD.{name}" for name in compared)
    new_row = ", ".join(f"NEW.{name}" for name in compared)
    return f"""
    old_moment := NULL; new_moment := NULL;
    IF TG_OP <> 'INSERT' AND OLD.title_{code} > '' AND octet_length(OLD.body_{code}) > 0 THEN
        old_moment := OLD.published_at_{code};
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.title_{code} > '' AND octet_length(NEW.body_{code}) > 0 THEN
        new_moment := NEW.published_at_{code};
    END IF;
    IF (old_moment IS NOT NULL OR new_moment IS NOT NULL)
       AND (TG_OP <> 'UPDATE' OR ROW({old_row}) IS DISTINCT FROM ROW({new_row})) THEN
        INSERT INTO newswire_versionchange
            (article_id, language, section_id, changed_at, sequence, seen_public, seen_scheduled)
        VALUES (
            row_id, '{code}', row_section, clock_timestamp(), nextval('newswire_change_seq'),
            coalesce(old_moment <= clock_timestamp(), false) OR coalesce(new_moment <= clock_timestamp(), false),
            coalesce(old_moment > clock_timestamp(), false) OR coalesce(new_moment > clock_timestamp(), false)
        )
        ON CONFLICT (article_id, language) DO UPDATE SET
            section_id = EXCLUDED.section_id,
            changed_at = EXCLUDED.changed_at,
            sequence = EXCLUDED.sequence,
            seen_public = newswire_versionchange.seen_public OR EXCLUDED.seen_public,
            seen_scheduled = newswire_versionchange.seen_scheduled OR EXCLUDED.seen_scheduled;
    END IF;
"""


FORWARD = f"""
CREATE SEQUENCE IF NOT EXISTS newswire_change_seq;

CREATE OR REPLACE FUNCTION newswire_article_changed() RETURNS trigger AS $$
DECLARE
    old_moment timestamptz;
    new_moment timestamptz;
    row_id bigint;
    row_section bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        row_id := OLD.id; row_section := OLD.section_id;
    ELSE
        row_id := NEW.id; row_section := NEW.section_id;
    END IF;
    {"".join(_language_block(code) for code in LANGUAGES)}
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION newswire_related_changed() RETURNS trigger AS $$
DECLARE
    row_article bigint;
    row_language text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        row_article := OLD.article_id;
    ELSE
        row_article := NEW.article_id;
    END IF;
    IF TG_TABLE_NAME = 'articles_correction' THEN
        row_language := CASE WHEN TG_OP = 'DELETE' THEN OLD.language ELSE NEW.language END;
    END IF;
    UPDATE newswire_versionchange
       SET changed_at = clock_timestamp(), sequence = nextval('newswire_change_seq')
     WHERE article_id = row_article AND (row_language IS NULL OR language = row_language);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS newswire_article_changed ON articles_article;
CREATE TRIGGER newswire_article_changed AFTER INSERT OR UPDATE OR DELETE ON articles_article
    FOR EACH ROW EXECUTE FUNCTION newswire_article_changed();
DROP TRIGGER IF EXISTS newswire_related_changed ON articles_article_tags;
CREATE TRIGGER newswire_related_changed AFTER INSERT OR UPDATE OR DELETE ON articles_article_tags
    FOR EACH ROW EXECUTE FUNCTION newswire_related_changed();
DROP TRIGGER IF EXISTS newswire_related_changed ON articles_byline;
CREATE TRIGGER newswire_related_changed AFTER INSERT OR UPDATE OR DELETE ON articles_byline
    FOR EACH ROW EXECUTE FUNCTION newswire_related_changed();
DROP TRIGGER IF EXISTS newswire_related_changed ON articles_correction;
CREATE TRIGGER newswire_related_changed AFTER INSERT OR UPDATE OR DELETE ON articles_correction
    FOR EACH ROW EXECUTE FUNCTION newswire_related_changed();

-- Versions published or scheduled before the newswire existed.
{"".join(f'''
INSERT INTO newswire_versionchange
    (article_id, language, section_id, changed_at, sequence, seen_public, seen_scheduled)
SELECT id, '{code}', section_id, updated_at, nextval('newswire_change_seq'),
       published_at_{code} <= now(), published_at_{code} > now()
  FROM articles_article
 WHERE published_at_{code} IS NOT NULL AND title_{code} > '' AND octet_length(body_{code}) > 0
ON CONFLICT DO NOTHING;''' for code in LANGUAGES)}
"""

BACKWARD = """
DROP TRIGGER IF EXISTS newswire_article_changed ON articles_article;
DROP TRIGGER IF EXISTS newswire_related_changed ON articles_article_tags;
DROP TRIGGER IF EXISTS newswire_related_changed ON articles_byline;
DROP TRIGGER IF EXISTS newswire_related_changed ON articles_correction;
DROP FUNCTION IF EXISTS newswire_article_changed();
DROP FUNCTION IF EXISTS newswire_related_changed();
DROP SEQUENCE IF EXISTS newswire_change_seq;
"""


class Migration(migrations.Migration):
    dependencies = [("newswire", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
