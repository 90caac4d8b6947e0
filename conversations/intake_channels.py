"""How a request staff take came to them, and for one at a branch office, which branch."""

from __future__ import annotations

from conversations.i18n import N_
from conversations.messages import Option
from conversations.turn import Turn

INTERVIEW, PHONE, LETTER, BRANCH = "interview", "phone", "letter", "branch"
CHANNELS = {
    INTERVIEW: N_("an interview"),
    PHONE: N_("a phone call"),
    LETTER: N_("a letter"),
    BRANCH: N_("a branch office"),
}
"""How a request staff took came, as the ticket keeps it (`tickets.channel`)."""
_CHANNEL, _BRANCH = "i:", "i:b:"


def ask_channel(turn: Turn, lead: str = "") -> None:
    """How did the request come: an interview, a phone call, a letter, a branch office?"""
    _ = turn.gettext
    audience = turn.policy_text(turn.policy.audience.singular)
    question = _("How did the request of {audience} come?").format(audience=audience)
    options = tuple(Option(f"{_CHANNEL}{code}", _(label)) for code, label in CHANNELS.items())
    turn.say("\n\n".join(filter(None, [lead, question])), options)


def channel(turn: Turn) -> str | None:
    """The channel the staff member chose, if they chose one."""
    picked = turn.picked() or ""
    code = picked.removeprefix(_CHANNEL)
    return code if picked.startswith(_CHANNEL) and code in CHANNELS else None


def asks_branch(turn: Turn, code: str) -> bool:
    """Whether a request by `code` is asked which branch office took it (the policy has some)."""
    return code == BRANCH and bool(turn.policy.branches)


def ask_branch(turn: Turn, lead: str = "") -> None:
    """Which of the policy's branch offices?"""
    options = tuple(
        Option(f"{_BRANCH}{number}", turn.policy_text(branch.name))
        for number, branch in enumerate(turn.policy.branches)
    )
    question = turn.gettext("Which branch office?")
    turn.say("\n\n".join(filter(None, [lead, question])), options)


def branch(turn: Turn) -> str | None:
    """The branch office chosen (its Arabic name), if one was."""
    picked = turn.picked() or ""
    number = picked.removeprefix(_BRANCH)
    if not picked.startswith(_BRANCH) or not number.isdigit():
        return None
    found = turn.policy.branches[int(number)] if int(number) < len(turn.policy.branches) else None
    return found.name.ar if found else None
