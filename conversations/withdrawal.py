"""Withdrawing a ticket already sent: asked in words, confirmed, and passed to its team.

The bot does not close the ticket itself: the team reads the wish in the ticket's
thread, closes it, and the person is told as with any closing.
"""

from __future__ import annotations

from conversations import menu, tracking
from conversations.i18n import N_
from conversations.kinds import filed
from conversations.messages import Option
from conversations.tickets import Relay, Stage
from conversations.turn import Turn

CODE_PREFIX = "w:"
KEEP = "w:keep"
_SHOWN = 3
_TO_STAFF = N_("The person asks to withdraw this ticket. Please close it if that is right.")


async def offer(turn: Turn) -> None:
    """Ask which open ticket to withdraw (or confirm the only one); none open: say so."""
    _ = turn.gettext
    mine = await turn.tickets.mine(turn.incoming.user_key)
    open_ = [t for t in mine if filed(t.kind) and t.stage is not Stage.CLOSED][:_SHOWN]
    if not open_:
        menu.show(turn, _("You have no open request to withdraw."))
        return
    keep = Option(KEEP, _("No, keep it"), False)
    if len(open_) == 1:
        [ticket] = open_
        text = _(
            "Withdraw {ref} ({title})? The team will be told, and will confirm it to you here."
        ).format(ref=ticket.ref, title=tracking.title(turn, ticket.kind, ticket.title))
        turn.say(text, (Option(f"{CODE_PREFIX}{ticket.ref}", _("Yes, withdraw it"), True), keep))
        return
    options = tuple(
        Option(f"{CODE_PREFIX}{t.ref}", f"{t.ref} — {tracking.title(turn, t.kind, t.title)}")
        for t in open_
    )
    turn.say(_("Which one would you like to withdraw?"), (*options, keep))


def answer(turn: Turn) -> bool:
    """The person's choice: the wish passed to the ticket's team, or nothing changed."""
    _ = turn.gettext
    picked = turn.picked(loose=False) or ""
    if not picked.startswith(CODE_PREFIX):
        return False
    if picked == KEEP:
        menu.show(turn, _("Nothing has changed: your request goes on."))
        return True
    ref = picked.removeprefix(CODE_PREFIX)
    turn.thread = ref
    staff_text = turn.translations["ar"].gettext(_TO_STAFF)
    turn.effects.relays.append(Relay(ref=ref, text=staff_text))
    menu.show(
        turn,
        _(
            "We have told the team that you wish to withdraw {ref}. They will close it and "
            "tell you here."
        ).format(ref=ref),
    )
    return True
