"""A small thread-safe LRU memo for values keyed by a hashable key.

For results built from objects that cannot be hashed (a `Dataset`), where
``functools.lru_cache`` does not fit: the caller names the key. The dashboard
keeps its built downloads in one (shared by every session through
``st.cache_resource``); a build runs outside the lock, so two sessions never
wait on each other's build.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class LruMemo(Generic[T]):
    """Keep the last ``size`` values built, by key.

    Parameters
    ----------
    size : how many values to keep (the least recently used goes first).
    """

    def __init__(self, size: int = 12) -> None:
        if size < 1:
            raise ValueError(f"size must be at least 1, not {size}")
        self.size = size
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """Return how many values are kept."""
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        """Return whether a value is kept for ``key``."""
        return key in self._items

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """Return the value kept for ``key``, or ``build()`` it and keep it."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value
