"""WordPress markup → a Turan body (the editor's vocabulary, via ``sanitize_html``).

Block comments (``<!-- wp:paragraph -->``) and ``<!--more-->`` go; classic
posts get WordPress's automatic paragraphs (``wpautop``: a blank line ends a
paragraph, a single line break is a ``<br>``); shortcodes become their text
(``[caption]`` its caption, ``[embed]`` a link, media shortcodes nothing) and
unknown ones are dropped with their enclosed text kept and counted. Headings
outside h2–h3 move to the nearest one (``sanitize_html``), figures lose their frame (a Turan
``<figure>`` is a placed quote, so none may come from outside), and
``sanitize_html`` has the last word.
"""

import html
import re
from collections import Counter

from core.text import sanitize_html

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BLOCK_MARKUP = re.compile(r"<!--\s*wp:")
# [[name]] is WordPress's escape for a literal shortcode.
_ESCAPED = re.compile(r"\[(\[[a-zA-Z][\w-]*[^\[\]]*\])\]")
_SHORTCODE = re.compile(
    r"\[(?P<name>[a-zA-Z][\w-]*)(?P<attrs>(?:\s[^\[\]]*)?)\s*/?\]"
    r"(?:(?P<inner>(?:(?!\[(?P=name)[\s\]/]).)*?)\[/(?P=name)\])?",
    re.DOTALL,
)
_MEDIA_SHORTCODES = {"gallery", "audio", "video", "playlist"}
_CAPTION_SHORTCODES = {"caption", "wp_caption"}
_URL = re.compile(r"https?://[^\s\"'<>\[\]]+")
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_A_AROUND_IMG = re.compile(r"<a\b[^>]*>\s*(<img\b[^>]*>)\s*</a>", re.IGNORECASE)
_TAG_RENAMES = [
    (re.compile(r"<(/?)figcaption\b[^>]*>", re.IGNORECASE), r"<\1p>"),
    (re.compile(r"</?figure\b[^>]*>", re.IGNORECASE), ""),
]
_BLOCK_TAGS = (
    "address|article|aside|blockquote|dd|details|div|dl|dt|fieldset|figcaption|figure|footer"
    "|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul"
)
_STARTS_BLOCK = re.compile(rf"^\s*</?(?:{_BLOCK_TAGS})\b", re.IGNORECASE)
_ENDS_BLOCK = re.compile(rf"</?(?:{_BLOCK_TAGS})\b[^>]*>\s*$", re.IGNORECASE)
_PARAGRAPHS = re.compile(r"\n\s*\n")
_PRE = re.compile(r"<pre\b.*?</pre>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_SPACES = re.compile(r"\s+")


def shortcodes(text, dropped: Counter):
    """Replace the shortcodes of ``text`` by what Turan keeps of them."""

    def replace(match):
        name = match["name"].lower()
        inner = match["inner"] or ""
        if name in _CAPTION_SHORTCODES:
            caption = _IMG.sub("", _A_AROUND_IMG.sub(r"\1", inner)).strip()
            return f"\n\n<p>{caption}</p>\n\n" if caption else ""
        if name == "embed":
            url = _URL.search(inner) or _URL.search(match["attrs"])
            return f'\n\n<p><a href="{url[0]}">{url[0]}</a></p>\n\n' if url else ""
        if name in _MEDIA_SHORTCODES:
            return ""
        dropped[name] += 1
        return shortcodes(inner, dropped)

    text = _SHORTCODE.sub(replace, text)
    return text


def autop(text):
    """WordPress's ``wpautop``, as far as Turan's vocabulary needs it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Line breaks inside <pre> are kept as they are.
    kept = []

    def keep(match):
        kept.append(match[0])
        return f"\n\n\x00{len(kept) - 1}\x00\n\n"

    text = _PRE.sub(keep, text)
    out = []
    for chunk in _PARAGRAPHS.split(text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("\x00"):
            out.append(kept[int(chunk.strip("\x00"))])
        elif _STARTS_BLOCK.match(chunk) or _ENDS_BLOCK.search(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def to_body(content, dropped: Counter):
    """Return the Turan body for WordPress post content."""
    if not content or not content.strip():
        return ""
    blocks = bool(_BLOCK_MARKUP.search(content))
    text = _COMMENT.sub("" if blocks else "\n\n", content)
    text = _ESCAPED.sub(lambda match: "\x01" + match[1][1:-1] + "\x02", text)
    text = shortcodes(text, dropped).replace("\x01", "[").replace("\x02", "]")
    if not blocks:
        text = autop(text)
    for pattern, replacement in _TAG_RENAMES:
        text = pattern.sub(replacement, text)
    return sanitize_html(text).strip()


def plain_text(fragment):
    """The text of an HTML fragment, on one line (leads and captions are plain)."""
    return _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", fragment or ""))).strip()


def to_lead(excerpt, body, dropped: Counter):
    """The lead: the excerpt, else the body's first paragraph, as plain text."""
    if excerpt and excerpt.strip():
        return plain_text(shortcodes(_COMMENT.sub("", excerpt), dropped))
    match = _FIRST_PARAGRAPH.search(body or "")
    return plain_text(match[1]) if match else ""
