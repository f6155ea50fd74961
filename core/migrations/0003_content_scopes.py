"""Scopes: which part of public output a write changed, not only that it changed one.

The content version stays (lists, feeds, memoised values and the edge purger
read it); beside it, ``turan_content_scope`` keeps, per scope (``article:12``,
``tag:3``, ``author:5``, ``quote:7``, ``photo:9``, ``listing:3:az``, ``site``),
the content version of the last write that changed it. The page cache stores
with an article page the version it read before rendering and the scopes the
page showed; the page stays valid while none of its scopes has a version above
that one (public/pagecache.py).

That comparison is only sound if versions are handed out in commit order, so
``turan_content_bump()`` now locks the version row *before* it takes the next
number: a transaction that bumps holds the row until it commits, the next one
waits for it, and every number a reader can see was given before every number
it cannot. (Taken the other way round, a transaction could take 100, be
overtaken by one taking 101 and committing first, and commit 100 afterwards: a
page rendered at 101 would be believed newer than that write.)

``turan_content_changed()`` now reads its trigger's arguments, each a scope:
``'tag:id'`` (the scope ``tag:<id>`` of the row written, before and after) or a
constant (``'site'``). ``'lists'`` names no row of its own: such a write
changes the content version only, which every list page is validated against.
Without arguments (a TRUNCATE, a table whose trigger predates scopes) the
scope is ``site``, which every page depends on: everything is dropped, as
before.
"""

from django.db import migrations

FORWARD = """
CREATE TABLE IF NOT EXISTS turan_content_scope (
    scope text PRIMARY KEY,
    version bigint NOT NULL
);

CREATE OR REPLACE FUNCTION turan_content_bump() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    next_version bigint;
BEGIN
    -- Once per statement: a deferred trigger runs for every row written, all
    -- of them within the COMMIT statement.
    IF current_setting('turan.content_changed', true) IS DISTINCT FROM statement_timestamp()::text THEN
        -- The row first, the number second: numbers in commit order.
        PERFORM 1 FROM turan_content_version WHERE id = 1 FOR UPDATE;
        next_version := nextval('turan_content_version_seq');
        PERFORM set_config('turan.content_changed', statement_timestamp()::text, true);
        PERFORM set_config('turan.content_version', next_version::text, true);
        INSERT INTO turan_content_version (id, version, changed_at)
        VALUES (1, next_version, now())
        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, changed_at = EXCLUDED.changed_at;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION turan_scope_bump(scopes text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM turan_content_bump();
    INSERT INTO turan_content_scope AS kept (scope, version)
    SELECT DISTINCT scope, current_setting('turan.content_version')::bigint
    FROM unnest(scopes) AS scope
    WHERE scope IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = EXCLUDED.version
    WHERE kept.version < EXCLUDED.version;
END
$$;

CREATE OR REPLACE FUNCTION turan_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    scopes text[] := ARRAY[]::text[];
    argument text;
    kind text;
    name text;
BEGIN
    IF TG_NARGS = 0 OR TG_LEVEL = 'STATEMENT' THEN
        PERFORM turan_scope_bump(ARRAY['site']);
        RETURN NULL;
    END IF;
    FOREACH argument IN ARRAY TG_ARGV LOOP
        IF position(':' IN argument) = 0 THEN
            IF argument <> 'lists' THEN
                scopes := scopes || argument;
            END IF;
            CONTINUE;
        END IF;
        kind := split_part(argument, ':', 1);
        name := split_part(argument, ':', 2);
        IF TG_OP <> 'INSERT' THEN
            scopes := scopes || (kind || ':' || (to_jsonb(OLD) ->> name));
        END IF;
        IF TG_OP <> 'DELETE' THEN
            scopes := scopes || (kind || ':' || (to_jsonb(NEW) ->> name));
        END IF;
    END LOOP;
    PERFORM turan_scope_bump(scopes);
    RETURN NULL;
END
$$;
"""

# 0002's definitions, as they were.
BACKWARD = """
CREATE OR REPLACE FUNCTION turan_content_bump() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('turan.content_changed', true) IS DISTINCT FROM statement_timestamp()::text THEN
        PERFORM set_config('turan.content_changed', statement_timestamp()::text, true);
        INSERT INTO turan_content_version (id, version, changed_at)
        VALUES (1, nextval('turan_content_version_seq'), now())
        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, changed_at = EXCLUDED.changed_at;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION turan_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM turan_content_bump();
    RETURN NULL;
END
$$;
DROP FUNCTION turan_scope_bump(text[]);
DROP TABLE turan_content_scope;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0002_content_bump")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
