# Writes that readers cannot see leave the content version (and so every
# cached page) alone.
#
# Until now every write to any articles table changed the version: a
# journalist's save of a draft, an autosave, the revision the save records and
# the translation state it updates each emptied the page cache. Now:
#
# - articles_article decides per row (OLD and NEW) and per language, by the
#   visibility rule (articles/visibility.py: title and body non-empty, moment
#   come), at the moment of the commit, with a minute's margin for the clocks
#   of the application servers. It changes the version when
#   * a version is public before or after the write in some language, and the
#     write changes anything but the columns of languages public on neither
#     side (and `updated_at`, and modeltranslation's base columns, which hold
#     whichever language the last save happened in and which no reader's
#     query reads): a public version's text, its moment, an unpublication, a
#     column every language shares (section, lead image...);
#   * a version becomes scheduled or its moment moves earlier: cached pages
#     live no longer than the next scheduled moment known when they were
#     stored (public/pagecache.py), which this moment may precede.
#   A draft, a missing version, or a scheduled one whose moment stays or
#   moves later changes nothing readers see before the pages expire anyway.
# - corrections change it when the article is public in the correction's
#   language; bylines, tags and quotes of an article when it is public in any
#   language (their tables' other writes come from the article's own triggers,
#   which decide for themselves).
# - revisions and translation states (the outdated flag) are newsroom
#   bookkeeping: no trigger at all.
# - sections stay unconditional (every page's header shows them).
#
# A TRUNCATE of any of these tables still changes it.

from django.db import migrations

from core.db.operations import ContentVersionTriggers, NoContentVersionTriggers, trigger_sql

LANGUAGES = ("ru", "az", "en")
# Article's translated fields (articles/translation.py) and the search document
# made from them (migration 0007). A translated field added later and not
# listed here is compared as shared: a needless change of version, never a
# missed one.
TRANSLATED = ("title", "slug", "lead", "body", "caption", "search_description", "published_at")
LANGUAGE_COLUMNS = {
    code: [f"{field}_{code}" for field in TRANSLATED] + [f"search_{code}"] for code in LANGUAGES
}
IGNORED = ["updated_at", *TRANSLATED]
# The application servers' clocks may run a little ahead of the database's.
MARGIN = "interval '1 minute'"


def has_content(row, code):
    return f"({row}.title_{code} > '' AND octet_length({row}.body_{code}) > 0)"


def public(row, code):
    """The visibility rule (articles.visibility.public_q), as SQL, at ``soon``."""
    return f"COALESCE({has_content(row, code)} AND {row}.published_at_{code} <= soon, false)"


def scheduled(row, code):
    """The moment a version with content is scheduled for, NULL for none."""
    return f"CASE WHEN {has_content(row, code)} AND {row}.published_at_{code} > soon THEN {row}.published_at_{code} END"


def sql_array(names):
    return "ARRAY[" + ", ".join(f"'{name}'" for name in names) + "]"


def per_language(code):
    return f"""
    IF {public("OLD", code)} OR {public("NEW", code)} THEN
        seen := true;
    ELSE
        ignored := ignored || {sql_array(LANGUAGE_COLUMNS[code])};
        moment := {scheduled("NEW", code)};
        IF moment IS NOT NULL AND moment < COALESCE({scheduled("OLD", code)}, 'infinity') THEN
            PERFORM turan_content_bump();
            RETURN NULL;
        END IF;
    END IF;"""


def article_public_in(language, article):
    """Whether article ``article`` (an id, as SQL) is public in ``language`` (SQL, or None: any)."""
    if language is None:
        test = " OR ".join(public("a", code) for code in LANGUAGES)
    else:
        test = " OR ".join(f"({language} = '{code}' AND {public('a', code)})" for code in LANGUAGES)
    return f"EXISTS (SELECT 1 FROM articles_article a WHERE a.id = {article} AND ({test}))"


def companion(name, language_of=None):
    """A trigger function that changes the version when the row's article is public."""
    old = article_public_in(language_of and f"OLD.{language_of}", "OLD.article_id")
    new = article_public_in(language_of and f"NEW.{language_of}", "NEW.article_id")
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    soon timestamptz := clock_timestamp() + {MARGIN};
BEGIN
    IF current_setting('turan.content_changed', true) IS NOT DISTINCT FROM statement_timestamp()::text THEN
        RETURN NULL;  -- changed already in this statement
    END IF;
    IF (TG_OP <> 'INSERT' AND {old}) OR (TG_OP <> 'DELETE' AND {new}) THEN
        PERFORM turan_content_bump();
    END IF;
    RETURN NULL;
END
$$;"""


FORWARD = f"""
CREATE OR REPLACE FUNCTION turan_article_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    soon timestamptz := clock_timestamp() + {MARGIN};
    seen boolean := false;
    ignored text[] := {sql_array(IGNORED)};
    moment timestamptz;
BEGIN
    IF current_setting('turan.content_changed', true) IS NOT DISTINCT FROM statement_timestamp()::text THEN
        RETURN NULL;  -- changed already in this statement
    END IF;
    {"".join(per_language(code) for code in LANGUAGES)}
    IF seen AND (TG_OP <> 'UPDATE' OR (to_jsonb(OLD) - ignored) IS DISTINCT FROM (to_jsonb(NEW) - ignored)) THEN
        PERFORM turan_content_bump();
    END IF;
    RETURN NULL;
END
$$;
{companion("turan_correction_content_changed", language_of="language")}
{companion("turan_article_companion_changed")}
"""

BACKWARD = """
DROP FUNCTION turan_article_content_changed() CASCADE;
DROP FUNCTION turan_correction_content_changed() CASCADE;
DROP FUNCTION turan_article_companion_changed() CASCADE;
"""

ARTICLE_TABLES = ["articles_article"]
COMPANIONS = ["articles_article_quotes", "articles_article_tags", "articles_byline"]
BOOKKEEPING = ["articles_articlerevision", "articles_translationstate"]
# Backwards, the tables given a function of their own get 0011's triggers back.
UNCONDITIONAL = trigger_sql([*ARTICLE_TABLES, "articles_correction", *COMPANIONS])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_content_bump"),
        ("articles", "0014_lead_image_index"),
    ]

    operations = [
        migrations.RunSQL(migrations.RunSQL.noop, UNCONDITIONAL),
        migrations.RunSQL(FORWARD, BACKWARD),
        ContentVersionTriggers(ARTICLE_TABLES, function="turan_article_content_changed"),
        ContentVersionTriggers(
            ["articles_correction"], function="turan_correction_content_changed"
        ),
        ContentVersionTriggers(COMPANIONS, function="turan_article_companion_changed"),
        NoContentVersionTriggers(BOOKKEEPING),
    ]
