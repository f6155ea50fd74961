"""Bring a WordPress export into Turan: ``WXRImport(path, ...).run()``.

Two streaming passes over the file. The first reads only what items refer to
(authors, categories, attachments: their file and caption) and proves the
file well-formed and safe, so a hostile or truncated file is refused before
anything is written. The second maps posts onto articles, a batch of posts
per transaction: an interrupted import keeps every batch it committed, and a
rerun skips each post whose ``ImportedPost`` checksum is unchanged.

New articles are written in bulk with every guarantee of the newsroom's save
path: ``Article.objects.bulk_create`` sanitises bodies and fills slugs, the
lead image goes through ``core.uploads.clean_image`` and its renditions are
made by the field as on any save, the first revision and the translation
states are recorded as ``newsroom.history.record_revision`` records them, and
search documents, tag listings and the content version are the database's
(generated columns and triggers). A translation whose article already exists,
or a post changed since the last run, is applied by a plain save of the
locked row followed by ``record_revision``, as the editorial actions do.
"""

import hashlib
import json
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import reset_queries, transaction
from django.utils import timezone

from articles.models import Article, ArticleRevision, Byline, Section, TranslationState
from authors.models import Author
from core.i18n import LANGUAGE_CODES, column
from core.text import ascii_slug
from core.uploads import clean_image
from newsroom import history
from newsroom.history import (
    changed_fields,
    publication_events,
    snapshot_value,
    translated_columns,
)
from newsroom.outdated import has_translation, original_text
from pages.models import Page
from photos.models import Photo
from tags.models import Tag
from transfer import wxr
from transfer.content import plain_text, to_body, to_lead
from transfer.models import ImportedPost, OldAddress

BATCH_SIZE = 500
TEXT_FIELDS = ("title", "slug", "lead", "body", "caption", "search_description")
#: WordPress statuses → whether the version gets its moment.
PUBLISHED_STATUSES = {"publish", "future"}
UNPUBLISHED_STATUSES = {"draft", "pending", "private"}
WPML_LANGUAGE_KEYS = ("_wpml_language", "wpml_language", "_icl_lang_code", "wpml_lang")
WPML_GROUP_KEYS = ("_wpml_translation_group", "wpml_translation_group", "_icl_trid", "trid")


@dataclass
class Report:
    dry_run: bool = False
    posts_read: int = 0
    imported: Counter = field(default_factory=Counter)
    articles_created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)
    images_imported: int = 0
    images_missing: int = 0
    images_refused: int = 0
    redirects: int = 0
    sections_created: int = 0
    tags_created: int = 0
    authors_created: int = 0
    site_pages: Counter = field(default_factory=Counter)
    shortcodes_dropped: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def lines(self):
        per_language = ", ".join(f"{code} {self.imported[code]}" for code in LANGUAGE_CODES)
        skipped = ", ".join(f"{reason}: {n}" for reason, n in self.skipped.most_common()) or "none"
        dropped = ", ".join(f"[{name}] {n}" for name, n in self.shortcodes_dropped.most_common())
        rate = self.posts_read / self.seconds if self.seconds else 0
        return [
            ("Dry run: nothing was written." if self.dry_run else "Import finished."),
            f"Posts read: {self.posts_read}",
            f"Imported: {sum(self.imported.values())} ({per_language}) "
            f"into {self.articles_created} new articles",
            f"Updated: {self.updated}; unchanged: {self.unchanged}",
            f"Skipped: {sum(self.skipped.values())} ({skipped})",
            f"Sections created: {self.sections_created}; tags created: {self.tags_created}; "
            f"authors created: {self.authors_created}",
            f"Images imported: {self.images_imported}; missing: {self.images_missing}; "
            f"refused: {self.images_refused}",
            f"Redirects created: {self.redirects}",
            f"Site pages imported: {sum(self.site_pages.values())}"
            + (
                f" ({', '.join(f'{k} {n}' for k, n in sorted(self.site_pages.items()))})"
                if self.site_pages
                else ""
            ),
            f"Shortcodes dropped: {sum(self.shortcodes_dropped.values())}"
            + (f" ({dropped})" if dropped else ""),
            f"Time taken: {self.seconds:.1f} s ({rate:.0f} posts/s)",
        ]


@dataclass
class Entry:
    """One post, read and converted, ready to become an article's version."""

    wp_id: int
    language: str
    group: str
    checksum: str
    guid: str
    title: str
    slug: str
    lead: str
    body: str
    caption: str
    alt: str  # the featured image's alt text
    own_alt: bool  # read from the post's own <img>: in the post's language
    moment: object
    section: tuple  # (category nicename, name)
    tags: list  # [(nicename, name)]
    author: str  # login
    image: str  # path under uploads/
    old_paths: list


_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
# WordPress names a resized copy "<name>-<width>x<height>.<extension>".
_SIZED = re.compile(r"-\d+x\d+$")


def featured_alt(content, attachment_id, upload_path):
    """The ``alt`` of the post's ``<img>`` showing its featured image (the
    block editor's ``wp-image-<id>`` class, or the same file, resized or not),
    as plain text; "" when the post does not show it."""
    if not content or not (attachment_id or upload_path):
        return ""
    stem = Path(upload_path).stem if upload_path else ""
    for tag in _IMG.findall(content):
        parser = _Attributes()
        parser.feed(tag)
        attributes = parser.attributes
        classes = attributes.get("class", "").split()
        src = Path(unquote(urlsplit(attributes.get("src", "")).path)).stem
        if (attachment_id and f"wp-image-{attachment_id}" in classes) or (
            stem and _SIZED.sub("", src) == stem
        ):
            return " ".join(attributes.get("alt", "").split())[:300]
    return ""


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attributes = {}

    def handle_starttag(self, tag, attrs):
        self.attributes = {name: value or "" for name, value in attrs}


def normalise_path(path):
    """An address's path as old addresses are kept and looked up: decoded, no
    trailing slash."""
    path = unquote(path or "")
    if not path.startswith("/"):
        path = "/" + path
    return path.rstrip("/") or "/"


def old_paths(item):
    paths = []
    for url in (item.link, item.guid):
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        if "p" in query or "page_id" in query or "attachment_id" in query:
            continue  # the ?p=ID form: answered from ImportedPost.wp_id
        path = normalise_path(parts.path)
        if path != "/" and len(path) <= 500 and path not in paths:
            paths.append(path)
    return paths


def _language_code(value):
    return value.strip().lower().replace("_", "-").split("-")[0] if value else ""


class WXRImport:
    def __init__(
        self,
        path,
        *,
        media=None,
        language=None,
        section_map=None,
        page_map=None,
        dry_run=False,
        batch_size=BATCH_SIZE,
        progress=None,
    ):
        self.path = Path(path)
        self.media = Path(media).resolve() if media else None
        self.language = language
        self.section_map = section_map or {}
        # WordPress page slug → site page kind (pages.Page.Kind); other pages are skipped.
        self.page_map = page_map or {}
        self.pages = []  # (kind, language, title, body), written after the posts
        self.batch_size = batch_size
        self.report = Report(dry_run=dry_run)
        self.dry_run = dry_run
        self.progress = progress  # progress(done, total): after each batch
        self.authors = {}
        self.categories = {}
        self.attachments = {}
        self.posts_total = 0
        self.source = ""
        self._sections, self._tags, self._authors = {}, {}, {}
        # A dry run writes no ImportedPost: the groups it would have created, and
        # their languages, so a later batch's translation counts as joining them.
        self._planned = defaultdict(set)

    # Pass one: what posts refer to; proves the file readable before any write.

    def scan(self):
        channel = None
        for thing in wxr.read_wxr(self.path):
            if isinstance(thing, wxr.Channel):
                channel = thing
            elif isinstance(thing, wxr.Author):
                self.authors[thing.login] = thing.display_name
            elif isinstance(thing, wxr.Category):
                self.categories[thing.nicename] = thing.name
            elif thing.post_type == "attachment":
                self.attachments[thing.wp_id] = (
                    thing.upload_path(),
                    thing.excerpt.strip(),
                    plain_text(thing.meta.get("_wp_attachment_image_alt", ""))[:300],
                )
            else:
                self.posts_total += 1
        base = channel.base_site_url or channel.base_blog_url or channel.link
        self.source = (base or self.path.name).rstrip("/")[:200]
        for slug in set(self.section_map.values()):
            if not Section.objects.filter(slug=slug).exists():
                raise wxr.WXRError(f"--section-map names a section that does not exist: {slug}")

    # Pass two: posts → articles.

    def run(self):
        started = time.monotonic()
        self.scan()
        batch, done, reported = [], 0, -1
        for thing in wxr.read_wxr(self.path):
            if not isinstance(thing, wxr.Item) or thing.post_type == "attachment":
                continue
            self.report.posts_read += 1
            done += 1
            if (entry := self.entry(thing)) is not None:
                batch.append(entry)
            if len(batch) >= self.batch_size:
                self.flush(batch)
                batch = []
                if self.progress:
                    self.progress(done, self.posts_total)
                    reported = done
        if batch:
            self.flush(batch)
        if self.pages and not self.dry_run:
            self.write_site_pages()
        if self.progress and reported != done:
            self.progress(done, self.posts_total)
        self.report.seconds = time.monotonic() - started
        return self.report

    def site_page(self, item):
        """A WordPress page named in ``--page-map``, published, becomes that site
        page's version in its language; every other page is skipped."""
        kind = self.page_map.get(unquote(item.post_name))
        if kind is None:
            self.report.skipped["page (not in --page-map)"] += 1
            return
        language = self.language_of(item)
        if language not in LANGUAGE_CODES:
            self.report.skipped[f"page in language {language or '?'}"] += 1
            return
        if item.status not in PUBLISHED_STATUSES:
            self.report.skipped[f"page with status {item.status or '?'}"] += 1
            return
        body = to_body(item.content, self.report.shortcodes_dropped)
        title = plain_text(item.title)[:200]
        if not (title and body):
            self.report.skipped["page without title or body"] += 1
            return
        self.pages.append((kind, language, title, body))
        self.report.site_pages[kind] += 1

    def write_site_pages(self):
        """The mapped pages, through the site page's own save (sanitised, trimmed)."""
        with transaction.atomic():
            for kind, language, title, body in self.pages:
                page = Page.objects.filter(kind=kind).first() or Page(kind=kind)
                setattr(page, column("title", language), title)
                setattr(page, column("body", language), body)
                page.save()

    def language_of(self, item):
        for nicename, _text in item.terms_in("language"):
            return _language_code(nicename)
        for key in WPML_LANGUAGE_KEYS:
            if item.meta.get(key):
                return _language_code(item.meta[key])
        return self.language

    @staticmethod
    def group_of(item):
        for nicename, _text in item.terms_in("post_translations"):
            return f"polylang:{nicename}"
        for key in WPML_GROUP_KEYS:
            if item.meta.get(key):
                return f"wpml:{item.meta[key]}"
        return f"post:{item.wp_id}"

    def entry(self, item):
        """Convert one item, or count why it is skipped and return None."""
        skip = self.report.skipped
        if item.post_type == "page":
            self.site_page(item)
            return None
        if item.post_type != "post":
            skip[f"post type {item.post_type or '?'}"] += 1
            return None
        if item.status not in PUBLISHED_STATUSES | UNPUBLISHED_STATUSES:
            skip[f"status {item.status or '?'}"] += 1
            return None
        if not item.wp_id:
            skip["no post id"] += 1
            return None
        language = self.language_of(item)
        if not language:
            skip["no language (give --language)"] += 1
            return None
        if language not in LANGUAGE_CODES:
            skip[f"language {language}"] += 1
            return None
        try:
            thumbnail = int(item.meta.get("_thumbnail_id") or 0)
        except ValueError:
            thumbnail = 0
        image, caption, attachment_alt = self.attachments.get(thumbnail, ("", "", ""))
        # The featured image's <img alt> in the post (written in its language),
        # else the attachment's; never the caption (screen readers would hear
        # it twice).
        own_alt = featured_alt(item.content, thumbnail, image)
        alt = own_alt or attachment_alt
        categories = item.terms_in("category") or [("uncategorized", "Uncategorized")]
        nicename, name = categories[0]
        group = self.group_of(item)
        checksum = hashlib.sha256(
            json.dumps(
                [
                    item.title, item.content, item.excerpt, item.status, item.date_gmt,
                    item.date, item.post_name, item.terms, item.creator, item.link, item.guid,
                    image, caption, language, group,
                    # Only when there is one: posts imported before alt texts
                    # were keep their checksum, and are not taken for changed.
                    *([alt] if alt else []),
                ],
                ensure_ascii=False,
            ).encode()
        ).hexdigest()  # fmt: skip
        moment = item.moment() if item.status in PUBLISHED_STATUSES else None
        body = to_body(item.content, self.report.shortcodes_dropped)
        title = plain_text(item.title)[:300]
        if not (title and body):
            moment = None  # a moment needs the version's title and body
        return Entry(
            wp_id=item.wp_id,
            language=language,
            group=group[:200],
            checksum=checksum,
            guid=item.guid[:500],
            title=title,
            slug=ascii_slug(unquote(item.post_name), max_length=120),
            lead=to_lead(item.excerpt, body, self.report.shortcodes_dropped),
            body=body,
            caption=caption[:300],
            alt=alt,
            own_alt=bool(own_alt),
            moment=moment,
            section=(nicename, self.categories.get(nicename) or name or nicename),
            tags=item.terms_in("post_tag"),
            author=item.creator,
            image=image,
            old_paths=old_paths(item),
        )

    # Writing a batch

    def flush(self, batch):
        with transaction.atomic():
            self._flush(batch)
        # With DEBUG on, Django keeps every query's SQL: a long import's would add up.
        reset_queries()

    def _flush(self, batch):
        source = self.source
        existing = {
            post.wp_id: post
            for post in ImportedPost.objects.filter(
                source=source, wp_id__in=[entry.wp_id for entry in batch]
            )
        }
        groups = dict(
            ImportedPost.objects.filter(
                source=source, group__in={entry.group for entry in batch}
            ).values_list("group", "article_id")
        )
        creates, merges, changes = {}, [], []
        for entry in batch:
            post = existing.get(entry.wp_id)
            if post is not None:
                if post.checksum == entry.checksum:
                    self.report.unchanged += 1
                else:
                    changes.append((post, entry))
            elif entry.group in groups:
                merges.append((groups[entry.group], entry))
            elif entry.group in self._planned:
                if entry.language in self._planned[entry.group]:
                    self.report.skipped["a second post in one language of a group"] += 1
                else:
                    self._planned[entry.group].add(entry.language)
                    merges.append((None, entry))
            elif entry.group in creates:
                if any(other.language == entry.language for other in creates[entry.group]):
                    self.report.skipped["a second post in one language of a group"] += 1
                else:
                    creates[entry.group].append(entry)
            else:
                creates[entry.group] = [entry]
        # A group's second post in one language is skipped, whichever batch it is
        # in (a dry run's planned groups were checked above: pk None).
        locked = Article.objects.select_for_update().in_bulk(
            {pk for pk, _entry in merges if pk is not None}
            | {post.article_id for post, _entry in changes}
        )
        taken = defaultdict(set)
        for post in ImportedPost.objects.filter(article__in=locked).only("article", "language"):
            taken[post.article_id].add(post.language)
        kept_merges = []
        for pk, entry in merges:
            if pk is not None and entry.language in taken[pk]:
                self.report.skipped["a second post in one language of a group"] += 1
            else:
                taken[pk].add(entry.language)
                kept_merges.append((pk, entry))
        merges = kept_merges

        every = [entry for entries in creates.values() for entry in entries]
        every += [entry for _pk, entry in merges] + [entry for _post, entry in changes]
        self._resolve_taxonomy(every)
        self.report.updated += len(changes)
        for entry in every[: len(every) - len(changes)]:
            self.report.imported[entry.language] += 1
        self.report.articles_created += len(creates)
        if self.dry_run:
            for group, entries in creates.items():
                self._planned[group].update(entry.language for entry in entries)
            for entry in every:
                if entry.image:
                    self._image(entry)
            self._count_new_addresses(every)
            return
        articles = self._create(list(creates.values()))
        for pk, entry in merges:
            self._apply_to_existing(locked[pk], entry, post=None)
        for post, entry in changes:
            self._apply_to_existing(locked[post.article_id], entry, post=post)
        addresses = [
            (path, article.pk, entry.language)
            for article, entries in zip(articles, creates.values(), strict=True)
            for entry in entries
            for path in entry.old_paths
        ]
        addresses += [
            (path, pk, entry.language) for pk, entry in merges for path in entry.old_paths
        ]
        addresses += [
            (path, post.article_id, entry.language)
            for post, entry in changes
            for path in entry.old_paths
        ]
        self._write_addresses(addresses)

    def _count_new_addresses(self, entries):
        paths = {path for entry in entries for path in entry.old_paths}
        known = set(OldAddress.objects.filter(path__in=paths).values_list("path", flat=True))
        self.report.redirects += len(paths - known)

    def _write_addresses(self, addresses):
        paths = {path for path, _pk, _code in addresses}
        known = set(OldAddress.objects.filter(path__in=paths).values_list("path", flat=True))
        rows, seen = [], set(known)
        for path, pk, code in addresses:
            if path not in seen:
                seen.add(path)
                rows.append(OldAddress(path=path, article_id=pk, language=code))
        OldAddress.objects.bulk_create(rows)
        self.report.redirects += len(rows)

    # Sections, tags and authors: matched by slug, created when missing.

    def _resolve_taxonomy(self, entries):
        sections, tags, authors = {}, {}, {}
        for entry in entries:
            nicename, name = entry.section
            if nicename in self.section_map:
                slug = self.section_map[nicename]
            else:
                slug = ascii_slug(nicename or name, max_length=60) or "archive"
            entry.section = slug
            sections.setdefault(slug, (entry.language, name))
            slugs = []
            for tag_nicename, tag_name in entry.tags:
                tag_slug = ascii_slug(tag_nicename or tag_name, max_length=120)
                if tag_slug and tag_slug not in slugs:
                    slugs.append(tag_slug)
                    tags.setdefault(tag_slug, (entry.language, tag_name or tag_nicename))
            entry.tags = slugs
            login = entry.author
            entry.author = ascii_slug(login, max_length=120) if login else ""
            if entry.author:
                authors.setdefault(entry.author, self.authors.get(login) or login)

        def named(model, field, **extra):
            def build(slug, value):
                code, text = value
                name = column(field, code)
                limit = model._meta.get_field(name).max_length
                return model(slug=slug, **{name: text[:limit]}, **extra)

            return build

        self.report.sections_created += self._ensure(
            Section, self._sections, sections, named(Section, "name")
        )
        self.report.tags_created += self._ensure(
            Tag, self._tags, tags, named(Tag, "name", kind=Tag.Kind.TOPIC)
        )
        self.report.authors_created += self._ensure(
            Author,
            self._authors,
            authors,
            lambda slug, name: Author(
                slug=slug, **{column("name", code): name[:200] for code in LANGUAGE_CODES}
            ),
        )

    def _ensure(self, model, cache, wanted, build):
        """Fill ``cache`` (slug → pk) for ``wanted`` (slug → data); create the
        missing rows (none in a dry run). Return how many were missing."""
        missing = [slug for slug in wanted if slug not in cache]
        if not missing:
            return 0
        cache.update(model.objects.filter(slug__in=missing).values_list("slug", "pk"))
        new = [slug for slug in missing if slug not in cache]
        if not new:
            return 0
        if self.dry_run:
            cache.update(dict.fromkeys(new))
            return len(new)
        model.objects.bulk_create([build(slug, wanted[slug]) for slug in new])
        cache.update(model.objects.filter(slug__in=new).values_list("slug", "pk"))
        return len(new)

    # Images

    def _photo(self, entry, translations=()):
        """The post's featured image as a new library photo, with its alt text
        in the post's language, and in the language of each of ``translations``
        showing the same file whose own ``<img>`` describes it (an attachment's
        alt is one text for every language: the post's only); None if unusable."""
        clean = self._image(entry)
        if clean is None:
            return None
        photo = Photo()
        if entry.alt:
            setattr(photo, column("alt", entry.language), entry.alt)
        for version in translations:
            if version is not entry and version.own_alt and version.image == entry.image:
                setattr(photo, column("alt", version.language), version.alt)
        # Stored and given its renditions and crops as an upload is.
        photo.image.save(clean.name, clean, save=False)
        photo.save()
        return photo

    def _describe(self, photo, entry):
        """Give an imported lead photo the alt text of a translation imported
        later, when the photo has none in its language and is of the same file
        (the cleaned upload keeps the original's name)."""
        name = column("alt", entry.language)
        if getattr(photo, name) or not entry.image:
            return
        stem = ascii_slug(Path(entry.image).stem)
        if stem and ascii_slug(Path(photo.image.name).stem) == stem:
            setattr(photo, name, entry.alt)
            photo.save(update_fields=[name])

    def _image(self, entry):
        """The post's featured image, cleaned as an upload is; None if unusable."""
        if not entry.image:
            return None
        if self.media is None:
            self.report.images_missing += 1
            return None
        path = (self.media / entry.image).resolve()
        if not path.is_relative_to(self.media) or not path.is_file():
            self.report.images_missing += 1
            return None
        try:
            with path.open("rb") as file:
                clean = clean_image(File(file, name=path.name))
        except (OSError, ValidationError):
            self.report.images_refused += 1
            return None
        self.report.images_imported += 1
        return clean

    # Articles

    def _set_version(self, article, entry):
        code = entry.language
        values = {
            "title": entry.title,
            "slug": entry.slug,
            "lead": entry.lead,
            "body": entry.body,
            "published_at": entry.moment,
        }
        for name, value in values.items():
            setattr(article, column(name, code), value)
        if entry.caption or entry.image:
            setattr(article, column("caption", code), entry.caption)

    def _create(self, groups):
        articles = []
        for entries in groups:
            first = entries[0]
            article = Article(
                original_language=first.language,
                section_id=self._sections[first.section],
                # As the admin stores a version nobody wrote: empty, not NULL.
                **{column(name, code): "" for name in TEXT_FIELDS for code in LANGUAGE_CODES},
            )
            for entry in entries:
                self._set_version(article, entry)
                if not article.lead_photo_id and entry.image:
                    if (photo := self._photo(entry, entries)) is not None:
                        article.lead_photo = photo
            articles.append(article)
        # Sanitises the bodies and fills blank slugs (the photos are saved already).
        Article.objects.bulk_create(articles)
        tagging, bylines, posts, revisions, states = [], [], [], [], []
        now = timezone.now()
        for article, entries in zip(articles, groups, strict=True):
            tag_ids = list(dict.fromkeys(self._tags[s] for entry in entries for s in entry.tags))
            author_ids = list(dict.fromkeys(self._authors[e.author] for e in entries if e.author))
            tagging += [Article.tags.through(article=article, tag_id=pk) for pk in tag_ids]
            bylines += [
                Byline(article=article, author_id=pk, position=position)
                for position, pk in enumerate(author_ids)
            ]
            posts += [self._imported_post(article, entry) for entry in entries]
            # newsroom.history.take_snapshot, from what was just written.
            snapshot = {
                name: snapshot_value(getattr(article, name)) for name in translated_columns()
            }
            snapshot.update(
                original_language=article.original_language,
                section=article.section_id,
                tags=sorted(tag_ids),
                authors=author_ids,
                lead_photo=article.lead_photo_id,
            )
            revisions.append(
                ArticleRevision(
                    article=article,
                    number=1,
                    kind=ArticleRevision.Kind.CREATED,
                    created_at=now,
                    snapshot=snapshot,
                    changed_fields=changed_fields(None, snapshot),
                    events=publication_events(None, snapshot, now),
                )
            )
            source = original_text(article)
            states += [
                TranslationState(
                    article=article,
                    language=code,
                    source_language=article.original_language,
                    source=source,
                    updated_at=now,
                )
                for code in LANGUAGE_CODES
                if code != article.original_language and has_translation(article, code)
            ]
        Article.tags.through.objects.bulk_create(tagging)
        Byline.objects.bulk_create(bylines)
        ImportedPost.objects.bulk_create(posts)
        ArticleRevision.objects.bulk_create(revisions)
        TranslationState.objects.bulk_create(states)
        return articles

    def _imported_post(self, article, entry):
        return ImportedPost(
            source=self.source,
            wp_id=entry.wp_id,
            language=entry.language,
            guid=entry.guid,
            group=entry.group,
            checksum=entry.checksum,
            article=article,
        )

    def _apply_to_existing(self, article, entry, post):
        """A translation of an article already here, or a post changed since the
        last run: the row's save and a revision, as the editorial actions do."""
        self._set_version(article, entry)
        if not article.lead_photo_id and entry.image:
            if (photo := self._photo(entry)) is not None:
                article.lead_photo = photo
        elif article.lead_photo_id and entry.own_alt:
            self._describe(article.lead_photo, entry)
        article.save(record_revision=False)
        if entry.tags:
            article.tags.add(*(self._tags[slug] for slug in entry.tags))
        if entry.author:
            author = self._authors[entry.author]
            if not article.bylines.filter(author_id=author).exists():
                position = article.bylines.count()
                Byline.objects.create(article=article, author_id=author, position=position)
        history.record_revision(article)
        if post is None:
            self._imported_post(article, entry).save()
        else:
            post.checksum, post.language, post.group = entry.checksum, entry.language, entry.group
            post.guid = entry.guid
            post.save()
