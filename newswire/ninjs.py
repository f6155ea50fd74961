"""Articles as IPTC ninjs 3.1 items: one item per language version.

The mapping (docs/api.md has it for partners):

- ``uri``: ``<NEWSWIRE_URI_PREFIX>article/<id>/<language>``, stable whatever the
  slug; ``altIds`` carry the article's shared id (role ``article``), the same for
  every language, and the public address (role ``url``);
- ``version`` and ``versionCreated``: the version's change number and moment
  (newswire.VersionChange); ``firstCreated``: the publication moment;
  ``embargoedUntil``: the moment, while it is still ahead;
- ``headlines`` (the title), ``descriptions`` (the lead as ``summary``, the
  search description as ``seo``, each correction and update as
  ``correction``/``update``), ``bodies`` (sanitised HTML, quotes from the
  library written out as blockquotes and photos placed in the body as
  figures with an absolute image address, and the same as plain text);
- ``subjects`` / ``people`` / ``organisations`` / ``places`` from the tags by
  kind, each with its URI; ``by``: the byline;
- ``associations``: the lead image (a picture with its caption, credit, alt
  text and WebP renditions) and the other public language versions, each with
  a ``rel`` naming the translation relationship.

Every string read from a translated column is read for the item's language
explicitly (``Article.version()``, ``localized()``), never the active one.
"""

from django.conf import settings
from django.utils import timezone, translation

from core.dates import BAKU
from core.i18n import LANGUAGE_CODES, column, localized
from core.text import photo_placeholder, sanitize_html, split_placements
from newsroom.diffs import html_to_text
from tags.models import Tag

SCHEMA_PATH = settings.BASE_DIR / "newswire" / "schema" / "ninjs-schema_3.1.json"
#: ninjs has no field of Turan's to draw urgency from: every item is ordinary news.
URGENCY = 5

_TAG_GROUPS = {
    Tag.Kind.PERSON: "people",
    Tag.Kind.ORGANISATION: "organisations",
    Tag.Kind.PLACE: "places",
    Tag.Kind.TOPIC: "subjects",
}
_IMAGE_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
}


def uri_prefix():
    return settings.NEWSWIRE_URI_PREFIX


def item_uri(article_id, language):
    return f"{uri_prefix()}article/{article_id}/{language}"


def tag_uri(tag_id):
    return f"{uri_prefix()}tag/{tag_id}"


def image_uri(article_id):
    return f"{uri_prefix()}article/{article_id}/image"


def moment(value):
    """A moment as ninjs writes it: ISO 8601 with Baku's offset, whole seconds."""
    return timezone.localtime(value, BAKU).replace(microsecond=0).isoformat()


def relation(article, language, other):
    """How the ``other`` version relates to the ``language`` one (NewsML-G2's words)."""
    if other == article.original_language:
        return "translatedFrom"
    if language == article.original_language:
        return "hasTranslation"
    return "translation"


def body_html(article, language, quotes, photos=None, absolute=None):
    """The body, sanitised, with each placed library quote written out, and
    each placed photo of ``photos`` (with ``absolute`` to address its image)."""
    parts, figures = [], {}
    for part in split_placements(sanitize_html(article.version(language).body or "")):
        if isinstance(part, str):
            parts.append(part)
        elif part.kind == "quote":
            if (quote := quotes.get(part.pk)) is not None:
                parts.append(quote_html(quote, language))
        elif photos and absolute and (photo := photos.get(part.pk)) is not None:
            figures[photo_placeholder(photo.pk)] = figure_html(photo, language, absolute)
            parts.append(photo_placeholder(photo.pk))
    # Sanitised again as a whole: the quotes' words are plain text, escaped.
    # The figures' images (no <img> in the body's vocabulary) go in after.
    html = sanitize_html("".join(parts))
    for placeholder, figure in figures.items():
        html = html.replace(placeholder, figure)
    return html


def figure_html(photo, language, absolute):
    """A library photo placed in a body, as partners get it: ``<figure><img>``
    with an absolute address (the image's widest rendition up to 1,200 px,
    else the original), its alt text and caption in ``language`` and its
    credit after the kind's label."""
    from django.utils.html import format_html

    file = photo.image
    info = photo.renditions or {}
    name, width, height = file.name, info.get("width"), info.get("height")
    if info.get("source") != file.name:
        width = height = None
    elif fitting := [entry for entry in info.get("webp") or () if entry["width"] <= 1200]:
        name, width, height = fitting[-1]["name"], fitting[-1]["width"], fitting[-1]["height"]
    size = format_html(' width="{}" height="{}"', width, height) if width and height else ""
    img = format_html(
        '<img src="{}" alt="{}"{}>',
        absolute(file.storage.url(name)),
        getattr(photo, column("alt", language)) or "",
        size,
    )
    caption = getattr(photo, column("caption", language)) or ""
    credit = photo.credit_text(language).text
    texts = [caption] if caption else []
    if credit:
        with translation.override(language):
            texts.append(f"{photo.credit_label()} {credit}")
    if not texts:
        return format_html("<figure>{}</figure>", img)
    return format_html("<figure>{}<figcaption>{}</figcaption></figure>", img, " ".join(texts))


def quote_html(quote, language):
    from django.utils.html import escape

    words = localized(quote, "text", language).text
    speaker = localized(quote.speaker, "name", language).text
    role = localized(quote, "speaker_role", language).text
    source = ", ".join(text for text in (speaker, role) if text)
    lines = "<br>".join(escape(line) for line in words.splitlines())
    return f"<blockquote><p>{lines}</p><p>— {escape(source)}</p></blockquote>"


def _count_words(text):
    return len(text.split())


def item(article, language, *, version, changed_at, absolute, now=None, languages=None):
    """The ninjs item of ``article``'s ``language`` version.

    ``version``/``changed_at``: its change number and moment; ``absolute(path)``
    makes an address absolute; ``languages``: the other versions the reader
    may be shown (the partner's), of which only public ones are associated.
    The article comes from ``selectors.items_for()`` (tags, bylines, quotes,
    corrections and ``is_public_<code>`` read with it).
    """
    now = now or timezone.now()
    v = article.version(language)
    quotes = {quote.pk: quote for quote in article.quotes.all()}
    photos = {photo.pk: photo for photo in article.figures.all()}
    html = body_html(article, language, quotes, photos, absolute)
    text = html_to_text(html)
    data = {
        "uri": item_uri(article.pk, language),
        "type": "text",
        "representationType": "full",
        "version": str(version),
        "firstCreated": moment(v.published_at),
        "versionCreated": moment(changed_at),
        "pubStatus": "usable",
        "urgency": URGENCY,
        "language": language,
        "copyrightHolder": str(settings.SITE_NAME),
        "headlines": [{"role": "main", "contentType": "text/plain", "value": v.title}],
    }
    if v.published_at > now:
        data["embargoedUntil"] = moment(v.published_at)
    descriptions = []
    if v.lead:
        descriptions.append({"role": "summary", "contentType": "text/plain", "value": v.lead})
    if v.search_description:
        descriptions.append(
            {"role": "seo", "contentType": "text/plain", "value": v.search_description}
        )
    for correction in article.corrections_in(language):
        descriptions.append(
            {"role": correction.kind, "contentType": "text/plain", "value": correction.note}
        )
    if descriptions:
        data["descriptions"] = descriptions
    data["bodies"] = [
        {
            "role": "main",
            "contentType": "text/html",
            "charCount": len(text),
            "wordCount": _count_words(text),
            "value": html,
        },
        {
            "role": "main",
            "contentType": "text/plain",
            "charCount": len(text),
            "wordCount": _count_words(text),
            "value": text,
        },
    ]
    for tag in article.tags.all():
        name = localized(tag, "name", language).text
        data.setdefault(_TAG_GROUPS[tag.kind], []).append(
            {"name": name, "rel": "about", "uri": tag_uri(tag.pk)}
        )
    names = [localized(byline.author, "name", language).text for byline in article.bylines.all()]
    if names := [name for name in names if name]:
        data["by"] = ", ".join(names)
    data["altIds"] = [
        {"role": "article", "value": str(article.pk)},
        {"role": "url", "value": absolute(v.url)},
    ]
    associations = []
    if article.lead_photo_id:
        associations.append(picture(article, language, absolute))
    for other in LANGUAGE_CODES:
        if other == language or other not in (languages or LANGUAGE_CODES):
            continue
        if other not in article.public_languages():
            continue
        associations.append(
            {
                "name": f"translation-{other}",
                "rel": relation(article, language, other),
                "uri": item_uri(article.pk, other),
                "type": "text",
                "language": other,
                "pubStatus": "usable",
                "headlines": [
                    {
                        "role": "main",
                        "contentType": "text/plain",
                        "value": article.version(other).title,
                    }
                ],
            }
        )
    if associations:
        data["associations"] = associations
    return data


def picture(article, language, absolute):
    """The lead photo as an associated picture: caption, credit, alt text,
    renditions (the whole image's, then its crops', named by shape)."""
    v = article.version(language)
    photo = article.lead_photo
    file = photo.image
    info = photo.renditions or {}
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    original = {"name": "original", "href": absolute(file.url)}
    if extension in _IMAGE_TYPES:
        original["contentType"] = _IMAGE_TYPES[extension]
    renditions = []
    if info.get("source") == file.name and info.get("webp"):
        original.update(width=info["width"], height=info["height"])
        described = [("", info["webp"])] + [
            (f"{shape}-", crop["webp"]) for shape, crop in (info.get("crops") or {}).items()
        ]
        renditions = [
            {
                "name": f"{prefix}w{entry['width']}",
                "href": absolute(file.storage.url(entry["name"])),
                "contentType": "image/webp",
                "width": entry["width"],
                "height": entry["height"],
            }
            for prefix, entries in described
            for entry in entries
        ]
    data = {
        "name": "leadImage",
        "rel": "leadImage",
        "uri": image_uri(article.pk),
        "type": "picture",
        "renditions": [original, *renditions],
    }
    descriptions = []
    caption = v.caption or getattr(photo, column("caption", language)) or ""
    if caption:
        descriptions.append({"role": "caption", "contentType": "text/plain", "value": caption})
    alt = article.lead_image_alt(language) or v.title
    descriptions.append({"role": "alt", "contentType": "text/plain", "value": alt})
    data["descriptions"] = descriptions
    if credit := photo.credit_text(language).text:
        data["by"] = credit
        data["copyrightHolder"] = credit
    return data


def canceled(article_id, language, *, version, changed_at):
    """The take-down notice of a version a partner may hold: remove it."""
    return {
        "uri": item_uri(article_id, language),
        "type": "text",
        "representationType": "partial",
        "version": str(version),
        "versionCreated": moment(changed_at),
        "pubStatus": "canceled",
        "language": language,
        "altIds": [{"role": "article", "value": str(article_id)}],
    }
