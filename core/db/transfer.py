"""Bulk transfers: id sequences after rows kept their own ids, one snapshot to read."""

from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection, transaction


def reset_sequences(models):
    """Move each model's id sequence past its largest id, so new rows never collide."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@contextmanager
def consistent_snapshot():
    """Run the block in one read-only transaction that sees the database as it was
    when it began (REPEATABLE READ): a long export reads one state, whatever is
    saved meanwhile. Inside a transaction already open, the block joins it."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield
