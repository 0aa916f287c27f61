"""What one process keeps for its next document: a dict emptied when it is full, so a
long-lived server whose inputs keep changing never holds more than ``limit`` results."""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def keep(self, key: K, value: V) -> V:
        """Store ``value`` under ``key`` (emptying a full memo first) and return it."""
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
