"""Load the demo content of ``demo/content/`` into the database.

The content is data, not code: TOML files a journalist can edit (their
format: ``demo/content/README.md``), read by ``read_content``.

Each object has a natural key: sections, tags and authors their slug; quotes
their speaker and words in the language they were said in; articles their
original language and the slug in that language. The loader creates what is
missing and leaves rows that already exist exactly as they are, so running it
again duplicates nothing and keeps edits made since.
"""

import functools
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from articles.models import Article, Byline, Section
from authors.models import Author
from core.dates import BAKU
from core.i18n import LANGUAGE_CODES, column
from core.text import ascii_slug
from demo.images import lead_image, portrait
from frontpage.models import Placement
from newsroom import history
from pages.models import Page
from photos.models import Photo
from quotes.models import Quote
from tags.models import Tag


class DemoError(Exception):
    """The demo content cannot be read, or the database is not ready for it."""


CONTENT_DIR = Path(__file__).resolve().parent / "content"
_QUOTE_KEY = re.compile(r'data-quote="@([\w-]+)"')
# articles/NN-key.toml: NN orders the articles, key names the lead image.
_ARTICLE_FILE = re.compile(r"(?P<number>\d+)-(?P<key>[a-z0-9]+(?:-[a-z0-9]+)*)")


@dataclass(frozen=True)
class Content:
    sections: list
    tags: list
    authors: list
    accounts: list
    quotes: dict
    articles: list
    pages: list = ()


def _read_toml(path):
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DemoError(f"{path}: {error}") from error


def read_content(directory=CONTENT_DIR):
    """Read the demo content files of ``directory`` (see its README.md)."""
    numbered = []
    for path in (directory / "articles").glob("*.toml"):
        if not (match := _ARTICLE_FILE.fullmatch(path.stem)):
            raise DemoError(f"{path}: name article files NN-key.toml, e.g. 07-labour-migration")
        numbered.append((int(match["number"]), match["key"], path))
    return Content(
        sections=_read_toml(directory / "sections.toml")["sections"],
        tags=_read_toml(directory / "tags.toml")["tags"],
        authors=_read_toml(directory / "authors.toml")["authors"],
        accounts=_read_toml(directory / "accounts.toml")["accounts"],
        quotes=_read_toml(directory / "quotes.toml"),
        articles=[{"key": key, **_read_toml(path)} for _, key, path in sorted(numbered)],
        pages=_read_toml(directory / "pages.toml")["pages"]
        if (directory / "pages.toml").exists()
        else [],
    )


@functools.cache
def demo_content():
    """The demo content of ``CONTENT_DIR``, read once per process."""
    return read_content()


def translated(field: str, values: dict) -> dict:
    """``{"ru": "…"}`` → ``{"<field>_ru": "…", "<field>_az": "", "<field>_en": ""}``."""
    return {column(field, code): values.get(code, "") for code in LANGUAGE_CODES}


def moment(spec, now):
    """Resolve a ``published`` value relative to ``now``.

    ``{days_ago = 48, at = "09:30"}``: that Baku clock time, ``days_ago`` days
    before ``now``; ``{days_ahead = 1}``: ``days_ahead`` days after ``now``.
    """
    if "days_ahead" in spec:
        return now + timedelta(days=spec["days_ahead"])
    days, clock = spec["days_ago"], spec["at"]
    day = timezone.localtime(now, BAKU).date() - timedelta(days=days)
    result = datetime.combine(day, time.fromisoformat(clock), tzinfo=BAKU)
    if result > now:
        raise ValueError(f"{{days_ago = {days}, at = {clock!r}}} is not in the past")
    return result


class DemoLoader:
    def __init__(self, now=None, content=None):
        self.now = now or timezone.now()
        self.content = content or demo_content()
        self.created = Counter()

    def load(self):
        """Load everything; return a Counter of what was created, by kind."""
        sections = self._by_slug(Section, self.content.sections, self._section)
        tags = self._by_slug(Tag, self.content.tags, self._tag)
        authors = self._by_slug(Author, self.content.authors, self._author)
        quotes = self._quotes(tags)
        self._articles(sections, tags, authors, quotes)
        self._pages()
        return self.created

    # Site pages: one per kind, keyed by it.

    def _pages(self):
        existing = set(Page.objects.values_list("kind", flat=True))
        missing = [
            Page(
                kind=row["kind"],
                **translated("title", row["title"]),
                **translated("body", row["body"]),
            )
            for row in self.content.pages
            if row["kind"] not in existing
        ]
        Page.objects.bulk_create(missing)
        self.created["site pages"] += len(missing)

    # Sections, tags, authors: keyed by slug, created in bulk.

    def _by_slug(self, model, rows, build):
        slugs = [row["slug"] for row in rows]
        existing = set(model.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        missing = [build(row) for row in rows if row["slug"] not in existing]
        model.objects.bulk_create(missing)
        self.created[str(model._meta.verbose_name_plural)] += len(missing)
        return model.objects.in_bulk(slugs, field_name="slug")

    @staticmethod
    def _section(row):
        return Section(
            slug=row["slug"], position=row["position"], **translated("name", row["name"])
        )

    @staticmethod
    def _tag(row):
        return Tag(slug=row["slug"], kind=row["kind"], **translated("name", row["name"]))

    @staticmethod
    def _author(row):
        author = Author(
            slug=row["slug"],
            is_institution=row.get("is_institution", False),
            **translated("name", row["name"]),
            **translated("role", row["role"]),
            **translated("bio", row["bio"]),
        )
        if not author.is_institution:
            # Stored, and its renditions made, by bulk_create (fields' pre_save).
            author.photo = ContentFile(portrait(row["slug"]), name=f"{row['slug']}.jpg")
        return author

    # Quotes: keyed by speaker and words in the original language.

    def _quotes(self, tags):
        """Create the missing quotes; return ``{content key: Quote}``."""
        speakers = {tags[row["speaker"]] for row in self.content.quotes.values()}
        existing = {
            (quote.speaker_id, code, getattr(quote, column("text", code))): quote
            for quote in Quote.objects.filter(speaker__in=speakers)
            for code in LANGUAGE_CODES
        }
        result, missing = {}, {}
        for key, row in self.content.quotes.items():
            speaker = tags[row["speaker"]]
            language = row["language"]
            natural_key = (speaker.pk, language, row["text"][language])
            if natural_key in existing:
                result[key] = existing[natural_key]
                continue
            missing[key] = Quote(
                speaker=speaker,
                said_on=row.get("said_on"),
                **translated("text", row["text"]),
                **translated("speaker_role", row.get("speaker_role", {})),
                **translated("place", row.get("place", {})),
                **translated("source", row.get("source", {})),
            )
        Quote.objects.bulk_create(missing.values())
        self.created["quotes"] += len(missing)
        return result | missing

    # Articles: keyed by original language and the slug in it.

    @staticmethod
    def _slug(row, code):
        version = row[code]
        return version.get("slug") or ascii_slug(version["title"], max_length=120) or "article"

    def _existing_articles(self):
        wanted = Q(pk__in=[])
        for row in self.content.articles:
            code = row["original_language"]
            wanted |= Q(original_language=code, **{column("slug", code): self._slug(row, code)})
        return {
            (article.original_language, getattr(article, column("slug", article.original_language)))
            for article in Article.objects.filter(wanted)
        }

    def _articles(self, sections, tags, authors, quotes):
        existing = self._existing_articles()
        bylines, tagging, placements, created = [], [], [], []
        for row in self.content.articles:
            code = row["original_language"]
            if (code, self._slug(row, code)) in existing:
                continue
            article = self._article(row, sections[row["section"]], quotes)
            bylines += [
                Byline(article=article, author=authors[slug], position=position)
                for position, slug in enumerate(row["authors"])
            ]
            tagging += [
                Article.tags.through(article=article, tag=tags[slug]) for slug in row["tags"]
            ]
            # The editors' choice for the home pages: {language = "lead" | "featured"}.
            placements += [
                Placement(article=article, language=code, role=role)
                for code, role in row.get("front_page", {}).items()
            ]
            self.created["articles"] += 1
            created.append(article)
        Byline.objects.bulk_create(bylines)
        Article.tags.through.objects.bulk_create(tagging)
        # A lead already chosen in a language stays (one per language).
        Placement.objects.bulk_create(placements, ignore_conflicts=True)
        # Revision 1 once the tags and bylines are there: restoring it, or
        # comparing the next one with it, must not see them missing.
        for article in created:
            history.record_revision(article)

    def _article(self, row, section, quotes):
        def with_quote_ids(body):
            return _QUOTE_KEY.sub(lambda match: f'data-quote="{quotes[match[1]].pk}"', body)

        fields = {}
        for code in LANGUAGE_CODES:
            version = row.get(code, {})
            published = row["published"].get(code)
            fields |= {
                column("title", code): version.get("title", ""),
                column("slug", code): self._slug(row, code) if version else "",
                column("lead", code): version.get("lead", ""),
                column("body", code): with_quote_ids(version.get("body", "").strip()),
                # The caption is the library photo's (below); the article has none of its own.
                column("caption", code): "",
                column("search_description", code): version.get("search_description", ""),
                column("published_at", code): moment(published, self.now) if published else None,
            }
        photo = Photo(
            credit_kind=Photo.CreditKind.ILLUSTRATION,
            **{column("credit", code): "Turan" for code in LANGUAGE_CODES},
            **{column("alt", code): DEMO_ALT[code] for code in LANGUAGE_CODES},
            **{
                column("caption", code): row.get(code, {}).get("caption", "")
                for code in LANGUAGE_CODES
            },
        )
        image = lead_image(row["key"], row.get("palette", "caspian"))
        photo.image.save(f"{row['key']}.jpg", ContentFile(image), save=False)
        photo.save()
        article = Article(
            original_language=row["original_language"],
            section=section,
            lead_photo=photo,
            **fields,
        )
        # save(), not bulk_create: the post_save signal syncs the placed quotes.
        # The revision is recorded by _articles() once the relations exist.
        article.save(record_revision=False)
        return article


#: The demo's lead images are generated abstract pictures (demo/images.py).
DEMO_ALT = {
    "ru": "Абстрактная иллюстрация: цветной градиент, размытые круги и линия горизонта",
    "az": "Abstrakt illüstrasiya: rəngli keçid, bulanıq dairələr və üfüq xətti",
    "en": "Abstract illustration: a colour gradient, blurred circles and a horizon line",
}


def ensure_accounts(password):
    """Create the demo accounts if missing and give each ``password``.

    Runs on every load so the printed password always works: the accounts are
    made active staff (the admin a superuser), put in their group and linked
    to their author when that author has no account yet.
    """
    User = get_user_model()
    accounts = demo_content().accounts
    names = {row["group"] for row in accounts if row.get("group")}
    groups = Group.objects.in_bulk(names, field_name="name")
    if missing := names - set(groups):
        raise DemoError(
            f"Missing groups {', '.join(sorted(missing))}: run `manage.py migrate` first."
        )
    created = []
    for row in accounts:
        user, is_new = User.objects.get_or_create(
            username=row["username"],
            defaults={"first_name": row["first_name"], "last_name": row["last_name"]},
        )
        if is_new:
            created.append(user.username)
        user.is_active = user.is_staff = True
        if row.get("superuser"):
            user.is_superuser = True
        user.set_password(password)
        user.save()
        if row.get("group"):
            user.groups.add(groups[row["group"]])
        if row.get("author") and not Author.objects.filter(user=user).exists():
            Author.objects.filter(slug=row["author"], user__isnull=True).update(user=user)
    return created
