"""The form runner: one way to collect data for every form the policy describes.

A draft lives in the person's state under `drafts[form]` and survives restarts:
(an offer to fill it in, for invitations) → consent (per form, for forms with
personal data) → each field (validated, re-asked kindly, skippable when optional)
→ summary (edit any field) → declaration (request form) → submission with a
reference number. «رجوع» goes back one step, «إلغاء» asks before deleting the
draft, «القائمة» keeps the draft for later.

Each step's handler returns whether the message fitted it. A message that does
not fit after a long pause brings the "continue or start again?" question; one
that names another service leaves the draft for later and is served.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from conversations import answers, dates, intents, menu, procedures, submission
from conversations.messages import Option
from conversations.policy import FieldType, Form, FormField
from conversations.text import normalise
from conversations.tickets import ConsentAnswer
from conversations.turn import Turn
from conversations.validators import Invalid

SKIP, DONE = "f:skip", "f:done"
CONSENT_YES, CONSENT_NO = "f:consent", "f:no-consent"
CONFIRM, EDIT, CANCEL = "f:confirm", "f:edit", "f:cancel"
AGREE, DISAGREE = submission.AGREE_CODE, "f:disagree"
DROP, KEEP = "f:drop", "f:keep"
RESUME, RESTART = "f:resume", "f:restart"
ADD, REPLACE = "f:add", "f:replace"
NOW, LATER, NEVER = "f:now", "f:later", "f:never"
IDLE = timedelta(minutes=15)
SURVEY = "survey"
Step = Callable[[Turn, str], Awaitable[bool]]


def active(turn: Turn) -> str | None:
    """The form the person is filling in right now, if any."""
    flow = turn.state.get("flow", "")
    return flow.removeprefix("form:") if flow.startswith("form:") else None


def wants_number(turn: Turn) -> bool:
    """Whether the open form's pending question asks for a number (so "0" answers it)."""
    name = active(turn)
    if name is None or _draft(turn, name)["step"] != "field":
        return False
    return _field(turn, name).type in {FieldType.INTEGER, FieldType.AMOUNT}


def form_of(turn: Turn, name: str) -> Form:
    """The policy's form called `name`."""
    form: Form = getattr(turn.policy.forms, name)
    return form


def _draft(turn: Turn, name: str) -> dict[str, Any]:
    draft: dict[str, Any] = turn.state["drafts"][name]
    return draft


def start(turn: Turn, name: str, lead: str = "", answered: dict[str, Any] | None = None) -> None:
    """Open a form: offer to resume a saved draft, else ask consent or the first question.

    `lead` opens the first message; `answered` holds answers the person already gave in
    words, for the form's first questions (those are not asked).
    """
    drafts = turn.state.setdefault("drafts", {})
    turn.state["flow"] = f"form:{name}"
    if name in drafts and drafts[name]["answers"]:
        _ask_resume(turn, name)
        return
    _new_draft(turn, name, step="field")
    draft, given = _draft(turn, name), answered or {}
    for field in form_of(turn, name).fields[:-1]:
        if field.key not in given:
            break
        draft["answers"][field.key] = given[field.key]
        draft["index"] += 1
    _consent_or_begin(turn, name, lead)


def complain_of_staff(turn: Turn) -> bool:
    """Open a complaint with the subject for a staff member's conduct already chosen, so it
    reaches supervisors only; False when the policy's complaint form has no such subject."""
    found = turn.policy.forms.complaint.confidential_choice()
    if found is None:
        return False
    field, number = found
    turn.say(turn.gettext("A complaint about a staff member is seen by the supervisors only."))
    subject = {field.key: field.choices[number].ar}
    start(turn, "complaint", answered=subject)
    _draft(turn, "complaint")["answers"].update(subject)  # a draft resumed is about staff now
    return True


def offer(turn: Turn, name: str, lead: str, about: str) -> None:
    """Invite the person to fill in a form about ticket `about` now, later, or not at all."""
    turn.state["flow"] = f"form:{name}"
    _new_draft(turn, name, step="offer", lead=lead, about=about)
    _ask_offer(turn, name)


def _new_draft(turn: Turn, name: str, **extra: str) -> None:
    draft = {"index": 0, "answers": {}, "started": turn.now.isoformat(), **extra}
    turn.state.setdefault("drafts", {})[name] = draft


def _consent_or_begin(turn: Turn, name: str, lead: str = "") -> None:
    """Ask this form's own consent unless given for it already, else the first question."""
    consent = form_of(turn, name).consent
    if consent and name not in turn.state.get("consents", {}):
        _draft(turn, name)["step"] = "consent"
        turn.say(turn.policy_text(consent), _consent_options(turn))
        return
    _draft(turn, name)["step"] = "field"
    _begin(turn, name, lead)


def _begin(turn: Turn, name: str, lead: str = "") -> None:
    _ = turn.gettext
    form = form_of(turn, name)
    lines = [lead or turn.policy_text(form.title)]
    if form.intro and "lead" not in _draft(turn, name):
        lines.append(turn.policy_text(form.intro))
    lines.append(_("You can write «رجوع» to go back a step, or «إلغاء» to cancel."))
    turn.say("\n".join(lines))
    _ask(turn, name)


async def handle(turn: Turn, name: str) -> bool:
    """Take the person's message as the answer to where their draft stands.

    Returns False, keeping the draft for later, when the message does not fit and
    names another service instead: the caller serves that.
    """
    draft = _draft(turn, name)
    if draft["step"] == "field" and _turns_to_another(turn, name):
        leave(turn, name, keep=True)
        turn.say(turn.gettext("Your answers are saved; choose the same item to continue."))
        return False
    idle = draft["step"] != "resume" and _idle(turn, draft)
    said = len(turn.replies)
    fitted = await _STEPS[draft["step"]](turn, name)
    turn.understood = fitted
    if not fitted and menu.named_service(turn, besides=name):
        del turn.replies[said:]
        leave(turn, name, keep=True)
        return False
    if not fitted and idle:
        del turn.replies[said:]
        _ask_resume(turn, name)
    if name in turn.state.get("drafts", {}):
        _draft(turn, name)["touched"] = turn.now.isoformat()
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


def drop_stale(state: dict[str, Any], now: datetime, limit: timedelta) -> datetime | None:
    """Delete drafts untouched for longer than `limit`; return when the oldest one began.

    The person is told on their return (see `expire`).
    """
    drafts: dict[str, dict[str, Any]] = state.get("drafts", {})
    stale = [name for name, draft in drafts.items() if now - last_touched(draft) > limit]
    began = min((datetime.fromisoformat(drafts[name]["started"]) for name in stale), default=None)
    for name in stale:
        del drafts[name]
        if state.get("flow") == f"form:{name}":
            state["flow"] = "menu"
        if name != SURVEY:
            state.setdefault("expired", []).append(name)
    if not drafts:
        state.pop("drafts", None)
    return began


def discard_drafts(turn: Turn) -> None:
    """Delete every unfinished form with what was typed in it (consent withdrawn)."""
    drafts: dict[str, dict[str, Any]] = turn.state.pop("drafts", {})
    began = [datetime.fromisoformat(draft["started"]) for draft in drafts.values()]
    if began:
        turn.effects.forget_since = min(began)
    if active(turn):
        turn.state["flow"] = "menu"


def expire(turn: Turn) -> None:
    """Delete drafts left longer than the policy allows, with what was typed in them.

    Whether deleted now or by the nightly sweep, the person is told once, on return.
    """
    began = drop_stale(turn.state, turn.now, _expiry(turn))
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


def _expiry(turn: Turn) -> timedelta:
    return timedelta(days=turn.policy.timings.draft_expiry_days)


def expiry_notice(limit: timedelta) -> timedelta:
    """How long before a draft is deleted its person is reminded: a day, or half a short limit."""
    return min(timedelta(days=1), limit / 2)


def remind_expiring(turn: Turn) -> bool:
    """Remind once of a draft about to be deleted, offering to continue; False if none is due."""
    limit = _expiry(turn)
    due = turn.now - (limit - expiry_notice(limit))
    drafts: dict[str, dict[str, Any]] = turn.state.get("drafts", {})
    current = active(turn)
    for name, draft in drafts.items():
        if name == SURVEY or draft.get("reminded") or last_touched(draft) > due:
            continue
        if current not in {None, name}:
            continue
        draft["reminded"] = True
        deleted_on = dates.both((last_touched(draft) + limit).date(), turn.lang, turn.gettext)
        _ask_resume(
            turn,
            name,
            turn.gettext(
                "A reminder: you have not finished «{form}». It will be deleted, with what you "
                "entered, on {date}."
            ).format(form=turn.policy_text(form_of(turn, name).title), date=deleted_on),
        )
        return True
    return False


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
    elif step in {"declare", "edit", "files"}:
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
        (Option(DROP, _("Yes, cancel it"), True), Option(KEEP, _("No, continue"), False)),
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


def reask(turn: Turn, name: str, lead: str = "") -> bool:
    """Say `lead` (if any), then repeat where the draft stands; False: the message did not fit."""
    if lead:
        turn.say(lead)
    _reask(turn, name)
    return False


def greet(turn: Turn, name: str, lead: str) -> None:
    """After courtesy: back after a long pause, ask whether to continue; else the question."""
    draft = _draft(turn, name)
    if draft["step"] != "resume" and _idle(turn, draft):
        _ask_resume(turn, name, lead)
    else:
        reask(turn, name, lead)


def _reask(turn: Turn, name: str) -> None:
    step = _draft(turn, name)["step"]
    if step == "field":
        _ask(turn, name)
    elif step == "consent":
        _draft(turn, name)["step"] = "field"
        _consent_or_begin(turn, name)
    elif step == "offer":
        _ask_offer(turn, name)
    elif step == "files":
        _ask_files(turn, name)
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
    return (
        Option(CONSENT_YES, _("I agree"), True),
        Option(CONSENT_NO, _("I do not agree"), False),
    )


async def _on_consent(turn: Turn, name: str) -> bool:
    _ = turn.gettext
    picked = turn.picked()
    consent = form_of(turn, name).consent
    if picked is None and consent and _asks_why(turn.incoming.text):
        why = _(
            "The personal data law asks for your agreement before we collect anything. "
            "This is what the form collects, why, and who sees it:"
        )
        reask(turn, name, why)
        return True
    if picked not in {CONSENT_YES, CONSENT_NO} or consent is None:
        turn.say(_("Please choose one of the two options."), _consent_options(turn))
        return False
    agreed = picked == CONSENT_YES
    turn.effects.consents.append(ConsentAnswer(name, turn.policy_text(consent), agreed))
    if not agreed:
        leave(turn, name, keep=False)
        lead = _("We respect your choice and have kept none of your data.")
        menu.show(turn, "\n\n".join([lead, procedures.channels(turn)]))
        return True
    turn.state.setdefault("consents", {})[name] = turn.now.isoformat()
    _draft(turn, name)["step"] = "field"
    _begin(turn, name)
    return True


_WHY = ("ليش", "ليه", "لماذا", "لمذا", "لما", "why", "wsh", "what for")


def _asks_why(text: str) -> bool:
    """Whether the person asks why their data is wanted ("ليش؟", "why do you need it")."""
    words = normalise(text).split()
    return 0 < len(words) <= 8 and any(word.startswith(_WHY) for word in words)


# Offer ---------------------------------------------------------------------


def _ask_offer(turn: Turn, name: str) -> None:
    _ = turn.gettext
    options = (
        Option(NOW, _("Yes, now"), True),
        Option(LATER, _("Remind me later")),
        Option(NEVER, _("No, thank you"), False),
    )
    turn.say(_draft(turn, name)["lead"], options)


async def _on_offer(turn: Turn, name: str) -> bool:
    _ = turn.gettext
    picked = turn.picked()
    if picked not in {NOW, LATER} and await _rated_at_once(turn, name):
        return True
    if picked == NOW:
        _consent_or_begin(turn, name)
    elif picked == LATER:
        leave(turn, name, keep=True)
        menu.show(turn, _("Of course. We will remind you once, later."))
    elif picked == NEVER:
        turn.effects.declined.append(_draft(turn, name)["about"])
        leave(turn, name, keep=False)
        menu.show(turn, _("Thank you all the same. We will not ask again about this request."))
    else:
        return reask(turn, name, _("Please choose one of the options by its number."))
    return True


async def _rated_at_once(turn: Turn, name: str) -> bool:
    """A score written at the invitation («5», «٥ من ٥», «ممتاز», stars; «3» too, never
    "no, thank you") is the answer to the first question, when that one is a rating."""
    form = form_of(turn, name)
    first, consent = form.fields[0], form.consent
    if first.type is not FieldType.RATING or turn.incoming.option:
        return False
    if consent and name not in turn.state.get("consents", {}):
        return False
    try:
        score = answers.read(turn, first, None)
    except Invalid:
        return False
    _draft(turn, name).update(step="field", index=0)
    await _store(turn, name, score)
    return True


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


async def _on_field(turn: Turn, name: str) -> bool:
    _ = turn.gettext
    draft = _draft(turn, name)
    field = _field(turn, name)
    picked = turn.picked()
    files: list[dict[str, str]] = draft.get("files", [])
    if files and (picked in {DONE, SKIP} or answers.declined(turn, field)):
        await _store(turn, name, draft.pop("files"))  # «تخطي» after a refused file keeps the rest
        return True
    if not field.required and (picked in {SKIP, DONE} or answers.declined(turn, field)):
        draft.pop("files", None)
        await _store(turn, name, None)
        return True
    try:
        value = answers.read(turn, field, picked)
    except Invalid as problem:
        lead = _(problem.message).format(**problem.values)
        if files:
            kept = _("The {count} file(s) you sent before are kept.").format(count=len(files))
            lead = f"{lead}\n{kept}"
        return reask(turn, name, lead)
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
        return True
    await _store(turn, name, value)
    return True


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
        Option(CONFIRM, _("✅ The data is correct"), True),
        Option(EDIT, _("✏️ Correct something")),
        Option(CANCEL, _("Cancel")),
    )
    turn.say("\n".join(lines), options)


async def _on_summary(turn: Turn, name: str) -> bool:
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
    elif answer := _policy_answer(turn):
        reask(turn, name, answer)  # the question answered, then the summary again
    else:
        return reask(turn, name, turn.gettext("Please choose one of the options by its number."))
    return True


def _policy_answer(turn: Turn) -> str | None:
    """The policy's answer to a question asked at the summary («متى يوصلني الرد؟»): the
    page of the menu's information item the words name."""
    code = menu.named(turn)
    if code == menu.TIMING_CODE:
        return procedures.timing(turn)  # nothing is sent yet: the policy's period
    item = menu.entry(code) if code else None
    return item.page(turn) if item and item.page else None


def _ask_edit(turn: Turn, name: str) -> None:
    _ = turn.gettext
    _draft(turn, name)["step"] = "edit"
    fields = form_of(turn, name).fields
    options = tuple(Option(f"e:{n}", turn.policy_text(f.label)) for n, f in enumerate(fields))
    turn.say(_("Which one would you like to correct?"), options)


async def _on_edit(turn: Turn, name: str) -> bool:
    picked = turn.picked() or ""
    if not picked.startswith("e:"):
        return reask(turn, name, turn.gettext("Please choose one of the options by its number."))
    draft = _draft(turn, name)
    draft.update(step="field", index=int(picked.removeprefix("e:")), editing=True)
    draft.pop("files", None)
    field = _field(turn, name)
    if field.multiple and draft["answers"].get(field.key):
        draft["step"] = "files"
        _ask_files(turn, name)
    else:
        _ask(turn, name)
    return True


def _ask_files(turn: Turn, name: str) -> None:
    _ = turn.gettext
    draft = _draft(turn, name)
    count = len(draft["answers"][_field(turn, name).key])
    turn.say(
        _("You sent {count} file(s). Add more files to them, or replace them?").format(count=count),
        (Option(ADD, _("Add files")), Option(REPLACE, _("Replace them"))),
    )


async def _on_files(turn: Turn, name: str) -> bool:
    picked = turn.picked()
    draft = _draft(turn, name)
    if picked not in {ADD, REPLACE}:
        return reask(turn, name, turn.gettext("Please choose one of the two options."))
    draft["step"] = "field"
    if picked == ADD:
        draft["files"] = list(draft["answers"][_field(turn, name).key])
    _ask(turn, name)
    return True


def _ask_declaration(turn: Turn, name: str) -> None:
    _ = turn.gettext
    _draft(turn, name)["step"] = "declare"
    options = (
        Option(AGREE, _("I declare and agree"), True),
        Option(DISAGREE, _("I do not agree"), False),
    )
    turn.say(turn.policy_text(turn.policy.declaration), options)


async def _on_declaration(turn: Turn, name: str) -> bool:
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
        return reask(turn, name, _("Please choose one of the two options."))
    return True


# Cancelling and resuming --------------------------------------------------


async def _on_cancel(turn: Turn, name: str) -> bool:
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
        return reask(turn, name, _("Please choose one of the two options."))
    return True


def _ask_resume(turn: Turn, name: str, lead: str = "") -> None:
    _ = turn.gettext
    draft = _draft(turn, name)
    if draft["step"] != "resume":
        draft["before_resume"] = draft["step"]
    draft["step"] = "resume"
    turn.state["flow"] = f"form:{name}"
    title = turn.policy_text(form_of(turn, name).title)
    question = _("You started «{form}» earlier. Continue where you stopped, or start again?")
    text = question.format(form=title)
    turn.say(
        f"{lead}\n{text}" if lead else text,
        (
            Option(RESUME, _("Continue where I stopped"), True),
            Option(RESTART, _("Start again")),
        ),
    )


async def _on_resume(turn: Turn, name: str) -> bool:
    """Continue or start again; an answer to the question left open also continues."""
    picked = turn.picked()
    draft = _draft(turn, name)
    if picked == RESTART:
        leave(turn, name, keep=False)
        start(turn, name)
        return True
    draft["step"] = draft.pop("before_resume", "field")
    if picked == RESUME:
        _reask(turn, name)
        return True
    said = len(turn.replies)
    if await _STEPS[draft["step"]](turn, name):
        return True
    del turn.replies[said:]
    _ask_resume(turn, name, turn.gettext("Please choose one of the two options."))
    return False


_STEPS: dict[str, Step] = {
    "offer": _on_offer,
    "consent": _on_consent,
    "field": _on_field,
    "files": _on_files,
    "summary": _on_summary,
    "edit": _on_edit,
    "declare": _on_declaration,
    "cancel": _on_cancel,
    "resume": _on_resume,
}
