"""Text helpers shared by every app: ASCII slugs and rich-text sanitising."""

import re
from typing import NamedTuple

import nh3
from django.db import models
from django.utils.text import slugify

# Russian: a readable scheme close to the passport (ICAO) romanisation.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip
# Azerbaijani Latin letters outside ASCII, as Azerbaijani URLs usually spell them.
_AZERBAIJANI = {"ə": "e", "ğ": "g", "ı": "i", "ö": "o", "ş": "s", "ç": "c", "ü": "u"}
_TRANSLITERATION = str.maketrans(_CYRILLIC | _AZERBAIJANI)
SLUG_MAX_LENGTH = 120
_SEPARATORS = re.compile(r"[\u2010-\u2015/\\.:_]+")


def transliterate(text: str) -> str:
    # "İ".lower() gives "i" plus a combining dot; fold it first.
    return text.replace("İ", "i").lower().translate(_TRANSLITERATION)


def ascii_slug(text: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """Return a readable ASCII slug for Russian, Azerbaijani or English text."""
    # Dashes, slashes and dots separate words ("NATO–Azerbaijan", "2024/25").
    slug = slugify(_SEPARATORS.sub(" ", transliterate(text or "")))
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def slug_base(model, text: str) -> str:
    """Return the slug a new ``model`` row named ``text`` gets when no other row has it."""
    return ascii_slug(text, max_length=110) or model._meta.model_name


def unique_slug(model, text: str, pk=None) -> str:
    """Return an ASCII slug for ``text`` that no other ``model`` row uses yet."""
    base = slug_base(model, text)
    slug, number = base, 2
    while model._default_manager.filter(slug=slug).exclude(pk=pk).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


# What the body editor can produce, and nothing else survives a save.
RICH_TEXT_TAGS = {
    "p", "br", "h2", "h3", "strong", "em", "b", "i", "a", "ul", "ol", "li",
    "blockquote", "figure", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
RICH_TEXT_ATTRIBUTES = {
    "a": {"href", "title"},
    # A pull-quote placed from the quote library, <figure data-quote="42"></figure>,
    # and a photo from the media library, <figure data-photo="7"></figure>.
    "figure": {"data-quote", "data-photo"},
    # Merged cells, as the editor's table writes them.
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
_SPAN = re.compile(r"[1-9][0-9]?")
# A library row's id as placeholders name it (PostgreSQL's bigint has 19 digits).
_ROW_ID = re.compile(r"[1-9][0-9]{0,17}")


def _attribute_filter(tag, attribute, value):
    # A cell spans 2 to 99 columns or rows; the editor's "1" and anything else go.
    if attribute in ("colspan", "rowspan"):
        return value if _SPAN.fullmatch(value.strip()) and value.strip() != "1" else None
    if attribute in ("data-quote", "data-photo"):
        return value if _ROW_ID.fullmatch(value) else None
    return value


_cleaner = nh3.Cleaner(
    tags=RICH_TEXT_TAGS,
    attributes=RICH_TEXT_ATTRIBUTES,
    attribute_filter=_attribute_filter,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)
# The editor has two heading levels: a pasted or imported h1 becomes h2, h4–h6 h3.
_TOP_HEADING = re.compile(r"<(/?)h1\b", re.IGNORECASE)
_LOW_HEADING = re.compile(r"<(/?)h[4-6]\b", re.IGNORECASE)
_EMPTY_HTML = re.compile(r"^(\s|<p>(\s|&nbsp;|<br\s*/?>)*</p>)*$")
# Elements whose content an HTML parser reads as raw text (or, for script and
# style, drops): left unclosed in pasted HTML, they swallow the rest of the body.
# Code between a script's or style's tags is dropped; every other such tag goes
# alone, its text kept. The cleaner then sees only the editor's markup and text.
_RAW_TEXT_ELEMENT = re.compile(
    r"<(script|style)\b[^>]*>.*?</\1\s*>"
    r"|</?(?:script|style|noscript|noembed|noframes|xmp|iframe|plaintext|textarea|title"
    r"|template|math|svg)\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)


# A figure naming a library photo, with whatever was put inside it (a caption, an
# image): only the empty placeholder is kept, the photo's texts come from the library.
_PHOTO_FIGURE = re.compile(r'<figure data-photo="(\d+)">(?:(?!<figure\b).)*?</figure>', re.S)
# What is left of a placeholder naming no valid row, or naming two: nothing to show.
_EMPTY_FIGURE = re.compile(r'<figure(?: data-(?:quote|photo)="\d+"){0,2}>\s*</figure>')


def _keep_placeholder(match):
    return match[0] if match[0].count("data-") == 1 else ""


def sanitize_html(html: str | None) -> str:
    """Return ``html`` reduced to the body editor's vocabulary ("" if it has no content)."""
    if not html:
        return html or ""
    html = _LOW_HEADING.sub(r"<\1h3", _TOP_HEADING.sub(r"<\1h2", html))
    cleaned = _cleaner.clean(_RAW_TEXT_ELEMENT.sub("", html))
    cleaned = _PHOTO_FIGURE.sub(r'<figure data-photo="\1"></figure>', cleaned)
    cleaned = _EMPTY_FIGURE.sub(_keep_placeholder, cleaned)
    return "" if _EMPTY_HTML.match(cleaned) else cleaned


_QUOTE_PLACEHOLDER = re.compile(r'<figure data-quote="(\d+)">\s*</figure>')
_PHOTO_PLACEHOLDER = re.compile(r'<figure data-photo="(\d+)"></figure>')
_PLACEHOLDER = re.compile(r'<figure data-(quote|photo)="(\d+)">\s*</figure>')


def quote_ids(html: str | None) -> list[int]:
    """Return the ids of the library quotes placed in ``html``, in order."""
    return [int(match) for match in _QUOTE_PLACEHOLDER.findall(html or "")]


def photo_ids(html: str | None) -> list[int]:
    """Return the ids of the library photos placed in ``html`` (inline figures), in order."""
    return [int(match) for match in _PHOTO_PLACEHOLDER.findall(html or "")]


def photo_placeholder(pk) -> str:
    """The stored form of library photo ``pk`` placed in a body."""
    return f'<figure data-photo="{int(pk)}"></figure>'


def drop_photos(html: str, keep) -> str:
    """``html`` without the placeholders of photos whose id is not in ``keep``."""
    return _PHOTO_PLACEHOLDER.sub(lambda m: m[0] if int(m[1]) in keep else "", html or "")


class Placed(NamedTuple):
    """A library row placed in a body: ``kind`` is "quote" or "photo"."""

    kind: str
    pk: int


def split_placements(html: str) -> list["str | Placed"]:
    """Split ``html`` into HTML chunks and the quotes and photos it places."""
    parts = _PLACEHOLDER.split(html or "")
    result = []
    for index in range(0, len(parts), 3):
        if parts[index]:
            result.append(parts[index])
        if index + 2 < len(parts):
            result.append(Placed(parts[index + 1], int(parts[index + 2])))
    return result


class SanitizingQuerySet(models.QuerySet):
    """Rich-text bodies stay clean on the queryset's bulk write paths too.

    ``bulk_create`` and ``bulk_update`` skip ``save()``, so each object runs its
    own ``prepare_for_save()``; ``update()`` sanitises any ``body_<language>``
    value given as text (expressions are left to the database).
    """

    def bulk_create(self, objs, *args, **kwargs):
        for obj in objs:
            obj.prepare_for_save()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        for obj in objs:
            obj.prepare_for_save()
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        for name, value in kwargs.items():
            if name.split("_")[0] == "body" and (value is None or isinstance(value, str)):
                kwargs[name] = sanitize_html(value)
        return super().update(**kwargs)


# Where one block of rich text ends: its words must not run into the next block's.
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|figcaption|td|th)>|<br\s*/?>", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# Headings, figures (quotes, images and their captions) and tables (a run of
# figures read out of their grid) are not the text's opening.
_NOT_PROSE = re.compile(r"<(h[1-6]|figure|table)\b[^>]*>.*?</\1>", re.I | re.S)


def opening_text(html: str | None, limit: int = 160) -> str:
    """The opening sentences of sanitised rich text's paragraphs and lists as plain text, at most
    ``limit`` characters: whole sentences when the first fits, else cut at a
    word boundary and marked with "…"."""
    from django.utils.html import strip_tags

    prose = _NOT_PROSE.sub(" ", html or "")
    text = " ".join(strip_tags(_BLOCK_END.sub(" ", prose)).split())
    if len(text) <= limit:
        return text
    opening = ""
    for sentence in _SENTENCE_END.split(text):
        joined = f"{opening} {sentence}" if opening else sentence
        if len(joined) > limit:
            break
        opening = joined
    if opening:
        return opening
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"
