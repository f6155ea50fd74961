from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tags.models import Tag
from turan.i18n import current_language, localized
from turan.text import sanitize_html, split_quotes

register = template.Library()

TAG_GROUP_ORDER = (Tag.Kind.PERSON, Tag.Kind.ORGANISATION, Tag.Kind.PLACE, Tag.Kind.TOPIC)


@register.simple_tag
def article_body(article, language=None):
    """Render the body in ``language``, with placed quotes as pull-quotes.

    Quotes come from ``article.quotes`` (prefetched), so a body costs no query
    per quote. The body is sanitised again on output as a second line of defence.
    """
    language = language or current_language()
    quotes = {quote.pk: quote for quote in article.quotes.all()}
    html = sanitize_html(getattr(article, f"body_{language}") or "")
    parts = []
    for part in split_quotes(html):
        if isinstance(part, int):
            quote = quotes.get(part)
            if quote is not None:
                parts.append(
                    render_to_string(
                        "includes/pull_quote.html",
                        {
                            "quote": quote,
                            "words": localized(quote, "text", language),
                            "role": localized(quote, "speaker_role", language),
                            "speaker": localized(quote.speaker, "name", language),
                        },
                    )
                )
        else:
            parts.append(part)
    return mark_safe("".join(parts))  # noqa: S308 - sanitised above, quotes escaped by templates


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
    from articles.models import Section

    current = context.get("section")
    return {"sections": Section.objects.all(), "current": current}
