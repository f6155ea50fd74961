"""One language version of an article, read by accessor: ``article.version("az").title``.

The translated columns (``title_az``, ``published_at_az``...) are named in
one place, ``core.i18n.column()``; a ``Version`` reads them through it, live
(a change to the article shows at once), and adds what follows from them:
whether the version has content, its status and its address.
"""

from django.utils import timezone

from articles import visibility
from core.i18n import LANGUAGE_CODES, column
from core.text import opening_text


def _translated(field):
    def read(self):
        return getattr(self.article, column(field, self.language))

    return property(read, doc=f"The article's ``{field}`` in the version's language.")


class Version:
    """A read-only view of ``article`` in ``language``."""

    __slots__ = ("article", "language")

    def __init__(self, article, language: str):
        if language not in LANGUAGE_CODES:
            raise ValueError(f"Unknown language {language!r}")
        object.__setattr__(self, "article", article)
        object.__setattr__(self, "language", language)

    def __setattr__(self, name, value):
        raise AttributeError("A version is read-only: set the article's column instead.")

    def __repr__(self):
        return f"<Version {self.language} of article {self.article.pk}>"

    title = _translated("title")
    slug = _translated("slug")
    lead = _translated("lead")
    body = _translated("body")
    caption = _translated("caption")
    translator = _translated("translator")
    search_description = _translated("search_description")
    published_at = _translated("published_at")
    #: The publication moment (``published_at``): None while not scheduled.
    moment = published_at

    @property
    def description(self) -> str:
        """What the page says about itself (meta description, Open Graph): the
        search description, else the lead, else the body's opening sentences."""
        return self.search_description or self.lead or opening_text(self.body)

    @property
    def has_content(self) -> bool:
        """A title and a body in this language (``visibility.has_content()``)."""
        return visibility.has_content(self.article, self.language)

    @property
    def status(self) -> visibility.PublicationStatus:
        """Missing, draft, scheduled or public, now."""
        return self.status_at(timezone.now())

    def status_at(self, now) -> visibility.PublicationStatus:
        """Missing, draft, scheduled or public at ``now``."""
        return visibility.status(self.article, self.language, now)

    @property
    def url(self) -> str:
        """The version's address (``Article.get_absolute_url(language)``)."""
        return self.article.get_absolute_url(self.language)
