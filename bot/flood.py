"""Flood control: how many messages each person sent in the last minute."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

LIMIT = 30
"""Messages a minute answered one by one; beyond it they are kept without an answer each,
and the last one is answered once the person slows down (see `Engine.release_held`).

Filling a long form by tapping buttons stays well under it."""
WINDOW = timedelta(minutes=1)
_PEOPLE_KEPT = 10_000


class Flood:
    """Counts each person's recent messages in memory (a restart forgives everyone)."""

    def __init__(self, limit: int = LIMIT, window: timedelta = WINDOW) -> None:
        self.limit = limit
        self._window = window
        self._recent: dict[str, deque[datetime]] = {}

    def count(self, person: str, now: datetime) -> int:
        """Record a message from `person` now; how many they sent within the window."""
        recent = self._recent.setdefault(person, deque())
        recent.append(now)
        while recent and now - recent[0] > self._window:
            recent.popleft()
        if len(self._recent) > _PEOPLE_KEPT:
            self._forget(now)
        return len(recent)

    def calm(self, person: str, now: datetime) -> bool:
        """Whether `person` has slowed down: within the limit over the last window."""
        recent = self._recent.get(person, deque())
        return sum(1 for at in recent if now - at <= self._window) <= self.limit

    def _forget(self, now: datetime) -> None:
        quiet = [who for who, times in self._recent.items() if now - times[-1] > self._window]
        for who in quiet:
            del self._recent[who]
