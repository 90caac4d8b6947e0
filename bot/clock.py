"""The bot's clock: real time, which the JSON-lines driver and tests can move forward."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta, timezone

from conversations.dates import LAST_DAY

RIYADH = timezone(timedelta(hours=3), "AST")
FURTHEST = datetime.combine(LAST_DAY, time(), RIYADH) - timedelta(days=3650)
"""As far as the clock can be moved: ten years before the Umm al-Qura calendar ends, so
every day counted ahead of it (a due date, a periodic review) still has its Hijri date."""
_STEP = re.compile(r"^\+(\d{1,9})([mhd])$")  # timedelta takes up to 999,999,999 days
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def parse_step(text: str) -> timedelta:
    """A forward step such as '+90m', '+6h' or '+3d'."""
    match = _STEP.match(text.strip())
    if not match:
        raise ValueError(f"clock step must look like +90m, +6h or +3d, not {text!r}")
    return timedelta(**{_UNITS[match[2]]: int(match[1])})


class Clock:
    """Now, in Saudi time, plus however far the clock has been moved forward."""

    def __init__(self) -> None:
        self._offset = timedelta()

    def now(self) -> datetime:
        """The current moment in Asia/Riyadh time (UTC+3, no daylight saving)."""
        return (datetime.now(UTC) + self._offset).astimezone(RIYADH)

    def advance(self, step: timedelta) -> None:
        """Move the clock forward; ValueError, and the clock unchanged, past FURTHEST."""
        if step > FURTHEST - self.now():
            raise ValueError(
                f"the clock cannot move past {FURTHEST:%Y-%m-%d}, the furthest it can date"
            )
        self._offset += step


def stamp(moment: datetime) -> str:
    """A moment as stored in the database: ISO 8601 in UTC, sortable as text."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def moment(stamped: str) -> datetime:
    """A moment read back from the database, in Riyadh time (the twin of `stamp`)."""
    return datetime.fromisoformat(stamped).astimezone(RIYADH)
