"""Readable text and word-level differences, for history, conflicts and translations.

Everything returned as HTML is built from escaped pieces: stored text, even a
body's HTML, is never put on a page unescaped.
"""

import re
from difflib import SequenceMatcher
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

_BLOCKS = {"p", "h2", "h3", "h4", "li", "blockquote", "ul", "ol", "figure", "div", "hr"}
_CELLS = {"td", "th"}
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


class _TextExtractor(HTMLParser):
    """One line per block; a table row is one line, its cells split by " | "."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.cells_in_row = 0
        self.in_cell = 0

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.parts.append("\n")
            self.cells_in_row = 0
        elif tag in _CELLS:
            if self.cells_in_row:
                self.parts.append(" | ")
            self.cells_in_row += 1
            self.in_cell += 1
        elif tag == "br" or tag in _BLOCKS:
            # Inside a cell a paragraph or a line break is a space: the row stays one line.
            self.parts.append(" " if self.in_cell else "\n")
            if tag == "li":
                self.parts.append("• ")
            if tag == "figure" and dict(attrs).get("data-quote"):
                self.parts.append(
                    gettext("[Quote from the library #%(id)s]") % {"id": dict(attrs)["data-quote"]}
                )
            elif tag == "figure" and dict(attrs).get("data-photo"):
                self.parts.append(
                    gettext("[Photo from the library #%(id)s]") % {"id": dict(attrs)["data-photo"]}
                )

    def handle_endtag(self, tag):
        if tag in _CELLS:
            self.in_cell = max(0, self.in_cell - 1)
        elif tag == "tr":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append(" " if self.in_cell else "\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html) -> str:
    """Return rich text as plain text: one line per paragraph, heading or list item."""
    if not html:
        return ""
    parser = _TextExtractor()
    parser.feed(str(html))
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line)


def _segments(old_tokens, new_tokens):
    """Return ``(equal, removed, added)`` runs; a change, a space and a change are one change."""
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    segments = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])
        segments.append((op == "equal", removed, added))
    merged = []
    for index, (equal, removed, added) in enumerate(segments):
        between_changes = (
            equal
            and not removed.strip()
            and 0 < index < len(segments) - 1
            and merged
            and not merged[-1][0]
        )
        if between_changes or (not equal and merged and not merged[-1][0]):
            _equal, was_removed, was_added = merged.pop()
            merged.append((False, was_removed + removed, was_added + added))
        else:
            merged.append((equal, removed, added))
    return merged


def word_diff(old, new):
    """Return ``old`` → ``new`` as escaped HTML, words removed in <del>, added in <ins>."""
    html = []
    for equal, removed, added in _segments(_TOKENS.findall(old or ""), _TOKENS.findall(new or "")):
        if equal:
            html.append(escape(removed))
            continue
        if removed:
            html.append(f"<del>{escape(removed)}</del>")
        if added:
            html.append(f"<ins>{escape(added)}</ins>")
    return mark_safe("".join(html))  # noqa: S308 - every piece is escaped above
