"""The local channel: an interactive chat in the terminal, and a JSON-lines driver for scripts."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from bot import inbound, jobs
from bot.app import App
from bot.clock import parse_step
from bot.desk import staff
from bot.desk.desk import StaffInput
from bot.desk.posts import DeskPost
from bot.files import LOCAL
from conversations.messages import Attachment, AttachmentKind, Incoming, Location, Reply, pin

log = logging.getLogger(__name__)
CHANNEL = "console"
TERMINAL_USER = "local"


class LineError(ValueError):
    """A JSON line the driver cannot act on; reported as {"error": ...}."""


def _write_line(out: TextIO, line: dict[str, Any]) -> None:
    """One JSON object on one line, flushed at once (scripts read it as it comes)."""
    out.write(json.dumps(line, ensure_ascii=False) + "\n")
    out.flush()


def _files(attachments: tuple[Attachment, ...], folder: Path) -> list[dict[str, str]]:
    """Files as JSON; one the bot keeps itself says where it was written."""
    found = []
    for attachment in attachments:
        line = {"kind": attachment.kind.value, "name": attachment.name}
        if attachment.ref.startswith(LOCAL):
            line["file"] = str(folder / attachment.ref.removeprefix(LOCAL))
        found.append(line)
    return found


class JsonLinesSender:
    """Writes each reply as one JSON object: {"to", "text", "options"}."""

    def __init__(self, out: TextIO, folder: Path = Path("var")) -> None:
        self._out = out
        self._folder = folder

    async def send(self, recipient: str, reply: Reply) -> None:
        """Write and flush one reply."""
        line: dict[str, Any] = {"to": recipient, "text": reply.text}
        line["options"] = [option.label for option in reply.options]
        if reply.attachments:
            line["attachments"] = _files(reply.attachments, self._folder)
        _write_line(self._out, line)


class JsonLinesDesk:
    """Writes each desk post as one JSON object: {"to", "ticket", "kind", "text"}, and its
    "options" (a card's actions, a question of a request being taken) by label."""

    def __init__(self, out: TextIO, folder: Path = Path("var")) -> None:
        self._out = out
        self._folder = folder

    async def post(self, to: str, post: DeskPost) -> None:
        """Write and flush one post."""
        line: dict[str, Any] = {"to": to, "ticket": post.ticket, "kind": post.kind.value}
        line["text"] = post.text
        if post.options:
            line["options"] = [option.label for option in post.options]
        if post.attachments:
            line["attachments"] = _files(post.attachments, self._folder)
        _write_line(self._out, line)


class TerminalSender:
    """Prints replies for a person at the keyboard, options numbered."""

    def __init__(self, out: TextIO, folder: Path = Path("var")) -> None:
        self._out = out
        self._folder = folder

    async def send(self, recipient: str, reply: Reply) -> None:
        """Print one reply; a file the bot wrote is named by where it is."""
        files = _files(reply.attachments, self._folder)
        lines = [reply.text, *(f"📎 {file.get('file', file['name'])}" for file in files)]
        lines += [f"  {n}. {option.label}" for n, option in enumerate(reply.options, 1)]
        self._out.write("\n".join(lines) + "\n\n")
        self._out.flush()


def _attachment(data: Any) -> Attachment:
    if not isinstance(data, dict):
        raise LineError("'attachment' must be an object with 'kind' and 'name'")
    try:
        kind = AttachmentKind(str(data.get("kind")))
    except ValueError:
        kinds = ", ".join(kind.value for kind in AttachmentKind)
        raise LineError(f"attachment kind must be one of: {kinds}") from None
    name = str(data.get("name", ""))
    return Attachment(kind=kind, name=name, ref=name)


def _location(data: Any) -> Location:
    found = pin(data.get("lat"), data.get("lon")) if isinstance(data, dict) else None
    if found is None:
        raise LineError(
            "'location' must be an object with 'lat' (-90 to 90) and 'lon' (-180 to 180)"
        )
    return found


def _id(data: dict[str, Any], key: str) -> str | None:
    """An id (a person's, a message's, a staff member's, a ticket's), if the line has one."""
    value = data.get(key)
    if value is not None and not (isinstance(value, str) and len(value) <= inbound.LONGEST_ID):
        raise LineError(f"'{key}' must be a string of at most {inbound.LONGEST_ID} characters")
    return value


def parse_staff_line(data: dict[str, Any]) -> StaffInput:
    """A staff line: a command, a message in a ticket's thread, an action on a ticket, or an
    answer to the request they are taking."""
    staff, ticket = _id(data, "staff"), _id(data, "ticket")
    text, action = data.get("text"), data.get("action")
    if not all(isinstance(value, str) for value in (text, action) if value is not None):
        raise LineError("'text' and 'action' must be strings")
    files = (_attachment(data["attachment"]),) if "attachment" in data else ()
    return StaffInput(
        staff=staff or "",
        text=text or "",
        ticket=ticket,
        action=action,
        attachments=files,
        id=_id(data, "id") or "",
    )


def parse_person_line(data: dict[str, Any]) -> Incoming:
    """A person's line: {"user", "text"} or {"user", "attachment"} or {"user", "location"}."""
    user = _id(data, "user")
    if not user:
        raise LineError("'user' must be a non-empty string")
    text = data.get("text", "")
    if not isinstance(text, str):
        raise LineError("'text' must be a string")
    return Incoming(
        channel=CHANNEL,
        user=user,
        message_id=_id(data, "id") or str(uuid.uuid4()),
        text=text,
        attachments=(_attachment(data["attachment"]),) if "attachment" in data else (),
        location=_location(data["location"]) if "location" in data else None,
    )


async def handle_line(app: App, raw: str, out: TextIO) -> None:
    """Act on one JSON line, then deliver whatever became due; errors become error lines."""
    try:
        try:
            data = inbound.parse(raw)
        except ValueError as exc:
            raise LineError(f"not JSON: {exc}") from None
        if not isinstance(data, dict):
            raise LineError("each line must be a JSON object")
        if "clock" in data:
            app.clock.advance(parse_step(str(data["clock"])))
            await jobs.run_due(app)
        elif "staff" in data:
            await staff.handle(app.desk, parse_staff_line(data))
        else:
            await app.engine.handle(parse_person_line(data))
    except (LineError, ValueError) as exc:
        _write_line(out, {"error": str(exc)})
    except Exception:
        log.exception("line failed")
        _write_line(out, {"error": "internal error; the line was not processed (see the log)"})
    await app.outbox.deliver_due()


async def run_jsonl(app: App, source: TextIO, out: TextIO) -> None:
    """Read JSON lines from `source` until it ends, answering each before the next."""
    read: Callable[[], str] = source.readline
    while raw := await asyncio.to_thread(read):
        if raw.strip():
            await handle_line(app, raw, out)


async def run_terminal(app: App, out: TextIO = sys.stdout) -> None:
    """Chat at the keyboard until end of input (Ctrl-D) or Ctrl-C."""
    out.write(f"{app.policy.association.name.ar}\n(Ctrl-D للخروج / to quit)\n\n")
    background = asyncio.create_task(jobs.run_forever(app), name="jobs")
    try:
        await _say(app, "القائمة")
        while True:
            try:
                text = await asyncio.to_thread(input, "› ")
            except (EOFError, KeyboardInterrupt):
                out.write("\n")
                return
            await _say(app, text)
    finally:
        background.cancel()


async def _say(app: App, text: str) -> None:
    incoming = Incoming(
        channel=CHANNEL, user=TERMINAL_USER, message_id=str(uuid.uuid4()), text=text
    )
    await app.engine.handle(incoming)
    await app.outbox.deliver_due()
