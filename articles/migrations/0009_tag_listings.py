# Related articles at archive scale: each (article, tag) row carries the
# moment every language version became public.
#
# "The newest public articles sharing a person or topic" used to gather every
# article of the page's tags, look each one up for its visibility and sort
# them: ~900 lookups for an article on five subjects of 100,000 articles, and
# tens of thousands for a subject like a head of state. With the moment on the
# tag's own row, an index on (tag, moment) answers it from the tag's rows alone.
#
# The columns belong to Django's many-to-many table for Article.tags, so
# Django's own writes (tags.add(), the admin) keep working unchanged: a
# trigger fills them when a row is inserted, and another copies an article's
# moments to its rows whenever its visibility in a language changes. Each is
# the article's published_at_<code> when that version has content (the
# visibility rule's content_q(): a title and a body), NULL otherwise; so
# "public at T" is "public_from_<code> <= T" there as on the article.
# articles.models.TagListing reads the table with these columns.

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
ALTER TABLE articles_article_tags
    {", ".join(f"ADD COLUMN public_from_{code} timestamptz" for code in LANGUAGES)};

CREATE FUNCTION turan_tag_listing_filled() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT {MOMENTS} INTO {", ".join(f"NEW.public_from_{code}" for code in LANGUAGES)}
        FROM articles_article a WHERE a.id = NEW.article_id;
    RETURN NEW;
END $$;

CREATE TRIGGER turan_tag_listing_filled
    BEFORE INSERT OR UPDATE OF article_id ON articles_article_tags
    FOR EACH ROW EXECUTE FUNCTION turan_tag_listing_filled();

CREATE FUNCTION turan_article_listed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article_tags SET ({COLUMNS}) = ROW({NEW_MOMENTS})
        WHERE article_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER turan_article_listed
    AFTER UPDATE ON articles_article
    FOR EACH ROW WHEN ({CHANGED})
    EXECUTE FUNCTION turan_article_listed();

{
    "".join(
        f'''
CREATE INDEX article_tags_public_{code} ON articles_article_tags
    (tag_id, public_from_{code} DESC, article_id DESC) WHERE public_from_{code} IS NOT NULL;'''
        for code in LANGUAGES
    )
}

-- Last: the content tables' deferred triggers queue an event per row
-- updated, and no index or trigger can be created on a table with queued events.
UPDATE articles_article_tags t SET ({COLUMNS}) = (SELECT {MOMENTS} FROM articles_article a
    WHERE a.id = t.article_id);

ANALYZE articles_article_tags;
"""

BACKWARD = f"""
DROP TRIGGER turan_article_listed ON articles_article;
DROP FUNCTION turan_article_listed();
DROP TRIGGER turan_tag_listing_filled ON articles_article_tags;
DROP FUNCTION turan_tag_listing_filled();
ALTER TABLE articles_article_tags
    {", ".join(f"DROP COLUMN public_from_{code}" for code in LANGUAGES)};
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_lead_image_renditions"),
        ("tags", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.CreateModel(
            name="TagListing",
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
                    "tag",
                    models.ForeignKey(
                        on_delete=models.deletion.DO_NOTHING, related_name="+", to="tags.tag"
                    ),
                ),
            ],
            options={"db_table": "articles_article_tags", "managed": False},
        ),
    ]
