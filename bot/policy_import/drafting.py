"""Drafting a policy file from an association's own policy document.

Every fact is taken from the document's words, never invented; what it does not state
becomes a TODO, a comment line in the TOML and a line on stderr (see `findings`). A
required fact with no honest placeholder (the name, the audience, the general goal, a
list, the review step, the declaration) stops the import: `NotImported` lists each one,
and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot import policy as policy_files
from bot.policy_import import forms, writing
from bot.policy_import.findings import Findings, Todo, item
from bot.policy_import.paragraphs import read
from bot.policy_import.sections import Part
from conversations.policy import Policy

_WELCOME = "أهلًا وسهلًا بك في {name}، يسعدنا {serving}.\nيُرجى اختيار الخدمة المطلوبة من القائمة."
_TITLE = """\
Draft policy imported from {source} by `python -m bot policy import`.
Its texts are the document's own: check each TODO, then `python -m bot check-policy`."""


@dataclass(frozen=True)
class Draft:
    """A draft policy: its TOML (which passes check-policy), the policy it reads as, the
    TODOs left in it and the preset its forms were copied from."""

    toml: str
    policy: Policy
    todos: list[Todo]
    preset: str


class NotImported(Exception):
    """A document no draft can be made from; carries every problem found."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"{source}: {len(problems)} problem(s)")
        self.problems = problems


def _audience(members: bool) -> dict[str, str]:
    if members:
        return {"singular": "عضو الجمعية العمومية", "plural": "أعضاء الجمعية العمومية"}
    return {"singular": "المستفيد", "plural": "المستفيدين"}


def _policy(findings: Findings, source: str) -> tuple[dict[str, Any], str]:
    """The policy file's data from what the document states, and the preset its forms
    come from; NotImported if a required fact is missing."""
    found = findings.association()
    audience = _audience(findings.members)
    data = {
        "general_goal": findings.general_goal(),
        "declaration": findings.declaration(),
        **{part.value: [item(e) for e in entries] for part, entries in findings.lists.items()},
        "rights": findings.rights(),
        "association": found,
        "audience": audience,
        "review": findings.review(),
    }
    if findings.missing:
        raise NotImported(source, findings.missing)
    lists = [findings.lists[part] for part in (Part.CHANNELS, Part.TOOLS, Part.PROCEDURE)]
    words = [[entry.text for entry in entries] for entries in lists]
    preset = forms.closest_preset(findings.members, found["name"], words)
    findings.todo(
        "forms",
        f"copied from the preset «{preset}», the closest to this document: check that the "
        "request form's service choices and the volunteer examples are this association's",
    )
    serving = f"خدمة {audience['plural']}" if findings.members else "خدمتك"
    welcome = _WELCOME.format(name=found["name"], serving=serving)
    forms_data = forms.forms(preset, found["short_name"])
    return {"welcome": welcome, **data, "forms": forms_data}, preset


def draft(path: Path) -> Draft:
    """The draft policy of the document at `path`; NotImported if none can be made."""
    try:
        paragraphs = read(path)
    except ValueError as exc:
        raise NotImported(path.name, [str(exc)]) from None
    findings = Findings(paragraphs)
    data, preset = _policy(findings, path.name)
    todos: dict[str, list[str]] = {}
    for todo in findings.todos:
        todos.setdefault(todo.where, []).append(todo.message)
    text = writing.toml(data, todos, _TITLE.format(source=path.name))
    try:
        policy = policy_files.parse(text, path.name)
    except policy_files.PolicyError as exc:
        raise NotImported(path.name, [str(problem) for problem in exc.problems]) from None
    return Draft(text, policy, findings.todos, preset)
