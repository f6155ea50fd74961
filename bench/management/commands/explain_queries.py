"""EXPLAIN the queries of the reader's pages and fail on a sequential scan of
the article table.

The queries are not written out here: the command requests the real pages
(home, article, section, author and tag lists, date archives, feeds, search
and sitemaps, in every language) through Django's test client, captures the
SQL each one runs and asks PostgreSQL for the plan of every query that reads
``articles_article``. At archive scale a sequential scan of that table is a
page that slows down with every article published.

``--price-out-seqscan`` runs the EXPLAINs with ``enable_seqscan = off``: on a
small database (the tests'), a sequential scan then remains in a plan only
when no index can serve the query.
"""

import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article, Byline
from core.dates import BAKU
from core.db.compiled import GENERIC, forget_prepared
from core.i18n import LANGUAGE_CODES, column
from search.engine import TRIGRAM_MIN_LENGTH, WORD
from tags.models import Tag

TABLE = "articles_article"
SEQUENTIAL = re.compile(rf"Seq Scan on {TABLE}\b")
READS_TABLE = re.compile(rf'\bFROM "?{TABLE}"?\W|\bJOIN "?{TABLE}"?\W')


def newest_article(language):
    return (
        Article.objects.public(language)
        .select_related("section")
        .only(
            "pk",
            "section__slug",
            column("slug", language),
            column("published_at", language),
            column("title", language),
        )
        .first()
    )


def page_paths(language):
    """The reader's pages in ``language`` that query articles, on the newest public one."""

    def url(name, **kwargs):
        with translation.override(language):
            return reverse(name, kwargs=kwargs or None)

    paths = [url("home"), url("articles:archive"), url("feeds:all")]
    article = newest_article(language)
    if article is None:
        return paths
    day = timezone.localtime(getattr(article, column("published_at", language)), BAKU)
    section = article.section.slug
    paths += [
        article.get_absolute_url(language),
        url("articles:section", slug=section),
        url("feeds:section", slug=section),
        url("articles:archive-year", year=day.year),
        url("articles:archive-month", year=day.year, month=day.month),
        url("articles:archive-day", year=day.year, month=day.month, day=day.day),
    ]
    if tag := article.tags.order_by("pk").first():
        paths += [url("articles:tag", slug=tag.slug), url("feeds:tag", slug=tag.slug)]
    if byline := Byline.objects.filter(article=article).select_related("author").first():
        slug = byline.author.slug
        paths += [url("articles:author", slug=slug), url("feeds:author", slug=slug)]
    return paths + search_paths(article, language, url("search"))


def search_paths(article, language, search):
    """The kinds of search, each its own statements: a word of the article's
    title, the same word misspelt (the typo ways and the suggestion), and a
    person it is tagged with, as readers mostly search, alone (read from the
    tags' rows) and in its section (read from the articles)."""
    paths = []
    words = WORD.findall(getattr(article, column("title", language)) or "")
    if long_words := [w for w in words if len(w) >= TRIGRAM_MIN_LENGTH]:
        word = long_words[0]
        paths.append(f"{search}?{urlencode({'q': word})}")
        paths.append(f"{search}?{urlencode({'q': word[0] + word[2] + word[1] + word[3:]})}")
    person = article.tags.filter(kind=Tag.Kind.PERSON).order_by("pk").first()
    if name := person and getattr(person, column("name", language)):
        paths.append(f"{search}?{urlencode({'q': name})}")
        paths.append(f"{search}?{urlencode({'q': name, 'section': article.section.slug})}")
    return paths


def crawler_paths():
    paths = [reverse("sitemap-index")]
    for name in ("pages", *LANGUAGE_CODES, *(f"news-{code}" for code in LANGUAGE_CODES)):
        paths.append(reverse("sitemap", kwargs={"section": name}))
    return paths


class Command(BaseCommand):
    help = (
        "EXPLAIN the article queries of the public pages in every language; "
        "exit non-zero when a plan reads the article table sequentially."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--price-out-seqscan",
            action="store_true",
            help="EXPLAIN with enable_seqscan off: a Seq Scan then means no index can serve.",
        )

    def handle(self, *args, price_out_seqscan=False, verbosity=1, **options):
        failures = []
        with transaction.atomic(), connection.cursor() as cursor:
            if price_out_seqscan:
                cursor.execute("SET LOCAL enable_seqscan = off")
            # Prepared statements are planned while the pages run: their plans
            # (generic ones after five runs) must be made under these settings.
            forget_prepared()
            captured = self.capture()
            for path, number, sql in captured:
                # A statement prepared generic (core/db/compiled.py) is sent
                # between SET and RESET of the plan cache mode: explain the
                # EXECUTE under that mode, its plan as the page ran it.
                generic = GENERIC.fullmatch(sql)
                if generic:
                    cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
                    sql = generic[1]
                cursor.execute("EXPLAIN " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                if generic:
                    cursor.execute("SET LOCAL plan_cache_mode = auto")
                sequential = bool(SEQUENTIAL.search(plan))
                if sequential:
                    failures.append((path, number))
                scans = sorted(
                    set(
                        re.findall(
                            r"((?:Bitmap Index|Index Only|Index|Seq) Scan\S*(?: using| on) \S+)",
                            plan,
                        )
                    )
                )
                mark = "SEQ SCAN" if sequential else "ok"
                self.stdout.write(f"{mark:8} {path} #{number}: {'; '.join(scans)}")
                if verbosity > 1 or sequential:
                    self.stdout.write(plan + "\n")
            if price_out_seqscan:
                cursor.execute("SET LOCAL enable_seqscan = on")
        self.stdout.write(
            f"{len(captured)} queries explained, {len(failures)} with a sequential scan"
        )
        if failures:
            raise CommandError(
                "Sequential scan of the article table: "
                + ", ".join(f"{path} #{number}" for path, number in failures)
            )

    def capture(self):
        """Request every page; return ``(path, number, sql)`` for each article query."""
        client = Client()
        # A session cookie: a page cache, if any, serves such requests from
        # the database, as it must here.
        client.cookies[settings.SESSION_COOKIE_NAME] = "explain-queries"
        paths = [path for code in LANGUAGE_CODES for path in page_paths(code)] + crawler_paths()
        captured = []
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            for path in paths:
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(path, secure=True)
                if response.status_code != 200:
                    raise CommandError(f"{path} answered {response.status_code}")
                selects = [
                    query["sql"]
                    for query in queries.captured_queries
                    if (
                        READS_TABLE.search(query["sql"])
                        and query["sql"].lstrip("( ").upper().startswith("SELECT")
                    )
                    # The article page runs a prepared statement (articles/selectors.py),
                    # which EXPLAIN EXECUTE plans like any query.
                    or query["sql"].upper().startswith("EXECUTE ")
                    or GENERIC.fullmatch(query["sql"])
                ]
                captured += [(path, number, sql) for number, sql in enumerate(selects, 1)]
        return captured
