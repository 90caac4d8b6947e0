"""Commands staff and supervisors type: status, open and overdue work, a ticket, search, surveys."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from babel.dates import format_timedelta
from babel.numbers import format_decimal, format_percent

from bot import chart, workbook
from bot.clock import moment, stamp
from bot.desk import intake
from bot.desk.desk import Desk, Refusal, StaffInput
from bot.figures import (
    LATE,
    LATE_FIRST_RESPONSE,
    LATE_REVIEW,
    OPEN_TICKETS,
    Figures,
    counted_by,
    gather,
    medians,
)
from bot.logs import mask
from bot.storage.database import Changes, Params
from conversations import validators
from conversations.i18n import N_
from conversations.messages import Attachment, AttachmentKind
from conversations.policy import FieldType
from conversations.text import is_number, to_ascii_digits

_LISTED = "SELECT ref, kind, stage, created_at, claimed_by, confidential FROM tickets"
_SEEN = "(confidential = 0 OR ?)"
"""Confidential tickets are listed to supervisors only (the `?` says who asks)."""
_OPEN_WHERE = f"{OPEN_TICKETS} AND {_SEEN}"
_OPEN = f"{_LISTED} WHERE {_OPEN_WHERE} ORDER BY created_at LIMIT ? OFFSET ?"
_OPEN_COUNT = f"SELECT count(*) FROM tickets WHERE {_OPEN_WHERE}"
# Open tickets walked oldest first, off an index of them alone that holds every column
# tested, until a page of late ones is found: the oldest open tickets are the late ones,
# so the walk is short however many there are (by stage, they would all be sorted first).
_OVERDUE = (
    f"{_LISTED} INDEXED BY tickets_open_by_age WHERE {LATE} AND {_SEEN}"
    " ORDER BY created_at LIMIT ? OFFSET ?"
)
# Counted by stage, each part off its own index of open tickets.
_OVERDUE_COUNT = (
    f"SELECT (SELECT count(*) FROM tickets WHERE {LATE_FIRST_RESPONSE} AND {_SEEN})"
    f" + (SELECT count(*) FROM tickets WHERE {LATE_REVIEW} AND {_SEEN})"
)
PAGE = 20
"""Lines in one answer of /open or /overdue: a phone screen, far under a message's limit."""
_BY_STAGE = f"SELECT kind, stage, count(*) FROM tickets WHERE {OPEN_TICKETS} GROUP BY 1, 2"
_RECEIVED_SINCE = "SELECT count(*) FROM tickets WHERE created_at >= ?"
_CLOSED_SINCE = "SELECT count(*) FROM tickets WHERE closed_at >= ?"
_SURVEY = (
    "SELECT question, avg(score), count(*) FROM survey_answers"
    " WHERE at >= ? AND score IS NOT NULL GROUP BY question ORDER BY min(id)"
)
_OVERALL = (
    "SELECT avg(score), count(score) FROM survey_answers"
    " WHERE question = 'overall' AND at >= ? AND score IS NOT NULL"
)
RECENT = timedelta(days=30)
"""The period /stats measures times and satisfaction over: how the service does now."""
_HISTORY = (
    "SELECT e.at, e.actor, e.action, e.stage, e.note FROM ticket_events e"
    " JOIN tickets t ON t.id = e.ticket_id WHERE t.ref = ? ORDER BY e.id"
)
_TICKET_ID = "SELECT id FROM tickets WHERE ref = ?"
# the view of the transcript, by a ticket's id: only a value is pushed into each half of
# the view, onto the index of turns by ticket (a join would read every turn)
_THREAD = "SELECT direction, text FROM messages WHERE ticket_id = ? ORDER BY id DESC LIMIT 12"
log = logging.getLogger(__name__)
MAX_DAYS = 3650
_FIND = (
    "SELECT ref, kind, stage, confidential FROM tickets"
    " WHERE json_extract(data, '$.national_id') = ? OR json_extract(data, '$.mobile') = ?"
    " ORDER BY created_at DESC"
)
HELP = N_(
    "Commands: /open, /overdue, /ticket REF (add «full» for the claimer), /new (a request "
    "for a person), and for supervisors /stats, /find ID-or-mobile, /survey DAYS, "
    "/report week|month|DAYS (a chart), /export DAYS [full] (a spreadsheet)."
)
_PERIODS = {"week": 7, "month": 30, "اسبوع": 7, "أسبوع": 7, "شهر": 30}
_ACCESS = "INSERT INTO data_access (staff, what, at) VALUES (?, ?, ?)"
REPORTS_KEPT = timedelta(days=7)


def _duration(seconds: float) -> str:
    return str(format_timedelta(timedelta(seconds=max(seconds, 60)), locale="ar", threshold=1.1))


async def _listing(
    desk: Desk,
    said: StaffInput,
    args: list[str],
    title: str,
    counted: tuple[str, Params],
    shown: tuple[str, Params],
) -> str:
    """A count and one page of ticket lines, oldest first, and how to see the next page.

    `counted` and `shown` are the queries of the count and of the lines, each with its
    values (the lines' query then takes the page's size and offset).
    """
    _ = desk._
    page = _page(args[0]) if args else 1
    [(count,)] = await desk.db.fetch_all(*counted)
    query, values = shown
    rows = await desk.db.fetch_all(query, (*values, PAGE, (page - 1) * PAGE))
    now = desk.clock.now()
    lines = [_(title).format(count=count)]
    for ref, kind, stage, created, owner, confidential in rows:
        age = _duration((now - moment(created)).total_seconds())
        lock = "🔒 " if confidential else ""
        what = f"{_(desk.cards.kind(kind))} · {desk.cards.stage(stage)}"
        who = desk.roles.name(owner) if owner else "—"
        lines.append(f"• {lock}{ref} · {what} · {age} · {who}")
    last = (page - 1) * PAGE + len(rows)
    if last < count:
        command = said.text.split()[0]
        lines.append(
            _("Showing {first}–{last} of {count}; write {command} {next} for more.").format(
                first=(page - 1) * PAGE + 1, last=last, count=count, command=command, next=page + 1
            )
        )
    return "\n".join(lines)


def _page(typed: str) -> int:
    digits = to_ascii_digits(typed)
    if not is_number(digits) or int(digits) < 1:
        raise Refusal(N_("Write a page number after the command, e.g. /open 2."))
    return int(digits)


async def open_tickets(desk: Desk, said: StaffInput, args: list[str]) -> str:
    """Tickets not yet closed, oldest first, a page at a time."""
    title = N_("Open tickets: {count}")
    seen = (desk.roles.is_supervisor(said.staff),)
    return await _listing(desk, said, args, title, (_OPEN_COUNT, seen), (_OPEN, seen))


async def overdue(desk: Desk, said: StaffInput, args: list[str]) -> str:
    """Tickets past their first-response target or their review period, a page at a time."""
    now = desk.clock.now()
    unanswered = stamp(now - timedelta(hours=desk.policy.timings.first_response_hours))
    title = N_("Overdue tickets: {count}")
    seen, late = desk.roles.is_supervisor(said.staff), stamp(now)
    counted = (_OVERDUE_COUNT, (unanswered, seen, late, seen))
    return await _listing(desk, said, args, title, counted, (_OVERDUE, (unanswered, late, seen)))


async def stats(desk: Desk, _said: StaffInput, _args: list[str]) -> str:
    """Open work by stage and kind, this week and month, and over the last 30 days the
    median response times and satisfaction."""
    _ = desk._
    now = desk.clock.now()
    week = (now - timedelta(days=(now.weekday() + 1) % 7)).replace(hour=0, minute=0, second=0)
    month = now.replace(day=1, hour=0, minute=0, second=0)
    lines = [_("Open tickets by kind and stage:")]
    by_stage = await desk.db.fetch_all(_BY_STAGE)
    for kind, stage, count in by_stage:
        lines.append(f"• {_(desk.cards.kind(kind))} · {desk.cards.stage(stage)}: {count}")
    if not by_stage:
        lines.append(_("No open tickets."))
    for label, since in (
        (N_("This week (since {date})"), week),
        (N_("This month (since {date})"), month),
    ):
        received = (await desk.db.fetch_all(_RECEIVED_SINCE, (stamp(since),)))[0][0]
        closed = (await desk.db.fetch_all(_CLOSED_SINCE, (stamp(since),)))[0][0]
        lines.append(_(label).format(date=desk.cards.when(since)))
        lines.append(
            _("received {received}, closed {closed}").format(received=received, closed=closed)
        )
    channels = desk.cards.by_channel(await counted_by(desk.db, "channel", month, now))
    lines.append(_("This month by channel: {channels}").format(channels=channels))
    if desk.policy.branches:
        branches = desk.cards.by_branch(await counted_by(desk.db, "branch", month, now))
        lines.append(_("This month by branch: {branches}").format(branches=branches))
    recent = now - RECENT
    lines.append(_("Last 30 days (since {date}):").format(date=desk.cards.when(recent)))
    first, done = await medians(desk.db, recent, now)
    lines.append(
        _("Median first response: {time}").format(
            time=_duration(first * 3600) if first is not None else "—"
        )
    )
    lines.append(
        _("Median resolution: {time}").format(
            time=_duration(done * 3600) if done is not None else "—"
        )
    )
    average, count = (await desk.db.fetch_all(_OVERALL, (stamp(recent),)))[0]
    lines.append(
        _("Satisfaction: {average} of 5 from {count} ratings").format(
            average=format_decimal(round(average, 2), locale="ar") if average else "—", count=count
        )
    )
    return "\n".join(lines)


async def survey(desk: Desk, _said: StaffInput, args: list[str]) -> str:
    """Average rating per survey question over the last DAYS days (30 by default)."""
    _ = desk._
    days = _days(args[0]) if args else 30
    since = desk.clock.now() - timedelta(days=days)
    lines = [_("Survey answers since {date}:").format(date=desk.cards.when(since))]
    fields = {field.key: field for field in desk.policy.forms.survey.fields}
    answered = await desk.db.fetch_all(_SURVEY, (stamp(since),))
    for question, average, count in answered:
        field = fields.get(question)
        if field and field.type is FieldType.YES_NO:
            value = _("{share} said yes").format(share=format_percent(average, locale="ar"))
        else:
            value = format_decimal(round(average, 2), locale="ar")
        lines.append(f"• {field.label.ar if field else question}: {value} ({count})")
    if not answered:
        lines.append(_("No survey answers in this period."))
    return "\n".join(lines)


def _days(typed: str) -> int:
    """A number of days a supervisor typed (or «week», «month»), from 1 to MAX_DAYS, or Refusal."""
    if typed.casefold() in _PERIODS:
        return _PERIODS[typed.casefold()]
    digits = to_ascii_digits(typed)
    if not is_number(digits) or not 1 <= int(digits) <= MAX_DAYS:
        raise Refusal(
            N_("Write a number of days from 1 to {most}, e.g. /survey 30."), most=MAX_DAYS
        )
    return int(digits)


async def _figures(desk: Desk, days: int) -> tuple[datetime, datetime, Figures]:
    until = desk.clock.now()
    since = until - timedelta(days=days)
    target = timedelta(hours=desk.policy.timings.first_response_hours)
    return since, until, await gather(desk.db, since, until, target)


async def report(desk: Desk, said: StaffInput, args: list[str]) -> None:
    """A chart of the last week, month or DAYS days, sent as a photo with its caption."""
    days = _days(args[0]) if args else 7
    _since, until, figures = await _figures(desk, days)
    name = f"report-{until.date().isoformat()}.png"
    wording = desk.wording
    drawn = await desk.worker.run(chart.render, figures, wording)
    ref = await desk.files.keep(drawn, name, said.staff, "reports", REPORTS_KEPT)
    photo = Attachment(AttachmentKind.PHOTO, name, ref)
    await desk.answer(said.staff, f"{chart.caption(figures, wording)}\n📎 {name}", (photo,))


async def export(desk: Desk, said: StaffInput, args: list[str]) -> None:
    """A spreadsheet of the last DAYS days (30 by default): IDs and phones masked, unless
    «full», which is recorded as an access to personal data."""
    full = bool(args) and args[-1].casefold() in {"full", "كامل"}
    typed = args[:-1] if full else args
    days = _days(typed[0]) if typed else 30
    since, until, figures = await _figures(desk, days)
    if full:
        changes = Changes()
        what = f"export {days} days, full"
        changes.add(_ACCESS, (said.staff, what, stamp(until)))
        await desk.db.write(changes)
        log.warning("personal data exported in full by %s (%d days)", said.staff, days)
    name = f"tickets-{until.date().isoformat()}{'-full' if full else ''}.xlsx"
    path = desk.files.place(name, "reports")
    await desk.worker.run(workbook.write, path, desk.db.path, desk.wording, figures, full)
    ref = await desk.files.kept(path, said.staff, REPORTS_KEPT)
    sheet = Attachment(AttachmentKind.DOCUMENT, name, ref)
    text = desk._("Workbook from {since} to {until}:").format(
        since=desk.cards.when(since), until=desk.cards.when(until)
    )
    await desk.answer(said.staff, f"{text}\n📎 {name}", (sheet,))


async def ticket(desk: Desk, said: StaffInput, args: list[str]) -> str | None:
    """A ticket's card, history and thread; with «full», every answer to its claimer.

    Personal data typed in the thread is masked except in the claimer's «full» view.
    """
    _ = desk._
    if not args:
        raise Refusal(N_("Write the ticket's reference after /ticket."))
    record = await desk.ticket_for(said.staff, to_ascii_digits(args[0]))
    full = args[1:] == ["full"]
    if full and record.claimed_by != said.staff:
        raise Refusal(
            N_("Only the staff member who claimed ticket {ref} sees it in full."), ref=record.ref
        )
    lines = [desk.cards.full(record) if full else desk.cards.card(record, desk.clock.now())]
    lines += ["", _("History:")]
    for at, actor, action, stage, note in await desk.db.fetch_all(_HISTORY, (record.ref,)):
        line = f"• {desk.cards.when(moment(at))} · {desk.cards.event(actor, action, stage)}"
        lines.append(line + (f" — {note}" if note else ""))
    [(ticket_id,)] = await desk.db.fetch_all(_TICKET_ID, (record.ref,))
    thread = await desk.db.fetch_all(_THREAD, (ticket_id,))
    if thread:
        lines += ["", _("Messages with {audience}:").format(audience=desk.cards.audience)]
    for direction, text in reversed(thread):
        arrow = "👤" if direction == "in" else "🏢"
        lines.append(f"{arrow} {(text if full else mask(text, keep=4))[:200]}")
    return "\n".join(lines)


async def find(desk: Desk, said: StaffInput, args: list[str]) -> str:
    """Tickets of the person with this national ID or mobile number (shown masked)."""
    _ = desk._
    typed = " ".join(args)
    try:
        key = validators.national_id(typed)
    except validators.Invalid:
        try:
            key = validators.mobile(typed)
        except validators.Invalid:
            raise Refusal(N_("Write a national ID or a mobile number after /find.")) from None
    found = await desk.db.fetch_all(_FIND, (key, key))
    lines = [_("Tickets for {who}:").format(who=validators.masked(key))]
    for ref, kind, stage, confidential in found:
        if confidential and not desk.roles.is_supervisor(said.staff):
            continue
        lines.append(f"• {ref} · {_(desk.cards.kind(kind))} · {desk.cards.stage(stage)}")
    return "\n".join(lines) if len(lines) > 1 else _("No tickets found.")


Command = Callable[[Desk, StaffInput, list[str]], Awaitable[str | None]]
STAFF: dict[str, Command] = {
    "/open": open_tickets,
    "/overdue": overdue,
    "/ticket": ticket,
    intake.COMMAND: intake.begin,
}
SUPERVISORS: dict[str, Command] = {
    "/stats": stats,
    "/find": find,
    "/survey": survey,
    "/report": report,
    "/export": export,
}


async def run(desk: Desk, said: StaffInput) -> None:
    """Run a command and answer its author privately."""
    name, *args = said.text.split()
    command = STAFF.get(name) or SUPERVISORS.get(name)
    if command is None:
        raise Refusal(HELP)
    if name in SUPERVISORS and not desk.roles.is_supervisor(said.staff):
        raise Refusal(N_("{command} is for supervisors."), command=name)
    answer = await command(desk, said, args)
    if answer:
        await desk.answer(said.staff, answer)
