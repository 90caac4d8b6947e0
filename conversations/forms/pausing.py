"""Stepping out of a form: cancelling it, and coming back to it after a pause."""

from __future__ import annotations

from conversations import menu
from conversations.forms import drafts
from conversations.forms.moves import Move, Outcome
from conversations.messages import Option
from conversations.state import Step
from conversations.turn import Turn

DROP, KEEP = "f:drop", "f:keep"
RESUME, RESTART = "f:resume", "f:restart"


def ask_cancel(turn: Turn, name: str) -> None:
    """Cancel the form and delete what was entered?"""
    _ = turn.gettext
    turn.say(
        _("Cancel this form and delete what you entered?"),
        (Option(DROP, _("Yes, cancel it"), True), Option(KEEP, _("No, continue"), False)),
    )


async def answer_cancel(turn: Turn, name: str) -> Move:
    """Yes: the draft is deleted. No: back where the person was."""
    _ = turn.gettext
    picked = turn.picked()
    if picked == DROP:
        drafts.leave(turn, name, keep=False)
        menu.show(turn, _("Cancelled, and what you entered is deleted."))
        return Outcome.LEFT
    if picked == KEEP:
        return drafts.draft(turn, name).pop("before_cancel", Step.FIELD)
    turn.say(_("Please choose one of the two options."))
    return Outcome.UNFIT


def ask_resume(turn: Turn, name: str, lead: str = "") -> None:
    """Continue where they stopped, or start again? (`lead` opens the same message.)"""
    _ = turn.gettext
    title = turn.policy_text(drafts.form_of(turn, name).title)
    question = _("You started «{form}» earlier. Continue where you stopped, or start again?")
    text = question.format(form=title)
    turn.say(
        f"{lead}\n{text}" if lead else text,
        (
            Option(RESUME, _("Continue where I stopped"), True),
            Option(RESTART, _("Start again")),
        ),
    )
