"""Replies too long for one platform message: cut on paragraphs, sent strictly in order.

Each part goes out only after the platform accepted the one before (neither Telegram
nor Twilio keeps the order of messages sent back to back). When a part fails after
others were accepted, the outbox is left only the rest, so nothing is sent twice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TypeVar

from bot.desk.posts import DeskPost
from bot.outbox import Unfinished
from conversations.messages import Attachment, Reply

Sent = TypeVar("Sent", Reply, DeskPost)

SendText = Callable[[str, bool], Awaitable[object]]
"""Send one part of the text; True for the last part (which carries the options)."""
SendFile = Callable[[Attachment], Awaitable[object]]


def size(text: str) -> int:
    """Characters as the platforms count them: UTF-16 code units (an emoji may be two)."""
    return len(text.encode("utf-16-le")) // 2


def _longest(text: str, limit: int) -> int:
    """How many of `text`'s characters fit in `limit` code units."""
    units = 0
    for position, character in enumerate(text):
        units += 2 if ord(character) > 0xFFFF else 1
        if units > limit:
            return position
    return len(text)


def paragraphs(text: str, limit: int) -> list[str]:
    """`text` in parts of at most `limit` characters, cut between paragraphs where it can."""
    parts: list[str] = []
    current = ""
    for paragraph in text.split("\n\n"):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if size(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        while size(paragraph) > limit:
            end = _longest(paragraph, limit)
            cut = paragraph.rfind("\n", 0, end)
            cut = cut if cut > 0 else end
            parts.append(paragraph[:cut])
            paragraph = paragraph[cut:].lstrip("\n")
        current = paragraph
    if current or not parts:
        parts.append(current)
    return parts


async def in_order(reply: Sent, limit: int, send_text: SendText, send_file: SendFile) -> None:
    """Send the text in parts, then the files, each after the previous was accepted.

    Raises Unfinished with what is left when a failure follows an accepted part.
    """
    parts = paragraphs(reply.text, limit) if reply.text else []
    for number, part in enumerate(parts):
        try:
            await send_text(part, number == len(parts) - 1)
        except Exception as error:
            if number == 0:
                raise
            raise Unfinished(replace(reply, text="\n\n".join(parts[number:])), error) from error
    for number, attachment in enumerate(reply.attachments):
        try:
            await send_file(attachment)
        except Exception as error:
            if number == 0 and not parts:
                raise
            rest = replace(reply, text="", options=(), attachments=reply.attachments[number:])
            raise Unfinished(rest, error) from error
