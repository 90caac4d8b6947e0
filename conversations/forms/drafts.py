"""The drafts in a person's state: which form is open, its draft, and drafts left too long."""

from __future__ import annotations

from datetime import datetime, timedelta

from conversations import dates
from conversations.kinds import Kind
from conversations.policy import FieldType, Form, FormField
from conversations.state import Draft, State, Step
from conversations.turn import Turn

IDLE = timedelta(minutes=15)
"""A pause after which a message that does not fit asks "continue or start again?"."""
_FORM = "form:"


def active(turn: Turn) -> str | None:
    """The form the person is filling in right now, if any."""
    return open_in(turn.state)


def open_in(state: State) -> str | None:
    """The form a saved conversation is filling in, if any."""
    flow = state.get("flow", "")
    return flow.removeprefix(_FORM) if flow.startswith(_FORM) else None


def enter(state: State, name: str) -> None:
    """Make form `name` the one the person is filling in."""
    state["flow"] = f"{_FORM}{name}"


def leave(turn: Turn, name: str, keep: bool) -> None:
    """Step out of the form, keeping or deleting the draft."""
    if active(turn) == name:
        turn.state["flow"] = "menu"
    if not keep:
        turn.state.get("drafts", {}).pop(name, None)


def form_of(turn: Turn, name: str) -> Form:
    """The policy's form called `name`."""
    form: Form = getattr(turn.policy.forms, name)
    return form


def draft(turn: Turn, name: str) -> Draft:
    """The draft of form `name` (it exists: the form is open)."""
    return turn.state["drafts"][name]


def new(turn: Turn, name: str, step: Step, lead: str = "", about: str = "") -> Draft:
    """A fresh draft of form `name` at `step`, replacing any earlier one."""
    fresh = Draft(step=step, index=0, answers={}, started=turn.now.isoformat())
    if about:
        fresh["lead"], fresh["about"] = lead, about
    turn.state.setdefault("drafts", {})[name] = fresh
    return fresh


def field(turn: Turn, name: str) -> FormField:
    """The field the draft of `name` asks (or last asked)."""
    return form_of(turn, name).fields[draft(turn, name)["index"]]


def wants_number(turn: Turn) -> bool:
    """Whether the open form's pending question asks for a number (so "0" answers it)."""
    name = active(turn)
    if name is None or draft(turn, name)["step"] != Step.FIELD:
        return False
    return field(turn, name).type in {FieldType.INTEGER, FieldType.AMOUNT}


def last_touched(draft: Draft) -> datetime:
    """When the person last answered in this draft."""
    return datetime.fromisoformat(draft.get("touched") or draft["started"])


def idle(turn: Turn, draft: Draft) -> bool:
    """Whether the person comes back to this draft after a long pause."""
    return "touched" in draft and turn.now - last_touched(draft) > IDLE


def drop_stale(state: State, now: datetime, limit: timedelta) -> datetime | None:
    """Delete drafts untouched for longer than `limit`; return when the oldest one began.

    The person is told on their return (see `expire`).
    """
    drafts = state.get("drafts")
    if not drafts:
        state.pop("drafts", None)
        return None
    stale = [name for name, draft in drafts.items() if now - last_touched(draft) > limit]
    began = min((datetime.fromisoformat(drafts[name]["started"]) for name in stale), default=None)
    for name in stale:
        del drafts[name]
        if state.get("flow") == f"{_FORM}{name}":
            state["flow"] = "menu"
        if name != Kind.SURVEY:
            state.setdefault("expired", []).append(name)
    if not drafts:
        del state["drafts"]
    return began


def discard(turn: Turn) -> None:
    """Delete every unfinished form with what was typed in it (consent withdrawn)."""
    drafts = turn.state.pop("drafts", {})
    began = [datetime.fromisoformat(draft["started"]) for draft in drafts.values()]
    if began:
        turn.effects.forget_since = min(began)
    if active(turn):
        turn.state["flow"] = "menu"


def expiry(turn: Turn) -> timedelta:
    """How long the policy keeps an unfinished form."""
    return timedelta(days=turn.policy.timings.draft_expiry_days)


def expiry_notice(limit: timedelta) -> timedelta:
    """How long before a draft is deleted its person is reminded: a day, or half a short limit."""
    return min(timedelta(days=1), limit / 2)


def expire(turn: Turn) -> None:
    """Delete drafts left longer than the policy allows, with what was typed in them.

    Whether deleted now or by the nightly sweep, the person is told once, on return.
    """
    began = drop_stale(turn.state, turn.now, expiry(turn))
    if began:
        turn.effects.forget_since = began
    expired = turn.state.pop("expired", [])
    if expired:
        titles = "، ".join(f"«{turn.policy_text(form_of(turn, name).title)}»" for name in expired)
        turn.say(
            turn.gettext(
                "Your unfinished {forms} was deleted, with what you had entered, after {days} "
                "days without a reply. You can start again at any time."
            ).format(forms=titles, days=turn.policy.timings.draft_expiry_days)
        )


def expiring(turn: Turn) -> tuple[str, str] | None:
    """A draft about to be deleted whose person was not yet reminded: its form and the day
    it goes (the draft is marked reminded); None when no reminder is due."""
    limit = expiry(turn)
    due = turn.now - (limit - expiry_notice(limit))
    current = active(turn)
    for name, draft in turn.state.get("drafts", {}).items():
        if name == Kind.SURVEY or draft.get("reminded") or last_touched(draft) > due:
            continue
        if current not in {None, name}:
            continue
        draft["reminded"] = True
        return name, dates.both((last_touched(draft) + limit).date(), turn.lang, turn.gettext)
    return None


_OWN_OPTIONS = ("f:", "e:", "c:")
"""The codes of options a form offers: its steps' (f:), its fields to correct (e:), a
field's choices (c:); the menu's (m:) and «بياناتي»'s (p:) are not the form's."""


def picked_here(turn: Turn) -> bool:
    """Whether the person picked one of the options the open form offers (pressed it, or
    wrote its number, its label, or yes/no to it)."""
    picked = turn.picked(loose=False)
    return active(turn) is not None and picked is not None and picked.startswith(_OWN_OPTIONS)
