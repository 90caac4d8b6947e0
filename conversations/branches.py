"""Which branch office serves a ticket: the one whose cities include the person's city
(written in either script, or misspelt: «بريده», "Buraydah")."""

from __future__ import annotations

from typing import Any

from conversations import places
from conversations.policy import Branch, Policy
from conversations.text import normalise


def _city(name: str) -> str:
    return normalise(places.spelt(name))


def serving(policy: Policy, answers: dict[str, Any]) -> Branch | None:
    """The branch serving the city a form's answers give, if the policy has one for it."""
    city = answers.get("city")
    if not policy.branches or not isinstance(city, str):
        return None
    said = _city(city)
    return next((b for b in policy.branches if said in {_city(c) for c in b.cities}), None)
