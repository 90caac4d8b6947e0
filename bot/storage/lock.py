"""The lock a running bot holds beside its database: one bot per database, and no
restore under a running bot."""

from __future__ import annotations

import fcntl
from pathlib import Path
from typing import IO


class InUse(Exception):
    """The database is open in a running bot."""


def hold(database: Path) -> IO[bytes]:
    """Take the lock beside `database` for as long as the returned file stays open."""
    handle = database.with_name(f"{database.name}.lock").open("ab")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise InUse(f"{database} is in use by a running bot; stop it first") from None
    return handle
