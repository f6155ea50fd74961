"""Id sequences after rows were written with ids of their own (an archive's)."""

from django.core.management.color import no_style
from django.db import connection


def reset_sequences(models):
    """Move each model's id sequence past its largest id, so new rows never collide."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
