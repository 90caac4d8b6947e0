"""How an intake ends: filed as the person's request, refused by the person, or cancelled.

Whatever the ending, nothing of the intake stays with the staff member: their
conversation starts afresh and what they typed leaves their transcript. What is kept is
the person's, with their ticket.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from conversations import answers, procedures, submission
from conversations.i18n import Translations
from conversations.intake_channels import CHANNELS
from conversations.intake_voice import LETTER_FIELD, NEXT, UPDATES
from conversations.kinds import Kind
from conversations.policy import FieldType, Form, Policy
from conversations.state import Intake, State
from conversations.tickets import Effects, Taken
from conversations.turn import Turn


@dataclass(frozen=True)
class Words:
    """The association's words as the person hears them: its policy and catalogues, before
    the turn is worded for the staff member."""

    policy: Policy
    translations: Mapping[str, Translations]


def end(turn: Turn, intake: Intake) -> None:
    """Close the intake: the staff member's conversation afresh, their typing forgotten."""
    turn.effects.forget_since = datetime.fromisoformat(intake["began"])
    turn.state = State()


def refused(turn: Turn, words: Words, intake: Intake, said: int) -> None:
    """The person did not agree to the data-protection notice: nothing is kept."""
    del turn.replies[said:]
    end(turn, intake)
    _ = turn.gettext
    audience = turn.policy_text(words.policy.audience.singular)
    ended = _(
        "{audience} did not agree, so nothing was kept. Thank them for their time: they can "
        "still reach the association through its channels."
    ).format(audience=audience)
    turn.say(f"{ended}\n\n{_(NEXT)}")


def filed(turn: Turn, words: Words, intake: Intake, said: int) -> None:
    """The form was filed: the ticket becomes the person's (on WhatsApp, at the mobile they
    gave), taken by this staff member by the intake's channel; the person is sent the
    reference if they agreed, and the staff member hears what to tell them."""
    del turn.replies[said:]
    ticket = turn.effects.tickets.pop()
    form = words.policy.forms.request
    data = dict(ticket.data)
    agreed = data.pop(UPDATES, None) is True
    _attach(form, data, data.pop(LETTER_FIELD, None))
    field = next((f for f in form.fields if f.type is FieldType.MOBILE), None)
    mobile = data.get(field.key) if field else None
    told = _receipt(turn, words, ticket.ref, data, ticket.due_at) if agreed and mobile else None
    consent = form.consent.ar if form.consent else None
    taken = Taken(turn.incoming.user, intake["channel"], mobile, told, consent)
    turn.effects.tickets.append(
        replace(
            ticket,
            data=data,
            declaration=words.policy.declaration.ar,
            branch=intake.get("branch", ticket.branch),
            taken=taken,
        )
    )
    end(turn, intake)
    shown = answers.shown(field, mobile, turn.lang, turn.gettext) if field and mobile else ""
    turn.say(_for_staff(turn, words, ticket.ref, taken, shown))


def _receipt(turn: Turn, words: Words, ref: str, data: dict[str, Any], due: datetime | None) -> str:
    """What the person is sent: what they would have read had they filed it themselves."""
    person = replace(
        turn,
        policy=words.policy,
        translations=words.translations,
        state=State(),
        replies=[],
        effects=Effects(),
        buttons=False,
    )
    return submission.receipt(person, Kind.REQUEST, ref, data, due)


def _attach(form: Form, data: dict[str, Any], letter: list[dict[str, str]] | None) -> None:
    """The scanned letter goes first among the form's attachments, as if attached to it."""
    if not letter:
        return
    key = next((f.key for f in form.fields if f.type is FieldType.ATTACHMENT), LETTER_FIELD)
    data[key] = [*letter, *(data.get(key) or [])]


def _for_staff(turn: Turn, words: Words, ref: str, taken: Taken, mobile: str) -> str:
    """The reference, what to tell the person, and whether WhatsApp tells them more (at
    `mobile`, as shown: masked)."""
    _ = turn.gettext
    audience = turn.policy_text(words.policy.audience.singular)
    lines = [
        _("Request {ref} is recorded for {audience} ({channel}). ✅").format(
            ref=ref, audience=audience, channel=_(CHANNELS[taken.channel])
        ),
        _("Tell them its reference number, {ref}, and what happens next:").format(ref=ref),
        procedures.what_next(turn),
    ]
    if taken.mobile:
        follow = _(
            "They can follow it at any time by writing its number to the association on "
            "WhatsApp, from {mobile}."
        )
        lines.append(follow.format(mobile=mobile))
        if taken.told:
            lines.append(_("They will also receive the reference number and its updates there."))
        else:
            lines.append(
                _(
                    "They asked for no WhatsApp messages: nothing about it is sent to them, "
                    "so call them when it moves on."
                )
            )
    lines.append(_(NEXT))
    return "\n\n".join(lines)
