"""How the service is doing over a period, in figures: the one source of the supervisors'
chart, spreadsheet summary and weekly digest.

Every figure is an aggregate SQLite computes over an index (counts grouped by week, a
median read at its offset in sorted order), never a loop over tickets in Python.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.clock import RIYADH, stamp
from bot.desk.stages import UNDECIDED, listed
from bot.storage.database import Database
from conversations.kinds import Kind
from conversations.tickets import Stage

_WEEKLY = (
    "SELECT kind, CAST((julianday({column}) - julianday(?)) / 7 AS INTEGER), count(*)"
    " FROM tickets WHERE {column} >= ? AND {column} < ?"
    f" AND kind != '{Kind.FOLLOWUP}' GROUP BY 1, 2"
)
OPEN_TICKETS = "stage != 'closed'"
"""Written so, the condition an index of open tickets is made for (see migration 0011)."""
_OPEN_BY_STAGE = f"SELECT stage, count(*) FROM tickets WHERE {OPEN_TICKETS} GROUP BY 1"
_DURATIONS = (
    "SELECT {value} FROM tickets WHERE {column} >= ? AND {column} < ? AND {value} IS NOT NULL"
)
_FIRST_RESPONSE = {"value": "first_response_hours", "column": "created_at"}
_RESOLUTION = {"value": "resolution_hours", "column": "closed_at"}
_SATISFACTION = (
    "SELECT question, avg(score), count(*) FROM survey_answers"
    " WHERE at >= ? AND at < ? AND score IS NOT NULL GROUP BY question ORDER BY min(id)"
)
_SURVEYS = (
    "SELECT status, count(*) FROM surveys WHERE invited_at >= ? AND invited_at < ? GROUP BY 1"
)
LATE_FIRST_RESPONSE = "stage = 'received' AND created_at < ?"
"""Tickets nobody took up within the first-response target (before the `?` moment)."""
LATE_REVIEW = f"stage IN ({listed(UNDECIDED - {Stage.RECEIVED})}) AND due_at < ?"
"""Tickets taken up but not decided by their due date."""
_OVERDUE = (
    f"SELECT (SELECT count(*) FROM tickets WHERE {LATE_FIRST_RESPONSE})"
    f" + (SELECT count(*) FROM tickets WHERE {LATE_REVIEW})"
)
_FOLLOWUPS = f"SELECT count(*) FROM tickets WHERE kind = '{Kind.FOLLOWUP}' AND {OPEN_TICKETS}"


@dataclass(frozen=True)
class Week:
    """One week (from Sunday) of the period: tickets received and closed, by kind."""

    start: date
    received: dict[str, int]
    closed: dict[str, int]


@dataclass(frozen=True)
class Figures:
    """The service over [since, until)."""

    since: datetime
    until: datetime
    weeks: tuple[Week, ...]
    open_by_stage: dict[str, int]
    first_response_hours: float | None
    resolution_hours: float | None
    satisfaction: dict[str, tuple[float, int]]
    """Per survey question: the average score and how many answered it."""
    invited: int
    answered: int
    overdue: int
    followups_open: int

    @property
    def received(self) -> int:
        return sum(sum(week.received.values()) for week in self.weeks)

    @property
    def closed(self) -> int:
        return sum(sum(week.closed.values()) for week in self.weeks)

    @property
    def answered_share(self) -> float | None:
        """The share of invited people who answered the survey."""
        return self.answered / self.invited if self.invited else None


def week_start(moment: datetime) -> datetime:
    """Midnight (Riyadh) of the Sunday that begins the Saudi week of `moment`."""
    local = moment.astimezone(RIYADH)
    sunday = local - timedelta(days=(local.weekday() + 1) % 7)
    return sunday.replace(hour=0, minute=0, second=0, microsecond=0)


async def gather(
    db: Database, since: datetime, until: datetime, first_response_target: timedelta
) -> Figures:
    """The figures over [since, until), weeks counted from the Sunday before `since`."""
    origin = week_start(since)
    span = (stamp(origin), stamp(since), stamp(until))
    count = (until - origin).days // 7 + 1
    weeks = [Week((origin + timedelta(weeks=n)).date(), {}, {}) for n in range(count)]
    for column, side in (("created_at", "received"), ("closed_at", "closed")):
        for kind, index, number in await db.fetch_all(_WEEKLY.format(column=column), span):
            if 0 <= index < count:
                getattr(weeks[index], side)[kind] = number
    period = (stamp(since), stamp(until))
    late = until - first_response_target
    statuses = {str(status): int(n) for status, n in await db.fetch_all(_SURVEYS, period)}
    first, resolution = await medians(db, since, until)
    return Figures(
        since=since,
        until=until,
        weeks=tuple(weeks),
        open_by_stage={str(stage): int(n) for stage, n in await db.fetch_all(_OPEN_BY_STAGE)},
        first_response_hours=first,
        resolution_hours=resolution,
        satisfaction={
            question: (float(average), int(number))
            for question, average, number in await db.fetch_all(_SATISFACTION, period)
        },
        invited=sum(statuses.values()),
        answered=statuses.get("answered", 0),
        overdue=int(await _one(db, _OVERDUE, (stamp(late), stamp(until))) or 0),
        followups_open=int(await _one(db, _FOLLOWUPS) or 0),
    )


async def medians(
    db: Database, since: datetime, until: datetime
) -> tuple[float | None, float | None]:
    """Median hours to the first response (of tickets received in the period) and to
    resolution (of tickets closed in it), read off their covering indexes."""
    found = []
    for measure in (_FIRST_RESPONSE, _RESOLUTION):
        rows = await db.fetch_all(_DURATIONS.format(**measure), (stamp(since), stamp(until)))
        found.append(statistics.median(row[0] for row in rows) if rows else None)
    return found[0], found[1]


async def _one(db: Database, sql: str, params: tuple[object, ...] = ()) -> float | None:
    row = await db.fetch_one(sql, params)
    return float(row[0]) if row and row[0] is not None else None
