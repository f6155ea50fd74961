from django import template

from core.db.content_version import depends_on
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
        # Kept per process, not read per page: the page cache learns of them here.
        depends_on(*(f"article:{item['pk']}" for item in items))
    return {"windows": windows}
