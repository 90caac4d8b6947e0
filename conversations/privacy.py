"""«بياناتي»: a person's rights over their data, kept by the bot itself.

Saudi Arabia's Personal Data Protection Law gives every person the right to know what
is held about them, to get a copy, to have it corrected or destroyed, and to withdraw
consent. Each form's notice promises these; here the person exercises them: see, copy
(a JSON file and a readable one), correct (a ticket to staff, answered within the
legal 30 days), delete (after a confirmation that says what it means) and withdraw
consent (drafts deleted, nothing more collected until they agree again).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from conversations import answers, dates, forms, menu
from conversations.i18n import N_
from conversations.kinds import Kind
from conversations.messages import Option
from conversations.policy import Form
from conversations.state import State
from conversations.text import clean, normalise
from conversations.tickets import ConsentAnswer, Erasure, HeldTicket, NewTicket, PersonalData, Stage
from conversations.turn import Turn

SEE, COPY, CORRECT, DELETE, WITHDRAW = "p:see", "p:copy", "p:correct", "p:delete", "p:withdraw"
ERASE, KEEP = "p:erase", "p:keep"
ANSWER_WITHIN = timedelta(days=30)
"""The law's period for answering a request about one's data."""
TITLE = N_("Correction of personal data")
_MINE = tuple(
    normalise(words)
    for words in (
        "بياناتي",
        "معلوماتي",
        "بياناتي الشخصيه",
        "my data",
        "my personal data",
        "my info",
    )
)
_ERASING = ("احذف", "حذف", "امسح", "مسح", "الغ", "delete", "erase", "remove")
_WHY = frozenset(normalise(word) for word in ("ليش", "ليه", "لماذا", "لما", "why", "لاي", "لأي"))
"""'Why do you want my data?' asks about a notice; it is not a request about one's data."""
_CHANNELS = {"telegram": N_("Telegram"), "whatsapp": N_("WhatsApp"), "console": N_("this chat")}


def asked(text: str) -> str | None:
    """Whether a short message asks about the person's data: 'delete', 'menu', or None."""
    words = normalise(text)
    if len(words.split()) > 6 or not any(mine in words for mine in _MINE):
        return None
    if _WHY.intersection(words.split()):
        return None
    return DELETE if any(word.startswith(_ERASING) for word in words.split()) else "menu"


def active(turn: Turn) -> bool:
    """Whether the person is in the middle of «بياناتي»."""
    return "privacy" in turn.state


def show(turn: Turn, lead: str = "") -> None:
    """The choices a person has over their data."""
    _ = turn.gettext
    turn.state["privacy"] = "menu"
    association = turn.policy_text(turn.policy.association.short_name)
    text = _("Your data with {association}: what would you like to do?").format(
        association=association
    )
    options = (
        Option(SEE, _("See what is kept about me")),
        Option(COPY, _("Get a copy of my data")),
        Option(CORRECT, _("Correct my data")),
        Option(DELETE, _("Delete my data")),
        Option(WITHDRAW, _("Withdraw my consent")),
        Option(menu.MENU_CODE, _("Main menu")),
    )
    turn.say(f"{lead}\n\n{text}" if lead else text, options)


async def handle(turn: Turn) -> bool:
    """Take the person's answer at the current step; False when it is not about their data."""
    step = turn.state.get("privacy")
    picked = turn.picked()
    if step == "delete":
        return await _on_delete(turn, picked)
    if step == "correct" and picked is None:
        return await _on_correction(turn)
    actions = {SEE: _see, COPY: _copy, CORRECT: _ask_correction, DELETE: ask_delete}
    if picked == WITHDRAW:
        _withdraw(turn)
    elif picked in actions:
        await actions[picked](turn)
    else:
        turn.state.pop("privacy", None)
        return False
    return True


async def _see(turn: Turn) -> None:
    held = await turn.tickets.held(turn.incoming.user_key)
    turn.effects.privacy.append("see")
    show(turn, _describe(turn, held, masked=True))


async def _copy(turn: Turn) -> None:
    _ = turn.gettext
    held = await turn.tickets.held(turn.incoming.user_key)
    day = turn.now.date().isoformat()
    files = {
        f"my-data-{day}.json": json.dumps(_export(turn, held), ensure_ascii=False, indent=2),
        f"my-data-{day}.txt": _describe(turn, held, masked=False),
    }
    kept = await turn.tickets.export(turn.incoming.user_key, files)
    turn.effects.privacy.append("copy")
    names = "\n".join(f"• {file.name}" for file in kept)
    text = _("Here is a complete copy of your data, as a file for computers and one to read:")
    turn.say(f"{text}\n{names}", attachments=kept)
    show(turn)


async def _ask_correction(turn: Turn) -> None:
    turn.state["privacy"] = "correct"
    turn.say(
        turn.gettext(
            "Write what should be corrected, for example: my mobile number is now 05XXXXXXXX."
        ),
        (Option(menu.MENU_CODE, turn.gettext("Main menu")),),
    )


async def _on_correction(turn: Turn) -> bool:
    _ = turn.gettext
    text = clean(turn.incoming.text)
    if not text:
        turn.say(_("Please write what should be corrected."))
        return True
    due = turn.now + ANSWER_WITHIN
    ref = await turn.tickets.new_reference()
    title = turn.translations["ar"].gettext(TITLE)
    new = NewTicket(ref=ref, kind=Kind.PRIVACY, title=title, data={"correction": text}, due_at=due)
    turn.effects.tickets.append(new)
    turn.effects.privacy.append("correct")
    turn.state.pop("privacy", None)
    when = dates.both(due.date(), turn.lang, _)
    turn.say(
        _(
            "We received your request to correct your data (reference {ref}). "
            "The association will answer you here by {date} at the latest."
        ).format(ref=ref, date=when)
    )
    return True


async def ask_delete(turn: Turn) -> None:
    """Say what deletion means, and ask to confirm."""
    _ = turn.gettext
    turn.state["privacy"] = "delete"
    association = turn.policy_text(turn.policy.association.short_name)
    text = _(
        "Deleting your data erases, for good: your name, ID, phone and every answer you "
        "gave, our conversation, your files, and your address in this app. "
        "{association} keeps only counts and survey scores, with nothing that leads to you. "
        "A request still open is closed, and the team is told.\n"
        "Delete your data?"
    ).format(association=association)
    options = (
        Option(ERASE, _("Yes, delete my data"), True),
        Option(KEEP, _("No, keep it"), False),
    )
    turn.say(text, options)


async def _on_delete(turn: Turn, picked: str | None) -> bool:
    _ = turn.gettext
    if picked == KEEP:
        show(turn, _("Nothing was deleted."))
        return True
    if picked != ERASE:
        turn.state.pop("privacy", None)
        return False
    held = await turn.tickets.held(turn.incoming.user_key)
    still_open = tuple(ticket.ref for ticket in held.tickets if ticket.stage is not Stage.CLOSED)
    turn.effects.erase = Erasure(still_open)
    turn.effects.privacy.append("delete")
    turn.state = State()
    turn.say(
        _(
            "Your data has been deleted. If you write again, we will start afresh "
            "as with someone new."
        )
    )
    return True


def _withdraw(turn: Turn) -> None:
    _ = turn.gettext
    given = turn.state.pop("consents", {})
    for purpose in given:
        turn.effects.consents.append(ConsentAnswer(purpose, "", agreed=False))
    forms.discard(turn)
    turn.effects.privacy.append("withdraw")
    show(
        turn,
        _(
            "Your consent is withdrawn: we collect no more data from you, and your unfinished "
            "forms are deleted. Anything you start later asks for your consent again."
        ),
    )


def _describe(turn: Turn, held: PersonalData, masked: bool) -> str:
    """What is kept, in the person's language (IDs and phones masked unless `masked` is off)."""
    _ = turn.gettext
    association = turn.policy_text(turn.policy.association.short_name)
    lines = [_("What {association} keeps about you:").format(association=association)]
    if held.first_seen:
        channel = _(_CHANNELS.get(held.channel, held.channel))
        lines.append(
            _("• You first wrote on {date}, on {channel}.").format(
                date=dates.both(held.first_seen.date(), turn.lang, _), channel=channel
            )
        )
    for consent in held.consents:
        said = _("agreed") if consent.agreed else _("did not agree, or withdrew")
        lines.append(
            _("• Data-protection notice for «{purpose}»: {said} on {date}.").format(
                purpose=_purpose(turn, consent.purpose),
                said=said,
                date=dates.both(consent.at.date(), turn.lang, _),
            )
        )
    for ticket in held.tickets:
        lines.append(
            _("• {kind} {ref}, {stage}, since {date}:").format(
                kind=ticket.title,
                ref=ticket.ref,
                stage=_(ticket.stage.label),
                date=dates.both(ticket.created_at.date(), turn.lang, _),
            )
        )
        lines += [f"   {label}: {value}" for label, value in _answers(turn, ticket, masked)]
    for name, draft in _drafts(turn):
        lines.append(_("• Unfinished «{form}», kept for now:").format(form=_purpose(turn, name)))
        unfinished = HeldTicket("", name, "", Stage.RECEIVED, turn.now, None, draft)
        lines += [f"   {label}: {value}" for label, value in _answers(turn, unfinished, masked)]
    if held.messages:
        count = len(held.messages)
        lines.append(_("• Our conversation: {count} message(s).").format(count=count))
    if len(lines) == 1:
        lines.append(_("• Nothing besides this conversation."))
    days = turn.policy.timings.retention_days
    lines.append(
        _(
            "Your data is kept while your requests are open and for {days} days after each is "
            "closed; then it is anonymised, and only figures without your name remain."
        ).format(days=days)
    )
    if not masked and held.messages:
        lines += ["", _("Our conversation:")]
        lines += [
            f"[{message.at:%Y-%m-%d %H:%M}] {'←' if message.incoming else '→'} {message.text}"
            for message in held.messages
        ]
    return "\n".join(lines)


def _answers(turn: Turn, ticket: HeldTicket, masked: bool) -> list[tuple[str, str]]:
    """A ticket's answers as the summary shows them, under the form's own labels."""
    form: Form | None = getattr(turn.policy.forms, ticket.kind, None)
    fields = {field.key: field for field in form.fields} if form else {}
    shown = []
    for key, value in ticket.data.items():
        field = fields.get(key)
        if field is None:
            shown.append((key, str(value)))
            continue
        label = turn.policy_text(field.label)
        shown.append((label, answers.shown(field, value, turn.lang, turn.gettext, masked)))
    return shown


def _drafts(turn: Turn) -> list[tuple[str, dict[str, Any]]]:
    """The answers of forms the person began and has not sent."""
    drafts = turn.state.get("drafts", {})
    return [(name, draft["answers"]) for name, draft in drafts.items() if draft["answers"]]


def _purpose(turn: Turn, purpose: str) -> str:
    label = next((entry.label for entry in menu.MAIN if entry.form == purpose), purpose)
    return turn.gettext(label)


def _export(turn: Turn, held: PersonalData) -> dict[str, Any]:
    """Everything kept, for a computer to read."""

    def moment(at: datetime | None) -> str | None:
        return at.isoformat() if at else None

    return {
        "association": turn.policy_text(turn.policy.association.name),
        "exported_at": turn.now.isoformat(),
        "channel": held.channel,
        "first_seen": moment(held.first_seen),
        "consents": [
            {"purpose": c.purpose, "agreed": c.agreed, "at": moment(c.at)} for c in held.consents
        ],
        "tickets": [
            {
                "ref": t.ref,
                "kind": t.kind,
                "title": t.title,
                "stage": t.stage.value,
                "created_at": moment(t.created_at),
                "closed_at": moment(t.closed_at),
                "answers": t.data,
            }
            for t in held.tickets
        ],
        "unfinished_forms": dict(_drafts(turn)),
        "messages": [
            {"at": moment(m.at), "from": "you" if m.incoming else "us", "text": m.text}
            for m in held.messages
        ],
        "retention_days": turn.policy.timings.retention_days,
    }
