"""``manage.py import_wxr FILE``: bring a WordPress export (WXR) into Turan."""

import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core.i18n import LANGUAGE_CODES
from pages.models import Page
from transfer.importer import BATCH_SIZE, WXRImport
from transfer.wxr import WXRError


def terminal_size():
    """The terminal's columns and lines; 80×24 where it reports none (a fresh
    pty, some containers), for which tqdm would show nothing at all."""
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
    except OSError:
        return 80, 24
    return size.columns or 80, size.lines or 24


def page_map(value):
    """``--page-map about-us=about,…``: WordPress page slugs onto site page kinds."""
    mapping = pairs(value, "--page-map")
    for kind in mapping.values():
        if kind not in Page.Kind.values:
            raise CommandError(
                f"--page-map names no site page {kind!r}; there are: {', '.join(Page.Kind.values)}"
            )
    return mapping


def section_map(value):
    return pairs(value, "--section-map")


def pairs(value, option):
    mapping = {}
    for pair in filter(None, (part.strip() for part in value.split(","))):
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise CommandError(f"{option} takes old=new pairs, not {pair!r}")
        mapping[old.strip()] = new.strip()
    return mapping


class Command(BaseCommand):
    help = (
        "Import a WordPress eXtended RSS export (WXR): posts become articles, their "
        "translations (Polylang, WPML) one article's language versions, old addresses "
        "301s. Safe to rerun: what was imported and has not changed is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The WXR file (Tools → Export in WordPress).")
        parser.add_argument(
            "--media", help="The export's wp-content/uploads folder, for featured images."
        )
        parser.add_argument(
            "--language",
            choices=LANGUAGE_CODES,
            help="The language of posts that no language plugin marks.",
        )
        parser.add_argument(
            "--section-map",
            default="",
            type=section_map,
            help="Category → existing section: old-nicename=section-slug,...",
        )
        parser.add_argument(
            "--page-map",
            type=page_map,
            default={},
            help=(
                "Import these WordPress pages as site pages: wp-slug=kind pairs, e.g. "
                "about-us=about,privacy-policy=privacy (kinds: about, contact, "
                "editorial-standards, corrections-policy, privacy, ownership). "
                "Other pages are skipped."
            ),
        )
        parser.add_argument("--dry-run", action="store_true", help="Write nothing; report.")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="Posts per commit.")

    def handle(self, *args, **options):
        tty = sys.stderr.isatty() and options["verbosity"] > 0
        bar = None
        last = [0.0]

        def progress(done, total):
            nonlocal bar
            if tty:
                from tqdm import tqdm

                if bar is None:
                    columns, lines = terminal_size()
                    bar = tqdm(
                        total=total, unit="post", file=sys.stderr, ncols=columns, nrows=lines
                    )
                bar.update(done - bar.n)
            elif options["verbosity"] > 0 and (
                done == total or time.monotonic() - last[0] >= 2 or done % 5000 == 0
            ):
                last[0] = time.monotonic()
                self.stderr.write(f"import_wxr: {done}/{total} posts")

        importer = WXRImport(
            options["file"],
            media=options["media"],
            language=options["language"],
            section_map=options["section_map"],
            page_map=options["page_map"],
            dry_run=options["dry_run"],
            batch_size=max(1, options["batch_size"]),
            progress=progress,
        )
        try:
            with translation.override("en"):
                report = importer.run()
        except (WXRError, OSError) as error:
            raise CommandError(str(error)) from error
        finally:
            if bar is not None:
                bar.close()
        for line in report.lines():
            self.stdout.write(line)
