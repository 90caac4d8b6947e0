"""Who may use the staff side: staff act on tickets, supervisors also see everything."""

from __future__ import annotations

from dataclasses import dataclass, field

STAFF, SUPERVISOR, REMOVED = "staff", "supervisor", "removed"
"""The roles an admin gives in chat (`/staff add`, `/supervisor add`, `/staff remove`)."""


@dataclass
class Roles:
    """The staff and supervisors the association names (every supervisor is also staff):
    in the settings (`named`, `supervisors`: they always stand), or in chat by an admin
    (`appointed`, and `removed`, who stay out even while in the staff group); and the
    members of its staff group as the chat platform confirms them.

    Nobody becomes staff by acting: on Telegram the staff group `join`s a member only once
    Telegram says they are in the group, and `leave`s them once it says they are not.
    """

    named: frozenset[str] = frozenset()
    supervisors: frozenset[str] = frozenset()
    members: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)
    appointed: dict[str, str] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, staff: str, supervisors: str) -> Roles:
        """Roles from comma-separated ids."""
        bosses = frozenset(filter(None, (s.strip() for s in supervisors.split(","))))
        team = frozenset(filter(None, (s.strip() for s in staff.split(","))))
        return cls(named=team | bosses, supervisors=bosses)

    def join(self, who: str) -> None:
        """Count `who`, confirmed a member of the staff group, as staff."""
        self.members.add(who)

    def leave(self, who: str) -> None:
        """`who` is no longer in the staff group (their name stays for the audit trail)."""
        self.members.discard(who)

    def give(self, who: str, role: str) -> None:
        """An admin's word in chat: `who` is staff, a supervisor, or removed (at once)."""
        self.appointed.pop(who, None)
        self.removed.discard(who)
        if role == REMOVED:
            self.removed.add(who)
            self.members.discard(who)
        else:
            self.appointed[who] = role

    def call(self, who: str, name: str) -> None:
        """Show `who` as `name` to colleagues (kept across restarts; grants nothing)."""
        if name:
            self.names[who] = name

    def name(self, who: str) -> str:
        """How staff read a colleague: their name where known, else their id."""
        return self.names.get(who, who)

    def is_named(self, who: str) -> bool:
        """Whether the association named `who` staff, in the settings or in chat."""
        return who in self.named or who in self.appointed

    def is_removed(self, who: str) -> bool:
        """Whether an admin removed `who` (someone named in the settings stays)."""
        return who in self.removed and who not in self.named

    def is_staff(self, who: str) -> bool:
        """Whether `who` works for the association."""
        return self.is_named(who) or (who in self.members and not self.is_removed(who))

    def is_supervisor(self, who: str) -> bool:
        """Whether `who` supervises."""
        return who in self.supervisors or self.appointed.get(who) == SUPERVISOR

    @property
    def supervising(self) -> frozenset[str]:
        """Everyone who supervises."""
        chosen = {who for who, role in self.appointed.items() if role == SUPERVISOR}
        return self.supervisors | chosen
