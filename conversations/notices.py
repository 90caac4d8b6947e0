"""What the association tells a person about their ticket: stage changes, questions, visits.

Every notice is signed with the association's name, never a staff member's, and
opens the ticket's thread: whatever the person writes next reaches the team (see
`handoff`), until they choose another service or the ticket closes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time

from conversations import dates, forms
from conversations.i18n import N_
from conversations.kinds import Kind
from conversations.messages import Attachment, Option
from conversations.state import Why
from conversations.tickets import Stage
from conversations.turn import Turn

REVIEW_SAME, REVIEW_CHANGED = "r:same", "r:changed"
_STAGE_NOTICES = {
    Stage.CLAIMED: N_("Your request {ref} is now being studied."),
    Stage.IN_PROGRESS: N_("Your complaint {ref} is being handled."),
    Stage.ACCEPTED: N_("Good news: your request {ref} has been accepted."),
    Stage.REJECTED: N_("We are sorry: your request {ref} was not accepted.\nReason: {note}"),
    Stage.DELIVERED: N_("The service for your request {ref} has been delivered. Thank you."),
    Stage.RESOLVED: N_("Your complaint {ref} has been resolved."),
    Stage.CLOSED: N_("Your request {ref} has been closed."),
}
_COMPLAINT_NOTICES = {
    Stage.CLOSED: N_("Your complaint {ref} has been closed."),
}
_QUESTIONS: dict[str, str] = {
    Kind.REQUEST: N_("We need more information about your request {ref}:"),
    Kind.COMPLAINT: N_("We need more information about your complaint {ref}:"),
}
_INQUIRY_NOTICES = {
    Stage.CLAIMED: N_("A member of the team is with you now in this conversation ({ref})."),
    Stage.CLOSED: N_("Your conversation {ref} with the team has been closed."),
}
_OWN_NOTICES: dict[str, dict[Stage, str]] = {
    Kind.COMPLAINT: _COMPLAINT_NOTICES,
    Kind.INQUIRY: _INQUIRY_NOTICES,
}
_MORNING, _EVENING = N_("{time} am"), N_("{time} pm")
"""A time of day on a 12-hour clock: «10:30 صباحًا», «4:00 مساءً»; '10:30 am', '4:00 pm'."""
_AT = N_("{date} at {time}")
_AFTER_REJECTION = N_(
    "If you wish, reply here to ask about the decision; you can also file a complaint, "
    "or submit a new request when your situation changes."
)


def open_thread(turn: Turn, ref: str, why: Why = "reply", asked: bool = False) -> str:
    """Pass the person's next messages to ticket `ref`'s team; pause any open form.

    Returns a line telling the person their paused form is saved ('' if none was open).
    """
    paused = forms.active(turn)
    if paused:
        forms.leave(turn, paused, keep=True)
    turn.state.pop("offered", None)
    turn.state["relay"] = {"ref": ref, "why": why, "asked": asked}
    turn.thread = ref
    if not paused:
        return ""
    title = turn.policy_text(forms.form_of(turn, paused).title)
    return turn.gettext("Your answers to «{form}» are saved; choose it again to continue.").format(
        form=title
    )


def _signed(turn: Turn, text: str, paused: str = "") -> str:
    association = turn.policy_text(turn.policy.association.short_name)
    return "\n\n".join(filter(None, [f"{association}:\n{text}", paused]))


def stage_changed(turn: Turn, ref: str, kind: str, stage: Stage, note: str | None) -> bool:
    """Tell the person their ticket moved on (only stages a person cares about)."""
    relay = turn.state.get("relay")
    if stage is Stage.CLOSED and relay and relay["ref"] == ref:
        del turn.state["relay"]
    own = _OWN_NOTICES.get(kind, {})
    notice = own.get(stage) or _STAGE_NOTICES.get(stage)
    if notice is None:
        return False
    turn.thread = ref
    paused = "" if stage is Stage.CLOSED else open_thread(turn, ref)
    text = turn.gettext(notice).format(ref=ref, note=note or "—")
    if note and stage is not Stage.REJECTED:
        text += f"\n{note}"
    if stage is Stage.REJECTED:
        text += "\n\n" + turn.gettext(_AFTER_REJECTION)
    turn.say(_signed(turn, text, paused))
    return True


def question(turn: Turn, ref: str, kind: str, asked: str) -> bool:
    """Ask for more information; the person's next message answers it."""
    _ = turn.gettext
    paused = open_thread(turn, ref, asked=True)
    about = _QUESTIONS.get(kind, _QUESTIONS[Kind.REQUEST])
    lead = _(about).format(ref=ref)
    ask = _("Please write your answer here.")
    turn.say(_signed(turn, f"{lead}\n{asked}\n\n{ask}", paused))
    return True


def clock(at: datetime | time, gettext: Callable[[str], str]) -> str:
    """A time of day as people read it, on a 12-hour clock: «10:30 صباحًا», «4:00 مساءً»
    (in English '10:30 am', '4:00 pm'); noon is «12:00 مساءً», midnight «12:00 صباحًا».

    The one way a visit's time is written, to the person and to staff alike.
    """
    hour = at.hour % 12 or 12
    half = _MORNING if at.hour < 12 else _EVENING
    return gettext(half).format(time=f"{hour}:{at.minute:02d}")


def day_and_time(at: datetime, lang: str, gettext: Callable[[str], str]) -> str:
    """A day and its time: both calendars, then the 12-hour clock."""
    return gettext(_AT).format(date=dates.both(at.date(), lang, gettext), time=clock(at, gettext))


def visit(turn: Turn, ref: str, when: datetime | None, earlier: datetime | None = None) -> bool:
    """Tell the person when the field visit will be, in both calendars (None: cancelled);
    a visit moved from an `earlier` time says which time it replaces."""
    _ = turn.gettext
    paused = open_thread(turn, ref)
    if when is None:
        text = _("The field visit about your request {ref} has been cancelled.").format(ref=ref)
    elif earlier is not None:
        text = _(
            "The field visit about your request {ref} has been moved to {date} at {time}. "
            "This replaces the earlier time, {earlier}."
        ).format(
            ref=ref,
            date=dates.both(when.date(), turn.lang, _),
            time=clock(when, _),
            earlier=day_and_time(earlier, turn.lang, _),
        )
    else:
        text = _(
            "A field visit about your request {ref} is scheduled for {date} at {time}."
        ).format(ref=ref, date=dates.both(when.date(), turn.lang, _), time=clock(when, _))
    turn.say(_signed(turn, text, paused))
    return True


def staff_message(turn: Turn, ref: str, text: str, attachments: tuple[Attachment, ...]) -> bool:
    """Pass on what the team wrote; the person's replies go back to the ticket's thread."""
    paused = open_thread(turn, ref)
    turn.say(_signed(turn, text, paused), attachments=attachments)
    return True


def review_due(turn: Turn, ref: str) -> bool:
    """Ask a permanent beneficiary to confirm that their situation has not changed."""
    _ = turn.gettext
    paused = open_thread(turn, ref, why="review")
    text = _(
        "As part of the periodic review of permanent beneficiaries' files: "
        "is your situation still the same as when you applied (request {ref})?"
    ).format(ref=ref)
    options = (
        Option(REVIEW_SAME, _("Yes, nothing has changed"), True),
        Option(REVIEW_CHANGED, _("My situation has changed"), False),
    )
    turn.say(_signed(turn, text, paused), options)
    return True
