"""How much one browser, and one client address, may send to the website chat.

Counted as `bot.flood` counts a person's messages, in memory (a restart forgives
everyone). A client address may be many people (an office, a mobile carrier's gateway),
so it is allowed several times what one browser is.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import flood
from bot.flood import Flood

HOUR = timedelta(hours=1)


class Limits:
    """Messages a minute and files an hour, per browser and per client address; and how
    many pages may be open at once (`pages`, `pages_per_address`: see `WebChat.crowded`)."""

    def __init__(
        self,
        messages: int = flood.LIMIT,
        messages_per_address: int = 4 * flood.LIMIT,
        files: int = 20,
        files_per_address: int = 60,
        pages: int = 5,
        pages_per_address: int = 200,
    ) -> None:
        self._messages = Flood(messages), Flood(messages_per_address)
        self._files = Flood(files, HOUR), Flood(files_per_address, HOUR)
        self.pages, self.pages_per_address = pages, pages_per_address

    def message(self, person: str, address: str, now: datetime) -> bool:
        """Count a message; whether it is within both limits."""
        return _within(self._messages, person, address, now)

    def file(self, person: str, address: str, now: datetime) -> bool:
        """Count a file; whether it is within both limits."""
        return _within(self._files, person, address, now)


def _within(floods: tuple[Flood, Flood], person: str, address: str, now: datetime) -> bool:
    mine, everyone = floods
    counts = mine.count(person, now), everyone.count(address, now)  # both counted, always
    return counts[0] <= mine.limit and counts[1] <= everyone.limit
