from django import template

from core.i18n import current_language
from newsletter import reads

register = template.Library()

SHOWN = 5


@register.inclusion_tag("newsletter/most_read.html", takes_context=True)
def most_read(context, exclude=None):
    """The most-read lists of the page's language; ``exclude``: the article shown."""
    lists = reads.most_read_for(context["request"], current_language(), SHOWN + 1)
    windows = []
    for name, items in lists.items():
        items = [item for item in items if item["pk"] != exclude][:SHOWN]
        if items:
            windows.append((name, items))
    return {"windows": windows}
