"""A small least-recently-used cache."""

from collections import OrderedDict

_MISSING = object()


class LRUCache:
    """Mapping with a fixed capacity that evicts the least recently used key.

    Both :meth:`get` (on a hit) and :meth:`put` count as a use of the key.
    """

    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._data = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key, default=None):
        value = self._data.get(key, _MISSING)
        if value is _MISSING:
            self.misses += 1
            return default
        self.hits += 1
        return value

    def put(self, key, value):
        if key in self._data:
            self._data.move_to_end(key)
        self._data[key] = value
        while len(self._data) > self.capacity:
            self._data.popitem(last=False)

    def keys(self):
        """Keys from least to most recently used."""
        return list(self._data)

    def clear(self):
        self._data.clear()
        self.hits = 0
        self.misses = 0

    def __contains__(self, key):
        return key in self._data

    def __len__(self):
        return len(self._data)
