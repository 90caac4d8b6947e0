"""Requests staff take, on the desk's side: `/new` opens a staff member's intake, what
they write while it is open answers it, and its replies reach them privately.

The intake is a conversation of the staff member's own (`intake:<staff id>`), run by the
engine like any other (`conversations.intake`): committed turn by turn, so a restart
goes on where they were.
"""

from __future__ import annotations

import uuid

from bot.desk.cards import ACTION_PREFIX
from bot.desk.delivery import DeskChannel
from bot.desk.desk import Desk, StaffInput
from bot.desk.posts import DeskPost, PostKind
from conversations import state as conversation
from conversations.intake import COMMAND as COMMAND
from conversations.intake import INTAKE, under_way
from conversations.intake_voice import NEXT as NEXT
from conversations.messages import Incoming, Option, Reply

PRESSED = "i"
"""The action of a desk button that answers an intake (`d:i:CODE`)."""
_STATE = "SELECT state FROM conversations WHERE user_key = ?"


async def begin(desk: Desk, said: StaffInput, _args: list[str]) -> None:
    """/new: take a request for a person (or go back to the one being taken)."""
    await take(desk, StaffInput(said.staff, COMMAND, id=said.id))


async def open_for(desk: Desk, staff: str) -> bool:
    """Whether `staff` is taking a request now: their messages answer it."""
    key = Incoming(channel=INTAKE, user=staff, message_id="").user_key
    row = await desk.db.fetch_one(_STATE, (key,))
    return row is not None and under_way(conversation.load(str(row[0])))


async def take(desk: Desk, said: StaffInput) -> None:
    """What the staff member wrote or pressed, as the next message of their intake."""
    await desk.engine.handle(
        Incoming(
            channel=INTAKE,
            user=said.staff,
            message_id=said.id or str(uuid.uuid4()),
            text=said.text,
            option=said.option,
            attachments=said.attachments,
        )
    )


class IntakeSender:
    """The outbox's sender for intakes: each reply privately to its staff member, options
    as desk buttons that answer the intake."""

    def __init__(self, channel: DeskChannel) -> None:
        self._channel = channel
        self.buttons = bool(getattr(channel, "buttons", False))

    async def send(self, recipient: str, reply: Reply) -> None:
        """Post the reply to the staff member."""
        pressed = f"{ACTION_PREFIX}{PRESSED}:"
        options = tuple(Option(f"{pressed}{o.code}", o.label, o.means) for o in reply.options)
        post = DeskPost(PostKind.ANSWER, None, reply.text, reply.attachments, options)
        await self._channel.post(recipient, post)
