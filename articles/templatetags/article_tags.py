import re
from urllib.parse import quote

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles import cards, selectors
from articles.seo import reading_minutes
from core.i18n import column, current_language, localized
from core.templatetags.turan_tags import picture_markup
from core.text import sanitize_html, split_placements
from tags.models import Tag

register = template.Library()

_TABLE = re.compile(r"<table>|</table>")

TAG_GROUP_ORDER = (Tag.Kind.PERSON, Tag.Kind.ORGANISATION, Tag.Kind.PLACE, Tag.Kind.TOPIC)


def scrolling_tables(html):
    """Put each table of sanitised ``html`` in a box that scrolls sideways on
    a narrow screen, so that a wide table never widens the page. The box takes
    the keyboard focus (its arrows scroll it) and is named for screen readers,
    "Table 1", "Table 2"… when there are several (each region's name must be
    its own). Only pages get it: feeds and the API carry the table as stored."""
    count = html.count("<table>")
    if not count:
        return html
    numbers = iter(range(1, count + 1))

    def box(tag):
        if tag[0] == "</table>":
            return "</table></div>"
        label = _("Table %(number)s") % {"number": next(numbers)} if count > 1 else _("Table")
        return (
            f'<div class="table-scroll" role="region" tabindex="0" aria-label="{escape(label)}">'
            "<table>"
        )

    # Each tag on its own: a table nested in a cell gets a box of its own.
    return _TABLE.sub(box, html)


#: The body column's width (site.css ``--measure``), as the lead photo's ``sizes``.
BODY_IMAGE_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"


def inline_figure(photo, language, among=None):
    """A library photo placed in a body, as readers see it: the whole image
    (not a crop) from its stored renditions, its alt text and caption in the
    version's ``language`` only, its credit after the kind's label (a name:
    another public language's stands in, marked with its ``lang``)."""
    image = photo.picture()
    if image is None:
        return ""
    attributes = {"src": image["src"]}
    if "srcset" in image:
        attributes |= {"srcset": image["srcset"], "sizes": BODY_IMAGE_SIZES}
    if image.get("width") and image.get("height"):
        attributes |= {"width": image["width"], "height": image["height"]}
    attributes |= {"alt": getattr(photo, column("alt", language)) or ""}
    # Each value escaped once (format_html per attribute was most of a figure's cost).
    markup = "".join(f' {name}="{escape(value)}"' for name, value in attributes.items())
    img = mark_safe(f'<img{markup} loading="lazy" decoding="async">')  # noqa: S308 - escaped
    caption = getattr(photo, column("caption", language)) or ""
    credit = photo.credit_text(language, among=among or [language])
    texts = []
    if caption:
        texts.append(format_html("{}", caption))
    if credit.text:
        texts.append(
            format_html(
                '<span class="credit">{} {}</span>', photo.credit_label(), in_its_language(credit)
            )
        )
    figcaption = (
        format_html("<figcaption>{}</figcaption>", mark_safe(" ".join(texts))) if texts else ""
    )  # noqa: S308
    return format_html('<figure class="inline-figure">{}{}</figure>', img, figcaption)


@register.simple_tag
def article_body(article, language=None):
    """Render the body in ``language``, with placed quotes as pull-quotes and
    placed photos as figures.

    Quotes and photos come from ``article.quotes`` and ``article.figures``
    (prefetched, or read with the page's one statement), so a body costs no
    query per placement. The body is sanitised again on output as a second
    line of defence.
    """
    language = language or current_language()
    quotes = {quote.pk: quote for quote in article.quotes.all()}
    photos = {photo.pk: photo for photo in article.figures.all()}
    among = article.public_languages() or [language]
    html = sanitize_html(article.version(language).body or "")
    parts = []
    for part in split_placements(html):
        if isinstance(part, str):
            parts.append(part)
        elif part.kind == "photo":
            if (photo := photos.get(part.pk)) is not None:
                parts.append(inline_figure(photo, language, among))
        elif (quote := quotes.get(part.pk)) is not None:
            parts.append(
                render_to_string(
                    "includes/pull_quote.html",
                    {
                        "quote": quote,
                        "words": localized(quote, "text", language),
                        "role": localized(quote, "speaker_role", language),
                        "speaker": localized(quote.speaker, "name", language),
                        "language": language,
                    },
                )
            )
    return mark_safe(scrolling_tables("".join(parts)))  # noqa: S308 - sanitised, placements escaped


@register.simple_tag(takes_context=True)
def translated_from(context, article):
    """ "Translated from Russian" on a version that is a translation, the
    original's name a link when readers may see it; "" on the original."""
    language = current_language()
    original = article.original_language
    if original == language:
        return ""
    messages = {
        "ru": _("Translated from Russian"),
        "az": _("Translated from Azerbaijani"),
        "en": _("Translated from English"),
    }
    message = messages.get(original)
    if message is None:
        return ""
    for version in context.get("language_versions") or ():
        if version["code"] == original:
            return format_html(
                '<a href="{}" hreflang="{}">{}</a>', version["url"], original, message
            )
    return message


@register.filter
def rich_text(html):
    """A site page's body, sanitised again on output as a second line of defence."""
    return mark_safe(scrolling_tables(sanitize_html(html or "")))  # noqa: S308 - sanitised


@register.simple_tag(takes_context=True)
def site_page_links(context):
    """``[(kind, title, url)]``: the site pages public in the page's language."""
    request = context.get("request")
    version = getattr(request, "content_version", None)
    until = getattr(request, "content_until", None)
    return selectors.site_pages(current_language(), version, until)


@register.simple_tag
def tags_by_kind(article):
    """Group the article's tags as people, organisations, places and topics."""
    groups = {kind: [] for kind in TAG_GROUP_ORDER}
    for tag in article.tags.all():
        groups.setdefault(tag.kind, []).append(tag)
    titles = {
        Tag.Kind.PERSON: _("People"),
        Tag.Kind.ORGANISATION: _("Organisations"),
        Tag.Kind.PLACE: _("Places"),
        Tag.Kind.TOPIC: _("Topics"),
    }
    return [(titles[kind], tags) for kind, tags in groups.items() if tags]


@register.inclusion_tag("includes/section_nav.html", takes_context=True)
def section_nav(context):
    request = context.get("request")
    version = getattr(request, "content_version", None)
    until = getattr(request, "content_until", None)
    shown = column("has", current_language())
    # A section with nothing public in the page's language is a 404: not linked.
    return {
        "sections": [
            section
            for section in selectors.navigation_sections(version, until)
            if getattr(section, shown)
        ],
        "current": context.get("section"),
        "latest_current": context.get("is_latest", False),
    }


@register.simple_tag
def share_links(url, title):
    """Plain share links (no third-party script): ``[(name, href)]``."""
    if not url:
        return []
    url, title = quote(url, safe=""), quote(str(title), safe="")
    return [
        ("Telegram", f"https://t.me/share/url?url={url}&text={title}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
        ("X", f"https://x.com/intent/post?url={url}&text={title}"),
        ("WhatsApp", f"https://wa.me/?text={title}%20{url}"),
        (_("E-mail"), f"mailto:?subject={title}&body={url}"),
    ]


@register.simple_tag
def article_url(pk, slug):
    """The URL of an article version known only by id and slug (e.g. from a subquery)."""
    return reverse("articles:detail", kwargs={"pk": pk, "slug": slug or "article"})


@register.simple_tag
def reading_time(article):
    """ "5 min read": the body's words at the page language's reading speed."""
    language = current_language()
    minutes = reading_minutes(article.version(language).body, language)
    return ngettext("%(minutes)s min read", "%(minutes)s min read", minutes) % {"minutes": minutes}


@register.simple_tag
def translator_credit(article):
    """ "Translation: <name>" on a translated version that names its translator."""
    language = current_language()
    if article.original_language == language:
        return ""
    name = article.version(language).translator
    return _("Translation: %(name)s") % {"name": name} if name else ""


@register.simple_tag
def image_alt(article, language=None):
    """The lead photo's alt text in the page's language (``Article.lead_image_alt``),
    else the title."""
    language = language or current_language()
    return article.lead_image_alt(language) or article.version(language).title


@register.simple_tag
def article_description(article):
    """The version's description in the page's language (``Version.description``)."""
    return article.version(current_language()).description


@register.simple_tag
def quote_card(quote, show_speaker=True):
    """A quote's card (``cards.quote_card``)."""
    return cards.quote_card(quote, show_speaker)


@register.simple_tag
def card_picture(card, sizes, loading="lazy"):
    """A card's lead image as ``{% picture %}`` writes an article's; the alt text
    as ``image_alt``'s."""
    return picture_markup(card.image, alt=card.alt or card.title, sizes=sizes, loading=loading)


@register.simple_tag
def in_its_language(text):
    """A ``Localized`` text, in a ``<span lang>`` when not in the page's language."""
    if text.language != current_language():
        return format_html('<span lang="{}">{}</span>', text.language, text.text)
    return text.text


@register.simple_tag
def photo_picture(photo, shape=None, alt="", sizes=None, loading="lazy"):
    """A library photo (cropped to ``shape``), as ``{% picture %}`` writes an image."""
    if photo is None:
        return ""
    return picture_markup(photo.picture(shape), alt=alt, sizes=sizes, loading=loading)


@register.simple_tag
def lead_picture(article, sizes, loading="lazy", shape="16x9"):
    """The article's lead photo cropped to ``shape``, as ``{% picture %}`` writes it."""
    photo = article.lead_photo
    if photo is None:
        return ""
    return picture_markup(
        photo.picture(shape), alt=image_alt(article), sizes=sizes, loading=loading
    )


@register.simple_tag
def teaser(article, level=2, show_section=True, card=False, counter=None):
    """A list's card of ``article`` (a ``cards.Card``, or an ``Article`` fetched for a list)."""
    if not isinstance(article, cards.Card):
        article = cards.Card.of(article)
    return cards.teaser(article, level, show_section, card, counter)
