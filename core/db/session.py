"""What a database session is told before a page uses it, and how connections are pooled.

``configure()`` turns the environment's choices into the ``DATABASES`` entry:

- directly to PostgreSQL (the default), with or without Django's own pool
  (``DB_POOL``): the planner cost is a startup parameter of the connection
  (libpq ``options``), so it is part of every physical connection the pool
  keeps, with no statement per request;
- behind a pooler in session mode (``DB_POOLER=session``, PgBouncer): PgBouncer
  refuses the ``options`` startup parameter, so each new session runs a ``SET``
  (``planner_costs``, on ``connection_created``);
- behind a pooler in transaction mode (``DB_POOLER=transaction``): no session
  state at all, since consecutive transactions may run on different server
  connections. The planner cost belongs to the pooler's or the server's
  configuration (PgBouncer's ``connect_query``, or ``ALTER ROLE … SET``), and
  compiled statements are not prepared by name (core/db/compiled.py).

Django's pool keeps a physical connection's session across checkouts: neither
it nor psycopg_pool resets one (no ``DISCARD ALL``, only a rollback when a
transaction was left open), so what was prepared on it stays prepared.
"""

from django.core.exceptions import ImproperlyConfigured

# The planner's price of reading a page out of order, relative to reading the
# next one (PostgreSQL's default, 4, is a spinning disk's). The site's data is
# read from memory or SSD, where the two cost about the same: with 4, PostgreSQL
# compared a search with every tag name one by one (~10 ms with 3,000 tags)
# rather than look it up in their trigram index (~0.6 ms). Set per connection,
# so it holds on any server, managed or not, without owning the database.
RANDOM_PAGE_COST = 1.1

#: ``DB_POOLER`` values: none (a direct connection), or a pooler's mode.
POOLERS = ("", "session", "transaction")


def startup_options():
    """The libpq ``options`` that set the planner cost as the connection starts."""
    return f"-c random_page_cost={RANDOM_PAGE_COST}"


def configure(database, *, pooler="", pool=False, min_size=2, max_size=10, prepares=False):
    """Return the ``DATABASES`` entry ``database`` set up for ``pooler`` and Django's ``pool``.

    ``prepares``: the transaction-mode pooler keeps protocol-level prepared
    statements (PgBouncer 1.21 or later with ``max_prepared_statements``).
    """
    if pooler not in POOLERS:
        raise ImproperlyConfigured(
            f"DB_POOLER must be empty, 'session' or 'transaction', not {pooler!r}."
        )
    if prepares and pooler != "transaction":
        raise ImproperlyConfigured(
            "DB_POOLER_PREPARES=1 needs DB_POOLER=transaction: without a pooler in "
            "transaction mode, statements are prepared by name already."
        )
    if min_size > max_size:
        raise ImproperlyConfigured("DB_POOL_MIN_SIZE must not exceed DB_POOL_MAX_SIZE.")
    database = {**database, "OPTIONS": dict(database.get("OPTIONS") or {})}
    options = database["OPTIONS"]
    if pool:
        # Django refuses persistent connections with its pool: the pool keeps them.
        options["pool"] = {"min_size": min_size, "max_size": max_size}
        database["CONN_MAX_AGE"] = 0
    if not pooler:
        options["options"] = " ".join(filter(None, [startup_options(), options.get("options")]))
    if prepares:
        # psycopg prepares only when asked (compiled statements ask), and
        # Django's own cursors bind client-side: nothing else gets prepared.
        options["prepare_threshold"] = 1_000_000
    return database


def planner_costs(sender, connection, **kwargs):
    """Set the planner cost on a new session behind a pooler in session mode."""
    from django.conf import settings

    if connection.vendor == "postgresql" and settings.DATABASE_POOLER == "session":
        # Straight to the driver: a session's setup, not one of a page's queries.
        connection.connection.execute(f"SET random_page_cost = {RANDOM_PAGE_COST}")
