# Writes to articles say which pages they change (core migration 0003).
#
# The decisions of migration 0015 (which writes readers can see) stay as they
# were; what changes is what a write that passes them records besides the
# content version:
#
# - articles_article: the scope article:<id>; and sections:<code>, which
#   every page in that language depends on, when the write may change the
#   header's sections: a version becomes public or stops being (or moves to
#   another section) and no other article public in that language is left in
#   the section it leaves or was the first in the one it joins (the header
#   links only sections with something public in the page's language:
#   articles.selectors).
# - corrections, bylines, placed quotes: article:<article_id>.
# - articles_article_tags: article:<article_id> as before, and
#   listing:<tag_id>:<code> whenever the row's public_from_<code> (kept by
#   migration 0009's triggers) changes on a side that is public: the article
#   joins or leaves the tag's public articles in that language, or moves in
#   their order; or when it is scheduled, or brought earlier. An article
#   page's related articles are the newest public articles of its people and
#   topics, so it depends on those listings.
# - A version scheduled, or brought earlier, records the scopes its
#   publication will change (article, sections, listings): pages are kept no
#   longer than the next moment known when they were stored
#   (public/pagecache.py), and this one may come before that.
# - sections: site.
#
# The functions no longer stop at the first row of a statement: the version
# moves once per statement still (turan_content_bump()), but every row adds
# its own scopes.

from importlib import import_module

from django.db import migrations

from core.db.operations import ContentVersionTriggers, trigger_sql

LANGUAGES = ("ru", "az", "en")
TRANSLATED = ("title", "slug", "lead", "body", "caption", "search_description", "published_at")
LANGUAGE_COLUMNS = {
    code: [f"{field}_{code}" for field in TRANSLATED] + [f"search_{code}"] for code in LANGUAGES
}
IGNORED = ["updated_at", *TRANSLATED]
MARGIN = "interval '1 minute'"


def has_content(row, code):
    return f"({row}.title_{code} > '' AND octet_length({row}.body_{code}) > 0)"


def public(row, code):
    """The visibility rule (articles.visibility.public_q), as SQL, at ``soon``."""
    return f"COALESCE({has_content(row, code)} AND {row}.published_at_{code} <= soon, false)"


def scheduled(row, code):
    return f"CASE WHEN {has_content(row, code)} AND {row}.published_at_{code} > soon THEN {row}.published_at_{code} END"


def sql_array(names):
    return "ARRAY[" + ", ".join(f"'{name}'" for name in names) + "]"


def alone_in_section(row, code):
    """Whether no article but ``row`` is public in ``code`` in ``row``'s section."""
    return (
        f"NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.section_id = {row}.section_id "
        f"AND a.id <> {row}.id AND {public('a', code)})"
    )


def per_language(code):
    was, now = (
        f"(TG_OP <> 'INSERT' AND {public('OLD', code)})",
        (f"(TG_OP <> 'DELETE' AND {public('NEW', code)})"),
    )
    return f"""
    IF {was} OR {now} THEN
        seen := true;
        IF {was} IS DISTINCT FROM {now}
           OR (TG_OP = 'UPDATE' AND OLD.section_id IS DISTINCT FROM NEW.section_id) THEN
            IF ({was} AND {alone_in_section("OLD", code)}) OR ({now} AND {alone_in_section("NEW", code)}) THEN
                sections := array_append(sections, 'sections:{code}');
            END IF;
        END IF;
    ELSE
        ignored := ignored || {sql_array(LANGUAGE_COLUMNS[code])};
        moment := CASE WHEN TG_OP <> 'DELETE' THEN {scheduled("NEW", code)} END;
        IF moment IS NOT NULL AND moment < COALESCE(CASE WHEN TG_OP <> 'INSERT' THEN {scheduled("OLD", code)} END, 'infinity') THEN
            earlier := true;
            -- Pages stored before now expire after that moment: those that
            -- will show the version must go now (see the tag rows, too).
            IF {alone_in_section("NEW", code)} THEN
                sections := array_append(sections, 'sections:{code}');
            END IF;
        END IF;
    END IF;"""


def article_public_in(language, article):
    if language is None:
        test = " OR ".join(public("a", code) for code in LANGUAGES)
    else:
        test = " OR ".join(f"({language} = '{code}' AND {public('a', code)})" for code in LANGUAGES)
    return f"EXISTS (SELECT 1 FROM articles_article a WHERE a.id = {article} AND ({test}))"


def companion(name, language_of=None, listings=False):
    """A trigger function recording article:<article_id> when the row's article
    is public (and, with ``listings``, the tag listings the row moves in)."""
    old = article_public_in(language_of and f"OLD.{language_of}", "OLD.article_id")
    new = article_public_in(language_of and f"NEW.{language_of}", "NEW.article_id")
    listed = ""
    if listings:
        listed = "".join(
            f"""
    before := CASE WHEN TG_OP <> 'INSERT' THEN OLD.public_from_{code} END;
    after := CASE WHEN TG_OP <> 'DELETE' THEN NEW.public_from_{code} END;
    IF before IS DISTINCT FROM after
       AND (before <= soon OR after <= soon OR after < COALESCE(before, 'infinity')) THEN
        IF TG_OP <> 'INSERT' THEN scopes := scopes || ('listing:' || OLD.tag_id || ':{code}'); END IF;
        IF TG_OP <> 'DELETE' THEN scopes := scopes || ('listing:' || NEW.tag_id || ':{code}'); END IF;
    END IF;"""
            for code in LANGUAGES
        )
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    soon timestamptz := clock_timestamp() + {MARGIN};
    scopes text[] := ARRAY[]::text[];
    before timestamptz;
    after timestamptz;
BEGIN
    IF TG_OP <> 'INSERT' AND {old} THEN
        scopes := scopes || ('article:' || OLD.article_id);
    END IF;
    IF TG_OP <> 'DELETE' AND {new} THEN
        scopes := scopes || ('article:' || NEW.article_id);
    END IF;{listed}
    IF cardinality(scopes) > 0 THEN
        PERFORM turan_scope_bump(scopes);
    END IF;
    RETURN NULL;
END
$$;"""


FORWARD = f"""
CREATE OR REPLACE FUNCTION turan_article_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    soon timestamptz := clock_timestamp() + {MARGIN};
    seen boolean := false;
    earlier boolean := false;
    sections text[] := ARRAY[]::text[];
    ignored text[] := {sql_array(IGNORED)};
    moment timestamptz;
    written bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
BEGIN
    {"".join(per_language(code) for code in LANGUAGES)}
    IF earlier OR (seen AND (TG_OP <> 'UPDATE' OR (to_jsonb(OLD) - ignored) IS DISTINCT FROM (to_jsonb(NEW) - ignored))) THEN
        PERFORM turan_scope_bump(array_prepend('article:' || written, sections));
    END IF;
    RETURN NULL;
END
$$;
{companion("turan_correction_content_changed", language_of="language")}
{companion("turan_article_companion_changed")}
{companion("turan_article_tags_changed", listings=True)}
"""

# 0015's functions, as they were (its per-statement shortcut included).
BACKWARD = (
    import_module("articles.migrations.0015_content_version_when_public").FORWARD
    + "DROP FUNCTION turan_article_tags_changed() CASCADE;"
)

COMPANIONS = ["articles_article_quotes", "articles_byline"]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_content_scopes"),
        ("articles", "0019_translator"),
    ]

    operations = [
        # Backwards: 0015's triggers and functions come back with 0015's own SQL.
        migrations.RunSQL(
            migrations.RunSQL.noop,
            trigger_sql(["articles_section"])
            + trigger_sql(["articles_article"], function="turan_article_content_changed")
            + trigger_sql(["articles_correction"], function="turan_correction_content_changed")
            + trigger_sql(
                [*COMPANIONS, "articles_article_tags"], function="turan_article_companion_changed"
            ),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
        ContentVersionTriggers(["articles_article"], function="turan_article_content_changed"),
        ContentVersionTriggers(
            ["articles_correction"], function="turan_correction_content_changed"
        ),
        ContentVersionTriggers(COMPANIONS, function="turan_article_companion_changed"),
        ContentVersionTriggers(["articles_article_tags"], function="turan_article_tags_changed"),
        ContentVersionTriggers(["articles_section"], scopes=["site"]),
    ]
