"""What a document states, table by table of the policy file, with a TODO for each fact
it leaves out and a note of each required fact it lacks.

A required fact gets a placeholder only when an honest one exists, and a TODO says so:
«معتمدة من مجلس الإدارة» for a registration the document does not state (when it states
the board's approval); the department that checks the data for an unnamed referral
officer; the document's own sentences on evaluation, reception, referral and review for
rights it does not list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.policy_import import association, review
from bot.policy_import.lists import Entry, entries, running_text
from bot.policy_import.paragraphs import Paragraph
from bot.policy_import.sections import Part, sections, without_furniture
from conversations.text import normalise

T = TypeVar("T")

_EVALUATION_RIGHT = re.compile(r"(?:^|\s)[أا]ن\s+(?P<right>\S.*?حق\s+من\s+حقوق.*)$")
_RIGHTS_IN_STEPS = ("استقبال", "في حاله عدم وضوح", "التوضيح")
_LISTS = {
    Part.OBJECTIVES: "the detailed objectives («الأهداف التفصيلية»)",
    Part.CHANNELS: "the channels («القنوات المستخدمة للتواصل…»)",
    Part.TOOLS: "the staff's tools («الأدوات المتاحة…»)",
    Part.PROCEDURE: "the procedure steps («ويتم التعامل مع المستفيد…»)",
}


@dataclass(frozen=True)
class Todo:
    """Something the document does not state, and where it belongs in the TOML."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"TODO ({self.where}): {self.message}"


class Findings:
    """The facts of one document, the TODOs they leave and the required facts missing."""

    def __init__(self, paragraphs: list[Paragraph]) -> None:
        self.paragraphs = without_furniture(paragraphs)
        self.parts = sections(paragraphs)
        self.todos: list[Todo] = []
        self.missing: list[str] = []
        self.lists = {
            part: self.required(entries(self.parts.get(part, [])), what)
            for part, what in _LISTS.items()
        }
        self.steps = [entry.text for entry in self.lists[Part.PROCEDURE]]
        served = association.serves_members(self.paragraphs)
        self.members = bool(self.required(served, "whom it serves («المستفيدين»)"))

    def todo(self, where: str, message: str) -> None:
        self.todos.append(Todo(where, message))

    def required(self, found: T, what: str) -> T:
        if found is None or found == "" or found == []:
            self.missing.append(f"not found: {what}")
        return found

    def general_goal(self) -> str | None:
        return self.required(running_text(self.parts.get(Part.GOAL, [])), "the general goal")

    def declaration(self) -> str | None:
        return self.required(review.declaration(self.steps), "the step checking the data")

    def association(self) -> dict[str, Any]:
        """The `[association]` table: name, registration, contacts, approval."""
        names = self.required(association.names(self.paragraphs), "the association's name")
        if not names:
            return {}
        name = names[0]
        for other in names[1:]:
            self.todo("association.name", f"the document also names it «{other}»: check")
        found: dict[str, Any] = {"name": name, "short_name": association.short_name(name)}
        approval = association.approval(self.paragraphs)
        registration = association.registration(self.paragraphs)
        if registration is None and approval:
            registration = association.BOARD_APPROVED
            self.todo(
                "association.registration",
                "the document states no registration (number and authority); "
                f"«{registration}» stands in, as its board approved it",
            )
        found["registration"] = self.required(registration, "the registration or approval")
        contacts = association.contacts(self.paragraphs)
        found |= {key: contacts[key] for key in ("phones", "emails") if contacts[key]}
        if contacts["websites"]:
            found["website"] = contacts["websites"][0]
        if approval:
            found["approval"] = approval
        else:
            self.todo("association", "the document states no board approval (meeting, date)")
        if not self.members and association.may_serve_women(name):
            self.todo("audience", "set feminine = true if the association serves women")
        return found

    def review(self) -> dict[str, Any]:
        """The `[review]` table: who decides, when, who explains, visits, periodic review."""
        step = self.required(review.review_step(self.steps), "the step saying where it goes")
        if not step:
            return {}
        body = self.required(review.body(step), "who studies a request («للجنة البحث»)")
        officer, named = review.referral(self.steps)
        self.required(officer, "the officer unclear procedures are referred to")
        if officer and not named:
            self.todo("review", f"no referral officer named; «{officer}» checks the data")
        found: dict[str, Any] = {"body": body, "wording": review.wording(step)}
        found |= self._period(step)
        found["referral"] = officer
        if review.field_visits(self.steps):
            found["field_visits"] = True
        if periodic := review.periodic_review(self.steps):
            if every := review.period(periodic):
                found["periodic_review_days"] = every.days
            else:
                self.todo(
                    "review",
                    "permanent files are reviewed periodically («بصورة دورية») but no "
                    "period is stated: set periodic_review_days to turn on the reminders",
                )
        return found

    def _period(self, step: str) -> dict[str, Any]:
        period = review.period(step)
        if period is None:
            if not review.as_soon_as_possible(step):
                self.todo(
                    "review",
                    "the document states no review period: set period_days (with "
                    "minimum_period = true for «لا تقل عن») if it has one; without it the "
                    "bot says the answer comes as soon as possible",
                )
            return {}
        if period.working_days:
            self.todo(
                "review",
                f"«أيام عمل»: {period.days} working days, but period_days counts calendar "
                "days: raise it to the calendar days the association means",
            )
        return {"period_days": period.days} | ({"minimum_period": True} if period.minimum else {})

    def rights(self) -> list[str]:
        """The rights the document lists, or else its own sentences that grant them."""
        listed = entries(self.parts.get(Part.RIGHTS, []))
        if listed:
            return [text for entry in listed for text in (entry.text, *entry.items)]
        said = [t for entry in self.lists[Part.OBJECTIVES] for t in (entry.text, *entry.items)]
        evaluation = next((m["right"] for t in said if (m := _EVALUATION_RIGHT.search(t))), None)
        steps = [
            next((step for step in self.steps if normalise(step).startswith(start)), None)
            for start in _RIGHTS_IN_STEPS
        ]
        rights = [right for right in (evaluation, *steps) if right]
        if rights:
            self.todo(
                "rights",
                "the document lists no rights: these are its own sentences on "
                "evaluation, reception, referral and review; word them as rights",
            )
        return self.required(rights, "the rights («حقوق المستفيد»)")


def item(entry: Entry) -> str | dict[str, Any]:
    """A list entry as the policy file writes it: a text, or a text with its items."""
    return {"text": entry.text, "items": entry.items} if entry.items else entry.text
