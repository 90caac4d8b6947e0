"""The form's questions: asking one, reading its answer, and storing it."""

from __future__ import annotations

from conversations import answers, submission
from conversations.forms import drafts
from conversations.forms.moves import Move, Outcome
from conversations.messages import Option
from conversations.policy import FieldType
from conversations.state import Answer, Step
from conversations.turn import Turn
from conversations.validators import Invalid

SKIP, DONE = "f:skip", "f:done"


def introduce(turn: Turn, name: str, lead: str = "") -> None:
    """Open the questions: the form's title (or `lead`), its intro, and how to go back."""
    form = drafts.form_of(turn, name)
    draft = drafts.draft(turn, name)
    lines = [lead or turn.policy_text(form.title)]
    if form.intro and "lead" not in draft:
        lines.append(turn.policy_text(form.intro))
    for field in form.fields[: draft["index"]]:  # answered in the words that opened the form
        shown = answers.shown(field, draft["answers"].get(field.key), turn.lang, turn.gettext)
        lines.append(
            turn.gettext("From what you wrote: {question}: {answer}.").format(
                question=turn.policy_text(field.label), answer=shown
            )
        )
    lines.append(turn.gettext("You can write «رجوع» to go back a step, or «إلغاء» to cancel."))
    turn.say("\n".join(lines))


def ask(turn: Turn, name: str) -> None:
    """The pending question, with its number, its choices, and «Done»/«Skip» where they fit."""
    _ = turn.gettext
    form = drafts.form_of(turn, name)
    draft = drafts.draft(turn, name)
    field = form.fields[draft["index"]]
    options = list(answers.choice_options(turn, field))
    if field.type is FieldType.ATTACHMENT and draft.get("files"):
        options.append(Option(DONE, _("Done")))
    if not field.required:
        options.append(Option(SKIP, _("Skip")))
    progress = _("Question {number} of {count}").format(
        number=draft["index"] + 1, count=len(form.fields)
    )
    hint = "" if field.required else _(" (optional)")
    turn.say(f"{progress}{hint}\n{turn.policy_text(field.prompt)}", tuple(options))


async def answer(turn: Turn, name: str) -> Move:
    """Read the answer to the pending question; files are collected until «Done»."""
    _ = turn.gettext
    draft = drafts.draft(turn, name)
    field = drafts.field(turn, name)
    picked = turn.picked()
    files = draft.get("files", [])
    finished = picked in {DONE, SKIP} or answers.declined(turn, field)
    if files and finished:
        return await store(turn, name, draft.pop("files"))  # «تخطي» after a refused file keeps
    if not field.required and finished:
        draft.pop("files", None)
        return await store(turn, name, None)
    try:
        value = answers.read(turn, field, picked)
    except Invalid as problem:
        lead = _(problem.message).format(**problem.values)
        if files:
            kept = _("The {count} file(s) you sent before are kept.").format(count=len(files))
            lead = f"{lead}\n{kept}"
        turn.say(lead)
        return Outcome.UNFIT
    said_back = answers.read_back(turn, field, value)
    if said_back:
        turn.say(said_back)
    cut = answers.cut_short(turn, field)
    if cut:
        turn.say(
            _("Your answer was long, so I kept its first {count} characters.").format(count=cut)
        )
    if field.type is FieldType.ATTACHMENT and field.multiple:
        files = draft.setdefault("files", [])
        files.extend(value)
        turn.say(
            _("Received ({count}). Send another file, or choose «Done».").format(count=len(files)),
            (Option(DONE, _("Done")),),
        )
        return Outcome.SAID
    return await store(turn, name, value)


async def store(turn: Turn, name: str, value: Answer) -> Move:
    """Keep the answer; then the next question, the summary, or (no summary) submission."""
    draft = drafts.draft(turn, name)
    form = drafts.form_of(turn, name)
    draft["answers"][form.fields[draft["index"]].key] = value
    if "back_to" in draft:  # an earlier answer changed mid-form: back to where it was
        draft["index"] = draft.pop("back_to")
        draft.pop("editing", None)
        return Step.FIELD
    if draft.pop("editing", False) or draft["index"] + 1 >= len(form.fields):
        if form.summary:
            return Step.SUMMARY
        await submission.submit(turn, name, draft)
        return Outcome.LEFT
    draft["index"] += 1
    return Step.FIELD
