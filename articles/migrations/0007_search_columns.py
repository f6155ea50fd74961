# Search at archive scale, and the public-version indexes on a cheaper test.
#
# 1. Each language's search document becomes a stored generated column with a
#    GIN index on it, replacing 0002's expression indexes. A stored document
#    can be tested row by row for nothing (an expression index forces
#    PostgreSQL to rebuild it from the body, ~0.3 ms a row), so a common word
#    is answered by reading the newest public versions and keeping the
#    matches, and the column has statistics for the planner to choose between
#    that and the GIN index. The columns stay out of Django's model state:
#    PostgreSQL fills them, and no query but search's should fetch them.
#    Adding them rewrites the table once (minutes at 100,000 articles).
#
# 2. The partial indexes of 0005 are rebuilt with the condition public_q() now
#    uses, octet_length(body) > 0 rather than body > '' (which decompresses
#    every body it tests). An index is used only when its condition is the
#    query's.

import django.db.models.lookups
from django.db import migrations, models

import articles.models

LANGUAGES = ("ru", "az", "en")

# As in 0002 (and search/engine.py's CONFIGS).
VECTOR_ARGUMENTS = {
    "ru": "'russian', title_ru, lead_ru, body_ru",
    "az": "'simple', turan_fold(title_az), turan_fold(lead_az), turan_fold(body_az)",
    "en": "'turan_english', title_en, lead_en, body_en",
}

ADD_COLUMNS = (
    "ALTER TABLE articles_article "
    + ", ".join(
        f"ADD COLUMN search_{code} tsvector"
        f" GENERATED ALWAYS AS (turan_search_vector({VECTOR_ARGUMENTS[code]})) STORED"
        for code in LANGUAGES
    )
    + ";"
)
DROP_COLUMNS = (
    "ALTER TABLE articles_article "
    + ", ".join(f"DROP COLUMN search_{code}" for code in LANGUAGES)
    + ";"
)
COLUMN_INDEXES = "\n".join(
    f"DROP INDEX article_search_{code};"
    f" CREATE INDEX article_search_{code} ON articles_article USING gin (search_{code});"
    for code in LANGUAGES
)
EXPRESSION_INDEXES = "\n".join(
    f"DROP INDEX article_search_{code};"
    f" CREATE INDEX article_search_{code} ON articles_article"
    f" USING gin (turan_search_vector({VECTOR_ARGUMENTS[code]}));"
    f" ALTER INDEX article_search_{code} ALTER COLUMN 1 SET STATISTICS 0;"
    for code in LANGUAGES
)

# Statistics on the body's size: without them PostgreSQL guesses that a third
# of the rows pass octet_length(body) > 0, underestimates the public versions
# several times over and prefers sorting every match of a common word to
# reading the publication index newest first.
BODY_STATISTICS = "\n".join(
    f"CREATE STATISTICS article_body_size_{code} ON (octet_length(body_{code}))"
    " FROM articles_article;"
    for code in LANGUAGES
)
DROP_BODY_STATISTICS = "\n".join(
    f"DROP STATISTICS article_body_size_{code};" for code in LANGUAGES
)


def content(code):
    return models.Q(
        (f"title_{code}__gt", ""),
        django.db.models.lookups.GreaterThan(
            articles.models.OctetLength(models.F(f"body_{code}")), 0
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_public_indexes"),
    ]

    operations = [
        migrations.RunSQL(ADD_COLUMNS, DROP_COLUMNS),
        migrations.RunSQL(COLUMN_INDEXES, EXPRESSION_INDEXES),
        *(
            migrations.RemoveIndex(model_name="article", name=f"article_{kind}_{code}")
            for kind in ("published", "public")
            for code in LANGUAGES
        ),
        *(
            migrations.AddIndex(
                model_name="article",
                index=models.Index(
                    fields=["-published_at_" + code, "-id"],
                    condition=content(code),
                    name=f"article_published_{code}",
                ),
            )
            for code in LANGUAGES
        ),
        *(
            migrations.AddIndex(
                model_name="article",
                index=models.Index(
                    fields=["section", "-published_at_" + code, "-id"],
                    condition=content(code),
                    name=f"article_public_{code}",
                ),
            )
            for code in LANGUAGES
        ),
        migrations.RunSQL(BODY_STATISTICS, DROP_BODY_STATISTICS),
        migrations.RunSQL("ANALYZE articles_article;", migrations.RunSQL.noop),
    ]
