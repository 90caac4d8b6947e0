"""Backups of the database: consistent copies of a running bot's file, and restoring one.

A backup uses SQLite's online backup (a file copy of a database in WAL mode can miss
commits or be torn). A running bot holds a lock beside its database, so a restore never
replaces the file under it, and two bots never share one database.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.storage.database import migrations
from bot.storage.lock import hold


def backup(database: Path, destination: Path) -> Path:
    """Copy `database` (running or not) to `destination`, a file or a folder; return the file.

    The copy is written beside its final name and renamed, so a backup file is never
    half-written.
    """
    if destination.is_dir():
        destination = destination / f"{database.stem}-{date.today().isoformat()}.sqlite3"
    partial = destination.with_name(f".{destination.name}.partial")
    partial.unlink(missing_ok=True)
    with (
        closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as source,
        closing(sqlite3.connect(partial)) as copy,
    ):
        source.backup(copy)
    os.replace(partial, destination)
    return destination


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
    """Put a backup in place of a stopped bot's database (its journal files go too)."""
    check(copy)
    database.parent.mkdir(parents=True, exist_ok=True)
    with closing(hold(database)):
        backup(copy, database.with_name(f"{database.name}.restoring"))
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
