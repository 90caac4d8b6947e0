"""Requests staff take: a staff member meets a person (at an interview, on the phone, in a
letter, at a branch office) and types the person's answers to the request form for them.

`/new` opens the intake, a conversation of the staff member's own (`intake:<staff id>`,
apart from their own chats with the bot): how the request came (`intake_channels`),
then the policy's request form through the one form runner, worded for the staff
member about the person (`intake_voice`), until one of its endings (`intake_endings`):
filed, the ticket is the person's, on WhatsApp at the mobile they gave.
"""

from __future__ import annotations

from dataclasses import replace

from conversations import dialogue, forms, menu
from conversations import intake_channels as channels
from conversations import intake_endings as endings
from conversations import intake_voice as voice
from conversations.forms import drafts
from conversations.i18n import N_
from conversations.intake_endings import Words
from conversations.kinds import Kind
from conversations.state import Intake, State, Step
from conversations.turn import Turn

INTAKE = "intake"
"""The channel of staff members' intakes: a turn there is a staff member typing."""
COMMAND = "/new"
_FORM = Kind.REQUEST
_HINT = N_("You can write «رجوع» to go back a step, or «إلغاء» to cancel.")


def under_way(state: State) -> bool:
    """Whether the staff member's messages answer an intake now: one is open, and not put
    aside with «القائمة» (its form left, kept for /new)."""
    intake = state.get("intake")
    return intake is not None and (intake["step"] != "form" or drafts.open_in(state) == _FORM)


async def respond(turn: Turn) -> None:
    """Serve the staff member's message: /new opens the intake (or goes back to it), any
    other message answers the step it is at. The turn speaks to them about the person."""
    words = Words(turn.policy, turn.translations)
    turn.translations = voice.spoken(turn.translations)
    forms.expire(turn)
    intake = turn.state.get("intake")
    if intake and intake["step"] == "form" and _FORM not in turn.state.get("drafts", {}):
        endings.end(turn, intake)  # its draft was deleted unfinished, after days untouched
        intake = None
    if intake and "channel" in intake:
        _read_to_staff(turn, words, intake["channel"])
    if turn.incoming.text.strip() == COMMAND:
        _begin(turn, intake)
    elif intake is None:
        turn.say(turn.gettext(voice.NEXT))
    elif intake["step"] == "form":
        await _fill(turn, words, intake)
    else:
        _choose(turn, words, intake)


def _read_to_staff(turn: Turn, words: Words, channel: str) -> None:
    letter = channel == channels.LETTER
    turn.policy = voice.read_to_staff(words.policy, words.translations, letter)


def _begin(turn: Turn, intake: Intake | None) -> None:
    """/new: a new intake, or the one under way where it was."""
    _ = turn.gettext
    if intake is None:
        turn.state = State(intake=Intake(step="channel", began=turn.now.isoformat()))
        audience = turn.policy_text(turn.policy.audience.singular)
        lead = _(
            "Taking a request for {audience}: you type their answers. «إلغاء» cancels at any point."
        ).format(audience=audience)
        channels.ask_channel(turn, lead)
        return
    lead = _("You are taking a request already; here is where you were.")
    if intake["step"] != "form":
        _ask(turn, intake, lead)
    elif forms.active(turn):
        forms.reask(turn, _FORM, lead)
    else:
        forms.start(turn, _FORM)  # put aside: continue, or start again?


def _ask(turn: Turn, intake: Intake, lead: str = "") -> None:
    """The question of the step before the form: how it came, or which branch office."""
    ask = channels.ask_branch if intake["step"] == "branch" else channels.ask_channel
    ask(turn, lead)


def _choose(turn: Turn, words: Words, intake: Intake) -> None:
    """How the request came, then (at a branch office) which branch; then the form."""
    _ = turn.gettext
    escape = dialogue.escape(turn)
    at_branch = intake["step"] == "branch"
    code = channels.branch(turn) if at_branch else channels.channel(turn)
    if code is None and escape in {"cancel", "menu"}:  # nothing typed yet to keep
        endings.end(turn, intake)
        turn.say(f"{_('Cancelled.')}\n\n{_(voice.NEXT)}")
    elif code is None and escape == "back" and at_branch:
        intake["step"] = "channel"
        channels.ask_channel(turn)
    elif code is None:
        unfit = N_("Please choose one of the options by its number.")
        first = N_("This is the first question.")
        lead = {"back": first, "help": _HINT}.get(escape or "", unfit)
        _ask(turn, intake, _(lead))
    elif at_branch:
        intake["branch"] = code
        _open_form(turn, words, intake)
    elif channels.asks_branch(turn, code):
        intake["channel"], intake["step"] = code, "branch"
        channels.ask_branch(turn)
    else:
        intake["channel"] = code
        _open_form(turn, words, intake)


def _open_form(turn: Turn, words: Words, intake: Intake) -> None:
    intake["step"] = "form"
    _read_to_staff(turn, words, intake["channel"])
    forms.start(turn, _FORM)


async def _fill(turn: Turn, words: Words, intake: Intake) -> None:
    """The staff member's message for the form: its options and numbers first, then
    «رجوع», «إلغاء», «القائمة» and «مساعدة», else the answer; then how the form stands."""
    said = len(turn.replies)
    own = forms.picked_here(turn) or dialogue.answers_a_number(turn)
    escape = None if own else dialogue.escape(turn)
    if escape == "back" and drafts.draft(turn, _FORM)["step"] == Step.CONSENT:
        drafts.leave(turn, _FORM, keep=False)  # nothing typed yet: back to how it came
        intake["step"] = "branch" if "branch" in intake else "channel"
        _ask(turn, intake)
    elif escape == "help":
        forms.reask(turn, _FORM, turn.gettext(_HINT))
    elif escape:
        dialogue.FORM_ESCAPES[escape](turn, _FORM)
    elif not await forms.handle(turn, _FORM):  # words naming another service: not for staff
        del turn.replies[said:]
        drafts.enter(turn.state, _FORM)
        forms.reask(turn, _FORM)
    _after(turn, words, intake, said)


def _after(turn: Turn, words: Words, intake: Intake, said: int) -> None:
    """How the form stands after the message: filed, refused, put aside, cancelled, or on.

    A consent given here is the person's: kept with their ticket, never in the staff
    member's conversation (each intake asks its person anew)."""
    refused = any(not given.agreed for given in turn.effects.consents)
    turn.effects.consents.clear()
    turn.state.pop("consents", None)
    if turn.effects.tickets:
        endings.filed(turn, words, intake, said)
    elif refused:
        endings.refused(turn, words, intake, said)
    elif forms.active(turn) is None and intake["step"] == "form":
        if _FORM not in turn.state.get("drafts", {}):  # cancelled (else put aside)
            endings.end(turn, intake)
        _no_menu(turn)


def _no_menu(turn: Turn) -> None:
    """A form that ends shows the person's menu: a staff member has none (its prompt, in
    their words, says to write /new)."""
    last = turn.replies[-1] if turn.replies else None
    if last and last.options == menu.options(turn):
        turn.replies[-1] = replace(last, options=())
        turn.state.pop("offered", None)
