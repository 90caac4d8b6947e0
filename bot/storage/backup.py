"""Backups of the database: consistent copies of a running bot's file, and restoring one.

A backup uses SQLite's online backup (a file copy of a database in WAL mode can miss
commits or be torn). A running bot holds a lock beside its database, so a restore never
replaces the file under it, and two bots never share one database.

A person's erasure reaches the backups: the jobs rewrite every backup in the folder
without them (`erase_from`), and a restore erases again, from the copy it puts in
place, everyone the database it replaces had erased (`restore`).
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot import privacy
from bot.storage.database import migrations
from bot.storage.lock import hold

log = logging.getLogger(__name__)

Edit = Callable[[sqlite3.Connection], bool]
"""A change made to a copy before it takes its name: True when it removed anything."""


def backup(database: Path, destination: Path, edit: Edit | None = None) -> Path:
    """Copy `database` (running or not) to `destination`, a file or a folder; return the file.

    The copy is written beside its final name and renamed, so a backup file is never
    half-written; `destination` may be `database` itself. `edit` changes the copy first;
    when it removed anything, the copy is vacuumed, so no free page keeps what it removed.
    """
    if destination.is_dir():
        destination = destination / f"{database.stem}-{date.today().isoformat()}.sqlite3"
    partial = destination.with_name(f".{destination.name}.partial")
    partial.unlink(missing_ok=True)
    with (
        closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as source,
        closing(sqlite3.connect(partial, isolation_level=None)) as copy,
    ):
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one file: reading it leaves no -wal beside
        if edit and edit(copy):
            copy.execute("VACUUM")
    os.replace(partial, destination)
    for suffix in ("-wal", "-shm") if destination == database else ():
        # reading a backup of an older version (in WAL mode) left these beside it
        destination.with_name(destination.name + suffix).unlink(missing_ok=True)
    return destination


def erasures(database: Path) -> privacy.Ledger:
    """The erasures entered in a database file: none if it is missing, unreadable or
    older than the ledger."""
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
            return dict(connection.execute(privacy.LEDGER).fetchall())
    except sqlite3.Error:
        return {}


def check(copy: Path) -> None:
    """Refuse a file that is not a sound database of this bot (or of a newer version)."""
    try:
        with closing(sqlite3.connect(f"file:{copy}?mode=ro", uri=True)) as connection:
            sound = connection.execute("PRAGMA integrity_check").fetchone()
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise ValueError(f"{copy} is not a database: {exc}") from None
    if sound != ("ok",):
        raise ValueError(f"{copy} is damaged: {sound[0]}")
    if "tickets" not in tables:
        raise ValueError(f"{copy} is not a backup of this bot")
    if version > len(migrations()):
        raise ValueError(f"{copy} comes from a newer version of the bot; upgrade first")


def restore(copy: Path, database: Path) -> None:
    """Put a backup in place of a stopped bot's database (its journal files go too).

    Everyone the database it replaces had erased (when that one is readable) is erased
    from the copy put in place, so a restore brings back nobody who asked to be deleted.
    """
    check(copy)
    database.parent.mkdir(parents=True, exist_ok=True)
    with closing(hold(database)):
        forget = functools.partial(privacy.forget_erased, ledger=erasures(database))
        backup(copy, database.with_name(f"{database.name}.restoring"), forget)
        for suffix in ("-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        os.replace(database.with_name(f"{database.name}.restoring"), database)


@dataclass(frozen=True)
class Schedule:
    """A backup a day into `folder`, keeping the newest `keep`."""

    folder: Path
    keep: int


def rotate(folder: Path, database: Path, today: date, keep: int) -> Path | None:
    """Today's backup into `folder` unless it is there; keep the newest `keep`."""
    folder.mkdir(parents=True, exist_ok=True)
    todays = folder / f"{database.stem}-{today.isoformat()}.sqlite3"
    made = None if todays.exists() else backup(database, todays)
    kept = sorted(folder.glob(f"{database.stem}-*.sqlite3"), reverse=True)
    for old in kept[keep:]:
        old.unlink()
    return made


def erase_from(folder: Path, database: Path) -> bool:
    """Rewrite every backup of `database` in `folder` that holds someone it has erased
    since, without them (each beside itself, then renamed); whether none is left holding
    anyone (a backup that cannot be rewritten is logged, and tried again next time)."""
    erased = erasures(database)
    if not erased:
        return True
    forget = functools.partial(privacy.forget_erased, ledger=erased)
    done = True
    for copy in sorted(folder.glob(f"{database.stem}-*.sqlite3")):
        if erased.keys() <= erasures(copy).keys():
            continue
        try:
            backup(copy, copy, forget)
        except (sqlite3.Error, OSError):
            log.warning("%s could not be erased of the people deleted since", copy, exc_info=True)
            done = False
    return done
