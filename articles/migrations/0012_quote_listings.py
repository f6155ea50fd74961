# Quotes reach readers per language: each (article, quote) row carries the
# moment the quote became public in every language.
#
# Article.quotes holds the quotes placed in any of an article's three bodies,
# so "carried by an article public in Russian" listed a quote placed only in
# the scheduled English body on every language's quotes archive and on the
# speaker's page, before its embargo. A quote is carried in a language by that
# language's own body: the row's public_from_<code> is the article's
# published_at_<code> while that version has content (a title and a body) and
# its body places the quote (<figure data-quote="ID">, the one form the
# sanitiser keeps), NULL otherwise; "public at T" is "public_from_<code> <= T".
#
# As for the tag listings (0009), the columns sit on Django's own table for
# Article.quotes: a trigger fills them when a row is inserted, another
# recomputes an article's rows whenever a version's visibility or body
# changes, whatever wrote it. articles.models.QuoteListing reads them.

from django.db import migrations, models

LANGUAGES = ("ru", "az", "en")


def public_from(row, code, quote):
    """The moment ``quote`` is public from in ``code``, carried by article ``row``, as SQL."""
    return (
        f"CASE WHEN {row}.title_{code} > '' AND octet_length({row}.body_{code}) > 0"
        f" AND strpos({row}.body_{code}, 'data-quote=\"' || {quote} || '\"') > 0"
        f" THEN {row}.published_at_{code} END"
    )


COLUMNS = ", ".join(f"public_from_{code}" for code in LANGUAGES)
CHANGED = " OR ".join(
    f"OLD.{name}_{code} IS DISTINCT FROM NEW.{name}_{code}"
    for code in LANGUAGES
    for name in ("title", "body", "published_at")
)

FORWARD = f"""
ALTER TABLE articles_article_quotes
    {", ".join(f"ADD COLUMN public_from_{code} timestamptz" for code in LANGUAGES)};

CREATE FUNCTION turan_quote_listing_filled() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT {", ".join(public_from("a", code, "NEW.quote_id") for code in LANGUAGES)}
        INTO {", ".join(f"NEW.public_from_{code}" for code in LANGUAGES)}
        FROM articles_article a WHERE a.id = NEW.article_id;
    RETURN NEW;
END $$;

CREATE TRIGGER turan_quote_listing_filled
    BEFORE INSERT OR UPDATE OF article_id, quote_id ON articles_article_quotes
    FOR EACH ROW EXECUTE FUNCTION turan_quote_listing_filled();

CREATE FUNCTION turan_article_quotes_listed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article_quotes q
        SET ({COLUMNS}) = ROW({", ".join(public_from("NEW", code, "q.quote_id") for code in LANGUAGES)})
        WHERE q.article_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER turan_article_quotes_listed
    AFTER UPDATE ON articles_article
    FOR EACH ROW WHEN ({CHANGED})
    EXECUTE FUNCTION turan_article_quotes_listed();

{
    "".join(
        f'''
CREATE INDEX article_quotes_public_{code} ON articles_article_quotes
    (quote_id, public_from_{code}, article_id) WHERE public_from_{code} IS NOT NULL;'''
        for code in LANGUAGES
    )
}

-- Last: no index or trigger can be created on a table with queued events.
UPDATE articles_article_quotes q SET ({COLUMNS}) = (
    SELECT {", ".join(public_from("a", code, "q.quote_id") for code in LANGUAGES)}
    FROM articles_article a WHERE a.id = q.article_id
);

ANALYZE articles_article_quotes;
"""

BACKWARD = f"""
DROP TRIGGER turan_article_quotes_listed ON articles_article;
DROP FUNCTION turan_article_quotes_listed();
DROP TRIGGER turan_quote_listing_filled ON articles_article_quotes;
DROP FUNCTION turan_quote_listing_filled();
ALTER TABLE articles_article_quotes
    {", ".join(f"DROP COLUMN public_from_{code}" for code in LANGUAGES)};
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_content_version_triggers"),
        ("quotes", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.CreateModel(
            name="QuoteListing",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("public_from_ru", models.DateTimeField(null=True, editable=False)),
                ("public_from_az", models.DateTimeField(null=True, editable=False)),
                ("public_from_en", models.DateTimeField(null=True, editable=False)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.article",
                    ),
                ),
                (
                    "quote",
                    models.ForeignKey(
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="listings",
                        to="quotes.quote",
                    ),
                ),
            ],
            options={"db_table": "articles_article_quotes", "managed": False},
        ),
    ]
