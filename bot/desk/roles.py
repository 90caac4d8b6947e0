"""Who may use the staff side: staff act on tickets, supervisors also see everything."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Roles:
    """The staff and supervisors the association names (every supervisor is also staff),
    and the members of its staff group as the chat platform confirms them.

    Nobody becomes staff by acting: on Telegram the staff group `join`s a member only once
    Telegram says they are in the group, and `leave`s them once it says they are not.
    """

    named: frozenset[str] = frozenset()
    supervisors: frozenset[str] = frozenset()
    members: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)

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

    def call(self, who: str, name: str) -> None:
        """Show `who` as `name` to colleagues (kept across restarts; grants nothing)."""
        if name:
            self.names[who] = name

    def name(self, who: str) -> str:
        """How staff read a colleague: their name where known, else their id."""
        return self.names.get(who, who)

    def is_staff(self, who: str) -> bool:
        """Whether `who` works for the association."""
        return who in self.named or who in self.members

    def is_supervisor(self, who: str) -> bool:
        """Whether `who` supervises."""
        return who in self.supervisors
