# The stored search documents (search_<code>, migration 0007) stay in the
# article's own row instead of TOAST.
#
# A document averages ~3 KB, which neither pglz nor lz4 compresses enough to
# keep, so PostgreSQL stored each one out of line: every document a search
# read (a common word reads ~2,000 to find its newest 500 matches, and ranks
# those) was a lookup in the TOAST table and two chunks. Kept in the row
# (STORAGE MAIN: in line unless the row would outgrow its page, then out of
# line as before), the common word's page query took ~2 ms instead of ~3.5–7
# at 100,000 articles. The price is a wider row: the table grows from 180 MB
# to 650 MB there, and list queries read ~0.4 ms more (docs/architecture.md).
#
# The setting applies to rows as they are written. Rows already stored keep
# their documents in TOAST until rewritten: `VACUUM FULL articles_article;`
# then `VACUUM articles_article;` (which restores the visibility map that
# index-only scans need) moves them, in ~40 s at 100,000 articles, with the
# table locked meanwhile.

from django.db import migrations

LANGUAGES = ("ru", "az", "en")


def storage(kind):
    columns = ", ".join(f"ALTER COLUMN search_{code} SET STORAGE {kind}" for code in LANGUAGES)
    return f"ALTER TABLE articles_article {columns};"


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_tag_listings")]

    operations = [migrations.RunSQL(storage("MAIN"), reverse_sql=storage("EXTENDED"))]
