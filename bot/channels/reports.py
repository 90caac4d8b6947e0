"""What became of each WhatsApp message Twilio accepted: its delivery reports.

Reports can arrive out of order; a later one never undoes an earlier, further one. A
message refused for the closed 24-hour window is queued again (it goes out once the
person writes); any other failure is shown on the person's ticket and in its thread.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.clock import Clock, stamp
from bot.outbox import Failure, GiveUp, Undelivered, enqueue
from bot.storage.database import Changes, Database
from conversations.messages import Reply

log = logging.getLogger(__name__)

CHANNEL = "whatsapp"
WINDOW = timedelta(hours=24)
WINDOW_CLOSED = "63016"
"""Twilio's error for a free-form message outside the 24-hour window."""
_DONE = {"delivered", "read"}
_FAILED = {"failed", "undelivered"}
_PROGRESS = ("accepted", "queued", "sending", "sent", "delivered", "read")

_ACCEPTED = (
    "INSERT OR REPLACE INTO whatsapp_messages (sid, address, sent_at, status, body, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
_MESSAGE = "SELECT address, status, body FROM whatsapp_messages WHERE sid = ?"
_STATUS = (
    "UPDATE whatsapp_messages SET status = ?, error_code = ?, updated_at = ?,"
    " body = CASE WHEN ? THEN NULL ELSE body END WHERE sid = ?"
)
_CLOSED = "UPDATE whatsapp_windows SET last_inbound_at = ? WHERE address = ?"


def advances(before: str, after: str) -> bool:
    """Whether a report moves the message on (a late 'sent' after 'read' does not)."""
    if before in _FAILED or before == "read":
        return False
    if after in _FAILED:
        return True
    if after not in _PROGRESS:
        return False
    return before not in _PROGRESS or _PROGRESS.index(after) > _PROGRESS.index(before)


class DeliveryReports:
    """Each accepted message's status, kept from Twilio's callbacks."""

    def __init__(self, database: Database, clock: Clock, undeliverable: GiveUp) -> None:
        self._db = database
        self._clock = clock
        self._undeliverable = undeliverable

    async def accepted(self, sid: str, address: str, status: str | None, body: str | None) -> None:
        """Twilio took a message; its text is kept until delivered, to send again if refused."""
        now = stamp(self._clock.now())
        changes = Changes()
        changes.add(_ACCEPTED, (sid, address, now, status or "queued", body, now))
        try:
            await self._db.write(changes)
        except Exception:  # it went out: never let the outbox send it again
            log.exception("message %s was sent but its record was not kept", sid)

    async def update(self, params: dict[str, str]) -> None:
        """One delivery report: recorded, and acted on when the message failed."""
        sid, status = params.get("MessageSid", ""), params.get("MessageStatus", "")
        code = params.get("ErrorCode") or None
        row = await self._db.fetch_one(_MESSAGE, (sid,))
        if row is None or not advances(str(row[1]), status):
            return
        person, body = str(row[0]), row[2]
        now = self._clock.now()
        ended = status in _DONE or status in _FAILED
        changes = Changes()
        changes.add(_STATUS, (status, code, stamp(now), ended, sid))
        if status in _FAILED and code == WINDOW_CLOSED:
            changes.add(_CLOSED, (stamp(now - WINDOW), person))
            if body:
                enqueue(changes, CHANNEL, person, Reply(body), stamp(now))
        elif status in _FAILED:
            reason = f"WhatsApp {status}" + (f" (Twilio error {code})" if code else "")
            log.warning("WhatsApp message %s was not delivered: %s", sid, reason)
            failure = Failure(Undelivered.REPORTED, reason)
            changes.extend(await self._undeliverable(CHANNEL, person, failure))
        await self._db.write(changes)
