"""What every new database connection is told before a page uses it."""

# The planner's price of reading a page out of order, relative to reading the
# next one (PostgreSQL's default, 4, is a spinning disk's). The site's data is
# read from memory or SSD, where the two cost about the same: with 4, PostgreSQL
# compared a search with every tag name one by one (~10 ms with 3,000 tags)
# rather than look it up in their trigram index (~0.6 ms). Set per session, so
# it holds on any server, managed or not, without owning the database.
RANDOM_PAGE_COST = 1.1


def planner_costs(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        # Straight to the driver: a session's setup, not one of a page's queries.
        connection.connection.execute(f"SET random_page_cost = {RANDOM_PAGE_COST}")
