"""The framework floor for ``make bench`` (scripts/bench.py).

Mounted only when ``BENCH_FLOOR_FILE`` names a file: one URL answering with
that file's bytes through the whole middleware stack, so the benchmark can
tell what Django and gunicorn cost before any of Turan's own work.
"""

from functools import cache
from pathlib import Path

from django.http import HttpResponse


def floor_view(path):
    @cache
    def content():
        # Read on first use: the bench saves the article after the server starts.
        return Path(path).read_bytes()

    def floor(request):
        return HttpResponse(content())

    return floor
