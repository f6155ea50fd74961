"""Counters many processes add to at once: one statement, no lost increments.

``bump(model, {"partner_id": 3, "day": today})`` adds one to the row with
those values (creating it at 1) and returns the new count, as a single
``INSERT … ON CONFLICT … DO UPDATE … RETURNING``: two workers counting the
same row at the same instant both land, which a read-then-write through the
ORM cannot promise. The lookup's columns must carry a unique constraint.
"""

from django.db import connections, router


def bump(model, lookup: dict, field: str = "count", by: int = 1) -> int:
    """Add ``by`` to ``model``'s ``field`` in the row matching ``lookup``; return the new value."""
    meta = model._meta
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    names = [meta.get_field(name).column for name in lookup]
    target = quote(meta.get_field(field).column)
    table = quote(meta.db_table)
    columns = ", ".join(quote(name) for name in names)
    placeholders = ", ".join(["%s"] * (len(names) + 1))
    sql = (
        f"INSERT INTO {table} ({columns}, {target}) VALUES ({placeholders}) "
        f"ON CONFLICT ({columns}) DO UPDATE SET {target} = {table}.{target} + EXCLUDED.{target} "
        f"RETURNING {target}"
    )
    params = [
        meta.get_field(name).get_db_prep_value(value, connection) for name, value in lookup.items()
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, by])
        return cursor.fetchone()[0]


def bump_many(model, keys: list[str], rows: list[tuple], field: str = "count") -> None:
    """Add each row's last value to ``field`` of the row whose ``keys`` columns
    hold the others (creating it), in one ``INSERT … ON CONFLICT`` statement.

    ``rows`` must not repeat a key: PostgreSQL refuses to update one row twice
    in a statement.
    """
    if not rows:
        return
    meta = model._meta
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [meta.get_field(name) for name in keys]
    target = quote(meta.get_field(field).column)
    table = quote(meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    row_sql = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
    params = []
    for row in rows:
        *values, by = row
        params.extend(
            f.get_db_prep_value(v, connection) for f, v in zip(fields, values, strict=True)
        )
        params.append(by)
    sql = (
        f"INSERT INTO {table} ({columns}, {target}) VALUES {', '.join([row_sql] * len(rows))} "
        f"ON CONFLICT ({columns}) DO UPDATE SET {target} = {table}.{target} + EXCLUDED.{target}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
