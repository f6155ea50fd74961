"""What the home page shows by an editor's choice, read in one query."""

from django.db.models import F, Q
from django.utils import timezone

from articles.cards import _parsed, card_from_row, card_row
from articles.models import Article
from core.i18n import column
from frontpage.models import Placement


def running_q(at, prefix=""):
    """Placements that have not ended at ``at``."""
    return Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gt": at})


class Picks:
    """The running placements of one language whose version is public: cards by role."""

    __slots__ = ("lead", "featured", "breaking")

    def __init__(self, lead=None, featured=(), breaking=None):
        self.lead, self.featured, self.breaking = lead, list(featured), breaking


def picks(language, at=None):
    """``Picks`` for ``language`` at ``at``: one query, whatever the number of placements.

    A placement counts while it runs and while its article's version in
    ``language`` is public (the one visibility rule, ``Article.objects.public``).
    """
    at = at or timezone.now()
    rows = (
        Article.objects.public(language, at)
        # One filter() call: the role and order below come from the same join.
        .filter(Q(placements__language=language) & running_q(at, "placements__"))
        .annotate(
            row=card_row(language), role=F("placements__role"), place=F("placements__position")
        )
        .order_by("place", "-" + column("published_at", language), "-pk")
        .values_list("row", "role")
    )
    sections, found = {}, Picks()
    for value, role in rows:
        card = card_from_row(_parsed(value), sections)
        if role == Placement.Role.LEAD:
            found.lead = card
        elif role == Placement.Role.BREAKING:
            found.breaking = card
        else:
            found.featured.append(card)
    return found
