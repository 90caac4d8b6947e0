"""Before the questions: the invitation to an offered form, and the form's own consent."""

from __future__ import annotations

from conversations import answers, menu, procedures
from conversations.forms import drafts, fields
from conversations.forms.moves import Move, Outcome
from conversations.messages import Option
from conversations.policy import FieldType
from conversations.state import Step
from conversations.text import normalise
from conversations.tickets import ConsentAnswer
from conversations.turn import Turn
from conversations.validators import Invalid

CONSENT_YES, CONSENT_NO = "f:consent", "f:no-consent"
NOW, LATER, NEVER = "f:now", "f:later", "f:never"


def needed(turn: Turn, name: str) -> bool:
    """Whether form `name` asks a consent the person has not given for it yet."""
    consent = drafts.form_of(turn, name).consent
    return consent is not None and name not in turn.state.get("consents", {})


def first_step(turn: Turn, name: str, lead: str = "") -> Step:
    """The consent, when still needed; else the questions, introduced."""
    if needed(turn, name):
        return Step.CONSENT
    fields.introduce(turn, name, lead)
    return Step.FIELD


def ask(turn: Turn, name: str) -> None:
    """The form's consent text, with «I agree» / «I do not agree»."""
    consent = drafts.form_of(turn, name).consent
    if consent:
        turn.say(turn.policy_text(consent), _options(turn))


def _options(turn: Turn) -> tuple[Option, ...]:
    _ = turn.gettext
    return (
        Option(CONSENT_YES, _("I agree"), True),
        Option(CONSENT_NO, _("I do not agree"), False),
    )


async def answer(turn: Turn, name: str) -> Move:
    """Agreed: the questions. Refused: nothing is kept. "Why?": what the form collects."""
    _ = turn.gettext
    picked = turn.picked()
    consent = drafts.form_of(turn, name).consent
    if picked is None and consent and _asks_why(turn.incoming.text):
        turn.say(
            _(
                "The personal data law asks for your agreement before we collect anything. "
                "This is what the form collects, why, and who sees it:"
            )
        )
        return Step.CONSENT
    if picked == CONSENT_NO and not _refuses(turn):
        picked = None  # «no documents»: not a refusal of consent
    if picked not in {CONSENT_YES, CONSENT_NO} or consent is None:
        turn.say(_("Please choose one of the two options."))
        return Outcome.UNFIT
    agreed = picked == CONSENT_YES
    turn.effects.consents.append(ConsentAnswer(name, turn.policy_text(consent), agreed))
    if not agreed:
        drafts.leave(turn, name, keep=False)
        lead = _("We respect your choice and have kept none of your data.")
        menu.show(turn, "\n\n".join([lead, procedures.channels(turn)]))
        return Outcome.LEFT
    turn.state.setdefault("consents", {})[name] = turn.now.isoformat()
    fields.introduce(turn, name)
    return Step.FIELD


_REFUSING = frozenset(
    normalise(word)
    for word in (
        *("لا", "ما", "مو", "مب", "ابي", "ابغى", "اريد", "شكرا", "لو", "سمحت", "مشكور", "عفوا"),
        *("no", "not", "nope", "thanks", "thank", "you", "i", "dont", "don't", "do", "want"),
    )
)
_AGREEING = ("اواف", "موافق", "agree", "consent")


def _refuses(turn: Turn) -> bool:
    """Whether a "no" refuses the consent: pressed or numbered, or words that say only
    that («لا», «لا شكرا», «لا مو موافق»), not «no documents» about something else."""
    if turn.incoming.option:
        return True
    words = normalise(turn.incoming.text).split()
    agreeing = any(word.startswith(_AGREEING) for word in words)
    return len(words) <= 1 or agreeing or all(word in _REFUSING for word in words)


_WHY = ("ليش", "ليه", "لماذا", "لمذا", "لما", "why", "wsh", "what for")


def _asks_why(text: str) -> bool:
    """Whether the person asks why their data is wanted ("ليش؟", "why do you need it")."""
    words = normalise(text).split()
    return 0 < len(words) <= 8 and any(word.startswith(_WHY) for word in words)


def ask_offer(turn: Turn, name: str) -> None:
    """The invitation: now, later, or not at all."""
    _ = turn.gettext
    options = (
        Option(NOW, _("Yes, now"), True),
        Option(LATER, _("Remind me later")),
        Option(NEVER, _("No, thank you"), False),
    )
    turn.say(drafts.draft(turn, name).get("lead", ""), options)


async def answer_offer(turn: Turn, name: str) -> Move:
    """Now, later, never; a score written straight away is the first answer."""
    _ = turn.gettext
    picked = turn.picked()
    if picked not in {NOW, LATER}:
        rated = await _rated_at_once(turn, name)
        if rated:
            return rated
    if picked == NOW:
        return first_step(turn, name)
    if picked == LATER:
        drafts.leave(turn, name, keep=True)
        menu.show(turn, _("Of course. We will remind you once, later."))
    elif picked == NEVER:
        turn.effects.declined.append(drafts.draft(turn, name).get("about", ""))
        drafts.leave(turn, name, keep=False)
        menu.show(turn, _("Thank you all the same. We will not ask again about this request."))
    else:
        turn.say(_("Please choose one of the options by its number."))
        return Outcome.UNFIT
    return Outcome.LEFT


async def _rated_at_once(turn: Turn, name: str) -> Move | None:
    """A score written at the invitation («5», «٥ من ٥», «ممتاز», stars; «3» too, never
    "no, thank you") is the answer to the first question, when that one is a rating."""
    first = drafts.form_of(turn, name).fields[0]
    if first.type is not FieldType.RATING or turn.incoming.option or needed(turn, name):
        return None
    try:
        score = answers.read(turn, first, None)
    except Invalid:
        return None
    draft = drafts.draft(turn, name)
    draft["step"], draft["index"] = Step.FIELD, 0
    return await fields.store(turn, name, score)
