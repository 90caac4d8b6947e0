"""After the questions: the summary, correcting an answer, and the request's declaration."""

from __future__ import annotations

from conversations import answers, menu, procedures, submission
from conversations.forms import drafts
from conversations.forms.moves import Move, Outcome
from conversations.kinds import Kind
from conversations.messages import Option
from conversations.state import Step
from conversations.turn import Turn

CONFIRM, EDIT, CANCEL = "f:confirm", "f:edit", "f:cancel"
AGREE, DISAGREE = submission.AGREE_CODE, "f:disagree"
ADD, REPLACE = "f:add", "f:replace"
_EDIT_PREFIX = "e:"


def ask_summary(turn: Turn, name: str) -> None:
    """Every answer, numbered, to confirm or correct."""
    _ = turn.gettext
    form = drafts.form_of(turn, name)
    given = drafts.draft(turn, name)["answers"]
    lines = [_("Please check your data:")]
    for number, field in enumerate(form.fields, 1):
        value = answers.shown(field, given.get(field.key), turn.lang, turn.gettext)
        lines.append(f"{number}. {turn.policy_text(field.label)}: {value}")
    options = (
        Option(CONFIRM, _("✅ The data is correct"), True),
        Option(EDIT, _("✏️ Correct something")),
        Option(CANCEL, _("Cancel")),
    )
    turn.say("\n".join(lines), options)


async def answer_summary(turn: Turn, name: str) -> Move:
    """Confirmed: the declaration (requests) or submission. A question is answered."""
    picked = turn.picked()
    if picked == CONFIRM and name == Kind.REQUEST:
        return Step.DECLARE
    if picked == CONFIRM:
        await submission.submit(turn, name, drafts.draft(turn, name))
        return Outcome.LEFT
    if picked == EDIT:
        return Step.EDIT
    if picked == CANCEL:
        return Step.CANCEL
    answer = _policy_answer(turn)
    turn.say(answer or turn.gettext("Please choose one of the options by its number."))
    return Step.SUMMARY if answer else Outcome.UNFIT


def _policy_answer(turn: Turn) -> str | None:
    """The policy's answer to a question asked at the summary («متى يوصلني الرد؟»): the
    page of the menu's information item the words name."""
    code = menu.named(turn)
    if code == menu.TIMING_CODE:
        return procedures.timing(turn)  # nothing is sent yet: the policy's period
    item = menu.entry(code) if code else None
    return item.page(turn) if item and item.page else None


def ask_edit(turn: Turn, name: str) -> None:
    """Which answer to correct, by its label."""
    draft = drafts.draft(turn, name)
    fields = drafts.form_of(turn, name).fields[: draft.get("back_to")]  # mid-form: those given
    options = tuple(
        Option(f"{_EDIT_PREFIX}{n}", turn.policy_text(f.label)) for n, f in enumerate(fields)
    )
    turn.say(turn.gettext("Which one would you like to correct?"), options)


async def answer_edit(turn: Turn, name: str) -> Move:
    """The chosen question again; files already sent are first added to or replaced."""
    picked = turn.picked() or ""
    if not picked.startswith(_EDIT_PREFIX):
        turn.say(turn.gettext("Please choose one of the options by its number."))
        return Outcome.UNFIT
    draft = drafts.draft(turn, name)
    draft["index"], draft["editing"] = int(picked.removeprefix(_EDIT_PREFIX)), True
    draft.pop("files", None)
    field = drafts.field(turn, name)
    return Step.FILES if field.multiple and draft["answers"].get(field.key) else Step.FIELD


def ask_files(turn: Turn, name: str) -> None:
    """Files were sent before: add to them, or replace them?"""
    _ = turn.gettext
    count = len(drafts.draft(turn, name)["answers"][drafts.field(turn, name).key])
    turn.say(
        _("You sent {count} file(s). Add more files to them, or replace them?").format(count=count),
        (Option(ADD, _("Add files")), Option(REPLACE, _("Replace them"))),
    )


async def answer_files(turn: Turn, name: str) -> Move:
    """Add or replace: then the files are asked for."""
    picked = turn.picked()
    if picked not in {ADD, REPLACE}:
        turn.say(turn.gettext("Please choose one of the two options."))
        return Outcome.UNFIT
    if picked == ADD:
        draft = drafts.draft(turn, name)
        draft["files"] = list(draft["answers"][drafts.field(turn, name).key])
    return Step.FIELD


def ask_declaration(turn: Turn, name: str) -> None:
    """The policy's declaration, to agree to before a request is submitted."""
    _ = turn.gettext
    options = (
        Option(AGREE, _("I declare and agree"), True),
        Option(DISAGREE, _("I do not agree"), False),
    )
    turn.say(turn.policy_text(turn.policy.declaration), options)


async def answer_declaration(turn: Turn, name: str) -> Move:
    """Agreed: submitted with the declaration's words. Refused: back to the summary."""
    _ = turn.gettext
    picked = turn.picked()
    if picked == AGREE:
        declaration = turn.policy.declaration.ar
        await submission.submit(turn, name, drafts.draft(turn, name), declaration=declaration)
        return Outcome.LEFT
    if picked == DISAGREE:
        turn.say(
            _(
                "Without your declaration the request cannot be submitted. "
                "You can correct your data, or cancel."
            )
        )
        return Step.SUMMARY
    turn.say(_("Please choose one of the two options."))
    return Outcome.UNFIT
