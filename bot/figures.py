"""How the service is doing over a period, in figures: the one source of the supervisors'
chart, spreadsheet summary and weekly digest.

Every figure is an aggregate SQLite computes over an index (counts per week, a median
found by counting per hour), never a loop over tickets in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from bot.clock import RIYADH, stamp
from bot.desk.stages import UNDECIDED, listed
from bot.storage.database import Database
from conversations.kinds import Kind
from conversations.tickets import Stage

_COUNTED = tuple(kind for kind in Kind if kind is not Kind.FOLLOWUP)
_WEEK = (
    "SELECT "
    + ", ".join(f"count(*) FILTER (WHERE kind = '{kind}')" for kind in _COUNTED)
    + " FROM tickets WHERE {column} >= ? AND {column} < ?"
)
"""Tickets of each kind received (or closed) in one week, in one pass over the index by
date: grouping the period's tickets by week sorted every one of them first."""
WEEK = timedelta(days=7)
OPEN_TICKETS = "stage != 'closed'"
"""Written so, the condition the indexes of open tickets are made for (migrations 0011 and
0015): a query uses one only if it says this."""
_OPEN_BY_STAGE = f"SELECT stage, count(*) FROM tickets WHERE {OPEN_TICKETS} GROUP BY 1"
_HOURS = (
    "WITH RECURSIVE hours(hour) AS (SELECT min(CAST({value} AS INTEGER)) FROM tickets"
    " WHERE {value} IS NOT NULL UNION ALL SELECT (SELECT min(CAST({value} AS INTEGER))"
    " FROM tickets WHERE {value} IS NOT NULL AND CAST({value} AS INTEGER) > hour)"
    " FROM hours WHERE hour IS NOT NULL)"
    " SELECT hour, (SELECT count(*) FROM tickets WHERE {value} IS NOT NULL"
    " AND CAST({value} AS INTEGER) = hour AND {column} >= ?1 AND {column} < ?2)"
    " FROM hours WHERE hour IS NOT NULL"
)
"""How many durations of the period fall in each whole hour: the hours found by stepping
through the index by hour, each one's period counted off it (migration 0015)."""
_RANKED = (
    "SELECT {value} FROM tickets WHERE {value} IS NOT NULL AND CAST({value} AS INTEGER) = ?3"
    " AND {column} >= ?1 AND {column} < ?2 ORDER BY {value} LIMIT 1 OFFSET ?4"
)
"""The duration at a rank within one hour of the period."""
_FIRST_RESPONSE = {"value": "first_response_hours", "column": "created_at"}
_RESOLUTION = {"value": "resolution_hours", "column": "closed_at"}
_SATISFACTION = (
    "WITH RECURSIVE asked(question) AS (SELECT min(question) FROM survey_answers UNION ALL"
    " SELECT (SELECT min(question) FROM survey_answers WHERE question > asked.question)"
    " FROM asked WHERE asked.question IS NOT NULL)"
    " SELECT question, avg(score), count(*) FROM survey_answers"
    " WHERE question IN (SELECT question FROM asked) AND at >= ? AND at < ?"
    " AND score IS NOT NULL GROUP BY question ORDER BY min(id)"
)
"""The average score per question, in the order first answered: the questions are found
by stepping through the index of scores, then each one's period read off it in order
(grouping the period's answers by question sorted every one of them first)."""
_SURVEYS = (
    "SELECT count(*), count(*) FILTER (WHERE status = 'answered') FROM surveys"
    " WHERE invited_at >= ? AND invited_at < ?"
)
_UNANSWERED = "stage = 'received' AND created_at < ?"
_UNDECIDED = f"stage IN ({listed(UNDECIDED - {Stage.RECEIVED})}) AND due_at < ?"
LATE_FIRST_RESPONSE = f"{OPEN_TICKETS} AND {_UNANSWERED}"
"""Tickets nobody took up within the first-response target (before the `?` moment)."""
LATE_REVIEW = f"{OPEN_TICKETS} AND {_UNDECIDED}"
"""Tickets taken up but not decided by their due date (the `?` moment: now)."""
LATE = f"{OPEN_TICKETS} AND (({_UNANSWERED}) OR ({_UNDECIDED}))"
"""Either, in one condition (the same two moments)."""
_OVERDUE = (
    f"SELECT (SELECT count(*) FROM tickets WHERE {LATE_FIRST_RESPONSE})"
    f" + (SELECT count(*) FROM tickets WHERE {LATE_REVIEW})"
)
_COUNTED_BY = (
    "SELECT {column}, count(*) FROM tickets WHERE created_at >= ? AND created_at < ?"
    f" AND kind != '{Kind.FOLLOWUP}' GROUP BY 1 ORDER BY 2 DESC, 1"
)
"""Tickets received over [?, ?) per channel they came by or per branch office, the busiest
first (migrations 0017 and 0018's indexes)."""
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
    by_channel: dict[str, int]
    """Tickets received in the period per channel they came by, the busiest first."""
    by_branch: dict[str, int]
    """The same per branch office ("" for a city no branch serves)."""

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
    weeks = []
    for n in range((until - origin).days // 7 + 1):
        start = origin + n * WEEK
        span = (stamp(max(start, since)), stamp(min(start + WEEK, until)))
        received = await _kinds(db, _WEEK.format(column="created_at"), span)
        weeks.append(
            Week(start.date(), received, await _kinds(db, _WEEK.format(column="closed_at"), span))
        )
    period = (stamp(since), stamp(until))
    late = until - first_response_target
    invited, answered = await db.fetch_one(_SURVEYS, period) or (0, 0)
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
        invited=int(invited),
        answered=int(answered),
        overdue=int(await _one(db, _OVERDUE, (stamp(late), stamp(until))) or 0),
        followups_open=int(await _one(db, _FOLLOWUPS) or 0),
        by_channel=await counted_by(db, "channel", since, until),
        by_branch=await counted_by(db, "branch", since, until),
    )


async def counted_by(
    db: Database, column: Literal["channel", "branch"], since: datetime, until: datetime
) -> dict[str, int]:
    """Tickets received over [since, until) per channel or branch, the busiest first ("" for
    none: an anonymous ticket's channel, a city no branch serves)."""
    rows = await db.fetch_all(_COUNTED_BY.format(column=column), (stamp(since), stamp(until)))
    return {str(value or ""): int(count) for value, count in rows}


async def medians(
    db: Database, since: datetime, until: datetime
) -> tuple[float | None, float | None]:
    """Median hours to the first response (of tickets received in the period) and to
    resolution (of tickets closed in it)."""
    period = (stamp(since), stamp(until))
    first = await _median(db, _FIRST_RESPONSE, period)
    return first, await _median(db, _RESOLUTION, period)


async def _median(db: Database, measure: dict[str, str], period: tuple[str, str]) -> float | None:
    """The median as `statistics.median` has it (the middle value, or the mean of the two),
    counted by hour and read in order only within the middle hour: no sorting of the
    period's durations, however many there are."""
    hours = [(hour, n) for hour, n in await db.fetch_all(_HOURS.format(**measure), period) if n]
    total = sum(n for _hour, n in hours)
    if not total:
        return None
    middle = []
    for rank in sorted({(total - 1) // 2, total // 2}):
        for hour, n in hours:
            if rank < n:
                row = await db.fetch_one(_RANKED.format(**measure), (*period, hour, rank))
                middle += [float(row[0])] if row else []
                break
            rank -= n
    return sum(middle) / len(middle) if middle else None


async def _kinds(db: Database, sql: str, span: tuple[str, str]) -> dict[str, int]:
    row = await db.fetch_one(sql, span)
    return {kind: int(n) for kind, n in zip(_COUNTED, row or (), strict=False) if n}


async def _one(db: Database, sql: str, params: tuple[object, ...] = ()) -> float | None:
    row = await db.fetch_one(sql, params)
    return float(row[0]) if row and row[0] is not None else None
