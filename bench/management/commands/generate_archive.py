"""``manage.py generate_archive --articles 100000``: a deterministic archive for benchmarks."""

import time

from django.core.management.base import BaseCommand

from articles.models import Article
from bench.archive import ArchiveBuilder


class Command(BaseCommand):
    help = (
        "Fill the database with a deterministic archive: about 20 years of articles in "
        "three languages, thousands of tags and people, quotes and authors (bulk writes)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=100_000,
            help="How many articles the archive should hold; only the missing ones are "
            "added (default: %(default)s).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help="Seed of the random choices: the same seed writes the same texts, names "
            "and links, dated back from now (default: %(default)s).",
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=1000,
            help="Articles written per transaction (default: %(default)s).",
        )
        parser.add_argument(
            "--tags",
            type=int,
            default=3000,
            help="Tags archive-0, archive-1, … made if missing, half of them people "
            "(default: %(default)s).",
        )
        parser.add_argument(
            "--quotes",
            type=int,
            default=5000,
            help="Quotes added, said by those people (default: %(default)s).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add --articles articles even if the archive already holds that many.",
        )

    def handle(self, *args, articles, seed, batch, tags, quotes, force, **options):
        existing = Article.objects.count()
        if existing >= articles and not force:
            self.stdout.write(f"The archive already holds {existing} articles: nothing to do.")
            return
        started = time.monotonic()

        def progress(message):
            self.stdout.write(f"[{time.monotonic() - started:7.1f}s] {message}")
            self.stdout.flush()

        missing = articles if force else articles - existing
        ArchiveBuilder(seed=seed, progress=progress).build(
            missing, batch=batch, tags=tags, quotes=quotes
        )
        self.stdout.write(self.style.SUCCESS(f"Done: {Article.objects.count()} articles."))
