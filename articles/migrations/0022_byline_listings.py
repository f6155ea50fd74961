# An author's page at archive scale: each byline row carries the moment every
# language version of its article became public.
#
# "The newest twenty public articles of this author" joined every one of the
# author's bylines to its article, checked each for its visibility and sorted
# them: at 100,000 articles an author of sixty has 2,600 bylines, and the page
# took 12 ms walking the whole publication index (or 75 ms sorting, with the
# generic plan). With the moment on the byline's own row, an index on
# (author, moment) answers it from the author's rows alone, as the tag
# listings (0009) do for a tag's page and related articles.
#
# The columns are not fields of Byline: Django's writes (the admin's inline,
# Byline.objects.create(), bulk loads) leave them out, a trigger fills them
# when a row is inserted or moved to another article, and another copies an
# article's moments to its bylines whenever its visibility in a language
# changes, whatever wrote it. Each is the article's published_at_<code> when
# that version has content (a title and a body), NULL otherwise.
# articles.models.BylineListing reads them.

from django.db import migrations, models

LANGUAGES = ("ru", "az", "en")


def public_from(row, code):
    """The moment the version in ``code`` of article ``row`` is public from, as SQL."""
    return (
        f"CASE WHEN {row}.title_{code} > '' AND octet_length({row}.body_{code}) > 0"
        f" THEN {row}.published_at_{code} END"
    )


COLUMNS = ", ".join(f"public_from_{code}" for code in LANGUAGES)
MOMENTS = ", ".join(public_from("a", code) for code in LANGUAGES)
NEW_MOMENTS = ", ".join(public_from("NEW", code) for code in LANGUAGES)
CHANGED = " OR ".join(
    f"({public_from('OLD', code)}) IS DISTINCT FROM ({public_from('NEW', code)})"
    for code in LANGUAGES
)

FORWARD = f"""
ALTER TABLE articles_byline
    {", ".join(f"ADD COLUMN public_from_{code} timestamptz" for code in LANGUAGES)};

CREATE FUNCTION turan_byline_listing_filled() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT {MOMENTS} INTO {", ".join(f"NEW.public_from_{code}" for code in LANGUAGES)}
        FROM articles_article a WHERE a.id = NEW.article_id;
    RETURN NEW;
END $$;

CREATE TRIGGER turan_byline_listing_filled
    BEFORE INSERT OR UPDATE OF article_id ON articles_byline
    FOR EACH ROW EXECUTE FUNCTION turan_byline_listing_filled();

CREATE FUNCTION turan_article_bylines_listed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_byline SET ({COLUMNS}) = ROW({NEW_MOMENTS})
        WHERE article_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER turan_article_bylines_listed
    AFTER UPDATE ON articles_article
    FOR EACH ROW WHEN ({CHANGED})
    EXECUTE FUNCTION turan_article_bylines_listed();

{
    "".join(
        f'''
CREATE INDEX byline_public_{code} ON articles_byline
    (author_id, public_from_{code} DESC, article_id DESC) WHERE public_from_{code} IS NOT NULL;'''
        for code in LANGUAGES
    )
}

-- Last: the content tables' deferred triggers queue an event per row
-- updated, and no index or trigger can be created on a table with queued events.
UPDATE articles_byline b SET ({COLUMNS}) = (SELECT {MOMENTS} FROM articles_article a
    WHERE a.id = b.article_id);

ANALYZE articles_byline;
"""

BACKWARD = f"""
DROP TRIGGER turan_article_bylines_listed ON articles_article;
DROP FUNCTION turan_article_bylines_listed();
DROP TRIGGER turan_byline_listing_filled ON articles_byline;
DROP FUNCTION turan_byline_listing_filled();
ALTER TABLE articles_byline
    {", ".join(f"DROP COLUMN public_from_{code}" for code in LANGUAGES)};
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0021_inline_figures"),
        ("authors", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.CreateModel(
            name="BylineListing",
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
                    "author",
                    models.ForeignKey(
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="+",
                        to="authors.author",
                    ),
                ),
            ],
            options={"db_table": "articles_byline", "managed": False},
        ),
    ]
