"""Talking to the team: a conversation ticket, and messages passed to a ticket's thread."""

from __future__ import annotations

from conversations import menu
from conversations.i18n import N_
from conversations.kinds import Kind
from conversations.notices import REVIEW_CHANGED, REVIEW_SAME, open_thread
from conversations.tickets import NewTicket, Relay
from conversations.turn import Turn

TITLE = N_("Talk to a person")
_REVIEW_ANSWERS = {
    REVIEW_SAME: N_("Yes, nothing has changed"),
    REVIEW_CHANGED: N_("My situation has changed"),
}


def relaying(turn: Turn) -> bool:
    """Whether the person's messages go to a ticket's thread rather than to the menu."""
    return "relay" in turn.state


def answering(turn: Turn) -> bool:
    """Whether the team wrote to the person (a reply, a question): their words answer it."""
    relay = turn.state.get("relay")
    return relay is not None and bool(relay["why"] != "inquiry")


def show_menu(turn: Turn) -> None:
    """The menu, asked for while talking with the team: choosing a service from it leaves."""
    turn.state["relay"]["menu"] = True
    lead = turn.gettext(
        "Your conversation with the team stays open: what you write still reaches them, "
        "until you choose a service."
    )
    menu.show(turn, lead)


def leaves(turn: Turn) -> bool:
    """Whether the person chose a service from the menu they asked for (see `show_menu`)."""
    return bool(turn.state["relay"].pop("menu", False) and menu.chosen(turn))


def stop(turn: Turn) -> None:
    """Stop passing messages on (the ticket stays open; the team can still write)."""
    turn.state.pop("relay", None)


async def start(turn: Turn) -> None:
    """Open a conversation with the team; what the person writes next reaches them."""
    _ = turn.gettext
    ref = await turn.tickets.new_reference()
    title = turn.translations["ar"].gettext(TITLE)
    turn.effects.tickets.append(NewTicket(ref=ref, kind=Kind.INQUIRY, title=title, data={}))
    open_thread(turn, ref, why="inquiry")
    association = turn.policy_text(turn.policy.association.short_name)
    turn.say(
        _(
            "You are now connected to the team of {association} (reference {ref}). "
            "Write your message here; a staff member will answer you in this chat.\n"
            "Write «القائمة» to return to the menu."
        ).format(association=association, ref=ref)
    )


def forward(turn: Turn) -> None:
    """Pass the person's message to the ticket's thread; acknowledge the first one."""
    _ = turn.gettext
    relay = turn.state["relay"]
    incoming = turn.incoming
    # Only a review's own answers are read as such: the options last offered may be the menu's.
    answer = _REVIEW_ANSWERS.get(turn.picked() or "") if relay["why"] == "review" else None
    text = turn.translations["ar"].gettext(answer) if answer else incoming.text
    if incoming.location:
        text = f"{text}\n📍 {incoming.location.lat},{incoming.location.lon}".strip()
    turn.thread = relay["ref"]
    answered, relay["asked"] = relay["asked"], False
    turn.effects.relays.append(
        Relay(ref=relay["ref"], text=text, attachments=incoming.attachments, answered=answered)
    )
    if not relay.get("acked"):
        relay["acked"] = True
        lines = [_("Your message has reached the association's team.")]
        if relay["why"] == "inquiry":
            lines.append(_answered_when(turn))
        lines.append(_("You can go on writing here, or write «القائمة» for the menu."))
        turn.say("\n".join(lines))


def _answered_when(turn: Turn) -> str:
    """When staff will answer: the policy's working hours, or as soon as they can."""
    hours = turn.policy.association.working_hours
    if hours:
        return turn.gettext("Staff answer during working hours: {hours}.").format(
            hours=turn.policy_text(hours)
        )
    return turn.gettext("A staff member will answer you here as soon as possible.")
