"""The content version's bump as a function of its own, ``turan_content_bump()``.

Triggers that first decide whether a write can change what readers see (the
articles' own, articles migration 0015) call it only when it can; the
unconditional ``turan_content_changed()`` now calls it too, so the once per
statement rule stays in one place.
"""

from django.db import migrations

BUMP = """
CREATE OR REPLACE FUNCTION turan_content_bump() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- Once per statement: a deferred trigger runs for every row written, all
    -- of them within the COMMIT statement.
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
"""

# 0001's definition, as it was.
UNBUMP = """
CREATE OR REPLACE FUNCTION turan_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('turan.content_changed', true) IS DISTINCT FROM statement_timestamp()::text THEN
        PERFORM set_config('turan.content_changed', statement_timestamp()::text, true);
        INSERT INTO turan_content_version (id, version, changed_at)
        VALUES (1, nextval('turan_content_version_seq'), now())
        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, changed_at = EXCLUDED.changed_at;
    END IF;
    RETURN NULL;
END
$$;
DROP FUNCTION turan_content_bump();
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0001_content_version")]

    operations = [migrations.RunSQL(BUMP, UNBUMP)]
