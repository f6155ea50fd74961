"""A bounded memo a process keeps between requests, shared by its threads.

For what is keyed by a digest of exactly what it is made of (a feed entry's
full text, its XML, a deflated piece of a body): whatever changed the inputs
gives another key, so no write has to know of the memo, and an entry that is
no longer asked for is dropped once ``size`` newer ones were kept.
"""

import threading
from collections import OrderedDict


class Kept:
    """The ``size`` values last kept or found, the oldest dropped first."""

    def __init__(self, size):
        self.size = size
        self._values = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        """The value kept under ``key`` (now the newest), or None."""
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key, value):
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def clear(self):
        with self._lock:
            self._values.clear()

    def __len__(self):
        return len(self._values)
