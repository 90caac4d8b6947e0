"""Submitting a finished form: the ticket, its reference number, and an honest 'what next'."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from conversations import menu, procedures
from conversations.text import fold
from conversations.tickets import NewTicket
from conversations.turn import Turn

AGREE_CODE = "f:agree"


async def submit(
    turn: Turn, name: str, answers: dict[str, Any], declaration: str | None = None
) -> None:
    """Create the ticket (committed with this turn), tell the person its number and what next."""
    _ = turn.gettext
    form = getattr(turn.policy.forms, name)
    ref = await turn.tickets.new_reference()
    period = turn.policy.review.period_days
    turn.effects.tickets.append(
        NewTicket(
            ref=ref,
            kind=name,
            title=form.title.ar,
            data=answers,
            service=answers.get("service"),
            declaration=declaration,
            due_at=turn.now + timedelta(days=period) if period and name == "request" else None,
        )
    )
    turn.state.get("drafts", {}).pop(name, None)
    turn.state["flow"] = "menu"
    turn.state["submitted"] = {"ref": ref, "form": name}
    received = _("Your request has been received. ✅\nReference number: {ref}").format(ref=ref)
    follow = _("You can follow it at any time: choose «Follow a request», or write its number.")
    next_steps = procedures.what_next(turn, _("Expected answer: {date}."))
    menu.show(turn, "\n\n".join([received, next_steps, follow]))


def repeated(turn: Turn) -> bool:
    """Whether this message repeats the final 'I agree' of a form already submitted."""
    if "submitted" not in turn.state:
        return False
    incoming = turn.incoming
    agree = fold(turn.gettext("I declare and agree"))
    return incoming.option == AGREE_CODE or (bool(agree) and fold(incoming.text) == agree)


def remind(turn: Turn) -> None:
    """Answer a repeated submission with the reference it already has."""
    ref = turn.state["submitted"]["ref"]
    menu.show(turn, turn.gettext("This was already received as request {ref}.").format(ref=ref))
