"""Files the bot keeps itself, under the data folder.

Media a WhatsApp person sends are downloaded and kept here (Twilio's copies are not
ours to rely on), and referred to as ``file:<path under the data folder>``. A file for
Twilio to fetch (a staff member's photo for a WhatsApp person) is shared under an
unguessable path that expires.
"""

from __future__ import annotations

import asyncio
import mimetypes
import secrets
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

from bot.clock import Clock, stamp
from bot.storage.database import Changes, Database
from conversations.messages import Attachment

LOCAL = "file:"
"""How an attachment's `ref` says the file is here, not on a chat platform."""
SHARED_FOR = timedelta(days=1)
"""Twilio fetches a file when it sends the message, which it may queue for hours."""
_SHARE = "INSERT INTO shared_files (token, path, media_type, expires_at) VALUES (?, ?, ?, ?)"
_SHARED = "SELECT path, media_type FROM shared_files WHERE token = ? AND expires_at > ?"
_EXPIRED = "DELETE FROM shared_files WHERE expires_at <= ?"
_KEPT = "INSERT INTO kept_files (path, user_key, kept_at, expires_at) VALUES (?, ?, ?, ?)"
Fetch = Callable[[Attachment, Path], Awaitable[Path]]
"""Download an attachment kept on its platform (a Telegram photo) into a folder."""


class Files:
    """The data folder's files: kept, found again, and shared for a while."""

    def __init__(self, folder: Path, database: Database, clock: Clock) -> None:
        self.folder = folder.resolve()
        self._db = database
        self._clock = clock

    def place(self, name: str, where: str = "media") -> Path:
        """Where a new file `name` goes: a fresh folder under `where` (made when written)."""
        return self.folder / where / secrets.token_hex(12) / Path(name).name

    async def keep(
        self,
        content: bytes,
        name: str,
        owner: str,
        where: str = "media",
        lasts: timedelta | None = None,
    ) -> str:
        """Store `content` as `name` in a fresh folder under `where`, owned by the person
        `owner` (until erased), for `lasts` if given; return its `ref`."""
        path = self.place(name, where)
        await asyncio.to_thread(self._write, path, content)
        return await self.kept(path, owner, lasts)

    async def kept(self, path: Path, owner: str, lasts: timedelta | None = None) -> str:
        """Keep the file written at `path` (a `place`) as `keep` does; return its `ref`."""
        relative = path.relative_to(self.folder).as_posix()
        now = self._clock.now()
        expires = stamp(now + lasts) if lasts else None
        changes = Changes()
        changes.add(_KEPT, (relative, owner, stamp(now), expires))
        await self._db.write(changes)
        return f"{LOCAL}{relative}"

    def path(self, ref: str) -> Path | None:
        """The file a `ref` names, if it is one of ours and inside the data folder."""
        if not ref.startswith(LOCAL):
            return None
        path = (self.folder / ref.removeprefix(LOCAL)).resolve()
        return path if path.is_relative_to(self.folder) and path.is_file() else None

    async def share(self, path: Path, media_type: str | None = None) -> str:
        """An unguessable token under which `path` can be fetched until it expires."""
        token = secrets.token_urlsafe(24)
        kind = media_type or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        expires = stamp(self._clock.now() + SHARED_FOR)
        changes = Changes()
        changes.add(_SHARE, (token, str(path), kind, expires))
        changes.add(_EXPIRED, (stamp(self._clock.now()),))
        await self._db.write(changes)
        return token

    async def link(self, attachment: Attachment, fetch: Fetch | None) -> str | None:
        """`files/TOKEN`: where an attachment's file can be fetched, unguessably, until the
        share expires (fetched from its platform first when it is not here); None when the
        file cannot be had."""
        path = self.path(attachment.ref)
        if path is None and fetch:
            path = await fetch(attachment, self.folder / "shared")
        return f"files/{await self.share(path)}" if path else None

    async def shared(self, token: str) -> tuple[Path, str] | None:
        """The file and its media type shared under `token`, while it has not expired."""
        row = await self._db.fetch_one(_SHARED, (token, stamp(self._clock.now())))
        if row is None:
            return None
        path = Path(row[0])
        return (path, str(row[1])) if await asyncio.to_thread(path.is_file) else None

    @staticmethod
    def _write(path: Path, content: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
