"""Talking to a person: a conversation ticket, and messages passed to the team's thread."""

from __future__ import annotations

from conversations import menu
from conversations.i18n import N_
from conversations.notices import RELAY, REVIEW_CHANGED, REVIEW_SAME
from conversations.tickets import NewTicket, Relay
from conversations.turn import Turn

TITLE = N_("Talk to a person")


def relaying(turn: Turn) -> bool:
    """Whether the person's messages go to a ticket's thread rather than to the menu."""
    return RELAY in turn.state


def stop(turn: Turn) -> None:
    """Stop passing messages on (the ticket stays open; the team can still write)."""
    turn.state.pop(RELAY, None)


async def start(turn: Turn) -> None:
    """Open a conversation with the team; what the person writes next reaches them."""
    _ = turn.gettext
    ref = await turn.tickets.new_reference()
    title = turn.translations["ar"].gettext(TITLE)
    turn.effects.tickets.append(NewTicket(ref=ref, kind="inquiry", title=title, data={}))
    turn.state[RELAY] = {"ref": ref, "why": "inquiry"}
    association = turn.policy_text(turn.policy.association.short_name)
    turn.say(
        _(
            "You are now connected to the team of {association} (reference {ref}). "
            "Write your message here; a staff member will answer you in this chat.\n"
            "Write «القائمة» to return to the menu."
        ).format(association=association, ref=ref)
    )


def forward(turn: Turn) -> None:
    """Pass the person's message to the ticket's thread; thank them for an awaited answer."""
    _ = turn.gettext
    relay = turn.state[RELAY]
    incoming = turn.incoming
    text = incoming.text
    picked = turn.picked()
    if relay["why"] == "review" and picked in {REVIEW_SAME, REVIEW_CHANGED}:
        text = (
            _("Yes, nothing has changed")
            if picked == REVIEW_SAME
            else _("My situation has changed")
        )
    answered = relay["why"] == "info"
    turn.effects.relays.append(
        Relay(ref=relay["ref"], text=text, attachments=incoming.attachments, answered=answered)
    )
    if relay["why"] != "inquiry":
        stop(turn)
        menu.show(turn, _("Thank you; your answer has reached the team."))
