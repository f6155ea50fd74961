"""bench: archive generator, the framework-floor view and query-plan checks for
``make bench``; installed only when ``BENCH=1`` (and in the test suite)."""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    verbose_name = "Benchmarks"
