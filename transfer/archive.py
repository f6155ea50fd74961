"""The portable archive: every article, as ninjs items, with what they refer to.

``export_archive(path)`` writes one ZIP file (docs/archive.md describes it):

- ``items.jsonl``: one ninjs 3.1 item per line, one per language version of
  every article, public or not, ordered by article and language;
- ``sections.jsonl``, ``tags.jsonl``, ``authors.jsonl``, ``quotes.jsonl``,
  ``pages.jsonl``: one JSON record per line, every language's text in it;
- ``media/<name>``: the originals of lead images and author photos, under
  their stored names (renditions are made again from them);
- ``manifest.json``, written last: the format and its version, when, the
  counts, and the SHA-256 and size of every other member.

Everything is streamed: articles are read with ``.iterator()`` a chunk at a
time and written line by line, media file by file, all in one read-only
snapshot of the database, so edits made meanwhile never half appear.

Non-public states are said with what ninjs has, since IPTC's schema admits no
extension properties: a version readers may see or will see is
``pubStatus: usable`` (with ``embargoedUntil`` while its moment is ahead), one
without a moment or without content is ``withheld``; ``firstCreated`` is the
moment whenever one is set. What ninjs has no field for rides in fields whose
role or relation is free: the stored body with its quote placements is a body
of role ``source``, the section a subject of relation ``section``, the
authors ``infoSources`` of role ``author``, corrections associations of
relation ``correction``/``update`` with their moment.

``transfer.archive_import`` reads the archive back.
"""

import hashlib
import json
import os
import posixpath
import re
import stat
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from datetime import UTC

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from articles.models import Article, Section, bylines_prefetch
from authors.models import Author
from core.db.transfer import consistent_snapshot
from core.i18n import LANGUAGE_CODES, column, localized
from core.text import ascii_slug, sanitize_html
from newsroom.diffs import html_to_text
from newswire.ninjs import body_html, image_uri, item_uri, relation, tag_uri
from pages.models import Page
from quotes.models import Quote
from tags.models import Tag

FORMAT = "turan-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ITEMS = "items.jsonl"
#: The record files, in the order the import needs them (each refers only to earlier ones).
RECORDS = ("sections", "tags", "authors", "quotes", "pages")
MEDIA = "media/"
#: Media members are named as stored; only these folders, only these characters.
SAFE_MEDIA = re.compile(r"^media/(articles|authors|photos)/[A-Za-z0-9_-][A-Za-z0-9._/-]{0,250}$")
MAX_MANIFEST = 256 * 1024 * 1024
#: One line of a JSON Lines member: an item or a record, never near this.
MAX_LINE = 32 * 1024 * 1024
CHUNK = 1024 * 1024
IMAGE_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
}
TEXT_FIELDS = ("title", "slug", "lead", "body", "caption", "search_description")


class ArchiveError(Exception):
    """The archive cannot be read or written; the message says why."""


def record_file(name):
    return f"{name}.jsonl"


def stamp(value):
    """A moment as the archive writes it: UTC, ISO 8601, to the microsecond."""
    return value.astimezone(UTC).isoformat()


def section_uri(prefix, pk):
    return f"{prefix}section/{pk}"


def author_uri(prefix, pk):
    return f"{prefix}author/{pk}"


def correction_uri(prefix, article_id, language, pk):
    return f"{prefix}article/{article_id}/{language}/correction/{pk}"


def translations(obj, field_name):
    """``{"ru": …, "az": …, "en": …}``: one translated field in every language, as
    stored (``null`` kept apart from ``""``: lists sort the two differently)."""
    return {code: getattr(obj, column(field_name, code)) for code in LANGUAGE_CODES}


def media_member(name):
    """The archive member for a stored file's ``name``: ``media/<name>`` when that
    name is safe to unpack anywhere, else a safe name made from it."""
    member = MEDIA + name
    if SAFE_MEDIA.match(member) and posixpath.normpath(member) == member:
        return member
    folder = (
        name.split("/", 1)[0]
        if name.split("/", 1)[0] in ("articles", "authors", "photos")
        else "articles"
    )
    stem, _dot, extension = posixpath.basename(name).rpartition(".")
    digest = hashlib.sha256(name.encode()).hexdigest()[:24]
    safe = ascii_slug(stem or "file", 80) or "file"
    extension = ascii_slug(extension, 8) or "bin"
    return f"{MEDIA}{folder}/x/{digest}/{safe}.{extension}"


def version_exists(article, code):
    """Whether the article has anything at all in ``code``: a text or a moment."""
    if getattr(article, column("published_at", code)) is not None:
        return True
    return any(getattr(article, column(name, code)) for name in TEXT_FIELDS)


def archived_languages(article):
    return [code for code in LANGUAGE_CODES if version_exists(article, code)] or [
        article.original_language
    ]


def pub_status(article, code):
    """``usable`` for a version with content and a moment (public or scheduled), else
    ``withheld`` (a draft, an unpublished version, a version without its text)."""
    v = article.version(code)
    return "usable" if v.has_content and v.published_at is not None else "withheld"


def _text(role, value):
    return {"role": role, "contentType": "text/plain", "value": value}


@dataclass
class Media:
    """The media files the archive will hold: stored name → member name."""

    members: dict = field(default_factory=dict)
    missing: int = 0
    _exists: dict = field(default_factory=dict)

    def add(self, file):
        """The member of ``file`` (a FieldFile), or None when storage lacks it."""
        name = file.name
        if name not in self._exists:
            self._exists[name] = file.storage.exists(name)
            if not self._exists[name]:
                self.missing += 1
        if not self._exists[name]:
            return None
        member = self.members.setdefault(name, media_member(name))
        return member


def article_item(article, language, languages, *, prefix, media, now):
    """The archive's ninjs item of ``article``'s ``language`` version."""
    v = article.version(language)
    data = {
        "uri": item_uri(article.pk, language),
        "type": "text",
        "representationType": "full",
        "contentCreated": stamp(article.created_at),
        "pubStatus": pub_status(article, language),
        "language": language,
        "copyrightHolder": str(settings.SITE_NAME),
    }
    if v.published_at is not None:
        data["firstCreated"] = stamp(v.published_at)
        if data["pubStatus"] == "usable" and v.published_at > now:
            data["embargoedUntil"] = stamp(v.published_at)
    if v.slug:
        data["slugline"] = v.slug
    if v.title:
        data["headlines"] = [_text("main", v.title)]
    descriptions = [
        _text(role, value)
        for role, value in (
            ("summary", v.lead),
            ("seo", v.search_description),
            ("caption", v.caption),
        )
        if value
    ]
    if descriptions:
        data["descriptions"] = descriptions
    if v.body:
        quotes = {quote.pk: quote for quote in article.quotes.all()}
        html = body_html(article, language, quotes)
        text = html_to_text(html)
        counts = {"charCount": len(text), "wordCount": len(text.split())}
        data["bodies"] = [
            {"role": "main", "contentType": "text/html", **counts, "value": html},
            {"role": "main", "contentType": "text/plain", **counts, "value": text},
            # As stored: quotes are placements (<figure data-quote="id">) into quotes.jsonl.
            {"role": "source", "contentType": "text/html", "value": sanitize_html(v.body)},
        ]
    section = article.section
    data["subjects"] = [
        {
            "name": localized(section, "name", language).text,
            "rel": "section",
            "uri": section_uri(prefix, section.pk),
            "literal": section.slug,
        }
    ]
    groups = {
        Tag.Kind.PERSON: "people",
        Tag.Kind.ORGANISATION: "organisations",
        Tag.Kind.PLACE: "places",
        Tag.Kind.TOPIC: "subjects",
    }
    for tag in sorted(article.tags.all(), key=lambda tag: tag.pk):
        data.setdefault(groups[tag.kind], []).append(
            {
                "name": localized(tag, "name", language).text,
                "rel": "about",
                "uri": tag_uri(tag.pk),
                "literal": tag.slug,
            }
        )
    authors = [byline.author for byline in article.bylines.all()]
    if authors:
        names = [localized(author, "name", language).text for author in authors]
        if names := [name for name in names if name]:
            data["by"] = ", ".join(names)
        data["infoSources"] = [
            {
                "name": localized(author, "name", language).text,
                "role": "author",
                "uri": author_uri(prefix, author.pk),
                "literal": author.slug,
            }
            for author in authors
        ]
    data["altIds"] = [
        {"role": "article", "value": str(article.pk)},
        {"role": "originalLanguage", "value": article.original_language},
        {"role": "url", "value": v.url},
    ]
    associations = []
    if article.lead_photo_id and (member := media.add(article.lead_photo.image)):
        associations.append(picture(article, language, member))
    for other in languages:
        if other != language:
            associations.append(
                {
                    "name": f"translation-{other}",
                    "rel": relation(article, language, other),
                    "uri": item_uri(article.pk, other),
                    "type": "text",
                    "language": other,
                    "pubStatus": pub_status(article, other),
                }
            )
    for correction in article.corrections_in(language):
        associations.append(
            {
                "name": f"{correction.kind}-{correction.pk}",
                "rel": correction.kind,
                "uri": correction_uri(prefix, article.pk, language, correction.pk),
                "type": "text",
                "language": language,
                "versionCreated": stamp(correction.created_at),
                "descriptions": [_text(correction.kind, correction.note)],
            }
        )
    if associations:
        data["associations"] = associations
    return data


def picture(article, language, member):
    """The lead photo: its original in the archive, the article's caption, the
    library photo's own caption and alt text (roles ``photoCaption``,
    ``photoAlt``), the alt text a reader gets, and the credit."""
    v = article.version(language)
    photo = article.lead_photo
    file = photo.image
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    original = {"name": "original", "href": member}
    if extension in IMAGE_TYPES:
        original["contentType"] = IMAGE_TYPES[extension]
    info = photo.renditions or {}
    if info.get("source") == file.name and info.get("width"):
        original.update(width=info["width"], height=info["height"])
    own = {
        "photoCaption": getattr(photo, column("caption", language)) or "",
        "photoAlt": getattr(photo, column("alt", language)) or "",
    }
    data = {
        "name": "leadImage",
        "rel": "leadImage",
        "uri": image_uri(article.pk),
        "type": "picture",
        "renditions": [original],
        "descriptions": [
            *([_text("caption", v.caption)] if v.caption else []),
            *(_text(role, text) for role, text in own.items() if text),
            _text("alt", article.lead_image_alt(language) or v.title),
        ],
    }
    if credit := getattr(photo, column("credit", language)) or "":
        data["by"] = credit
        data["copyrightHolder"] = credit
    return data


# Records: what items refer to, every language at once.


def section_record(section, prefix):
    return {
        "uri": section_uri(prefix, section.pk),
        "id": section.pk,
        "slug": section.slug,
        "position": section.position,
        "name": translations(section, "name"),
    }


def tag_record(tag, prefix):
    return {
        "uri": tag_uri(tag.pk),
        "id": tag.pk,
        "kind": tag.kind,
        "slug": tag.slug,
        "name": translations(tag, "name"),
    }


def author_record(author, prefix, media):
    return {
        "uri": author_uri(prefix, author.pk),
        "id": author.pk,
        "slug": author.slug,
        "name": translations(author, "name"),
        "role": translations(author, "role"),
        "bio": translations(author, "bio"),
        "institution": author.is_institution,
        "photo": (media.add(author.photo) if author.photo else None),
    }


def quote_record(quote, prefix):
    return {
        "uri": f"{prefix}quote/{quote.pk}",
        "id": quote.pk,
        "speaker": quote.speaker_id,
        "text": translations(quote, "text"),
        "speakerRole": translations(quote, "speaker_role"),
        "place": translations(quote, "place"),
        "source": translations(quote, "source"),
        "saidOn": quote.said_on.isoformat() if quote.said_on else None,
    }


def page_record(page, prefix):
    return {
        "kind": page.kind,
        "title": translations(page, "title"),
        "body": translations(page, "body"),
    }


# Writing


def _dumps(data):
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


@dataclass
class ExportReport:
    counts: dict = field(default_factory=dict)
    media_missing: int = 0
    size: int = 0
    seconds: float = 0.0

    def lines(self, path):
        counts = self.counts
        per_language = ", ".join(f"{code} {counts['languages'][code]}" for code in LANGUAGE_CODES)
        return [
            f"Archive written: {path} ({self.size / 1_048_576:.1f} MB)",
            f"Articles: {counts['articles']}; items: {counts['items']} ({per_language})",
            f"Sections: {counts['sections']}; tags: {counts['tags']}; "
            f"authors: {counts['authors']}; quotes: {counts['quotes']}; pages: {counts['pages']}",
            f"Corrections and updates: {counts['corrections']}",
            f"Media files: {counts['media']}"
            + (
                f" ({self.media_missing} missing from storage, left out)"
                if self.media_missing
                else ""
            ),
            f"Time taken: {self.seconds:.1f} s",
        ]


class _Writer:
    def __init__(self, archive):
        self.archive = archive
        self.members = {}

    def member(self, name, chunks):
        digest, size = hashlib.sha256(), 0
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        stored = name.startswith(MEDIA)
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        with self.archive.open(info, "w", force_zip64=True) as out:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        self.members[name] = {"sha256": digest.hexdigest(), "size": size}


def _file_chunks(storage, name):
    with storage.open(name, "rb") as file:
        while chunk := file.read(CHUNK):
            yield chunk


def export_archive(path, *, progress=None, now=None, chunk_size=200):
    """Write the archive to ``path`` (a temporary file renamed into place once
    complete); return an ``ExportReport``. ``progress(done, total)`` is called
    now and then while articles are written."""
    started = time.monotonic()
    now = now or timezone.now()
    prefix = settings.NEWSWIRE_URI_PREFIX
    media = Media()
    counts = {
        "articles": 0,
        "items": 0,
        "languages": dict.fromkeys(LANGUAGE_CODES, 0),
        "corrections": 0,
    }
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".export-", suffix=".zip", dir=folder)
    os.close(handle)
    try:
        with consistent_snapshot(), zipfile.ZipFile(temporary, "w", allowZip64=True) as archive:
            writer = _Writer(archive)

            def records(name, queryset, make):
                def lines():
                    for obj in queryset.iterator(chunk_size=1000):
                        counts[name] = counts.get(name, 0) + 1
                        yield _dumps(make(obj))

                counts[name] = 0
                writer.member(record_file(name), lines())

            records("sections", Section.objects.order_by("pk"), lambda o: section_record(o, prefix))
            records("tags", Tag.objects.order_by("pk"), lambda o: tag_record(o, prefix))
            records(
                "authors", Author.objects.order_by("pk"), lambda o: author_record(o, prefix, media)
            )
            records("quotes", Quote.objects.order_by("pk"), lambda o: quote_record(o, prefix))
            records("pages", Page.objects.order_by("kind"), lambda o: page_record(o, prefix))

            total = Article.objects.count()
            articles = (
                Article.objects.order_by("pk")
                .select_related("section", "lead_photo")
                .prefetch_related(
                    "tags",
                    bylines_prefetch(),
                    models.Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
                    models.Prefetch("corrections", queryset=_corrections()),
                )
            )

            def items():
                for article in articles.iterator(chunk_size=chunk_size):
                    # corrections_in() reads correction_log when present: give it the prefetch.
                    article.correction_log = [
                        {
                            "id": c.pk,
                            "language": c.language,
                            "kind": c.kind,
                            "note": c.note,
                            "created_at": c.created_at.isoformat(),
                        }
                        for c in article.corrections.all()
                    ]
                    counts["corrections"] += len(article.correction_log)
                    languages = archived_languages(article)
                    for code in languages:
                        counts["items"] += 1
                        counts["languages"][code] += 1
                        yield _dumps(
                            article_item(
                                article, code, languages, prefix=prefix, media=media, now=now
                            )
                        )
                    counts["articles"] += 1
                    if progress and (counts["articles"] % 1000 == 0):
                        progress(counts["articles"], total)
                if progress:
                    progress(counts["articles"], total)

            writer.member(ITEMS, items())
            for name, member in media.members.items():
                writer.member(member, _file_chunks(default_storage, name))
            counts["media"] = len(media.members)
            manifest = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "created": stamp(now),
                "site": str(settings.SITE_NAME),
                "uriPrefix": prefix,
                "languages": list(LANGUAGE_CODES),
                "counts": counts,
                "members": writer.members,
            }
            info = zipfile.ZipInfo(MANIFEST, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return ExportReport(
        counts=counts,
        media_missing=media.missing,
        size=os.path.getsize(path),
        seconds=time.monotonic() - started,
    )


def _corrections():
    from articles.models import Correction

    return Correction.objects.order_by("created_at", "pk")
