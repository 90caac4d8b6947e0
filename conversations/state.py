"""What is saved of a person's conversation between their messages, typed.

The state is stored as JSON, so every value here is a plain JSON value: the enums
are `StrEnum`s, equal to the strings a saved state holds.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any, Literal, NotRequired, TypedDict, cast

Answer = Any
"""A form's answer: text, a number, a choice's Arabic label, yes/no, files, or nothing."""


class Step(StrEnum):
    """Where a form's draft stands: the question the person is asked now."""

    OFFER = "offer"
    """Invited to fill it in now, later or never (the survey)."""
    CONSENT = "consent"
    FIELD = "field"
    FILES = "files"
    """Files were sent before: add to them, or replace them?"""
    SUMMARY = "summary"
    EDIT = "edit"
    """Which answer to correct?"""
    DECLARE = "declare"
    CANCEL = "cancel"
    """Cancel the form and delete what was entered?"""
    RESUME = "resume"
    """Continue where they stopped, or start again?"""


class Draft(TypedDict):
    """An unfinished form, kept until submitted, cancelled or expired."""

    step: Step
    index: int
    """The field asked (or last asked)."""
    answers: dict[str, Answer]
    started: str
    touched: NotRequired[str]
    files: NotRequired[list[dict[str, str]]]
    """Files received so far for a field that takes several."""
    editing: NotRequired[bool]
    """A field asked again from the summary: its answer returns there."""
    back_to: NotRequired[int]
    """An earlier answer changed mid-form: the question to return to once it is given."""
    before_cancel: NotRequired[Step]
    before_resume: NotRequired[Step]
    lead: NotRequired[str]
    """The invitation's words (offered forms)."""
    about: NotRequired[str]
    """The ticket an offered form is about (the survey's)."""
    reminded: NotRequired[bool]


Why = Literal["reply", "inquiry", "review"]


class Relay(TypedDict):
    """A conversation with the team: the person's messages go to ticket `ref`'s thread."""

    ref: str
    why: Why
    """The person asked for a person (inquiry), staff wrote (reply), or asked for a review."""
    asked: bool
    """Staff asked a question: the next message answers it."""
    menu: NotRequired[bool]
    """The menu was shown: choosing a service from it leaves the conversation."""
    acked: NotRequired[bool]


class Submitted(TypedDict):
    """The last form submitted, to answer a repeated "I agree" with its reference."""

    ref: str
    form: str


PrivacyStep = Literal["menu", "correct", "delete"]
IntakeStep = Literal["channel", "branch", "form"]


class Intake(TypedDict):
    """A request a staff member takes for a person (see `conversations.intake`)."""

    step: IntakeStep
    """How the request came, which branch office, or the request form."""
    began: str
    channel: NotRequired[str]
    """How it came: an interview, a phone call, a letter or a branch office."""
    branch: NotRequired[str]
    """The branch office chosen (its Arabic name)."""


class State(TypedDict, total=False):
    """A person's saved conversation."""

    lang: str
    flow: str
    """"menu", or "form:NAME" while a form is open."""
    drafts: dict[str, Draft]
    consents: dict[str, str]
    """When consent was given, by form."""
    offered: list[list[Any]]
    """The options last offered: what a typed number or label picks."""
    misses: int
    submitted: Submitted
    expired: list[str]
    """Forms deleted unfinished, to tell the person on their return."""
    relay: Relay
    privacy: PrivacyStep
    intake: Intake
    """A staff member's intake of a person's request (their `intake:` conversation only)."""


as_json = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
"""Plain data as the JSON text a column holds (Arabic kept as it is; plain data has no
cycles to look for)."""


def load(saved: str | None) -> State:
    """A state as saved in the database (JSON), or a newcomer's empty one."""
    return cast(State, json.loads(saved)) if saved else State()


def save(state: State) -> str:
    """The state as saved in the database (`load` reads it back)."""
    return as_json(state)
