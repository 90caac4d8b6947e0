"""The form runner: one way to collect data for every form the policy describes.

A draft lives in the person's state under `drafts[form]` and survives restarts:
consent (once, for forms with personal data) → each field (validated, re-asked
kindly, skippable when optional) → summary (edit any field) → declaration
(request form) → submission with a reference number. «رجوع» goes back one step,
«إلغاء» asks before deleting the draft, «القائمة» keeps the draft for later.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from conversations import answers, menu, procedures, submission
from conversations.messages import Option
from conversations.policy import FieldType, Form, FormField
from conversations.tickets import ConsentAnswer
from conversations.turn import Turn
from conversations.validators import Invalid

SKIP, DONE = "f:skip", "f:done"
CONSENT_YES, CONSENT_NO = "f:consent", "f:no-consent"
CONFIRM, EDIT, CANCEL = "f:confirm", "f:edit", "f:cancel"
AGREE, DISAGREE = submission.AGREE_CODE, "f:disagree"
DROP, KEEP = "f:drop", "f:keep"
RESUME, RESTART = "f:resume", "f:restart"
IDLE = timedelta(minutes=15)


def active(turn: Turn) -> str | None:
    """The form the person is filling in right now, if any."""
    flow = turn.state.get("flow", "")
    return flow.removeprefix("form:") if flow.startswith("form:") else None


def form_of(turn: Turn, name: str) -> Form:
    """The policy's form called `name`."""
    form: Form = getattr(turn.policy.forms, name)
    return form


def _draft(turn: Turn, name: str) -> dict[str, Any]:
    draft: dict[str, Any] = turn.state["drafts"][name]
    return draft


def start(turn: Turn, name: str, lead: str = "", about: str | None = None) -> None:
    """Open a form: offer to resume a saved draft, else ask consent or the first question.

    `lead` opens the first message; `about` is the reference of the ticket the form
    concerns (a survey's ticket), kept with the draft.
    """
    drafts = turn.state.setdefault("drafts", {})
    turn.state["flow"] = f"form:{name}"
    if name in drafts and drafts[name]["answers"]:
        _ask_resume(turn, name)
        return
    drafts[name] = {"step": "field", "index": 0, "answers": {}, "started": turn.now.isoformat()}
    if about:
        drafts[name]["about"] = about
    if form_of(turn, name).personal_data and "consent" not in turn.state:
        _draft(turn, name)["step"] = "consent"
        turn.say(turn.policy_text(turn.policy.consent), _consent_options(turn))
        return
    _begin(turn, name, lead)


def _begin(turn: Turn, name: str, lead: str = "") -> None:
    _ = turn.gettext
    form = form_of(turn, name)
    lines = [lead or turn.policy_text(form.title)]
    if form.intro:
        lines.append(turn.policy_text(form.intro))
    lines.append(_("You can write «رجوع» to go back a step, or «إلغاء» to cancel."))
    turn.say("\n".join(lines))
    _ask(turn, name)


async def handle(turn: Turn, name: str) -> None:
    """Take the person's message as the answer to where their draft stands."""
    draft = _draft(turn, name)
    if draft["step"] != "resume" and _idle(turn, draft):
        _ask_resume(turn, name)
        return
    await _STEPS[draft["step"]](turn, name)
    if name in turn.state.get("drafts", {}):
        _draft(turn, name)["touched"] = turn.now.isoformat()


def drop_stale(state: dict[str, Any], now: datetime, limit: timedelta) -> datetime | None:
    """Delete drafts untouched for longer than `limit`; return when the oldest one began."""
    drafts: dict[str, dict[str, Any]] = state.get("drafts", {})
    stale = [name for name, draft in drafts.items() if now - last_touched(draft) > limit]
    began = min((datetime.fromisoformat(drafts[name]["started"]) for name in stale), default=None)
    for name in stale:
        del drafts[name]
        if state.get("flow") == f"form:{name}":
            state["flow"] = "menu"
    if not drafts:
        state.pop("drafts", None)
    return began


def expire(turn: Turn) -> None:
    """Delete drafts left longer than the policy allows, with what was typed in them; say so."""
    limit = timedelta(days=turn.policy.timings.draft_expiry_days)
    began = drop_stale(turn.state, turn.now, limit)
    if began:
        turn.effects.forget_since = began
        turn.say(
            turn.gettext("Your unfinished form was deleted after a long time without a reply.")
        )


def last_touched(draft: dict[str, Any]) -> datetime:
    """When the person last answered in this draft."""
    return datetime.fromisoformat(draft.get("touched") or draft["started"])


def _idle(turn: Turn, draft: dict[str, Any]) -> bool:
    return "touched" in draft and turn.now - last_touched(draft) > IDLE


def go_back(turn: Turn, name: str) -> None:
    """«رجوع»: one step back."""
    _ = turn.gettext
    draft = _draft(turn, name)
    step = draft["step"]
    if step == "consent":
        leave(turn, name, keep=False)
        menu.show(turn)
    elif step == "field" and draft.get("editing"):
        _summary(turn, name)
    elif step == "field" and draft["index"] == 0:
        turn.say(_("This is the first question."))
        _ask(turn, name)
    elif step == "field":
        draft["index"] -= 1
        _ask(turn, name)
    elif step == "summary":
        draft["index"] = len(form_of(turn, name).fields) - 1
        _ask(turn, name)
    elif step in {"declare", "edit"}:
        _summary(turn, name)
    else:
        _reask(turn, name)


def ask_cancel(turn: Turn, name: str) -> None:
    """«إلغاء»: ask before throwing the draft away."""
    _ = turn.gettext
    draft = _draft(turn, name)
    if draft["step"] == "consent":
        leave(turn, name, keep=False)
        menu.show(turn, _("Cancelled."))
        return
    if draft["step"] != "cancel":
        draft["before_cancel"] = draft["step"]
    draft["step"] = "cancel"
    turn.say(
        _("Cancel this form and delete what you entered?"),
        (Option(DROP, _("Yes, cancel it")), Option(KEEP, _("No, continue"))),
    )


def pause(turn: Turn, name: str) -> None:
    """«القائمة»: keep the draft and show the menu."""
    leave(turn, name, keep=True)
    menu.show(turn, turn.gettext("Your answers are saved; choose the same item to continue."))


def leave(turn: Turn, name: str, keep: bool) -> None:
    """Step out of the form, keeping or deleting the draft."""
    if active(turn) == name:
        turn.state["flow"] = "menu"
    if not keep:
        turn.state.get("drafts", {}).pop(name, None)


def reask(turn: Turn, name: str, lead: str = "") -> None:
    """Say `lead` (if any), then repeat where the draft stands."""
    if lead:
        turn.say(lead)
    _reask(turn, name)


def _reask(turn: Turn, name: str) -> None:
    step = _draft(turn, name)["step"]
    if step == "field":
        _ask(turn, name)
    elif step == "consent":
        turn.say(turn.policy_text(turn.policy.consent), _consent_options(turn))
    elif step == "cancel":
        ask_cancel(turn, name)
    elif step == "resume":
        _ask_resume(turn, name)
    elif step == "edit":
        _ask_edit(turn, name)
    elif step == "declare":
        _ask_declaration(turn, name)
    else:
        _summary(turn, name)


# Consent ------------------------------------------------------------------


def _consent_options(turn: Turn) -> tuple[Option, ...]:
    _ = turn.gettext
    return (Option(CONSENT_YES, _("I agree")), Option(CONSENT_NO, _("I do not agree")))


async def _on_consent(turn: Turn, name: str) -> None:
    _ = turn.gettext
    picked = turn.picked()
    if picked not in {CONSENT_YES, CONSENT_NO}:
        reask(turn, name, _("Please choose one of the two options."))
        return
    agreed = picked == CONSENT_YES
    turn.effects.consents.append(ConsentAnswer(turn.policy_text(turn.policy.consent), agreed))
    if not agreed:
        leave(turn, name, keep=False)
        lead = _("We respect your choice and have kept none of your data.")
        menu.show(turn, "\n\n".join([lead, procedures.channels(turn)]))
        return
    turn.state["consent"] = turn.now.isoformat()
    _draft(turn, name)["step"] = "field"
    _begin(turn, name)


# Fields -------------------------------------------------------------------


def _field(turn: Turn, name: str) -> FormField:
    index: int = _draft(turn, name)["index"]
    return form_of(turn, name).fields[index]


def _ask(turn: Turn, name: str) -> None:
    _ = turn.gettext
    form = form_of(turn, name)
    draft = _draft(turn, name)
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


async def _on_field(turn: Turn, name: str) -> None:
    _ = turn.gettext
    draft = _draft(turn, name)
    field = _field(turn, name)
    picked = turn.picked()
    if picked == SKIP and not field.required:
        draft.pop("files", None)
        await _store(turn, name, None)
        return
    if picked == DONE and draft.get("files"):
        await _store(turn, name, draft.pop("files"))
        return
    try:
        value = answers.read(turn, field, picked)
    except Invalid as problem:
        reask(turn, name, _(problem.message).format(**problem.values))
        return
    if field.type is FieldType.ATTACHMENT and field.multiple:
        draft.setdefault("files", []).extend(value)
        count = len(draft["files"])
        turn.say(
            _("Received ({count}). Send another file, or choose «Done».").format(count=count),
            (Option(DONE, _("Done")),),
        )
        return
    await _store(turn, name, value)


async def _store(turn: Turn, name: str, value: Any) -> None:
    draft = _draft(turn, name)
    form = form_of(turn, name)
    fields = form.fields
    draft["answers"][fields[draft["index"]].key] = value
    if draft.pop("editing", False) or draft["index"] + 1 >= len(fields):
        if form.summary:
            _summary(turn, name)
        else:
            await submission.submit(turn, name, draft)
        return
    draft["index"] += 1
    _ask(turn, name)


# Summary, editing and declaration -----------------------------------------


def _summary(turn: Turn, name: str) -> None:
    _ = turn.gettext
    form = form_of(turn, name)
    draft = _draft(turn, name)
    draft["step"] = "summary"
    lines = [_("Please check your data:")]
    for number, field in enumerate(form.fields, 1):
        value = answers.shown(field, draft["answers"].get(field.key), turn.lang, turn.gettext)
        lines.append(f"{number}. {turn.policy_text(field.label)}: {value}")
    options = (
        Option(CONFIRM, _("✅ The data is correct")),
        Option(EDIT, _("✏️ Correct something")),
        Option(CANCEL, _("Cancel")),
    )
    turn.say("\n".join(lines), options)


async def _on_summary(turn: Turn, name: str) -> None:
    picked = turn.picked()
    if picked == CONFIRM:
        if name == "request":
            _ask_declaration(turn, name)
        else:
            await submission.submit(turn, name, _draft(turn, name))
    elif picked == EDIT:
        _ask_edit(turn, name)
    elif picked == CANCEL:
        ask_cancel(turn, name)
    else:
        reask(turn, name, turn.gettext("Please choose one of the options by its number."))


def _ask_edit(turn: Turn, name: str) -> None:
    _ = turn.gettext
    _draft(turn, name)["step"] = "edit"
    fields = form_of(turn, name).fields
    options = tuple(Option(f"e:{n}", turn.policy_text(f.label)) for n, f in enumerate(fields))
    turn.say(_("Which one would you like to correct?"), options)


async def _on_edit(turn: Turn, name: str) -> None:
    picked = turn.picked() or ""
    if not picked.startswith("e:"):
        reask(turn, name, turn.gettext("Please choose one of the options by its number."))
        return
    draft = _draft(turn, name)
    draft.update(step="field", index=int(picked.removeprefix("e:")), editing=True)
    draft.pop("files", None)
    _ask(turn, name)


def _ask_declaration(turn: Turn, name: str) -> None:
    _ = turn.gettext
    _draft(turn, name)["step"] = "declare"
    options = (Option(AGREE, _("I declare and agree")), Option(DISAGREE, _("I do not agree")))
    turn.say(turn.policy_text(turn.policy.declaration), options)


async def _on_declaration(turn: Turn, name: str) -> None:
    _ = turn.gettext
    picked = turn.picked()
    if picked == AGREE:
        draft = _draft(turn, name)
        declaration = turn.policy.declaration.ar
        await submission.submit(turn, name, draft, declaration=declaration)
    elif picked == DISAGREE:
        turn.say(
            _(
                "Without your declaration the request cannot be submitted. "
                "You can correct your data, or cancel."
            )
        )
        _summary(turn, name)
    else:
        reask(turn, name, _("Please choose one of the two options."))


# Cancelling and resuming --------------------------------------------------


async def _on_cancel(turn: Turn, name: str) -> None:
    _ = turn.gettext
    picked = turn.picked()
    draft = _draft(turn, name)
    if picked == DROP:
        leave(turn, name, keep=False)
        menu.show(turn, _("Cancelled, and what you entered is deleted."))
    elif picked == KEEP:
        draft["step"] = draft.pop("before_cancel", "field")
        _reask(turn, name)
    else:
        reask(turn, name, _("Please choose one of the two options."))


def _ask_resume(turn: Turn, name: str) -> None:
    _ = turn.gettext
    draft = _draft(turn, name)
    if draft["step"] != "resume":
        draft["before_resume"] = draft["step"]
    draft["step"] = "resume"
    turn.state["flow"] = f"form:{name}"
    title = turn.policy_text(form_of(turn, name).title)
    turn.say(
        _("You started «{form}» earlier. Continue where you stopped, or start again?").format(
            form=title
        ),
        (Option(RESUME, _("Continue where I stopped")), Option(RESTART, _("Start again"))),
    )


async def _on_resume(turn: Turn, name: str) -> None:
    _ = turn.gettext
    picked = turn.picked()
    draft = _draft(turn, name)
    if picked == RESUME:
        draft["step"] = draft.pop("before_resume", "field")
        _reask(turn, name)
    elif picked == RESTART:
        leave(turn, name, keep=False)
        start(turn, name)
    else:
        reask(turn, name, _("Please choose one of the two options."))


_STEPS: dict[str, Callable[[Turn, str], Awaitable[None]]] = {
    "consent": _on_consent,
    "field": _on_field,
    "summary": _on_summary,
    "edit": _on_edit,
    "declare": _on_declaration,
    "cancel": _on_cancel,
    "resume": _on_resume,
}
