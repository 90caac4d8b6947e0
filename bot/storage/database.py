"""The database: one writer connection that commits in groups, one reader, migrations."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, Any

import aiosqlite

from bot.storage.lock import hold

log = logging.getLogger(__name__)

Params = Sequence[Any]


@dataclass
class Changes:
    """The writes of one unit of work (a turn, a delivery), committed all or nothing.

    Statements with the same SQL are sent together with `executemany`, and units
    committed together are merged the same way, each SQL in the order it first
    appears. So a statement may rely on one of another SQL having run first only
    if every unit adds them in that order (as the engine's turns do).
    """

    statements: dict[str, list[Params]] = field(default_factory=dict)

    def add(self, sql: str, params: Params) -> None:
        """Queue one statement."""
        self.statements.setdefault(sql, []).append(params)

    def add_many(self, sql: str, rows: Iterable[Params]) -> None:
        """Queue one statement for each row."""
        self.statements.setdefault(sql, []).extend(rows)

    def extend(self, other: Changes) -> None:
        """Queue everything `other` holds, after what is here."""
        for sql, rows in other.statements.items():
            self.add_many(sql, rows)


@dataclass
class _Pending:
    changes: Changes
    done: asyncio.Future[None]


_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)
DURABILITY = ("normal", "full")
"""SQLite's `synchronous` in WAL mode. NORMAL keeps every commit across a crash of the
process (a kill, an exception, a restart); on a power cut or an operating-system crash
the last commits before it may be lost, never the database. FULL syncs to disk at every
commit and loses nothing a person was answered about even then, at a cost per commit."""


async def _connect(path: Path, durability: str = "normal") -> aiosqlite.Connection:
    connection = await aiosqlite.connect(path, isolation_level=None)
    for pragma in (*_PRAGMAS, f"PRAGMA synchronous={durability.upper()}"):
        await connection.execute(pragma)
    return connection


def migrations() -> list[tuple[int, str]]:
    """The shipped migrations as (version, SQL), in order."""
    folder = resources.files("bot.storage") / "migrations"
    found = [
        (int(item.name.split("_", 1)[0]), item.read_text(encoding="utf-8"))
        for item in folder.iterdir()
        if item.name.endswith(".sql")
    ]
    return sorted(found)


class Database:
    """SQLite in WAL mode: reads on one connection, grouped writes on another."""

    def __init__(
        self,
        path: Path,
        writer: aiosqlite.Connection,
        reader: aiosqlite.Connection,
        lock: IO[bytes],
    ) -> None:
        self.path = path
        self._writer = writer
        self.reader = reader
        self._lock = lock
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._task = asyncio.create_task(self._commit_loop(), name="database-writer")

    @classmethod
    async def open(cls, path: Path, durability: str = "normal") -> Database:
        """Open (creating if needed) and migrate the database at `path`, committing with
        the `durability` chosen (see DURABILITY).

        Raises InUse when another bot has it open.
        """
        if durability not in DURABILITY:
            raise ValueError(f"durability must be one of {DURABILITY}")
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = hold(path)
        writer = await _connect(path, durability)
        await _migrate(writer)
        return cls(path, writer, await _connect(path, durability), lock)

    async def close(self) -> None:
        """Finish pending writes and close both connections."""
        await self._queue.join()
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        await self.reader.close()
        await self._writer.close()
        self._lock.close()

    async def write(self, changes: Changes) -> None:
        """Commit `changes` in one transaction, possibly together with others' changes."""
        done = asyncio.get_running_loop().create_future()
        await self._queue.put(_Pending(changes, done))
        await done

    async def fetch_one(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        """The first row of a read, or None (one round trip to the database thread)."""
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        """Every row of a read, in one round trip to the database thread."""
        return list(await self.reader.execute_fetchall(sql, params))

    async def _commit_loop(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                await self._commit(batch)
            finally:
                for _ in batch:
                    self._queue.task_done()

    async def _commit(self, batch: list[_Pending]) -> None:
        try:
            await self._apply([pending.changes for pending in batch])
        except Exception as error:
            if len(batch) == 1:
                _settle(batch[0], error)
                return
            log.warning("group commit of %d units failed; committing one by one", len(batch))
            for pending in batch:
                await self._commit([pending])
            return
        for pending in batch:
            _settle(pending, None)

    async def _apply(self, units: list[Changes]) -> None:
        """Run every unit's statements in one transaction, one executemany per distinct SQL.

        Units in one batch belong to different people (a person's next turn waits for
        this commit), so statements of the same SQL can run together in the order in
        which each SQL first appears.
        """
        merged: dict[str, list[Params]] = {}
        for changes in units:
            for sql, rows in changes.statements.items():
                merged.setdefault(sql, []).extend(rows)
        await self._writer.execute("BEGIN IMMEDIATE")
        try:
            for sql, rows in merged.items():
                await self._writer.executemany(sql, rows)
            await self._writer.execute("COMMIT")
        except BaseException:
            await self._writer.execute("ROLLBACK")
            raise


def _settle(pending: _Pending, error: BaseException | None) -> None:
    if pending.done.done():
        return
    if error is None:
        pending.done.set_result(None)
    else:
        pending.done.set_exception(error)


async def _migrate(connection: aiosqlite.Connection) -> None:
    async with connection.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    current = int(row[0]) if row else 0
    for version, script in migrations():
        if version <= current:
            continue
        await connection.executescript(f"BEGIN;\n{script}\nPRAGMA user_version={version};\nCOMMIT;")
        log.info("database migrated to version %d", version)
