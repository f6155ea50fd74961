"""Template tags for the admin only (never used on public, cached pages)."""

from django import template
from js_asset import Media

register = template.Library()


@register.simple_tag(takes_context=True)
def media_with_nonce(context, media):
    """Render form media with the request's CSP nonce on every tag.

    The prose editor's inline ``<script type="importmap">`` runs only with the
    nonce; asking for it puts the nonce in this response's policy.
    """
    nonce = getattr(context.get("request"), "csp_nonce", None)
    if media is None or nonce is None:
        return media
    return Media.from_media(media).render(attrs={"nonce": str(nonce)})


@register.simple_tag
def result_count(cl):
    """The list's total with the model's name in the right plural form
    (core/admin_grammar.py), else as Django writes it."""
    from core import admin_grammar

    text = admin_grammar.count(cl.opts, cl.result_count)
    if text is not None:
        return text
    name = cl.opts.verbose_name if cl.result_count == 1 else cl.opts.verbose_name_plural
    return f"{cl.result_count} {name}"
