"""The content version: one number that changes whenever published content may have.

The page cache (public/pagecache.py) keys every page on it. Triggers on each
content table (made by each content app's migrations with
core.db.operations.ContentVersionTriggers) call ``turan_content_changed()``;
as deferred constraint triggers they run at commit, so the new number becomes
visible together with the change itself and the version row is the last lock
a transaction takes (no deadlock with the rows it wrote). The table is not a
model, so Django's flush leaves it alone.

Written so that it also runs on a database migrated before this app existed
(when these objects came from the former ``turan`` app's 0003 migration): every
statement leaves what is already there as it is.
"""

from django.db import migrations

FORWARD = """
CREATE SEQUENCE IF NOT EXISTS turan_content_version_seq;
CREATE TABLE IF NOT EXISTS turan_content_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO turan_content_version (id, version) VALUES (1, nextval('turan_content_version_seq'))
ON CONFLICT (id) DO NOTHING;

CREATE OR REPLACE FUNCTION turan_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Once per statement: a deferred trigger runs for every row written, all
    -- of them within the COMMIT statement.
    IF current_setting('turan.content_changed', true) IS DISTINCT FROM statement_timestamp()::text THEN
        PERFORM set_config('turan.content_changed', statement_timestamp()::text, true);
        INSERT INTO turan_content_version (id, version, changed_at)
        VALUES (1, nextval('turan_content_version_seq'), now())
        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, changed_at = EXCLUDED.changed_at;
    END IF;
    RETURN NULL;
END
$$;
"""

BACKWARD = """
DROP FUNCTION turan_content_changed() CASCADE;
DROP TABLE turan_content_version;
DROP SEQUENCE turan_content_version_seq;
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
