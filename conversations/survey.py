"""The satisfaction survey after a service: an invitation, one reminder, quiet expiry.

The person may rate now, ask to be reminded later, or decline; evaluation is their
right, «أداة للتقويم والتطوير لا للعقاب والتشهير».
"""

from __future__ import annotations

from conversations import forms
from conversations.kinds import Kind
from conversations.turn import Turn


def invite(turn: Turn, ref: str, kind: str) -> bool:
    """Invite the person to rate the service on ticket `ref`; False while they fill a form."""
    if forms.active(turn) not in {None, Kind.SURVEY}:
        return False
    _ = turn.gettext
    forms.leave(turn, Kind.SURVEY, keep=False)
    lead = _(
        "Your request {ref} ({title}) has been completed. "
        "Would you rate our service? It takes a minute."
    ).format(ref=ref, title=turn.policy_text(forms.form_of(turn, kind).title))
    intro = turn.policy.forms.survey.intro
    if intro:
        lead = f"{lead}\n{turn.policy_text(intro)}"
    forms.offer(turn, Kind.SURVEY, lead, about=ref)
    return True


def remind(turn: Turn) -> bool:
    """Remind once, where the person stopped; False if busy or nothing is open."""
    drafts = turn.state.get("drafts", {})
    if forms.active(turn) not in {None, Kind.SURVEY} or Kind.SURVEY not in drafts:
        return False
    forms.enter(turn.state, Kind.SURVEY)
    forms.reask(turn, Kind.SURVEY, turn.gettext("A gentle reminder: we would value your rating."))
    return True


def close(turn: Turn) -> bool:
    """Withdraw an unanswered invitation quietly."""
    if Kind.SURVEY not in turn.state.get("drafts", {}):
        return False
    forms.leave(turn, Kind.SURVEY, keep=False)
    return True
