"""Who may use the staff side: staff act on tickets, supervisors also see everything."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Roles:
    """The ids of staff members and of supervisors (every supervisor is also staff).

    On Telegram, the members of the staff group are staff: whoever writes or presses a
    button there `join`s.
    """

    staff: set[str] = field(default_factory=set)
    supervisors: frozenset[str] = frozenset()
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, staff: str, supervisors: str) -> Roles:
        """Roles from comma-separated ids."""
        bosses = frozenset(filter(None, (s.strip() for s in supervisors.split(","))))
        team = set(filter(None, (s.strip() for s in staff.split(","))))
        return cls(staff=team | bosses, supervisors=bosses)

    def join(self, who: str, name: str = "") -> None:
        """Count `who` as staff (they act in the staff group), shown as `name`."""
        self.staff.add(who)
        if name:
            self.names[who] = name

    def name(self, who: str) -> str:
        """How staff read a colleague: their name where known, else their id."""
        return self.names.get(who, who)

    def is_staff(self, who: str) -> bool:
        """Whether `who` works for the association."""
        return who in self.staff

    def is_supervisor(self, who: str) -> bool:
        """Whether `who` supervises."""
        return who in self.supervisors
