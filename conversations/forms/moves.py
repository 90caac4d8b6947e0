"""What answering a step leads to: the next step to ask, or one of three endings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum

from conversations.state import Step
from conversations.turn import Turn


class Outcome(Enum):
    """A step's answer that leads to no further question of the form."""

    UNFIT = "unfit"
    """The message does not answer the step: it is said why, and the step asked again."""
    SAID = "said"
    """The step answered and said what comes next itself (the form stays where it is)."""
    LEFT = "left"
    """The form was submitted, cancelled or put aside: the person is elsewhere now."""


Move = Step | Outcome
Ask = Callable[[Turn, str], None]
"""Say a step's question for form `name`."""
Answer = Callable[[Turn, str], Awaitable[Move]]
"""Read the person's message as the answer to a step of form `name`."""
