"""Submitting a finished form: the ticket, its reference number, and an honest 'what next'."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from conversations import branches, intents, menu, procedures
from conversations.i18n import N_
from conversations.kinds import Kind, traits
from conversations.policy import Form
from conversations.state import Draft
from conversations.text import fold
from conversations.tickets import NewTicket, SurveyResult
from conversations.turn import Turn

AGREE_CODE = "f:agree"
LOW_SCORES = {1, 2}

_FOLLOW: dict[str, str] = {
    Kind.COMPLAINT: N_(
        "You can follow your complaint at any time: choose «Follow a request», or write its number."
    ),
}
_FOLLOW_REQUEST = N_(
    "You can follow it at any time: choose «Follow a request», or write its number."
)


def _confidential(form: Form, answers: dict[str, Any]) -> bool:
    """Whether the ticket is for supervisors only: its confidential choice was chosen, or
    its words complain of a staff member whatever subject was chosen."""
    found = form.confidential_choice()
    if found is None:
        return False
    field, number = found
    told = (v for k, v in answers.items() if k != field.key and isinstance(v, str))
    return answers.get(field.key) == field.choices[number].ar or any(map(intents.about_staff, told))


def _what_next(turn: Turn, name: str, answers: dict[str, Any], due: datetime | None) -> list[str]:
    _ = turn.gettext
    if name == Kind.REQUEST:
        return [procedures.what_next(turn)]
    if name == Kind.COMPLAINT:
        lines = [_("The association will study your complaint and reply to you.")]
        lines.append(procedures.promised(turn, name, due) or "")
        if answers.get("contact_me") is False:
            lines.append(_("As you asked, we will not contact you; follow it with its number."))
        return list(filter(None, lines))
    if name == Kind.VOLUNTEER:
        return [_("The association will contact you about opportunities that suit you.")]
    if answers.get("anonymous"):
        return [_("It was sent without your name: nothing links it to you.")]
    return []


async def submit(turn: Turn, name: str, draft: Draft, declaration: str | None = None) -> None:
    """File the finished form (committed with this turn) and tell the person what happens next."""
    if name == Kind.SURVEY:
        await _finish_survey(turn, draft)
        return
    form: Form = getattr(turn.policy.forms, name)
    answers = draft["answers"]
    anonymous = answers.get("anonymous") is True
    ref = await turn.tickets.new_reference()
    due = procedures.due(turn, name, turn.now)
    turn.effects.tickets.append(
        NewTicket(
            ref=ref,
            kind=name,
            title=form.title.ar,
            data=answers,
            service=answers.get("service"),
            declaration=declaration,
            due_at=due,
            confidential=_confidential(form, answers),
            anonymous=anonymous,
            branch=branch.name.ar if (branch := branches.serving(turn.policy, answers)) else None,
        )
    )
    turn.state.get("drafts", {}).pop(name, None)
    turn.state["flow"] = "menu"
    if anonymous:
        turn.effects.forget_since = datetime.fromisoformat(draft["started"])
    else:
        turn.state["submitted"] = {"ref": ref, "form": name}
    menu.show(turn, receipt(turn, name, ref, answers, due))


def receipt(turn: Turn, name: str, ref: str, answers: dict[str, Any], due: datetime | None) -> str:
    """What the person is told once form `name` is filed as ticket `ref`: that it was
    received, what happens next, and how to follow it."""
    _ = turn.gettext
    received = traits(name).received
    blocks = [_(received).format(ref=ref) if received else ref]
    blocks += _what_next(turn, name, answers, due)
    if answers.get("anonymous") is not True:
        blocks.append(_(_FOLLOW.get(name, _FOLLOW_REQUEST)))
    return "\n\n".join(blocks)


async def _finish_survey(turn: Turn, draft: Draft) -> None:
    """Keep the ratings; a low overall score becomes a follow-up item for supervisors only.

    The person is not told the follow-up's internal number: it is not their request.
    """
    _ = turn.gettext
    answers = draft["answers"]
    ref = draft["about"]
    turn.effects.surveys.append(SurveyResult(ref=ref, answers=answers))
    turn.state.get("drafts", {}).pop(Kind.SURVEY, None)
    turn.state["flow"] = "menu"
    lead = _("Thank you. Your rating helps us improve our service.")
    if answers.get("overall") in LOW_SCORES:
        turn.effects.tickets.append(
            NewTicket(
                ref=await turn.tickets.new_reference(),
                kind=Kind.FOLLOWUP,
                title=f"{turn.policy.forms.survey.title.ar}: {ref}",
                data={"ticket": ref, "answers": answers},
                confidential=True,
            )
        )
        lead += "\n" + _("We are sorry it fell short; a supervisor will look into it.")
    menu.show(turn, lead)


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
