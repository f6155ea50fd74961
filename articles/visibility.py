"""The visibility rule, in one place: when a language version has content, what
its status is, and when readers may see it.

A version *has content* in a language when its title and its body are both
non-empty there. It is *public* at a moment when it has content and its
publication moment has come. Everything else (missing, draft, scheduled)
follows from those two facts; ``status_of()`` is that one decision, and every
query or page that sorts versions by status goes through this module:

- in SQL, ``content_q()``, ``public_q()`` and ``status_q()``;
- in Python, ``has_content()`` and ``status()`` (``Article.version(code)``
  reads them too).

The two forms agree row for row: ``title > ''`` is true for exactly the
non-empty titles (NULL and ``''`` are not), and so is ``octet_length(body) > 0``
for bodies; Python's ``title and body`` is the same test on the values.
"""

from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import LANGUAGE_CODES, column
from core.text import sanitize_html


class PublicationStatus(models.TextChoices):
    MISSING = "missing", _("missing")
    DRAFT = "draft", _("draft")
    SCHEDULED = "scheduled", _("scheduled")
    PUBLIC = "public", _("public")


class OctetLength(models.Func):
    """``octet_length(text)``: read from a TOASTed value's header, never detoasting it."""

    function = "octet_length"
    output_field = models.IntegerField()


def content_q(language: str) -> Q:
    """The version has a title and a body in ``language``.

    The body is tested by its length in bytes: ``body > ''`` would decompress
    every (large, TOASTed) body it looks at, ``octet_length`` reads the stored
    size. The partial indexes in ``Article.Meta`` repeat this very condition
    (migration 0007), or PostgreSQL could not use them for ``public()``: keep
    its shape exactly.
    """
    return Q(**{f"{column('title', language)}__gt": ""}) & Q(
        GreaterThan(OctetLength(F(column("body", language))), 0)
    )


def public_q(language: str, at=None) -> Q:
    """The visibility rule: a version is public in ``language`` at ``at`` when it
    has a title and a body in that language and its publication moment has come.

    Columns are named explicitly, so modeltranslation's rewriting of filters to
    the active language never decides which version is read.
    """
    if language not in LANGUAGE_CODES:
        raise ValueError(f"Unknown language {language!r}")
    at = at or timezone.now()
    return Q(**{f"{column('published_at', language)}__lte": at}) & content_q(language)


def missing_q(language: str) -> Q:
    """The version lacks a title or a body in ``language`` (NULL counts as empty).

    ``~content_q()`` alone would leave out a NULL body: ``NOT (octet_length(NULL)
    > 0)`` is NULL, not true (Django adds ``IS NOT NULL`` for the title's lookup
    only).
    """
    return ~content_q(language) | Q(**{f"{column('body', language)}__isnull": True})


def status_q(language: str, status: str, at=None) -> Q:
    """The versions in ``language`` that have ``status`` at ``at`` (now), as a filter."""
    at = at or timezone.now()
    moment = column("published_at", language)
    if status == PublicationStatus.MISSING:
        return missing_q(language)
    if status == PublicationStatus.DRAFT:
        return content_q(language) & Q(**{f"{moment}__isnull": True})
    if status == PublicationStatus.SCHEDULED:
        return content_q(language) & Q(**{f"{moment}__gt": at})
    if status == PublicationStatus.PUBLIC:
        return public_q(language, at)
    raise ValueError(f"Unknown status {status!r}")


def has_text(title, body) -> bool:
    """Whether a title and a body not yet saved would give a version content:
    the body counts as saving would store it (sanitised; no text is "")."""
    return bool(title) and bool(sanitize_html(body or ""))


def has_content(article, language: str) -> bool:
    """Python's ``content_q()``: ``article`` has a title and a body in ``language``."""
    return bool(
        getattr(article, column("title", language)) and getattr(article, column("body", language))
    )


def status_of(content: bool, moment, now) -> PublicationStatus:
    """The status of a version that has content (or not) and the publication
    ``moment`` (or None), at ``now``: the one decision behind ``status()``,
    ``status_q()`` and the editorial calendar."""
    if not content:
        return PublicationStatus.MISSING
    if moment is None:
        return PublicationStatus.DRAFT
    return PublicationStatus.PUBLIC if moment <= now else PublicationStatus.SCHEDULED


def status(article, language: str, now=None) -> PublicationStatus:
    """Return missing / draft / scheduled / public for ``article``'s ``language`` version."""
    now = now or timezone.now()
    return status_of(
        has_content(article, language), getattr(article, column("published_at", language)), now
    )
