"""The supervisors' spreadsheet: right-to-left sheets a board member can print.

Tickets (IDs and phones masked, names left out, unless a supervisor asks for the full
export), their stage history, survey answers per question, and a summary with the same
figures as the chart. Dates in both calendars.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date, datetime
from functools import lru_cache
from io import BytesIO
from typing import TYPE_CHECKING, Any

from bot.chart import caption
from bot.clock import moment, stamp
from bot.desk.desk import Desk
from bot.figures import Figures
from conversations import dates, validators
from conversations.i18n import N_

if TYPE_CHECKING:
    import xlsxwriter
    from xlsxwriter.worksheet import Worksheet

_TICKETS = (
    "SELECT ref, kind, stage, service, channel, created_at, closed_at, due_at, claimed_by,"
    " data FROM tickets WHERE created_at >= ? AND created_at < ? AND (confidential = 0 OR ?)"
    " ORDER BY created_at"
)
_HISTORY = (
    "SELECT t.ref, e.at, e.actor, e.action, e.stage FROM tickets t"
    " JOIN ticket_events e ON e.ticket_id = t.id"
    " WHERE t.created_at >= ? AND t.created_at < ? AND (t.confidential = 0 OR ?)"
    " ORDER BY t.created_at, e.id"
)
_ANSWERS = (
    "SELECT t.ref, a.question, a.score, a.answer, a.channel, a.service, a.kind, a.at"
    " FROM survey_answers a JOIN tickets t ON t.id = a.ticket_id"
    " WHERE a.at >= ? AND a.at < ? AND (t.confidential = 0 OR ?) ORDER BY a.id"
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


async def build(
    desk: Desk, figures: Figures, since: datetime, until: datetime, full: bool
) -> bytes:
    """The workbook as XLSX bytes: read here, written in a worker thread (a big period
    takes seconds to write, and people's turns must not wait for it). Confidential tickets
    (complaints about staff, low ratings) are in the full export only."""
    period = (stamp(since), stamp(until), full)
    tickets = await desk.db.fetch_all(_TICKETS, period)
    history = await desk.db.fetch_all(_HISTORY, period)
    answers = await desk.db.fetch_all(_ANSWERS, period)
    return await asyncio.to_thread(_write, desk, figures, full, tickets, history, answers)


def _write(
    desk: Desk,
    figures: Figures,
    full: bool,
    tickets: list[Any],
    history: list[Any],
    answers: list[Any],
) -> bytes:
    import xlsxwriter  # loaded with the first workbook, not with the bot

    _ = desk._
    out = BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": True})
    header = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    label = lru_cache(maxsize=256)(_)

    sheet = _sheet(book, _(_SUMMARY), [_("figure"), _("value")], header, [44, 24])
    for number, row in enumerate(_summary(desk, figures), 1):
        sheet.write_row(number, 0, row)

    names = [_(title) for title in _TICKET_COLUMNS]
    widths = [10, 14, 22, 24, 10, 14, 14, 14, 24, 12, 22, 12, 12, 16]
    sheet = _sheet(book, _(_TICKETS_SHEET), names, header, widths)
    for number, row in enumerate(tickets, 1):
        sheet.write_row(number, 0, _ticket_row(desk, row, full))

    names = [_("reference"), _(_DATE), _(_HIJRI), _("who and what")]
    sheet = _sheet(book, _(_HISTORY_SHEET), names, header, [10, 12, 22, 48])
    event = lru_cache(maxsize=1024)(desk.cards.event)
    for number, (ref, at, actor, action, stage) in enumerate(history, 1):
        sheet.write_row(number, 0, [ref, *_day(at), event(actor, action, stage)])

    fields = {field.key: field.label.ar for field in desk.policy.forms.survey.fields}
    names = [_("reference"), _("question"), _("score"), _("answer"), _("app"), _("service")]
    names += [_("kind"), _(_DATE), _(_HIJRI)]
    sheet = _sheet(book, _(_SURVEY_SHEET), names, header, [10, 34, 8, 40, 10, 24, 14, 12, 22])
    for number, (ref, question, score, answer, channel, service, kind, at) in enumerate(answers, 1):
        app = desk.cards.channel(channel) if channel else ""
        cells = [ref, fields.get(question, question), score, answer or "", app, service or ""]
        sheet.write_row(number, 0, [*cells, label(desk.cards.kind(kind)), *_day(at)])
    book.close()
    return out.getvalue()


def _sheet(
    book: xlsxwriter.Workbook,
    title: str,
    names: list[str],
    header: Any,
    widths: list[int],
) -> Worksheet:
    """A right-to-left sheet with a header row repeated on every printed page."""
    sheet = book.add_worksheet(title[:31])
    sheet.right_to_left()
    sheet.write_row(0, 0, names, header)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    sheet.repeat_rows(0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    return sheet


def _ticket_row(desk: Desk, row: Any, full: bool) -> list[Any]:
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
        desk._(desk.cards.kind(kind)),
        desk.cards.stage(stage),
        service or "",
        desk.cards.channel(channel) if channel else "",
        str(answers.get("city") or ""),
        national_id,
        mobile,
        name,
        *_day(created),
        _day(closed)[0],
        _day(due)[0],
        desk.roles.name(owner) if owner else "",
    ]


def _summary(desk: Desk, figures: Figures) -> list[tuple[str, Any]]:
    """The chart's figures as rows."""
    _ = desk._
    rows: list[tuple[str, Any]] = [
        (_("from"), desk.cards.when(figures.since)),
        (_("to"), desk.cards.when(figures.until)),
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
        (_(_OPEN_AT).format(stage=desk.cards.stage(stage)), count)
        for stage, count in figures.open_by_stage.items()
    ]
    fields = {field.key: field.label.ar for field in desk.policy.forms.survey.fields}
    rows += [
        (fields.get(question, question), round(average, 2))
        for question, (average, _count) in figures.satisfaction.items()
    ]
    rows.append((_("in words"), caption(figures, desk)))
    return rows


def _rounded(hours: float | None) -> float | str:
    return round(hours, 1) if hours is not None else ""
