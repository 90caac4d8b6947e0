"""The supervisors' spreadsheet: right-to-left sheets a board member can print.

Tickets (IDs and phones masked, names left out, unless a supervisor asks for the full
export), their stage history, survey answers per question, and a summary with the same
figures as the chart. Dates in both calendars.

Written in the worker process, straight from the database: each sheet's rows are read
and written one by one (`bot.xlsx`), all from one snapshot, so a long period costs time
in the worker, never memory or the bot's event loop.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.chart import caption
from bot.clock import moment, stamp
from bot.figures import Figures
from bot.wording import Wording
from bot.xlsx import Book
from conversations import dates, validators
from conversations.i18n import N_

ROWS = 1_048_575
"""The most rows a sheet holds under its header (XLSX's limit): every read stops there."""
_TICKETS = (
    "SELECT ref, kind, stage, service, channel, created_at, closed_at, due_at, claimed_by,"
    " data FROM tickets WHERE created_at >= ? AND created_at < ? AND (confidential = 0 OR ?)"
    f" ORDER BY created_at LIMIT {ROWS}"
)
_HISTORY = (
    "SELECT t.ref, e.at, e.actor, e.action, e.stage FROM tickets t"
    " JOIN ticket_events e ON e.ticket_id = t.id"
    " WHERE t.created_at >= ? AND t.created_at < ? AND (t.confidential = 0 OR ?)"
    f" ORDER BY t.created_at, e.id LIMIT {ROWS}"
)
_ANSWERS = (
    "SELECT t.ref, a.question, a.score, a.answer, a.channel, a.service, a.kind, a.at"
    " FROM survey_answers a JOIN tickets t ON t.id = a.ticket_id"
    f" WHERE a.at >= ? AND a.at < ? AND (t.confidential = 0 OR ?) ORDER BY a.id LIMIT {ROWS}"
)
_SUMMARY = N_("Summary")
_TICKETS_SHEET = N_("Tickets")
_HISTORY_SHEET = N_("Stage history")
_SURVEY_SHEET = N_("Survey answers")
_OPEN_AT = N_("open at the stage: {stage}")
_DATE = N_("date")
_HIJRI = N_("Hijri date")
_TICKET_COLUMNS = (
    N_("reference"),
    N_("kind"),
    N_("stage"),
    N_("service"),
    N_("app"),
    N_("city"),
    N_("national ID"),
    N_("mobile"),
    N_("name"),
    _DATE,
    _HIJRI,
    N_("closed on"),
    N_("due"),
    N_("claimed by"),
)


@lru_cache(maxsize=4096)
def _hijri(day: date) -> str:
    return dates.hijri(day, "ar")


def _day(stamped: str | None) -> tuple[str, str]:
    """A stored moment as the Gregorian and the Hijri day, in Riyadh."""
    if not stamped:
        return "", ""
    day = moment(stamped).date()
    return day.isoformat(), _hijri(day)


def write(target: Path, database: Path, wording: Wording, figures: Figures, full: bool) -> None:
    """Write the workbook of the figures' period to `target`, reading `database` (in the
    worker process). Confidential tickets (complaints about staff, low ratings) are in the
    full export only. Nothing is left at `target` if it fails."""
    target.parent.mkdir(parents=True, exist_ok=True)
    period = (stamp(figures.since), stamp(figures.until), full)
    try:
        with (
            closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)) as db,
            Book(target) as book,
        ):
            db.execute("BEGIN")  # one snapshot for every sheet
            _sheets(book, wording, figures, full, db, period)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _sheets(
    book: Book,
    wording: Wording,
    figures: Figures,
    full: bool,
    db: sqlite3.Connection,
    period: tuple[str, str, bool],
) -> None:
    _, cards = wording._, wording.cards
    label = lru_cache(maxsize=256)(_)

    sheet = book.sheet(_(_SUMMARY), [_("figure"), _("value")], [44, 24])
    for row in _summary(wording, figures):
        sheet.row(row)

    names = [_(title) for title in _TICKET_COLUMNS]
    widths = [10, 14, 22, 24, 10, 14, 14, 14, 24, 12, 22, 12, 12, 16]
    sheet = book.sheet(_(_TICKETS_SHEET), names, widths)
    for row in db.execute(_TICKETS, period):
        sheet.row(_ticket_row(wording, row, full))

    names = [_("reference"), _(_DATE), _(_HIJRI), _("who and what")]
    sheet = book.sheet(_(_HISTORY_SHEET), names, [10, 12, 22, 48])
    event = lru_cache(maxsize=1024)(cards.event)
    for ref, at, actor, action, stage in db.execute(_HISTORY, period):
        sheet.row([ref, *_day(at), event(actor, action, stage)])

    fields = {field.key: field.label.ar for field in wording.policy.forms.survey.fields}
    names = [_("reference"), _("question"), _("score"), _("answer"), _("app"), _("service")]
    names += [_("kind"), _(_DATE), _(_HIJRI)]
    sheet = book.sheet(_(_SURVEY_SHEET), names, [10, 34, 8, 40, 10, 24, 14, 12, 22])
    for ref, question, score, answer, channel, service, kind, at in db.execute(_ANSWERS, period):
        app = cards.channel(channel) if channel else ""
        cells = [ref, fields.get(question, question), score, answer, app, service]
        sheet.row([*cells, label(cards.kind(kind)), *_day(at)])


def _ticket_row(wording: Wording, row: Any, full: bool) -> list[Any]:
    ref, kind, stage, service, channel, created, closed, due, owner, data = row
    answers: dict[str, Any] = json.loads(data)
    national_id = str(answers.get("national_id") or "")
    mobile = str(answers.get("mobile") or "").replace("+966", "0")
    if not full:
        national_id = validators.masked(national_id) if national_id else ""
        mobile = validators.masked(mobile) if mobile else ""
    name = str(answers.get("full_name") or "") if full else ""
    return [
        ref,
        wording._(wording.cards.kind(kind)),
        wording.cards.stage(stage),
        service or "",
        wording.cards.channel(channel) if channel else "",
        str(answers.get("city") or ""),
        national_id,
        mobile,
        name,
        *_day(created),
        _day(closed)[0],
        _day(due)[0],
        wording.roles.name(owner) if owner else "",
    ]


def _summary(wording: Wording, figures: Figures) -> list[tuple[str, Any]]:
    """The chart's figures as rows."""
    _, cards = wording._, wording.cards
    rows: list[tuple[str, Any]] = [
        (_("from"), cards.when(figures.since)),
        (_("to"), cards.when(figures.until)),
        (_("tickets received"), figures.received),
        (_("tickets closed"), figures.closed),
        (_("overdue now"), figures.overdue),
        (_("low-score follow-ups open"), figures.followups_open),
        (_("median first response (hours)"), _rounded(figures.first_response_hours)),
        (_("median resolution (hours)"), _rounded(figures.resolution_hours)),
        (_("surveys sent"), figures.invited),
        (_("surveys answered"), figures.answered),
    ]
    rows += [
        (_(_OPEN_AT).format(stage=cards.stage(stage)), count)
        for stage, count in figures.open_by_stage.items()
    ]
    rows += [
        (_("received by {channel}").format(channel=cards.channel(channel)), count)
        for channel, count in figures.by_channel.items()
        if channel
    ]
    if wording.policy.branches:
        rows += [
            (_("received at {branch}").format(branch=branch or _("no branch")), count)
            for branch, count in figures.by_branch.items()
        ]
    fields = {field.key: field.label.ar for field in wording.policy.forms.survey.fields}
    rows += [
        (fields.get(question, question), round(average, 2))
        for question, (average, _count) in figures.satisfaction.items()
    ]
    rows.append((_("in words"), caption(figures, wording)))
    return rows


def _rounded(hours: float | None) -> float | str:
    return round(hours, 1) if hours is not None else ""
