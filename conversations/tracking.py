"""Following one's own requests: stage in plain words, history, expected answer date."""

from __future__ import annotations

import re

from conversations import dates, handoff, menu, procedures, references
from conversations.kinds import Kind, traits
from conversations.messages import Option
from conversations.policy import Form
from conversations.text import clean, to_ascii_digits
from conversations.tickets import Stage, TicketView
from conversations.turn import Turn

CODE_PREFIX = "t:"
SHOWN = 5
_REFERENCE = re.compile(r"#?\s*(\d{6,9})")
_WAITING = {
    Stage.RECEIVED,
    Stage.CLAIMED,
    Stage.INFO_NEEDED,
    Stage.VISIT_SCHEDULED,
    Stage.IN_PROGRESS,
}


def typed_reference(text: str) -> str | None:
    """A reference number typed on its own (any digits), if that is what the message is."""
    match = _REFERENCE.fullmatch(to_ascii_digits(clean(text)))
    return match[1] if match else None


def _expected(turn: Turn, ticket: TicketView) -> str | None:
    _ = turn.gettext
    if ticket.stage not in _WAITING or not traits(ticket.kind).awaited:
        return None
    if ticket.due_at and ticket.due_at < turn.now:
        return _(
            "The period set by the policy has passed and your request is still being studied. "
            "We apologise for the wait; you can talk to a staff member about it."
        )
    return procedures.promised(turn, ticket.kind, ticket.due_at)


def _late(turn: Turn, tickets: list[TicketView]) -> bool:
    return any(
        t.stage in _WAITING and t.due_at is not None and t.due_at < turn.now for t in tickets
    )


def title(turn: Turn, kind: str, stored: str) -> str:
    """A ticket's title in the person's language: its form's title, else as stored."""
    form: Form | None = getattr(turn.policy.forms, kind, None)
    if form:
        return turn.policy_text(form.title)
    return turn.gettext(handoff.TITLE) if kind == Kind.INQUIRY else stored


def _headline(turn: Turn, ticket: TicketView) -> str:
    _ = turn.gettext
    return _("{ref} — {title}\nStage: {stage} ({date})").format(
        ref=ticket.ref,
        title=title(turn, ticket.kind, ticket.title),
        stage=_(ticket.stage.label),
        date=dates.both(
            (ticket.history[-1].at if ticket.history else ticket.created_at).date(), turn.lang, _
        ),
    )


async def show(turn: Turn) -> None:
    """List the person's own tickets, newest first, and offer each one's history."""
    _ = turn.gettext
    mine = await turn.tickets.mine(turn.incoming.user_key)
    unsent = _unsent(turn)
    if not mine and unsent:
        lines = [line for line, _option in unsent]
        lead = "\n".join([_("You have nothing sent to us yet, but you started:"), *lines])
        options = [option for _line, option in unsent]
        turn.say(lead, (*options, Option(menu.MENU_CODE, _("Main menu"))))
        return
    if not mine:
        menu.show(turn, _("You have no requests with us yet."))
        return
    blocks = [_("Your requests:")]
    for ticket in mine[:SHOWN]:
        blocks.append("\n".join(filter(None, [_headline(turn, ticket), _expected(turn, ticket)])))
    blocks.append(_("Choose a request to see its full history."))
    options = [Option(f"{CODE_PREFIX}{t.ref}", t.ref) for t in mine[:SHOWN]]
    if _late(turn, mine[:SHOWN]):
        options.append(Option(menu.HUMAN_CODE, _("Talk to a person")))
    turn.say("\n\n".join(blocks), (*options, Option(menu.MENU_CODE, _("Main menu"))))


def _unsent(turn: Turn) -> list[tuple[str, Option]]:
    """Forms the person filled in and has not sent: a line each, and the option to go on."""
    _ = turn.gettext
    found = []
    for name, draft in turn.state.get("drafts", {}).items():
        item = menu.item_for(name)
        if item is None or not draft.get("answers"):
            continue
        title = turn.policy_text(getattr(turn.policy.forms, name).title)
        line = _("• «{form}», not sent yet: it reaches us only once you send it.")
        found.append(
            (line.format(form=title), Option(item.code, _("Continue «{form}»").format(form=title)))
        )
    return found


async def when(turn: Turn) -> None:
    """'When will you answer me?': about the person's open requests if they have any."""
    mine = await turn.tickets.mine(turn.incoming.user_key)
    waiting = [t for t in mine if t.stage in _WAITING and traits(t.kind).awaited]
    if not waiting:
        menu.show_info(turn, procedures.timing(turn))
        return
    blocks = ["\n".join(filter(None, [_headline(turn, t), _expected(turn, t)])) for t in waiting]
    menu.show(turn, "\n\n".join(blocks[:SHOWN]))


async def detail(turn: Turn, ref: str) -> None:
    """One ticket's history; a number that is not the person's reads as unknown."""
    _ = turn.gettext
    mine = await turn.tickets.mine(turn.incoming.user_key)
    ticket = next((t for t in mine if t.ref == ref), None)
    if ticket is None:
        unknown = _("I found no request numbered {ref} for you. Please check the number.")
        if not references.well_formed(ref):
            unknown = _(
                "The number {ref} looks mistyped: a digit may be wrong or two swapped. "
                "Please check it against the message that gave you your number."
            )
        menu.show(turn, unknown.format(ref=ref))
        return
    lines = [_headline(turn, ticket), "", _("History:")]
    for change in ticket.history:
        line = f"• {dates.both(change.at.date(), turn.lang, _)}: {_(change.stage.label)}"
        lines.append(f"{line} — {change.note}" if change.note else line)
    expected = _expected(turn, ticket)
    if expected:
        lines += ["", expected]
    menu.show(turn, "\n".join(lines))
