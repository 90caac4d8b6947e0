"""Answers from the policy itself: procedures, tools, channels, rights, timing, about."""

from __future__ import annotations

from datetime import datetime, timedelta

from conversations import dates
from conversations.kinds import Kind
from conversations.policy import FieldType, Item
from conversations.text import normalise
from conversations.turn import Turn


def _bullets(turn: Turn, items: list[Item]) -> str:
    lines: list[str] = []
    for item in items:
        lines.append(f"• {turn.policy_text(item.text)}")
        lines.extend(f"    ◦ {turn.policy_text(sub)}" for sub in item.items)
    return "\n".join(lines)


def procedure(turn: Turn) -> str:
    """How the association deals with a request, step by step, and when it answers."""
    _ = turn.gettext
    name = turn.policy_text(turn.policy.association.short_name)
    return "\n\n".join(
        [
            _("How {association} handles your request:").format(association=name),
            _bullets(turn, turn.policy.procedure),
            timing(turn),
        ]
    )


def due(turn: Turn, kind: str, since: datetime) -> datetime | None:
    """When the policy's period for a ticket of `kind` filed at `since` ends, if it sets one."""
    periods: dict[str, int | None] = {
        Kind.REQUEST: turn.policy.review.period_days,
        Kind.COMPLAINT: turn.policy.timings.complaint_response_days,
    }
    days = periods.get(kind)
    return since + timedelta(days=days) if days else None


def promised(turn: Turn, kind: str, until: datetime | None) -> str | None:
    """What the policy promises about when a ticket of `kind` is answered, in its terms.

    "Not less than two weeks" is a minimum, not a deadline: its end is the earliest
    an answer can come. With no period, a request is answered "as soon as possible"
    and a complaint gets no promise the policy does not make.
    """
    _ = turn.gettext
    if until is None:
        return _("Expected answer: as soon as possible.") if kind == Kind.REQUEST else None
    day = dates.both(until.date(), turn.lang, _)
    if kind == Kind.REQUEST and turn.policy.review.minimum_period:
        return _("The study period ends, at the earliest, on {date}.").format(date=day)
    return _("Expected answer by {date}.").format(date=day)


def what_next(turn: Turn) -> str:
    """Who decides on a request filed now, and when, in the policy's words."""
    _ = turn.gettext
    review = turn.policy.review
    lines = [turn.policy_text(review.wording)]
    if review.field_visits:
        lines.append(_("Before deciding, the association may visit you to confirm eligibility."))
    until = due(turn, Kind.REQUEST, turn.now)
    if until:
        lines.append(promised(turn, Kind.REQUEST, until) or "")
    return "\n".join(lines)


def timing(turn: Turn) -> str:
    """The answer to 'when will I hear back?', and who explains what is unclear."""
    _ = turn.gettext
    officer = turn.policy_text(turn.policy.review.referral)
    return "\n".join(
        [
            what_next(turn),
            _("If anything in the procedure is unclear, {officer} will explain it to you.").format(
                officer=officer
            ),
        ]
    )


def tools(turn: Turn) -> str:
    """The documents and tools the association works with."""
    _ = turn.gettext
    return "\n".join(
        [_("The association's tools and documents:"), _bullets(turn, turn.policy.tools)]
    )


def channels(turn: Turn) -> str:
    """Every way to reach the association, with its published contact details.

    Asked for a phone number the policy does not publish, it says so honestly.
    """
    _ = turn.gettext
    association = turn.policy.association
    parts = []
    if not association.phones and _asks_for_phone(turn.incoming.text):
        parts.append(_("The association has not published a phone number."))
    parts += [
        _("You can reach {association} through:").format(
            association=turn.policy_text(association.short_name)
        ),
        _bullets(turn, turn.policy.channels),
    ]
    contacts = [f"☎ {phone}" for phone in association.phones]
    contacts += [f"✉ {email}" for email in association.emails]
    contacts += [f"🌐 {site}" for site in [association.website, *association.social] if site]
    if association.city:
        contacts.append(f"📍 {turn.policy_text(association.city)}")
    if contacts:
        parts.append("\n".join(contacts))
    return "\n\n".join(parts)


def _asks_for_phone(text: str) -> bool:
    words = normalise(text)
    return any(word in words for word in ("رقم", "جوال", "هاتف", "تلفون", "اتصل", "phone", "call"))


def papers(turn: Turn) -> str:
    """What the request form asks the person to attach, in the policy's words."""
    _ = turn.gettext
    asked = [
        f"• {turn.policy_text(field.prompt)}"
        for field in turn.policy.forms.request.fields
        if field.type is FieldType.ATTACHMENT
    ]
    if not asked:
        return _("The request form asks for no documents; staff will tell you if any is needed.")
    lead = _("With a request you can attach photos or scans of your documents, here in the chat:")
    return "\n".join([lead, *asked])


def location(turn: Turn) -> str:
    """Where the association is, as far as its policy says, and how to ask the way."""
    _ = turn.gettext
    association = turn.policy.association
    name = turn.policy_text(association.short_name)
    if association.city:
        lead = _("{association} is in: {place}").format(
            association=name, place=turn.policy_text(association.city)
        )
    else:
        lead = _("The association has not published its address.")
    return "\n\n".join([lead, channels(turn)])


def services(turn: Turn) -> str:
    """The services a request can ask for, from the request form's own choices."""
    _ = turn.gettext
    offered = [
        f"• {turn.policy_text(choice)}"
        for field in turn.policy.forms.request.fields
        if field.type is FieldType.CHOICE and field.key == "service"
        for choice in field.choices
    ]
    lead = _("{association} offers:").format(
        association=turn.policy_text(turn.policy.association.short_name)
    )
    ask = _("To ask for one of them, choose «Submit a request».")
    return "\n".join([lead, *offered, "", ask]) if offered else procedure(turn)


def rights(turn: Turn) -> str:
    """The rights the policy gives the people it serves."""
    _ = turn.gettext
    heading = _("Rights of the {audience}:").format(
        audience=turn.policy_text(turn.policy.audience.singular)
    )
    return "\n".join([heading, *(f"• {turn.policy_text(right)}" for right in turn.policy.rights)])


_MACHINE = frozenset(
    normalise(word)
    for word in ("بوت", "روبوت", "البوت", "تلقائي", "bot", "robot", "automatic", "automated")
)
_MACHINE_SAID = tuple(normalise(words) for words in ("رد آلي", "نظام آلي", "ذكاء اصطناعي"))


def _asks_if_machine(text: str) -> bool:
    """Whether a message asks if a machine is answering («انت بوت؟», «هذا رد آلي؟»)."""
    said = normalise(text)
    return bool(_MACHINE.intersection(said.split())) or any(w in said for w in _MACHINE_SAID)


def about(turn: Turn) -> str:
    """Who the association is and what its policy aims at; first, to one who asks whether
    a machine is answering, that it is, and that a person is there too."""
    _ = turn.gettext
    policy = turn.policy
    association = policy.association
    parts = [
        "\n".join([turn.policy_text(association.name), turn.policy_text(association.registration)]),
        "\n".join([_("General goal:"), turn.policy_text(policy.general_goal)]),
        "\n".join([_("Objectives:"), _bullets(turn, policy.objectives)]),
    ]
    if association.approval:
        parts.append(turn.policy_text(association.approval))
    if _asks_if_machine(turn.incoming.text):
        name = turn.policy_text(association.short_name)
        parts.insert(
            0,
            _(
                "I am {name}'s automatic assistant. To talk with a member of staff, "
                "choose «Talk to a person» from the menu at any time."
            ).format(name=name),
        )
    return "\n\n".join(parts)
