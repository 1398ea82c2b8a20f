"""A small, thread-safe table of values computed once per upload key, oldest dropped first."""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable


class Remembered:
    """A value per key for the last ``size`` keys (memory stays bounded).

    Sessions run in threads of one process: the table is locked while it changes; the
    value is computed outside the lock (two sessions may both compute it, once each).
    """

    def __init__(self, size: int) -> None:
        self._values: OrderedDict[str, object] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def remember(self, key: str, compute: Callable[[], object]):
        """The value kept for ``key``, computed by ``compute()`` the first time."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)
