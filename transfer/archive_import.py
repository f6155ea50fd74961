"""Read an archive written by ``transfer.archive`` back: ``ArchiveImport(path).run()``.

Three readings of the file, nothing written before the last:

1. the ZIP's directory and the manifest: a known format and version, member
   names that are safe to unpack (no absolute paths, no ``..``, no links, no
   encrypted or duplicated members), each member listed with its size, none
   larger than allowed (media: ``MAX_UPLOAD_SIZE``);
2. every record and item, parsed, checked and compared with the database as
   if it were imported, and every member's SHA-256 against the manifest; the
   images go through ``core.uploads.clean_image`` as an upload does;
3. only then, in one transaction, the writes: what differs from the
   database, through the models' own save paths (sanitised bodies, slugs,
   renditions made by the image fields, quotes kept in step with the bodies,
   a revision recorded by ``newsroom.history``).

Rows keep their archive ids: an article, section, tag, author, quote or
correction is matched by its id (the number in its URI), a site page by its
kind. Importing the same archive again finds everything unchanged and writes
nothing. Rows the archive does not have are left alone.
"""

import hashlib
import io
import json
import posixpath
import re
import stat
import time
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import reset_queries, transaction
from modeltranslation.translator import translator
from PIL import Image

from articles.models import Article, Byline, Correction, Section
from authors.models import Author
from core.db.transfer import reset_sequences
from core.i18n import LANGUAGE_CODES, column
from core.text import quote_ids, sanitize_html
from core.uploads import UnguessablePath, clean_image
from newsroom import history
from pages.models import Page
from photos.models import Photo
from quotes.models import Quote
from tags.models import Tag
from transfer.archive import (
    FORMAT,
    FORMAT_VERSION,
    ITEMS,
    MANIFEST,
    MAX_LINE,
    MAX_MANIFEST,
    MEDIA,
    RECORDS,
    SAFE_MEDIA,
    TEXT_FIELDS,
    ArchiveError,
    record_file,
)

#: Where a lead image may come from: the library's uploads, and the article
#: images that migration articles 0017 moved into it under their old names.
LEAD_IMAGE_FOLDERS = ("photos", "articles")

CHUNK = 1024 * 1024
#: Articles compared with the database (and written) together.
ARTICLE_BATCH = 200
PROGRESS_EVERY = 1000
#: Image metadata a stored original never carries (``clean_image`` drops it).
METADATA_KEYS = {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment", "photoshop"}


def parse_moment(value, where):
    if value is None:
        return None
    if not isinstance(value, str):
        raise ArchiveError(f"{where}: a moment must be a string")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ArchiveError(f"{where}: not a moment: {value[:40]!r}") from None
    if moment.tzinfo is None:
        raise ArchiveError(f"{where}: a moment without its offset: {value[:40]!r}")
    return moment


def _str(value, where, *, blank=True):
    if not isinstance(value, str) or (not blank and not value):
        raise ArchiveError(f"{where}: expected a string")
    return value


def _list(data, key, where):
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        raise ArchiveError(f"{where}: {key} must be a list of objects")
    return value


def _languages(data, key, where):
    """A record's translated field: ``{"ru": …, "az": …, "en": …}`` of strings (or null)."""
    value = data.get(key)
    if not isinstance(value, dict) or set(value) - set(LANGUAGE_CODES):
        raise ArchiveError(f"{where}: {key} must map languages to texts")
    return {
        code: None if value.get(code) is None else _str(value[code], f"{where}: {key}.{code}")
        for code in LANGUAGE_CODES
    }


#: The largest id a row may have (PostgreSQL's bigint).
MAX_ID = 2**63 - 1


def _id(value, where):
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_ID:
        raise ArchiveError(f"{where}: an id must be a positive integer")
    return value


def _by_role(entries, role):
    for entry in entries:
        if entry.get("role") == role:
            return entry
    return None


# Reading the file


class Reader:
    """The archive's members, checked against its manifest as they are read."""

    def __init__(self, path):
        self.path = str(path)
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise ArchiveError(f"{path}: not a readable archive ({error})") from None
        try:
            self._check_directory()
        except BaseException:
            self.zip.close()
            raise
        self.verified = set()

    def close(self):
        self.zip.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _check_directory(self):
        infos = self.zip.infolist()
        names = [info.filename for info in infos]
        if len(set(names)) != len(names):
            duplicate = next(name for name, n in Counter(names).items() if n > 1)
            raise ArchiveError(f"the archive holds {duplicate!r} twice")
        for info in infos:
            check_member_name(info.filename)
            # The file type, where the archiver wrote one (Unix): a link, a device...
            kind = stat.S_IFMT(info.external_attr >> 16)
            if info.is_dir() or (kind and kind != stat.S_IFREG):
                raise ArchiveError(f"{info.filename!r} is not a plain file (a link or a folder)")
            if info.flag_bits & 0x1:
                raise ArchiveError(f"{info.filename!r} is encrypted")
        if MANIFEST not in names:
            raise ArchiveError("no manifest.json: not a Turan archive")
        self.infos = {info.filename: info for info in infos}
        manifest_info = self.infos[MANIFEST]
        if manifest_info.file_size > MAX_MANIFEST:
            raise ArchiveError("manifest.json is larger than any manifest can be")
        try:
            with self.zip.open(MANIFEST) as file:
                manifest = json.loads(file.read(MAX_MANIFEST + 1))
        except (ValueError, UnicodeDecodeError):
            raise ArchiveError("manifest.json is not valid JSON") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise ArchiveError(f"manifest.json cannot be read ({error})") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ArchiveError("manifest.json does not describe a Turan archive")
        version = manifest.get("version")
        if version != FORMAT_VERSION:
            raise ArchiveError(
                f"archive format version {version!r} is not one this Turan reads "
                f"(it reads version {FORMAT_VERSION})"
            )
        members = manifest.get("members")
        if not isinstance(members, dict):
            raise ArchiveError("manifest.json lists no members")
        prefix = manifest.get("uriPrefix")
        if not isinstance(prefix, str) or not prefix:
            raise ArchiveError("manifest.json has no uriPrefix")
        present = set(self.infos) - {MANIFEST}
        if absent := sorted(set(members) - present):
            raise ArchiveError(f"listed in the manifest but absent: {absent[0]!r}")
        if extra := sorted(present - set(members)):
            raise ArchiveError(f"not listed in the manifest: {extra[0]!r}")
        for name in [ITEMS, *map(record_file, RECORDS)]:
            if name not in members:
                raise ArchiveError(f"the archive has no {name}")
        for name, entry in members.items():
            if (
                not isinstance(entry, dict)
                or not isinstance(entry.get("sha256"), str)
                or not re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])
                or not isinstance(entry.get("size"), int)
            ):
                raise ArchiveError(f"manifest.json: no checksum and size for {name!r}")
            if entry["size"] != self.infos[name].file_size:
                raise ArchiveError(f"{name}: its size is not the manifest's")
            if name.startswith(MEDIA) and entry["size"] > settings.MAX_UPLOAD_SIZE:
                raise ArchiveError(
                    f"{name}: {entry['size']} bytes, more than an upload may have "
                    f"({settings.MAX_UPLOAD_SIZE})"
                )
        self.manifest = manifest
        self.members = members
        self.prefix = prefix

    def _failed(self, name, error):
        return ArchiveError(f"{name} cannot be read ({error})")

    def _check_digest(self, name, digest):
        if digest.hexdigest() != self.members[name]["sha256"]:
            raise ArchiveError(f"{name}: checksum mismatch (the archive is damaged)")
        self.verified.add(name)

    def lines(self, name):
        """``(line number, object)`` for each line of a JSON Lines member."""
        digest = hashlib.sha256()
        try:
            with self.zip.open(name) as file:
                number = 0
                while line := file.readline(MAX_LINE + 1):
                    number += 1
                    digest.update(line)
                    if len(line) > MAX_LINE:
                        raise ArchiveError(f"{name} line {number}: longer than a line may be")
                    if not line.strip():
                        continue
                    try:
                        data = json.loads(line)
                    except (ValueError, UnicodeDecodeError):
                        raise ArchiveError(f"{name} line {number}: malformed JSON") from None
                    if not isinstance(data, dict):
                        raise ArchiveError(f"{name} line {number}: not a JSON object")
                    yield number, data
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise self._failed(name, error) from None
        self._check_digest(name, digest)

    def media(self, name):
        """The bytes of a media member, checked."""
        if name not in self.members or not name.startswith(MEDIA):
            raise ArchiveError(f"refers to {name!r}, which the archive does not hold")
        try:
            with self.zip.open(name) as file:
                data = file.read(settings.MAX_UPLOAD_SIZE + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise self._failed(name, error) from None
        self._check_digest(name, hashlib.sha256(data))
        return data

    def verify_rest(self):
        """Check the members nothing referred to."""
        for name in self.members:
            if name in self.verified:
                continue
            digest = hashlib.sha256()
            try:
                with self.zip.open(name) as file:
                    while chunk := file.read(CHUNK):
                        digest.update(chunk)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
                raise self._failed(name, error) from None
            self._check_digest(name, digest)


def check_member_name(name):
    """Refuse any member whose name could land outside the folder it is unpacked in."""
    if name in (MANIFEST, ITEMS) or name in map(record_file, RECORDS):
        return
    if (
        "\\" in name
        or "\x00" in name
        or name.startswith("/")
        or ".." in name.split("/")
        or posixpath.normpath(name) != name
        or not SAFE_MEDIA.match(name)
    ):
        raise ArchiveError(f"unsafe or unexpected member name in the archive: {name[:200]!r}")


# Importing


@dataclass
class Report:
    dry_run: bool = False
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    items: int = 0
    media: int = 0
    seconds: float = 0.0

    KINDS = ("article", "section", "tag", "author", "quote", "page")

    def lines(self):
        def row(kind):
            return (
                f"{kind}s: {self.created[kind]} new, {self.updated[kind]} changed, "
                f"{self.unchanged[kind]} unchanged"
            )

        return [
            "Dry run: nothing was written." if self.dry_run else "Import finished.",
            f"Items read: {self.items}",
            *(row(kind).capitalize() for kind in self.KINDS),
            f"Media files {'to store' if self.dry_run else 'stored'}: {self.media}",
            f"Time taken: {self.seconds:.1f} s",
        ]


def metadata_free(data):
    """Whether an image carries nothing but its pixels (as ``clean_image`` writes them)."""
    with Image.open(io.BytesIO(data)) as image:
        if METADATA_KEYS & set(image.info) or len(image.getexif()):
            return False
        return not getattr(image, "text", None)


class ArchiveImport:
    def __init__(self, path, *, dry_run=False, replace=False, progress=None):
        self.path = path
        self.dry_run = dry_run
        # Rows are matched by id: an archive of another site would overwrite
        # this one's articles of the same ids. Only when asked to.
        self.replace = replace
        self.progress = progress  # progress(stage, done, total)

    def run(self):
        started = time.monotonic()
        with Reader(self.path) as reader:
            self.reader = reader
            self.prefix = reader.prefix
            self._pass(write=False)
            reader.verify_rest()
            replaced = sum(self.report.updated.values())
            if replaced and not self.replace and not self.dry_run:
                raise ArchiveError(
                    f"it would change {replaced} existing rows of this database "
                    f"({', '.join(f'{count} {kind}s' for kind, count in self.report.updated.items() if count)}), "
                    "matched by id; check them with --dry-run, then pass --replace "
                    "to bring them to the archive's state"
                )
            if not self.dry_run:
                with transaction.atomic():
                    self._pass(write=True)
                    reset_sequences(WRITTEN)
        self.report.seconds = time.monotonic() - started
        return self.report

    def _pass(self, write):
        self.write = write
        self.report = Report(dry_run=self.dry_run)
        # Ids each record file brings (so later records may refer to them before they exist).
        self.known = {kind: set() for kind in ("section", "tag", "author", "quote")}
        self._exists = {}
        self._import_sections()
        self._import_tags()
        self._import_authors()
        self._import_quotes()
        self._import_pages()
        self._import_items()

    # References

    def _refers(self, kind, pk, model, where):
        if pk in self.known[kind]:
            return pk
        key = (kind, pk)
        if key not in self._exists:
            self._exists[key] = model.objects.filter(pk=pk).exists()
        if not self._exists[key]:
            raise ArchiveError(f"{where}: refers to {kind} {pk}, which neither the archive has")
        return pk

    def _uri_id(self, uri, kind, where):
        match = re.fullmatch(re.escape(self.prefix) + kind + r"/(\d+)", uri or "")
        if not match:
            raise ArchiveError(f"{where}: not a {kind} URI: {str(uri)[:80]!r}")
        return _id(int(match[1]), where)

    # One row: compared, then (in the writing pass) saved

    def _merge(self, kind, model, pk, values, where, *, lookup=None, exclude=()):
        """Bring the row ``pk`` (or found by ``lookup``) to ``values``; return it
        (unsaved in the checking pass)."""
        current = model.objects.filter(**(lookup or {"pk": pk})).first()
        obj = current or model(**({"pk": pk} if pk else {}))
        if current is not None and all(
            _same(getattr(current, name), value) for name, value in values.items()
        ):
            self.report.unchanged[kind] += 1
            return current
        for name, value in values.items():
            setattr(obj, name, value)
        try:
            obj.full_clean(
                exclude=[*exclude, *translated_bases(model)],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            raise ArchiveError(f"{where}: {_messages(error)}") from None
        slug = values.get("slug")
        if slug and model.objects.filter(slug=slug).exclude(pk=obj.pk).exists():
            raise ArchiveError(f"{where}: the slug {slug!r} belongs to another {kind} here")
        (self.report.created if current is None else self.report.updated)[kind] += 1
        if self.write:
            obj.save()
        return obj

    def _records(self, name):
        for number, data in self.reader.lines(record_file(name)):
            yield f"{record_file(name)} line {number}", data

    def _import_sections(self):
        for where, data in self._records("sections"):
            pk = _id(data.get("id"), where)
            values = {
                "slug": _str(data.get("slug"), where, blank=False),
                "position": data.get("position", 0),
                **_columns("name", _languages(data, "name", where)),
            }
            self._merge("section", Section, pk, values, where)
            self.known["section"].add(pk)

    def _import_tags(self):
        for where, data in self._records("tags"):
            pk = _id(data.get("id"), where)
            values = {
                "kind": _str(data.get("kind"), where),
                "slug": _str(data.get("slug"), where, blank=False),
                **_columns("name", _languages(data, "name", where)),
            }
            self._merge("tag", Tag, pk, values, where)
            self.known["tag"].add(pk)

    def _import_authors(self):
        for where, data in self._records("authors"):
            pk = _id(data.get("id"), where)
            institution = data.get("institution", False)
            if not isinstance(institution, bool):
                raise ArchiveError(f"{where}: institution must be true or false")
            values = {
                "slug": _str(data.get("slug"), where, blank=False),
                "is_institution": institution,
                **_columns("name", _languages(data, "name", where)),
                **_columns("role", _languages(data, "role", where)),
                **_columns("bio", _languages(data, "bio", where)),
            }
            photo = data.get("photo")
            current = Author.objects.filter(pk=pk).first()
            values["photo"] = self._image(
                photo, "authors", current.photo if current else None, where
            )
            self._merge("author", Author, pk, values, where, exclude=["photo"])
            self.known["author"].add(pk)

    def _import_quotes(self):
        for where, data in self._records("quotes"):
            pk = _id(data.get("id"), where)
            speaker = self._refers("tag", _id(data.get("speaker"), where), Tag, where)
            said_on = data.get("saidOn")
            if said_on is not None:
                try:
                    said_on = date.fromisoformat(_str(said_on, where))
                except ValueError:
                    raise ArchiveError(f"{where}: saidOn is not a date") from None
            values = {
                "speaker_id": speaker,
                "said_on": said_on,
                **_columns("text", _languages(data, "text", where)),
                **_columns("speaker_role", _languages(data, "speakerRole", where)),
                **_columns("place", _languages(data, "place", where)),
                **_columns("source", _languages(data, "source", where)),
            }
            self._merge("quote", Quote, pk, values, where, exclude=["speaker"])
            self.known["quote"].add(pk)

    def _import_pages(self):
        for where, data in self._records("pages"):
            kind = _str(data.get("kind"), where)
            if kind not in Page.Kind.values:
                raise ArchiveError(f"{where}: unknown page {kind[:40]!r}")
            bodies = _languages(data, "body", where)
            values = {
                **_columns(
                    "title",
                    {k: (v or "").strip() for k, v in _languages(data, "title", where).items()},
                ),
                **_columns(
                    "body", {code: sanitize_html(text or "") for code, text in bodies.items()}
                ),
            }
            self._merge("page", Page, None, {"kind": kind, **values}, where, lookup={"kind": kind})

    # Media

    def _photo(self, name, texts):
        """The library photo of the stored image ``name`` (None: no image): the one
        that holds it, else a new one with the archive's caption, alt and credit."""
        if not name:
            return None
        photo = Photo.objects.filter(image=name).first()
        if photo is None:
            photo = Photo(image=name, **texts)
            photo.save()
        return photo

    def _image(self, member, folder, current, where):
        """The stored name for the archive's ``member`` (None: no image): the
        current file when it is the same, else the member stored (in the
        writing pass; in the checking pass the name it would get)."""
        if member is None:
            return ""
        member = _str(member, where, blank=False)
        folders = (folder,) if isinstance(folder, str) else folder
        if not any(member.startswith(f"{MEDIA}{each}/") for each in folders):
            raise ArchiveError(f"{where}: {member[:80]!r} is not a {folders[0]} image")
        folder = next(each for each in folders if member.startswith(f"{MEDIA}{each}/"))
        data = self.reader.media(member)
        name = member[len(MEDIA) :]
        try:
            clean = clean_image(ContentFile(data, name=posixpath.basename(name)))
        except ValidationError as error:
            raise ArchiveError(
                f"{member}: refused as an upload would be: {_messages(error)}"
            ) from None
        if not metadata_free(data):
            data = clean.read()
            name = posixpath.join(posixpath.dirname(name), clean.name)
        if current and current.name == name and _stored_as(name, data):
            return name
        self.report.media += 1
        if not self.write:
            return name
        storage = default_storage
        if storage.exists(name):
            if _stored_as(name, data):
                return name
            name = UnguessablePath(folder)(None, posixpath.basename(name))
        return storage.save(name, ContentFile(data))

    # Articles

    def _import_items(self):
        total = (self.reader.manifest.get("counts") or {}).get("articles") or 0
        stage = "writing" if self.write else "checking"
        batch, group, pk, seen, done = [], [], None, set(), 0
        for number, data in self.reader.lines(ITEMS):
            self.report.items += 1
            where = f"{ITEMS} line {number}"
            item_pk, language = self._item_identity(data, where)
            if item_pk != pk:
                if group:
                    batch.append((pk, group))
                if len(batch) >= ARTICLE_BATCH:
                    self._import_batch(batch)
                    done += len(batch)
                    batch = []
                    if self.progress and done % PROGRESS_EVERY == 0:
                        self.progress(stage, done, total)
                if item_pk in seen:
                    raise ArchiveError(f"{where}: article {item_pk}'s items are not together")
                seen.add(item_pk)
                group, pk = [], item_pk
            if any(code == language for code, _where, _data in group):
                raise ArchiveError(f"{where}: a second {language} item of article {pk}")
            group.append((language, where, data))
        if group:
            batch.append((pk, group))
        self._import_batch(batch)
        done += len(batch)
        if self.progress:
            self.progress(stage, done, total)

    def _import_batch(self, batch):
        """Compare (and write) a batch of articles, read from the database together."""
        current = (
            Article.objects.filter(pk__in=[pk for pk, _group in batch])
            .prefetch_related("tags", "bylines", "corrections")
            .in_bulk()
        )
        for pk, group in batch:
            self._import_article(pk, group, current.get(pk))
        # With DEBUG on, Django keeps every query's SQL: a long import's adds up.
        reset_queries()

    def _item_identity(self, data, where):
        uri = data.get("uri")
        match = re.fullmatch(
            re.escape(self.prefix) + r"article/(\d+)/(" + "|".join(LANGUAGE_CODES) + ")",
            uri if isinstance(uri, str) else "",
        )
        if not match:
            raise ArchiveError(f"{where}: not an article version's URI: {str(uri)[:80]!r}")
        if data.get("language") != match[2] or data.get("type") != "text":
            raise ArchiveError(f"{where}: the item's language or type does not match its URI")
        return _id(int(match[1]), where), match[2]

    def _import_article(self, pk, group, current):
        where = group[0][1]
        first = group[0][2]
        alt = {entry.get("role"): entry.get("value") for entry in _list(first, "altIds", where)}
        original = alt.get("originalLanguage")
        if original not in LANGUAGE_CODES or alt.get("article") != str(pk):
            raise ArchiveError(f"{where}: altIds lack the article id or its original language")
        created_at = parse_moment(first.get("contentCreated"), where)
        columns = {column(name, code): "" for name in TEXT_FIELDS for code in LANGUAGE_CODES}
        columns.update({column("published_at", code): None for code in LANGUAGE_CODES})
        section, tags, authors, corrections, image = None, [], None, [], None
        photo_texts = {}
        for code, where, data in group:
            headline = _by_role(_list(data, "headlines", where), "main")
            descriptions = _list(data, "descriptions", where)
            body = _by_role(
                [b for b in _list(data, "bodies", where) if b.get("contentType") == "text/html"],
                "source",
            )
            texts = {
                "title": headline and headline.get("value"),
                "slug": data.get("slugline"),
                "lead": (_by_role(descriptions, "summary") or {}).get("value"),
                "search_description": (_by_role(descriptions, "seo") or {}).get("value"),
                "caption": (_by_role(descriptions, "caption") or {}).get("value"),
                "body": body and body.get("value"),
            }
            for name, value in texts.items():
                columns[column(name, code)] = _str(value or "", f"{where}: {name}")
            columns["body_" + code] = sanitize_html(columns["body_" + code])
            columns[column("published_at", code)] = parse_moment(data.get("firstCreated"), where)
            subjects = _list(data, "subjects", where)
            for entry in subjects:
                if entry.get("rel") == "section":
                    found = self._uri_id(entry.get("uri"), "section", where)
                    if section is not None and found != section:
                        raise ArchiveError(f"{where}: two sections for one article")
                    section = self._refers("section", found, Section, where)
            for group_name in ("subjects", "people", "organisations", "places"):
                for entry in _list(data, group_name, where):
                    if entry.get("rel") == "about":
                        tag = self._refers(
                            "tag", self._uri_id(entry.get("uri"), "tag", where), Tag, where
                        )
                        if tag not in tags:
                            tags.append(tag)
            ids = [
                self._refers(
                    "author", self._uri_id(entry.get("uri"), "author", where), Author, where
                )
                for entry in _list(data, "infoSources", where)
                if entry.get("role") == "author"
            ]
            if authors is not None and ids != authors:
                raise ArchiveError(f"{where}: its authors differ from another version's")
            authors = ids
            for association in _list(data, "associations", where):
                rel = association.get("rel")
                if rel == "leadImage":
                    renditions = _list(association, "renditions", where)
                    original_file = next((r for r in renditions if r.get("name") == "original"), {})
                    image = _str(original_file.get("href"), f"{where}: lead image", blank=False)
                    texts = _list(association, "descriptions", where)
                    photo_texts[column("credit", code)] = _str(
                        association.get("by", ""), f"{where}: credit"
                    )
                    for role, field in (("photoCaption", "caption"), ("photoAlt", "alt")):
                        value = (_by_role(texts, role) or {}).get("value") or ""
                        photo_texts[column(field, code)] = _str(value, f"{where}: {role}")
                elif rel in Correction.Kind.values:
                    corrections.append(self._correction(pk, code, association, where))
        if section is None:
            raise ArchiveError(f"{where}: article {pk} has no section")
        # The body places quotes by id: each must be one the archive (or this site) has.
        for code in LANGUAGE_CODES:
            for quote in quote_ids(columns["body_" + code]):
                self._refers("quote", _id(quote, where), Quote, where)
        values = {
            **columns,
            "original_language": original,
            "section_id": section,
        }
        current_photo = current.lead_photo if current is not None else None
        image_name = self._image(
            image, LEAD_IMAGE_FOLDERS, current_photo.image if current_photo else None, where
        )
        wanted_corrections = sorted(corrections, key=lambda c: c[0])
        if current is not None:
            same = (
                all(_same(getattr(current, name), value) for name, value in values.items())
                and (current_photo.image.name if current_photo else "") == image_name
                and sorted(t.pk for t in current.tags.all()) == sorted(tags)
                and [b.author_id for b in sorted(current.bylines.all(), key=_position)] == authors
                and sorted(_correction_row(c) for c in current.corrections.all())
                == wanted_corrections
                and (created_at is None or current.created_at == created_at)
            )
            if same:
                self.report.unchanged["article"] += 1
                return
        article = current or Article(pk=pk)
        for name, value in values.items():
            setattr(article, name, value)
        try:
            article.full_clean(
                exclude=[
                    "section",
                    "lead_photo",
                    "tags",
                    "authors",
                    "quotes",
                    *translated_bases(Article),
                ],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            raise ArchiveError(f"{where}: {_messages(error)}") from None
        (self.report.created if current is None else self.report.updated)["article"] += 1
        if not self.write:
            return
        if current is not None:
            Article.objects.select_for_update().filter(pk=pk).first()
        article.lead_photo = self._photo(image_name, photo_texts)
        article.save(record_revision=False, force_insert=current is None)
        article.tags.set(tags)
        if current is not None:
            Byline.objects.filter(article=article).delete()
        Byline.objects.bulk_create(
            Byline(article=article, author_id=author, position=position)
            for position, author in enumerate(authors or [])
        )
        if (
            current is None
            or sorted(_correction_row(c) for c in current.corrections.all()) != wanted_corrections
        ):
            if current is not None:
                Correction.objects.filter(article=article).delete()
            Correction.objects.bulk_create(
                Correction(
                    pk=c_pk, article=article, language=code, kind=kind, note=note, created_at=at
                )
                for c_pk, code, kind, note, at in wanted_corrections
            )
        if created_at is not None:
            Article.objects.filter(pk=pk).update(created_at=created_at)
        history.record_revision(article)

    def _correction(self, article_pk, language, association, where):
        match = re.fullmatch(
            re.escape(self.prefix) + rf"article/{article_pk}/{language}/correction/(\d+)",
            str(association.get("uri")),
        )
        if not match:
            raise ArchiveError(f"{where}: a correction's URI is not its article's")
        description = _by_role(_list(association, "descriptions", where), association["rel"])
        note = _str((description or {}).get("value"), f"{where}: correction", blank=False)
        if len(note) > 500:
            raise ArchiveError(f"{where}: a correction's note is longer than 500 characters")
        at = parse_moment(association.get("versionCreated"), where)
        if at is None:
            raise ArchiveError(f"{where}: a correction without its moment")
        return (_id(int(match[1]), where), language, association["rel"], note, at)


def translated_bases(model):
    """The translated fields' own names (``title``), which read and write the
    active language's column: only the ``<field>_<code>`` columns are set here."""
    return list(translator.get_options_for_model(model).fields)


def _position(byline):
    return (byline.position, byline.pk)


def _correction_row(correction):
    return (
        correction.pk,
        correction.language,
        correction.kind,
        correction.note,
        correction.created_at,
    )


def _columns(name, values):
    return {column(name, code): value for code, value in values.items()}


def _same(current, wanted):
    if hasattr(current, "name") and not isinstance(current, str):  # a FieldFile
        return (current.name or "") == (wanted or "")
    if current is None and wanted == "":
        return True
    return current == wanted


def _stored_as(name, data):
    """Whether storage holds ``data`` under ``name``."""
    storage = default_storage
    try:
        if not storage.exists(name) or storage.size(name) != len(data):
            return False
        digest = hashlib.sha256()
        with storage.open(name, "rb") as file:
            while chunk := file.read(CHUNK):
                digest.update(chunk)
    except OSError:
        return False
    return digest.digest() == hashlib.sha256(data).digest()


def _messages(error):
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(texts)}" for name, texts in error.message_dict.items())
    return " ".join(error.messages)


#: The rows an import writes with the archive's ids (and bylines, written anew).
WRITTEN = (Section, Tag, Author, Quote, Page, Article, Correction, Byline)
