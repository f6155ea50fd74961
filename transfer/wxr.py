"""Read a WordPress eXtended RSS export (WXR 1.0–1.2) as a stream.

``read_wxr(path)`` yields the channel's header objects (authors, categories)
and its items one at a time; each element is dropped from the tree once read,
so a file of any size is read in the memory of its largest item.

The parser is defusedxml's: a DOCTYPE, an entity declaration or an external
reference is refused (``UnsafeWXR``) before anything past it is read, so a
billion-laughs or XXE file never expands; a file that is not well-formed
raises ``BrokenWXR`` with the line it broke at.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from core.dates import BAKU


class WXRError(Exception):
    """The file cannot be imported; nothing was written."""


class UnsafeWXR(WXRError):
    pass


class BrokenWXR(WXRError):
    pass


_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}


def _local(tag):
    """``{http://wordpress.org/export/1.2/}post_id`` → ``wp:post_id``."""
    if tag[:1] != "{":
        return tag
    uri, _, name = tag[1:].partition("}")
    if uri.startswith("http://wordpress.org/export/"):
        return ("excerpt:" if uri.endswith("/excerpt/") else "wp:") + name
    return f"{_NAMESPACES.get(uri, uri)}:{name}"


@dataclass
class Author:
    login: str
    display_name: str


@dataclass
class Category:
    nicename: str
    name: str


@dataclass
class Item:
    wp_id: int
    post_type: str
    status: str
    title: str = ""
    link: str = ""
    guid: str = ""
    content: str = ""
    excerpt: str = ""
    post_name: str = ""
    date_gmt: str = ""
    date: str = ""
    creator: str = ""
    attachment_url: str = ""
    #: ``(domain, nicename, text)`` of each ``<category>``, in order.
    terms: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def terms_in(self, domain):
        return [(nicename, text) for d, nicename, text in self.terms if d == domain]

    def moment(self):
        """The post's moment, aware: ``post_date_gmt`` as UTC; when WordPress left
        it empty (drafts keep ``0000-00-00``), ``post_date`` as Baku time."""
        for value, zone in ((self.date_gmt, UTC), (self.date, BAKU)):
            try:
                return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
            except ValueError:
                continue
        return None

    def upload_path(self):
        """The attachment's file under ``wp-content/uploads/`` ("2017/11/a.jpg")."""
        path = unquote(urlsplit(self.attachment_url).path)
        marker = "/uploads/"
        return path.split(marker, 1)[1] if marker in path else ""


@dataclass
class Channel:
    base_site_url: str = ""
    base_blog_url: str = ""
    link: str = ""
    wxr_version: str = ""


_ITEM_TEXT = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:post_name": "post_name",
    "wp:post_date_gmt": "date_gmt",
    "wp:post_date": "date",
    "dc:creator": "creator",
    "wp:attachment_url": "attachment_url",
}


def _text(element):
    return (element.text or "").strip() if element is not None else ""


def _item(element):
    values = {"terms": [], "meta": {}}
    wp_id, post_type, status = 0, "", ""
    for child in element:
        name = _local(child.tag)
        if name in _ITEM_TEXT:
            values[_ITEM_TEXT[name]] = child.text or ""
        elif name == "wp:post_id":
            try:
                wp_id = int(_text(child))
            except ValueError:
                wp_id = 0
            if not 0 < wp_id < 2**63:  # what PostgreSQL's bigint holds
                wp_id = 0
        elif name == "wp:post_type":
            post_type = _text(child)
        elif name == "wp:status":
            status = _text(child)
        elif name == "category":
            values["terms"].append(
                (child.get("domain", ""), unquote(child.get("nicename", "")), _text(child))
            )
        elif name == "wp:postmeta":
            key = value = ""
            for part in child:
                part_name = _local(part.tag)
                if part_name == "wp:meta_key":
                    key = _text(part)
                elif part_name == "wp:meta_value":
                    value = _text(part)
            values["meta"].setdefault(key, value)
    for name in ("title", "link", "guid", "post_name", "date_gmt", "date", "creator"):
        values[name] = values.get(name, "").strip()
    return Item(wp_id=wp_id, post_type=post_type, status=status, **values)


def _header(element, name):
    if name == "wp:author":
        fields = {_local(child.tag): _text(child) for child in element}
        return Author(
            login=fields.get("wp:author_login", ""),
            display_name=fields.get("wp:author_display_name", ""),
        )
    if name == "wp:category":
        fields = {_local(child.tag): _text(child) for child in element}
        return Category(
            nicename=unquote(fields.get("wp:category_nicename", "")),
            name=fields.get("wp:cat_name", ""),
        )
    return None


_CHANNEL_FIELDS = {
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
    "link": "link",
    "wp:wxr_version": "wxr_version",
}


class _Progress:
    """The file object handed to the parser, counting the bytes it has read."""

    def __init__(self, file):
        self.file = file
        self.read_bytes = 0

    def read(self, size=-1):
        data = self.file.read(size)
        self.read_bytes += len(data)
        return data


def read_wxr(path, on_bytes=None):
    """Yield the channel (once its header is read), authors, categories and items.

    ``on_bytes(n)``, if given, is called with the bytes read so far after each item.
    """
    with open(path, "rb") as raw:
        file = _Progress(raw)
        channel_element, channel, seen_channel = None, Channel(), False
        depth = 0
        try:
            for event, element in iterparse(
                file, events=("start", "end"), forbid_dtd=True, forbid_entities=True
            ):
                if event == "start":
                    depth += 1
                    if depth == 2 and _local(element.tag) == "channel":
                        channel_element = element
                    continue
                depth -= 1
                if depth != 2 or channel_element is None:
                    if depth == 0 and _local(element.tag) != "rss":
                        raise BrokenWXR("Not a WordPress export: the root element is not <rss>.")
                    continue
                # A direct child of <channel>: read it, then drop it from the tree.
                name = _local(element.tag)
                if name == "item":
                    if not seen_channel:
                        seen_channel = True
                        yield channel
                    yield _item(element)
                    if on_bytes is not None:
                        on_bytes(file.read_bytes)
                elif name in _CHANNEL_FIELDS:
                    setattr(channel, _CHANNEL_FIELDS[name], _text(element))
                elif (header := _header(element, name)) is not None:
                    yield header
                element.clear()
                channel_element.remove(element)
        except DefusedXmlException as error:
            raise UnsafeWXR(
                "Refused: the file declares a DTD, entities or external references "
                f"({type(error).__name__}), which a WordPress export never does. "
                "Nothing was imported."
            ) from error
        except ParseError as error:
            raise BrokenWXR(
                f"The file is not well-formed XML ({error}); it may be truncated. "
                "Nothing was imported."
            ) from error
        if channel_element is None:
            raise BrokenWXR("Not a WordPress export: no <rss><channel>.")
        if not seen_channel:
            yield channel
