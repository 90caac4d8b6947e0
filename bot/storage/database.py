"""The database: a writer thread that commits in groups, readers, migrations."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, Any

import aiosqlite

from bot.storage import transcript
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
    numbered: dict[str, list[Any]] = field(default_factory=dict)
    """Inserts whose row ids are wanted once committed: per SQL, what each row is about."""
    ids: dict[str, list[int]] = field(default_factory=dict)
    """The row ids of the numbered inserts, once committed."""

    def add(self, sql: str, params: Params) -> None:
        """Queue one statement."""
        self.statements.setdefault(sql, []).append(params)

    def add_many(self, sql: str, rows: Iterable[Params]) -> None:
        """Queue one statement for each row."""
        self.statements.setdefault(sql, []).extend(rows)

    def insert(self, sql: str, params: Params, about: Any) -> None:
        """Queue an insert whose row id `inserted` gives once committed, beside `about`.

        Every insert of that SQL in the unit must be queued this way.
        """
        self.add(sql, params)
        self.numbered.setdefault(sql, []).append(about)

    def inserted(self, sql: str) -> list[tuple[int, Any]]:
        """The committed row ids of the numbered inserts of `sql`, each with its `about`."""
        return list(zip(self.ids.get(sql, ()), self.numbered.get(sql, ()), strict=True))

    def extend(self, other: Changes) -> None:
        """Queue everything `other` holds, after what is here."""
        for sql, rows in other.statements.items():
            self.add_many(sql, rows)
        for sql, about in other.numbered.items():
            self.numbered.setdefault(sql, []).extend(about)


Watcher = Callable[[Changes], None]
"""Told of each unit of changes as soon as it is committed (its numbered ids filled in)."""


@dataclass
class _Pending:
    changes: Changes
    done: asyncio.Future[None]
    background: bool = False


_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
    "PRAGMA cache_size=-32768",
    "PRAGMA secure_delete=ON",  # what is erased is overwritten, whatever SQLite's build
)
DURABILITY = ("normal", "full")
"""SQLite's `synchronous` in WAL mode. NORMAL keeps every commit across a crash of the
process (a kill, an exception, a restart); on a power cut or an operating-system crash
the last commits before it may be lost, never the database. FULL syncs to disk at every
commit and loses nothing a person was answered about even then, at a cost per commit."""


def _pragmas(durability: str) -> tuple[str, ...]:
    return (*_PRAGMAS, f"PRAGMA synchronous={durability.upper()}")


async def _reader(path: Path, durability: str) -> aiosqlite.Connection:
    connection = await aiosqlite.connect(path, isolation_level=None)
    for pragma in _pragmas(durability):
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


class Unreadable(Exception):
    """The database file is there, but SQLite cannot read it (not a database, or damaged)."""


def _check_readable(path: Path) -> None:
    """Read the schema before anything writes to the file; Unreadable if SQLite cannot."""
    try:
        with closing(sqlite3.connect(path)) as connection:
            connection.execute("SELECT count(*) FROM sqlite_schema").fetchall()
    except sqlite3.DatabaseError as exc:
        raise Unreadable(f"{path} is not a readable SQLite database: {exc}") from None


def _connect(path: Path, durability: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in _pragmas(durability):
        connection.execute(pragma)
    return connection


class _Checkpoints:
    """Copies what the WAL holds back into the database file, on a connection and a
    thread of their own, at most every EVERY seconds after a commit.

    SQLite would otherwise do it inside whichever commit filled the WAL, and on a large
    database that one commit (a person's turn) takes many times longer than the others.
    PASSIVE never waits for readers or the writer.
    """

    EVERY = 1.0

    def __init__(self, path: Path, durability: str) -> None:
        self._path, self._durability = path, durability
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="database-checkpoints")
        self._connection: sqlite3.Connection | None = None
        self._task: asyncio.Task[None] | None = None
        self._last = time.monotonic()

    def due(self) -> None:
        """A commit happened: start a checkpoint if none runs and the last is old enough."""
        if self._task and not self._task.done():
            return
        if time.monotonic() - self._last >= self.EVERY:
            self._task = asyncio.create_task(self._run(), name="database-checkpoint")

    async def _run(self) -> None:
        try:
            await asyncio.get_running_loop().run_in_executor(self._thread, self._checkpoint)
        except sqlite3.Error:
            log.warning("a checkpoint failed; the next commit tries again", exc_info=True)
        self._last = time.monotonic()

    def _checkpoint(self) -> None:
        if self._connection is None:
            self._connection = _connect(self._path, self._durability)
        self._connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    async def close(self) -> None:
        if self._task:
            await asyncio.gather(self._task, return_exceptions=True)
        if self._connection:
            await asyncio.get_running_loop().run_in_executor(self._thread, self._connection.close)
        self._thread.shutdown()


PATIENCE = 8
"""Groups of people's turns committed before a waiting background unit goes anyway."""


class _Committer:
    """The writer: one connection on a thread of its own, committing every unit queued
    meanwhile in one transaction, in one hand-off to that thread."""

    def __init__(
        self, connection: sqlite3.Connection, thread: ThreadPoolExecutor, checkpoints: _Checkpoints
    ) -> None:
        self._connection = connection
        self._thread = thread
        self._checkpoints = checkpoints
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self.watchers: list[Watcher] = []
        self._task = asyncio.create_task(self._loop(), name="database-writer")

    @classmethod
    async def open(cls, path: Path, durability: str) -> _Committer:
        """Connect on the writer's thread and bring the schema up to date."""
        thread = ThreadPoolExecutor(1, thread_name_prefix="database-writer")

        def connect() -> sqlite3.Connection:
            _check_readable(path)
            connection = _connect(path, durability)
            connection.execute("PRAGMA wal_autocheckpoint=0")  # see _Checkpoints
            migrate(connection)
            return connection

        try:
            connection = await asyncio.get_running_loop().run_in_executor(thread, connect)
        except BaseException:
            thread.shutdown()
            raise
        return cls(connection, thread, _Checkpoints(path, durability))

    def submit(self, changes: Changes, background: bool = False) -> asyncio.Future[None]:
        done = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Pending(changes, done, background))
        return done

    async def close(self) -> None:
        await self._queue.join()
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        await self._checkpoints.close()
        await asyncio.get_running_loop().run_in_executor(self._thread, self._connection.close)
        self._thread.shutdown()

    async def _loop(self) -> None:
        """Commit what is queued in groups; background units one at a time, when nothing
        else waits (or after PATIENCE groups, so they never starve), and never in the
        same transaction as a person's turn."""
        later: deque[_Pending] = deque()
        passed = 0
        while True:
            if later and (self._queue.empty() or passed >= PATIENCE):
                batch, passed = [later.popleft()], 0
            else:
                passed += 1 if later else 0
                arrived = [await self._queue.get()]
                while not self._queue.empty():
                    arrived.append(self._queue.get_nowait())
                later.extend(pending for pending in arrived if pending.background)
                batch = [pending for pending in arrived if not pending.background]
                if not batch:
                    continue
            try:
                await self._commit(batch)
            finally:
                for _ in batch:
                    self._queue.task_done()

    async def _commit(self, batch: list[_Pending]) -> None:
        units = [pending.changes for pending in batch]
        try:
            await asyncio.get_running_loop().run_in_executor(
                self._thread, apply, self._connection, units
            )
        except Exception as error:
            if len(batch) == 1:
                _settle(batch[0], error)
                return
            log.warning("group commit of %d units failed; committing one by one", len(batch))
            for pending in batch:
                await self._commit([pending])
            return
        self._checkpoints.due()
        for pending in batch:
            for watcher in self.watchers:
                try:
                    watcher(pending.changes)
                except Exception:
                    log.exception("a watcher of the commits failed")
            _settle(pending, None)


def apply(connection: sqlite3.Connection, units: list[Changes]) -> None:
    """Run every unit's statements in one transaction, one executemany per distinct SQL
    (one execute per row where the row ids are wanted), and give each unit its ids.

    Units in one batch belong to different people (a person's next turn waits for
    this commit), so statements of the same SQL can run together in the order in
    which each SQL first appears.
    """
    merged: dict[str, list[Params]] = {}
    for changes in units:
        changes.ids.clear()
        for sql, rows in changes.statements.items():
            merged.setdefault(sql, []).extend(rows)
    numbered = {sql for changes in units for sql in changes.numbered}
    ids: dict[str, list[int]] = {}
    connection.execute("BEGIN IMMEDIATE")
    try:
        for sql, rows in merged.items():
            if sql in numbered:
                ids[sql] = [connection.execute(sql, row).lastrowid or 0 for row in rows]
            else:
                connection.executemany(sql, rows)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    for sql, found in ids.items():
        taken = 0
        for changes in units:
            count = len(changes.statements.get(sql, ()))
            changes.ids[sql] = found[taken : taken + count]
            taken += count


class Database:
    """SQLite in WAL mode: people's reads on one connection, grouped writes on a thread of
    their own, and `aside`, the same database whose reads go to a connection of their own
    (desk commands and jobs), so a long read never queues before a person's turn."""

    def __init__(
        self,
        path: Path,
        reader: aiosqlite.Connection,
        committer: _Committer,
        aside: aiosqlite.Connection | None = None,
        lock: IO[bytes] | None = None,
    ) -> None:
        self.path = path
        self.reader = reader
        self._committer = committer
        self.aside = Database(path, aside, committer) if aside else self
        self._lock = lock

    @classmethod
    async def open(cls, path: Path, durability: str = "normal") -> Database:
        """Open (creating if needed) and migrate the database at `path`, committing with
        the `durability` chosen (see DURABILITY).

        Raises InUse when another bot has it open, and Unreadable, leaving the file as it
        was, when it is not a database SQLite can read.
        """
        if durability not in DURABILITY:
            raise ValueError(f"durability must be one of {DURABILITY}")
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = hold(path)
        try:
            committer = await _Committer.open(path, durability)
        except BaseException:
            lock.close()
            raise
        reader, aside = await _reader(path, durability), await _reader(path, durability)
        return cls(path, reader, committer, aside, lock)

    async def close(self) -> None:
        """Finish pending writes and close every connection."""
        await self._committer.close()
        await self.reader.close()
        if self.aside is not self:
            await self.aside.reader.close()
        if self._lock:
            self._lock.close()

    def watch(self, watcher: Watcher) -> None:
        """Tell `watcher` of every unit as soon as it commits, before its writer hears."""
        self._committer.watchers.append(watcher)

    def submit(self, changes: Changes) -> asyncio.Future[None]:
        """Queue `changes` for the next group commit; the future is done once committed."""
        return self._committer.submit(changes)

    async def write(self, changes: Changes, background: bool = False) -> None:
        """Commit `changes` in one transaction, possibly together with others' changes.

        `background` work (the jobs' housekeeping) waits while people's turns are
        queued and is committed alone, so it never holds a turn back by more than one
        of its own transactions.
        """
        await self._committer.submit(changes, background)

    async def fetch_one(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        """The first row of a read, or None (one round trip to the reading thread)."""
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        """Every row of a read, in one round trip to the reading thread."""
        return list(await self.reader.execute_fetchall(sql, params))


def _settle(pending: _Pending, error: BaseException | None) -> None:
    if pending.done.done():
        return
    if error is None:
        pending.done.set_result(None)
    else:
        pending.done.set_exception(error)


def migrate(connection: sqlite3.Connection) -> None:
    """Run the migrations the file has not had yet (the bot's database, or a backup)."""
    connection.create_function("digest", 1, transcript.digest, deterministic=True)
    [(current,)] = connection.execute("PRAGMA user_version").fetchall()
    for version, script in migrations():
        if version <= current:
            continue
        connection.executescript(f"BEGIN;\n{script}\nPRAGMA user_version={version};\nCOMMIT;")
        log.info("database migrated to version %d", version)
