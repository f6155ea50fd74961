"""Sitemaps: the home and section pages, each language's public articles, and a
Google News sitemap per language.

Django's ``i18n=True, alternates=True`` would list every language for every
item; an article exists only in its public versions, so its alternates come
from ``with_public_languages()`` instead. The home and section pages do exist
in every language, and use Django's own alternates.
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article, Section, modified_moment
from articles.seo import iso_moment, published_at, x_default_language, xml_text
from core.i18n import LANGUAGE_CODES, column, columns

NEWS_WINDOW = timedelta(hours=48)


class PageSitemap(Sitemap):
    """The home page and the section pages, in every language."""

    i18n = True
    alternates = True
    # The unprefixed address redirects by the reader's language: the right x-default.
    x_default = True
    changefreq = "hourly"

    def items(self):
        return [None, *Section.objects.all()]

    def location(self, section):
        if section is None:
            return reverse("home")
        return reverse("articles:section", kwargs={"slug": section.slug})


class IdsFirstPaginator(Paginator):
    """Pages whose rows are chosen by id first: ``OFFSET`` then skips entries of
    the publication index (an index-only scan), not whole article rows, so a
    deep page costs about what the first one does."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self.object_list.values("pk")[bottom : bottom + self.per_page]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)


class PublicArticleSitemap(Sitemap):
    """Base for sitemaps of one language's public articles."""

    def __init__(self, language):
        self.language = language

    @property
    def paginator(self):
        return IdsFirstPaginator(self._items(), self.limit)

    def public_articles(self, at):
        return Article.objects.public(self.language, at)

    def articles(self, at):
        # Only what an entry shows: bodies stay in the database. The last
        # marked change comes in the same query (Article.modified_at).
        return (
            self.public_articles(at)
            .only(
                "pk",
                "original_language",
                column("title", self.language),
                *columns("slug"),
                *columns("published_at"),
            )
            .with_modified(self.language)
        )

    def items(self):
        return self.articles(timezone.now())

    def location(self, article):
        return article.get_absolute_url(self.language)

    def lastmod(self, article):
        return article.modified_at(self.language).replace(microsecond=0)

    def get_latest_lastmod(self):
        """The latest ``lastmod`` of the items, in one aggregate instead of Django's
        walk over every item: the newest publication and the newest marked change
        in this language, combined as ``Article.modified_at`` combines them."""
        latest = self.public_articles(timezone.now()).aggregate(
            published=Max(column("published_at", self.language)),
            marked=Max("corrections__created_at", filter=Q(corrections__language=self.language)),
        )
        latest = modified_moment(latest["published"], latest["marked"])
        return latest.replace(microsecond=0) if latest else None


class ArticleSitemap(PublicArticleSitemap):
    """One language's public articles; alternates name exactly the public versions.

    Pages of 500 (the protocol allows 50,000): rendering an entry and its
    alternates costs about 0.15 ms, so a page answers in tens of milliseconds
    at any depth; the index lists every page.
    """

    limit = 500

    def items(self):
        at = timezone.now()
        return self.articles(at).with_public_languages(at)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            url["alternates"] = hreflang_alternates(url["item"], base)
        return urls


def hreflang_alternates(article, base):
    """Every public version of ``article`` and an ``x-default`` (the original if public)."""
    links = [
        {"lang_code": code, "location": base + article.get_absolute_url(code)}
        for code in article.public_languages()
    ]
    default = x_default_language(article)
    if default:
        links.append(
            {"lang_code": "x-default", "location": base + article.get_absolute_url(default)}
        )
    return links


class NewsSitemap(PublicArticleSitemap):
    """Google News: the versions published in the last 48 hours."""

    limit = 1000  # Google News reads at most 1,000 entries per sitemap.

    def public_articles(self, at):
        return (
            super()
            .public_articles(at)
            .filter(**{f"{column('published_at', self.language)}__gte": at - NEWS_WINDOW})
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        with translation.override(self.language):
            publication = str(settings.SITE_NAME)
        title = column("title", self.language)
        for url in urls:
            article = url["item"]
            url["news"] = {
                "publication": publication,
                "language": self.language,
                "published": iso_moment(published_at(article, self.language)),
                "title": xml_text(getattr(article, title)),
            }
        return urls


# Index order; a factory per entry, so no sitemap object outlives its request.
SITEMAPS = {
    "pages": PageSitemap,
    **{code: partial(ArticleSitemap, code) for code in LANGUAGE_CODES},
    **{f"news-{code}": partial(NewsSitemap, code) for code in LANGUAGE_CODES},
}
