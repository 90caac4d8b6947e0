"""The roles an admin gives in chat, kept: read back at start, written as they are given."""

from __future__ import annotations

from datetime import datetime

from bot.clock import stamp
from bot.desk.roles import Roles
from bot.storage.database import Changes, Database

_ROLES = "SELECT id, role FROM desk_roles"
_GIVE = "INSERT OR REPLACE INTO desk_roles (id, role, named_by, named_at) VALUES (?, ?, ?, ?)"


async def recall(db: Database, roles: Roles) -> None:
    """Give `roles` what admins said in chat before this start."""
    for who, role in await db.fetch_all(_ROLES):
        roles.give(str(who), str(role))


async def give(db: Database, roles: Roles, who: str, role: str, by: str, at: datetime) -> None:
    """`who` has `role` from now on, given by the admin `by`: kept, then in force."""
    changes = Changes()
    changes.add(_GIVE, (who, role, by, stamp(at)))
    await db.write(changes)
    roles.give(who, role)
