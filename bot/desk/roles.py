"""Who may use the staff side: staff act on tickets, supervisors also see everything."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Roles:
    """The ids of staff members and of supervisors (every supervisor is also staff)."""

    staff: frozenset[str] = frozenset()
    supervisors: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, staff: str, supervisors: str) -> Roles:
        """Roles from comma-separated ids."""
        bosses = frozenset(filter(None, (s.strip() for s in supervisors.split(","))))
        team = frozenset(filter(None, (s.strip() for s in staff.split(","))))
        return cls(staff=team | bosses, supervisors=bosses)

    def is_staff(self, who: str) -> bool:
        """Whether `who` works for the association."""
        return who in self.staff

    def is_supervisor(self, who: str) -> bool:
        """Whether `who` supervises."""
        return who in self.supervisors
