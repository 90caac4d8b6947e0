"""Work that falls due with time rather than with a message: run by the clock."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta
from functools import partial

from bot import digest, inbound, privacy
from bot.app import App
from bot.clock import stamp
from bot.desk import posts
from bot.desk.posts import DeskPost, PostKind
from bot.desk.stages import UNDECIDED, listed
from bot.figures import LATE_FIRST_RESPONSE, OPEN_TICKETS
from bot.outbox import enqueue
from bot.storage import backup, transcript
from bot.storage.database import Changes
from conversations import forms, notices, survey
from conversations import state as conversation
from conversations.i18n import N_

_IDLE_WITH_DRAFTS = (
    "SELECT c.user_key, u.channel, u.address FROM conversations c"
    " CROSS JOIN users u ON u.user_key = c.user_key"  # the few with drafts first
    " WHERE c.updated_at < ? AND instr(c.state, '\"drafts\"') > 0"
)
_STATE = "SELECT state FROM conversations WHERE user_key = ?"
_SAVE = "UPDATE conversations SET state = ? WHERE user_key = ?"
_SURVEYS = (
    "SELECT s.id, t.ref, t.kind, u.channel, u.address FROM surveys s"
    " JOIN tickets t ON t.id = s.ticket_id JOIN users u ON u.user_key = t.user_key"
)
_TO_INVITE = _SURVEYS + " WHERE s.status = 'pending' AND s.due_at <= ? ORDER BY s.due_at"
_TO_REMIND = (
    _SURVEYS + " WHERE s.status = 'invited' AND s.reminded_at IS NULL AND s.invited_at <= ?"
)
_TO_EXPIRE = _SURVEYS + " WHERE s.status = 'invited' AND s.expires_at <= ?"
_INVITED = "UPDATE surveys SET status = 'invited', invited_at = ?, expires_at = ? WHERE id = ?"
_LATER = "UPDATE surveys SET due_at = ? WHERE id = ?"
_REMINDED = "UPDATE surveys SET reminded_at = ? WHERE id = ?"
_EXPIRED = "UPDATE surveys SET status = 'expired' WHERE id = ?"
_LATE = (
    "SELECT id, ref FROM tickets WHERE {condition} AND NOT EXISTS"
    " (SELECT 1 FROM ticket_alerts a WHERE a.ticket_id = tickets.id AND a.threshold = ?)"
)
# Only tickets that became late since the last sweep (each sweep notes how far it looked).
_LATE_FIRST_RESPONSE = _LATE.format(condition=f"{LATE_FIRST_RESPONSE} AND created_at >= ?")
_LATE_REVIEW = _LATE.format(
    condition=f"{OPEN_TICKETS} AND stage IN ({listed(UNDECIDED)}) AND due_at < ? AND due_at >= ?"
)
_LOOKED = "SELECT value FROM runtime_values WHERE key = ?"
_LOOKED_UP_TO = "INSERT OR REPLACE INTO runtime_values (key, value) VALUES (?, ?)"
_ALERTED = "INSERT OR IGNORE INTO ticket_alerts (ticket_id, threshold, at) VALUES (?, ?, ?)"
_REVIEWS_DUE = (
    "SELECT t.ref, u.channel, u.address, t.quiet FROM tickets t"
    " JOIN users u ON u.user_key = t.user_key WHERE t.permanent = 1 AND t.next_review_at <= ?"
)
_NEXT_REVIEW = "UPDATE tickets SET next_review_at = ? WHERE ref = ?"
_ALERTS = {
    "first_response": N_("⏰ Ticket {ref} has waited longer than the first-response target."),
    "review": N_("⏰ Ticket {ref} is past the policy's review period."),
    "periodic_review": N_(
        "🔁 Ticket {ref}: the periodic review of this permanent beneficiary is due."
    ),
}
BUSY_RETRY = timedelta(hours=1)
KEEP_DELIVERY_RECORDS = timedelta(days=30)
RETIRE_BATCHES = 10
"""At most this many batches of tickets anonymised in one sweep (see privacy.retire)..."""
RETIRE_FOR = 0.02
"""...and no more once this many seconds went by (a slow disk does fewer)."""
_ERASED = "SELECT count(*) FROM erasures"
_ERASED_IN_BACKUPS = "erasures_in_backups"
"""How many erasures the backups were last rewritten for (the ledger only grows)."""
_FORGET_SEEN = "DELETE FROM inbox WHERE seen_at < ?"
_FORGET_SENT = "DELETE FROM outbox WHERE sent_at < ?"
_FORGET_GIVEN_UP = "DELETE FROM outbox WHERE given_up_at < ?"


def _idle_since(app: App) -> str:
    """Conversations untouched since then may hold a draft to remind of or delete."""
    limit = timedelta(days=app.policy.timings.draft_expiry_days)
    return stamp(app.clock.now() - limit + forms.expiry_notice(limit))


async def remind_drafts(app: App) -> None:
    """Remind once of each draft about to be deleted, a day (or less) before."""
    for _key, channel, address in await app.database.aside.fetch_all(
        _IDLE_WITH_DRAFTS, (_idle_since(app),)
    ):
        await app.engine.nudge(channel, address, forms.remind_expiring)


async def expire_drafts(app: App) -> int:
    """Delete drafts abandoned past the policy's period, with the transcript typed into them."""
    limit = timedelta(days=app.policy.timings.draft_expiry_days)
    now = app.clock.now()
    db = app.database.aside
    expired = 0
    for user_key, _channel, _address in await db.fetch_all(_IDLE_WITH_DRAFTS, (_idle_since(app),)):
        async with app.engine.locks.hold(user_key):
            row = await db.fetch_one(_STATE, (user_key,))
            state = conversation.load(row[0] if row else None)
            began = forms.drop_stale(state, now, limit)
            if began is None:
                continue
            changes = Changes()
            changes.add(_SAVE, (json.dumps(state, ensure_ascii=False), user_key))
            changes.add(transcript.FORGET_SINCE, (user_key, stamp(began)))
            await db.write(changes)
            app.engine.forget(user_key)
            expired += 1
    return expired


def _one(sql: str, params: tuple[object, ...]) -> Changes:
    changes = Changes()
    changes.add(sql, params)
    return changes


async def run_surveys(app: App) -> None:
    """Invite to surveys that fell due, remind once, and withdraw those left unanswered."""
    timings = app.policy.timings
    now = app.clock.now()
    engine, db = app.engine, app.database.aside
    for survey_id, ref, kind, channel, address in await db.fetch_all(_TO_INVITE, (stamp(now),)):
        expires = stamp(now + timedelta(days=timings.survey_expiry_days))
        invited = _one(_INVITED, (stamp(now), expires, survey_id))
        invite = partial(survey.invite, ref=ref, kind=kind)
        if not await engine.nudge(channel, address, invite, invited):
            await db.write(_one(_LATER, (stamp(now + BUSY_RETRY), survey_id)))
    remind_before = stamp(now - timedelta(hours=timings.survey_reminder_hours))
    for survey_id, _ref, _title, channel, address in await db.fetch_all(
        _TO_REMIND, (remind_before,)
    ):
        reminded = _one(_REMINDED, (stamp(now), survey_id))
        if not await engine.nudge(channel, address, survey.remind, reminded):
            await db.write(reminded)
    for survey_id, _ref, _title, channel, address in await db.fetch_all(_TO_EXPIRE, (stamp(now),)):
        expired = _one(_EXPIRED, (survey_id,))
        if not await engine.nudge(channel, address, survey.close, expired):
            await db.write(expired)


def _alert(app: App, changes: Changes, threshold: str, ref: str) -> None:
    at = stamp(app.clock.now())
    text = app.desk._(_ALERTS[threshold]).format(ref=ref)
    enqueue(changes, posts.CHANNEL, posts.GROUP, DeskPost(PostKind.ALERT, ref, text), at)
    enqueue(changes, posts.CHANNEL, posts.GROUP, DeskPost(PostKind.CARD, ref), at)


async def announce_overdue(app: App) -> None:
    """Tell the desk, once per threshold, of tickets past a target.

    Each sweep looks only at tickets that crossed a target since the one before (the
    first sweep looks at all), so it costs the same at any number of tickets.
    """
    now = app.clock.now()
    unanswered = now - timedelta(hours=app.policy.timings.first_response_hours)
    changes = Changes()
    late = (("first_response", _LATE_FIRST_RESPONSE, unanswered), ("review", _LATE_REVIEW, now))
    for threshold, sql, until in late:
        key = f"overdue_looked:{threshold}"
        looked = await app.database.aside.fetch_one(_LOOKED, (key,))
        since = str(looked[0]) if looked else ""
        params = (stamp(until), since, threshold)
        for ticket_id, ref in await app.database.aside.fetch_all(sql, params):
            changes.add(_ALERTED, (ticket_id, threshold, stamp(now)))
            _alert(app, changes, threshold, ref)
        changes.add(_LOOKED_UP_TO, (key, stamp(until)))
    await app.database.write(changes, background=True)


async def periodic_reviews(app: App) -> None:
    """Permanent beneficiaries whose review is due: tell the desk, ask the person (unless
    they asked for no messages about the ticket: the desk calls them)."""
    days = app.policy.review.periodic_review_days
    if not days:
        return
    now = app.clock.now()
    due = await app.database.aside.fetch_all(_REVIEWS_DUE, (stamp(now),))
    for ref, channel, address, quiet in due:
        changes = Changes()
        changes.add(_NEXT_REVIEW, (stamp(now + timedelta(days=days)), ref))
        _alert(app, changes, "periodic_review", ref)
        if quiet:
            await app.database.write(changes)
        else:
            await app.engine.nudge(channel, address, partial(notices.review_due, ref=ref), changes)


async def tidy(app: App) -> None:
    """Forget delivery bookkeeping older than a month: seen message ids and platform
    updates, delivered replies.

    Platforms redeliver within minutes or hours, so a month of seen ids is ample;
    the transcript, not the outbox, is the record of what was said.
    """
    before = stamp(app.clock.now() - KEEP_DELIVERY_RECORDS)
    changes = Changes()
    changes.add(_FORGET_SEEN, (before,))
    changes.add(_FORGET_SENT, (before,))
    changes.add(_FORGET_GIVEN_UP, (before,))
    changes.add(inbound.FORGET, (before,))
    await app.database.write(changes, background=True)


async def retention(app: App) -> None:
    """Anonymise tickets closed longer ago than the policy keeps personal data, and
    remove from disk the files nobody owns any more.

    A few batches a sweep: a large backlog (the first run on years of history) is worked
    off over many sweeps, and people's turns never wait behind it.
    """
    now = app.clock.now()
    before = now - timedelta(days=app.policy.timings.retention_days)
    until = time.monotonic() + RETIRE_FOR
    for _batch in range(RETIRE_BATCHES):
        if not await privacy.retire(app.database.aside, before, now):
            break
        if time.monotonic() > until:
            break
    await privacy.remove_unowned_files(app.database.aside, app.files.folder, now)


async def daily_backup(app: App) -> None:
    """Today's backup, if the settings ask for backups and it is not made yet; then, after
    an erasure, every backup there is rewritten without the person (see backup.erase_from)."""
    if not app.backups:
        return
    today = app.clock.now().date()
    folder, keep, path = app.backups.folder, app.backups.keep, app.database.path
    await asyncio.to_thread(backup.rotate, folder, path, today, keep)
    db = app.database.aside
    [(erased,)] = await db.fetch_all(_ERASED)
    reached = await db.fetch_one(_LOOKED, (_ERASED_IN_BACKUPS,))
    if reached and int(reached[0]) == erased:
        return
    if await asyncio.to_thread(backup.erase_from, folder, path):
        await db.write(_one(_LOOKED_UP_TO, (_ERASED_IN_BACKUPS, str(erased))), background=True)


async def run_due(app: App) -> None:
    """Everything that may have fallen due (what it says goes out as it commits)."""
    await app.engine.release_held()
    await tidy(app)
    await retention(app)
    await daily_backup(app)
    await digest.send_due(app.desk)
    await expire_drafts(app)
    await remind_drafts(app)
    await run_surveys(app)
    await announce_overdue(app)
    await periodic_reviews(app)


async def run_forever(app: App, every: float = 30.0) -> None:
    """Run what falls due every `every` seconds, until cancelled."""
    while True:
        await asyncio.sleep(every)
        await run_due(app)
