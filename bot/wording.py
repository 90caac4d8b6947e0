"""What the supervisors' reports are written with: the policy, the Arabic catalogue and the
cards' words for kinds, stages and staff, as the desk has them.

It travels to the worker process as the policy and the roles alone (both pickle), and is
made again there: the catalogue is read once per process.
"""

from __future__ import annotations

from bot import i18n
from bot.desk.cards import Cards
from bot.desk.roles import Roles
from conversations.policy import Policy


class Wording:
    """The desk's words, for a chart, a workbook or a digest."""

    def __init__(self, policy: Policy, roles: Roles) -> None:
        self.policy = policy
        self.roles = roles
        self._ = i18n.load_all()["ar"].gettext
        self.cards = Cards(policy, self._, roles.name)

    def __reduce__(self) -> tuple[type[Wording], tuple[Policy, Roles]]:
        return Wording, (self.policy, self.roles)
