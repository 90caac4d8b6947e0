"""The form runner: one table of steps, and the moves between them.

A draft lives in the person's state under `drafts[form]` and survives restarts:
(an offer to fill it in) → consent (per form, for forms with personal data) → each
field (validated, re-asked kindly, skippable when optional) → summary (edit any
field) → declaration (request form) → submission with a reference number. «رجوع»
goes back one step, «إلغاء» asks before deleting the draft, «القائمة» keeps it.

Each step has a question (`ask`) and a reader of its answer (`answer`), which says
where the form goes next (`Move`). A message that does not fit after a long pause
brings "continue or start again?"; one that names another service leaves the draft
for later and is served.
"""

from __future__ import annotations

from dataclasses import dataclass

from conversations import answers, choosing, intents, menu
from conversations.forms import consent, drafts, fields, pausing, review
from conversations.forms.moves import Answer, Ask, Move, Outcome
from conversations.kinds import Kind
from conversations.policy import FieldType
from conversations.state import Answer as Given
from conversations.state import Step
from conversations.turn import Turn


@dataclass(frozen=True)
class _Step:
    ask: Ask
    answer: Answer


async def _answer_resume(turn: Turn, name: str) -> Move:
    """Continue or start again; an answer to the question left open also continues."""
    picked = turn.picked()
    draft = drafts.draft(turn, name)
    if picked == pausing.RESTART:
        drafts.leave(turn, name, keep=False)
        start(turn, name)
        return Outcome.SAID
    draft["step"] = draft.pop("before_resume", Step.FIELD)
    if picked == pausing.RESUME:
        return draft["step"]
    said = len(turn.replies)
    move = await STEPS[draft["step"]].answer(turn, name)
    if move is not Outcome.UNFIT:
        return move
    del turn.replies[said:]
    draft["before_resume"], draft["step"] = draft["step"], Step.RESUME
    turn.say(turn.gettext("Please choose one of the two options."))
    return Outcome.UNFIT


STEPS: dict[Step, _Step] = {
    Step.OFFER: _Step(consent.ask_offer, consent.answer_offer),
    Step.CONSENT: _Step(consent.ask, consent.answer),
    Step.FIELD: _Step(fields.ask, fields.answer),
    Step.FILES: _Step(review.ask_files, review.answer_files),
    Step.SUMMARY: _Step(review.ask_summary, review.answer_summary),
    Step.EDIT: _Step(review.ask_edit, review.answer_edit),
    Step.DECLARE: _Step(review.ask_declaration, review.answer_declaration),
    Step.CANCEL: _Step(pausing.ask_cancel, pausing.answer_cancel),
    Step.RESUME: _Step(pausing.ask_resume, _answer_resume),
}
"""Every step of every form: its question, and the reader of its answer."""


def _go(turn: Turn, name: str, step: Step, lead: str = "") -> None:
    """Move the draft to `step` and ask it; cancelling and resuming remember where it was."""
    draft = drafts.draft(turn, name)
    current = draft["step"]
    if step == Step.CANCEL and current != Step.CANCEL:
        draft["before_cancel"] = current
    if step == Step.RESUME and current != Step.RESUME:
        draft["before_resume"] = current
    draft["step"] = step
    if step == Step.RESUME:
        pausing.ask_resume(turn, name, lead)  # the lead and the question in one message
        return
    if lead:
        turn.say(lead)
    if step == Step.CONSENT and not consent.needed(turn, name):
        step = draft["step"] = consent.first_step(turn, name)  # given since: the questions
    STEPS[step].ask(turn, name)


def _follow(turn: Turn, name: str, move: Move) -> bool:
    """Ask what `move` leads to; whether the message fitted (unfit: the step again)."""
    if move is Outcome.UNFIT:
        reask(turn, name)
        return False
    if not isinstance(move, Outcome):
        _go(turn, name, Step(move))  # a step read back from a saved state is a plain string
    return True


def start(turn: Turn, name: str, lead: str = "", answered: dict[str, Given] | None = None) -> None:
    """Open a form: offer to resume a saved draft, else ask consent or the first question.

    `lead` opens the first message; `answered` holds answers the person already gave in
    words, for the form's first questions (those are not asked).
    """
    drafts.enter(turn.state, name)
    saved = turn.state.get("drafts", {}).get(name)
    if saved and saved["answers"]:
        _go(turn, name, Step.RESUME)
        return
    draft, given = drafts.new(turn, name, Step.FIELD), answered or {}
    for field in drafts.form_of(turn, name).fields[:-1]:
        if field.key not in given:
            break
        draft["answers"][field.key] = given[field.key]
        draft["index"] += 1
    _go(turn, name, consent.first_step(turn, name, lead))


def offer(turn: Turn, name: str, lead: str, about: str) -> None:
    """Invite the person to fill in a form about ticket `about` now, later, or not at all."""
    drafts.enter(turn.state, name)
    drafts.new(turn, name, Step.OFFER, lead=lead, about=about)
    _go(turn, name, Step.OFFER)


def complain_of_staff(turn: Turn) -> bool:
    """Open a complaint with the subject for a staff member's conduct already chosen, so it
    reaches supervisors only; False when the policy's complaint form has no such subject."""
    found = turn.policy.forms.complaint.confidential_choice()
    if found is None:
        return False
    field, number = found
    turn.say(turn.gettext("A complaint about a staff member is seen by the supervisors only."))
    subject = {field.key: field.choices[number].ar}
    start(turn, Kind.COMPLAINT, answered=subject)
    drafts.draft(turn, Kind.COMPLAINT)["answers"].update(subject)  # a resumed draft: about staff
    return True


async def handle(turn: Turn, name: str) -> bool:
    """Take the person's message as the answer to where their draft stands.

    Returns False, keeping the draft for later, when the message does not fit and
    names another service instead: the caller serves that.
    """
    draft = drafts.draft(turn, name)
    if draft["step"] == Step.FIELD and _turns_to_another(turn, name):
        drafts.leave(turn, name, keep=True)
        turn.say(turn.gettext("Your answers are saved; choose the same item to continue."))
        return False
    if draft["step"] == Step.FIELD and (
        _changes_a_choice(turn, name) or _changes_an_answer(turn, name)
    ):
        return True
    idle = draft["step"] != Step.RESUME and drafts.idle(turn, draft)
    said = len(turn.replies)
    fitted = _follow(turn, name, await STEPS[draft["step"]].answer(turn, name))
    turn.understood = fitted
    if not fitted and menu.named_service(turn, besides=name):
        del turn.replies[said:]
        drafts.leave(turn, name, keep=True)
        return False
    if not fitted and idle:
        del turn.replies[said:]
        _go(turn, name, Step.RESUME)
    if name in turn.state.get("drafts", {}):
        drafts.draft(turn, name)["touched"] = turn.now.isoformat()
    return True


def _turns_to_another(turn: Turn, name: str) -> bool:
    """Whether a short message wishes for another form ("لا خلاص ابي اشتكي بدال"), which
    a written question would otherwise take as its answer ("تعامل سيئ" stays an answer;
    asking for a person is read by the dialogue: "لم يرد الموظف" answers a complaint)."""
    text = turn.incoming.text
    if not intents.short(text) or not intents.wishes(text):
        return False
    code = menu.named_service(turn, besides=name)
    item = menu.entry(code) if code else None
    return item is not None and item.form is not None


def _changes_a_choice(turn: Turn, name: str) -> bool:
    """«لا لحظة، ابي شنط مدرسية بدال الدروس» mid-form: an earlier choice changed by the
    same words, then the question left is asked again."""
    wanted = intents.changes_mind(turn.incoming.text)
    written = drafts.field(turn, name).type in {FieldType.TEXT, FieldType.LONG_TEXT}
    if wanted is None or written:  # at a written question, those words may be the answer
        return False
    draft = drafts.draft(turn, name)
    for field in drafts.form_of(turn, name).fields[: draft["index"]]:
        code = choosing.described(wanted, field) if field.type is FieldType.CHOICE else None
        chosen = field.choices[int(code.removeprefix("c:"))].ar if code else None
        if chosen is None or chosen == draft["answers"].get(field.key):
            continue
        draft["answers"][field.key] = chosen
        shown = answers.shown(field, chosen, turn.lang, turn.gettext)
        changed = turn.gettext("Of course: {question} is now «{answer}».")
        _go(
            turn,
            name,
            Step.FIELD,
            changed.format(question=turn.policy_text(field.label), answer=shown),
        )
        return True
    return False


def _changes_an_answer(turn: Turn, name: str) -> bool:
    """«لحظة، أريد تغيير نوع الخدمة» mid-form: that question again (or the choice of
    answers given, when none is named), then back to the question left."""
    draft = drafts.draft(turn, name)
    given = drafts.form_of(turn, name).fields[: draft["index"]]
    labels = tuple(turn.policy_text(field.label) for field in given)
    named = intents.changes(turn.incoming.text, labels) if given else None
    if named is None:
        return False
    draft["back_to"] = draft["index"]
    if named < 0:
        _go(turn, name, Step.EDIT)
        return True
    draft["index"] = named
    _go(
        turn, name, Step.FIELD, turn.gettext("Of course. Your new answer replaces the earlier one.")
    )
    return True


def reask(turn: Turn, name: str, lead: str = "") -> None:
    """Say `lead` (if any), then repeat where the draft stands."""
    _go(turn, name, drafts.draft(turn, name)["step"], lead)


def greet(turn: Turn, name: str, lead: str) -> None:
    """After courtesy: back after a long pause, ask whether to continue; else the question."""
    draft = drafts.draft(turn, name)
    idle = draft["step"] != Step.RESUME and drafts.idle(turn, draft)
    _go(turn, name, Step.RESUME if idle else draft["step"], lead)


def go_back(turn: Turn, name: str) -> None:
    """«رجوع»: one step back."""
    draft = drafts.draft(turn, name)
    step = draft["step"]
    if step == Step.CONSENT:
        drafts.leave(turn, name, keep=False)
        menu.show(turn)
    elif step == Step.FIELD and draft.get("editing"):
        _go(turn, name, Step.SUMMARY)
    elif step == Step.FIELD and draft["index"] == 0:
        _go(turn, name, Step.FIELD, turn.gettext("This is the first question."))
    elif step == Step.FIELD:
        draft["index"] -= 1
        _go(turn, name, Step.FIELD)
    elif step == Step.SUMMARY:
        draft["index"] = len(drafts.form_of(turn, name).fields) - 1
        _go(turn, name, Step.FIELD)
    elif step in {Step.DECLARE, Step.EDIT, Step.FILES}:
        _go(turn, name, Step.SUMMARY)
    else:
        reask(turn, name)


def ask_cancel(turn: Turn, name: str) -> None:
    """«إلغاء»: ask before throwing the draft away (nothing is kept before consent)."""
    if drafts.draft(turn, name)["step"] == Step.CONSENT:
        drafts.leave(turn, name, keep=False)
        menu.show(turn, turn.gettext("Cancelled."))
        return
    _go(turn, name, Step.CANCEL)


def pause(turn: Turn, name: str) -> None:
    """«القائمة»: keep the draft and show the menu."""
    drafts.leave(turn, name, keep=True)
    menu.show(turn, turn.gettext("Your answers are saved; choose the same item to continue."))


def remind_expiring(turn: Turn) -> bool:
    """Remind once of a draft about to be deleted, offering to continue; False if none is due."""
    found = drafts.expiring(turn)
    if found is None:
        return False
    name, deleted_on = found
    drafts.enter(turn.state, name)
    lead = turn.gettext(
        "A reminder: you have not finished «{form}». It will be deleted, with what you "
        "entered, on {date}."
    ).format(form=turn.policy_text(drafts.form_of(turn, name).title), date=deleted_on)
    _go(turn, name, Step.RESUME, lead)
    return True
