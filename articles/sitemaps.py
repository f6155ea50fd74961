"""Sitemaps: the home and section pages, each language's public articles, and a
Google News sitemap per language.

Django's ``i18n=True, alternates=True`` would list every language for every
item; an article exists only in its public versions, so its alternates come
from ``with_public_languages()`` instead. The home and section pages do exist
in every language, and use Django's own alternates.
"""

from bisect import bisect_right
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import CharField, Count, F, Max, Q, Value, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from articles import selectors
from articles.models import (
    Article,
    Byline,
    Correction,
    QuoteListing,
    Section,
    TagListing,
    modified_moment,
)
from articles.seo import iso_moment, published_at, x_default_language, xml_text
from articles.visibility import public_q
from core.i18n import LANGUAGE_CODES, column, columns

NEWS_WINDOW = timedelta(hours=48)


class LanguagesSitemap(Sitemap):
    """A sitemap of pages that exist in some languages only: each item in the
    languages ``get_languages_for_item()`` names, with exactly those as its
    alternates, and an ``x-default`` (the address without a language, which
    sends each reader to theirs) only for a page every language has."""

    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            codes = [
                link["lang_code"] for link in url["alternates"] if link["lang_code"] != "x-default"
            ]
            if set(codes) != set(LANGUAGE_CODES):
                url["alternates"] = [
                    link for link in url["alternates"] if link["lang_code"] != "x-default"
                ]
        return urls

    def index_pages(self):
        """``[(page number, lastmod)]`` for the sitemap index; none while empty."""
        paginator = self.paginator
        if not paginator.count:
            return []
        lastmod = self.get_latest_lastmod()
        return [(number, lastmod) for number in paginator.page_range]


def _flags(obj):
    return [code for code in LANGUAGE_CODES if getattr(obj, column("has", code), False)]


class PageSitemap(LanguagesSitemap):
    """The home, the latest articles and the quotes archive in every language;
    each section in the languages it has something public in (elsewhere it is
    a 404)."""

    changefreq = "hourly"

    def items(self):
        # The header's query: sections with their ``has_<code>`` flags.
        return [None, "articles:latest", "articles:quotes", *selectors.navigation_sections()]

    def get_languages_for_item(self, item):
        if isinstance(item, Section):
            return _flags(item)
        return list(LANGUAGE_CODES)

    def location(self, item):
        if item is None:
            return reverse("home")
        if isinstance(item, str):
            return reverse(item)
        return reverse("articles:section", kwargs={"slug": item.slug})


class SubjectSitemap(LanguagesSitemap):
    """Pages about one subject (tag, author, speaker), in the languages where
    a public version is about them. Pages of 1,000 entries."""

    limit = 1000
    changefreq = "daily"

    def subjects(self, at=None):
        """The subjects annotated ``has_<code>`` (``selectors.*_with_languages``)."""
        raise NotImplementedError

    def listed_ids(self, at):
        """The ids of the subjects some public version is about, as a subquery."""
        raise NotImplementedError

    def items(self):
        at = timezone.now()
        listed = self.subjects(at).filter(pk__in=self.listed_ids(at)).order_by("pk")
        return list(listed)

    def get_languages_for_item(self, item):
        return _flags(item)

    def index_pages(self):
        # Counted without the per-language flags: one pass over the listings.
        at = timezone.now()
        count = self.subjects(at).model.objects.filter(pk__in=self.listed_ids(at)).count()
        if not count:
            return []
        return [(number, None) for number in range(1, -(-count // self.limit) + 1)]


def _any_public_moment(at):
    """Listing rows (tags' or quotes') public in some language at ``at``."""
    condition = Q()
    for code in LANGUAGE_CODES:
        condition |= Q(**{f"{column('public_from', code)}__lte": at})
    return condition


def _public_somewhere(at):
    condition = Q()
    for code in LANGUAGE_CODES:
        condition |= public_q(code, at)
    return Article.objects.filter(condition).order_by().values("pk")


class TagSitemap(SubjectSitemap):
    """Topics, people, organisations and places."""

    def subjects(self, at=None):
        return selectors.tags_with_languages(at).only("pk", "slug")

    def listed_ids(self, at):
        tagged = TagListing.objects.filter(_any_public_moment(at)).values("tag")
        quoted = QuoteListing.objects.filter(_any_public_moment(at)).values("quote__speaker")
        return tagged.union(quoted)

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class AuthorSitemap(SubjectSitemap):
    def subjects(self, at=None):
        return selectors.authors_with_languages(at).only("pk", "slug")

    def listed_ids(self, at):
        return Byline.objects.filter(article__in=_public_somewhere(at)).values("author")

    def location(self, author):
        return reverse("articles:author", kwargs={"slug": author.slug})


class SpeakerSitemap(SubjectSitemap):
    """Each quoted person's page of the quotes archive."""

    def subjects(self, at=None):
        return selectors.speakers_with_languages(at).only("pk", "slug")

    def listed_ids(self, at):
        return QuoteListing.objects.filter(_any_public_moment(at)).values("quote__speaker")

    def location(self, person):
        return f"{reverse('articles:quotes')}?{urlencode({'speaker': person.slug})}"


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
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "quotes": SpeakerSitemap,
    **{f"news-{code}": partial(NewsSitemap, code) for code in LANGUAGE_CODES},
}


def _page_of(firsts, key):
    """The 1-based page whose first entry is the last of ``firsts`` not after ``key``."""
    return bisect_right(firsts, key)


def _order_key(moment, pk):
    # The sitemaps' order, newest first, as an ascending key.
    return (-moment.timestamp(), -pk)


def article_index_pages(at=None):
    """``{language: [(page, lastmod)]}`` of the article sitemaps, each page with
    the newest change of its own entries (the later of the newest publication
    on it, its first entry's, and the newest marked change of its entries).

    Two queries for every language together: the first entry of each page
    (``row_number()`` over the publication index) and the marked changes of
    public versions, placed on their pages by their order key."""
    at = at or timezone.now()
    limit = ArticleSitemap.limit
    firsts = []
    for code in LANGUAGE_CODES:
        moment = column("published_at", code)
        firsts.append(
            Article.objects.public(code, at)
            .order_by()
            .alias(position=Window(RowNumber(), order_by=[F(moment).desc(), F("pk").desc()]))
            .annotate(
                slot=(F("position") - 1) % limit,
                language=Value(code, output_field=CharField()),
                moment=F(moment),
                article=F("pk"),
            )
            .filter(slot=0)
            .values("language", "moment", "article")
        )
    starts = {code: [] for code in LANGUAGE_CODES}
    for row in firsts[0].union(*firsts[1:], all=True):
        starts[row["language"]].append((row["moment"], row["article"]))
    pages = {}
    for code, rows in starts.items():
        rows.sort(key=lambda row: _order_key(*row))
        pages[code] = [row[0] for row in rows]
        starts[code] = [_order_key(*row) for row in rows]

    marked = Q()
    for code in LANGUAGE_CODES:
        public = Article.objects.public(code, at).order_by().values("pk")
        marked |= Q(language=code, article__in=public)
    corrections = (
        Correction.objects.filter(marked)
        .values("language", "article")
        .annotate(
            latest=Max("created_at"),
            **{
                column("moment", code): F(column("article__published_at", code))
                for code in LANGUAGE_CODES
            },
        )
        .order_by()
    )
    for row in corrections:
        code = row["language"]
        key = _order_key(row[column("moment", code)], row["article"])
        number = _page_of(starts[code], key)
        if number:
            lastmods = pages[code]
            lastmods[number - 1] = max(lastmods[number - 1], row["latest"])
    return {
        code: [
            (number, lastmod.replace(microsecond=0)) for number, lastmod in enumerate(lastmods, 1)
        ]
        for code, lastmods in pages.items()
    }


def news_index_pages(at=None):
    """``{language: [(page, lastmod)]}`` of the News sitemaps, in one aggregate;
    an empty News sitemap is left out (the schema wants at least one ``<url>``)."""
    at = at or timezone.now()
    aggregates = {}
    # Only the last 48 hours' rows, found through each language's publication
    # index (a BitmapOr), are aggregated: not the whole archive.
    any_recent = Q()
    for code in LANGUAGE_CODES:
        moment = column("published_at", code)
        recent = public_q(code, at) & Q(**{f"{moment}__gte": at - NEWS_WINDOW})
        any_recent |= recent
        aggregates[column("count", code)] = Count("pk", filter=recent, distinct=True)
        aggregates[column("published", code)] = Max(moment, filter=recent)
        aggregates[column("marked", code)] = Max(
            "corrections__created_at", filter=recent & Q(corrections__language=code)
        )
    totals = Article.objects.filter(any_recent).order_by().aggregate(**aggregates)
    pages = {}
    for code in LANGUAGE_CODES:
        count = totals[column("count", code)]
        latest = modified_moment(totals[column("published", code)], totals[column("marked", code)])
        number_of_pages = -(-count // NewsSitemap.limit)
        pages[code] = [
            (number, latest.replace(microsecond=0)) for number in range(1, number_of_pages + 1)
        ]
    return pages


def index_entries():
    """``[(sitemap name, page, lastmod)]``: every page of every sitemap, in index order."""
    at = timezone.now()
    articles, news = article_index_pages(at), news_index_pages(at)
    entries = []
    for name, factory in SITEMAPS.items():
        if name in articles:
            pages = articles[name]
        elif name.startswith("news-"):
            pages = news[name.removeprefix("news-")]
        else:
            pages = factory().index_pages()
        entries.extend((name, number, lastmod) for number, lastmod in pages)
    return entries
