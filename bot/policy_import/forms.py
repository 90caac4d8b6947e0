"""A draft's forms, copied from the closest preset with the association's name in them.

General Assembly members get the member service request form; beneficiaries get the
beneficiary request form of the preset whose policy shares the most words with the
document (its services are the nearest guess, to be checked). Each form that collects
personal data keeps its own consent notice.
"""

from __future__ import annotations

import tomllib
from typing import Any

from bot import policy as policy_files
from conversations.policy import Policy
from conversations.text import fold


def _words(name: str, lists: list[list[str]]) -> set[str]:
    return set(fold(" ".join([name, *(text for texts in lists for text in texts)])).split())


def _preset_words(preset: Policy) -> set[str]:
    lists = [[item.text.ar for item in items] for items in (preset.channels, preset.tools)]
    steps = [[item.text.ar for item in preset.procedure]]
    return _words(preset.association.name.ar, lists + steps)


def serves_members(policy: Policy) -> bool:
    """Whether a policy serves General Assembly members rather than beneficiaries."""
    return "العمومية" in policy.audience.plural.ar


def closest_preset(members: bool, name: str, lists: list[list[str]]) -> str:
    """The preset for the same audience whose name, channels, tools and steps share the
    most words with the document's."""
    document = _words(name, lists)
    presets = {preset: policy_files.load(preset) for preset in policy_files.preset_names()}

    def shared(preset: str) -> float:
        words = _preset_words(presets[preset])
        return len(document & words) / len(document | words)

    return max((p for p in presets if serves_members(presets[p]) == members), key=shared)


def forms(preset_name: str, short_name: str) -> dict[str, Any]:
    """The preset's forms, its short name replaced by `short_name` in the Arabic texts;
    English texts that name the preset's association are left out."""
    with (policy_files.PRESETS_DIR / f"{preset_name}.toml").open("rb") as file:
        preset = tomllib.load(file)
    names = preset["association"]["short_name"], preset["association"]["name"]
    english = tuple(name["en"] for name in names if "en" in name)

    def renamed(value: Any) -> Any:
        if isinstance(value, list):
            return [renamed(item) for item in value]
        if not isinstance(value, dict):
            return value
        value = {key: renamed(item) for key, item in value.items()}
        if isinstance(value.get("ar"), str):
            value["ar"] = value["ar"].replace(names[0]["ar"], short_name)
            if any(name in value.get("en", "") for name in english):
                del value["en"]
            if value.keys() == {"ar"}:
                return value["ar"]
        return value

    return dict(renamed(preset["forms"]))
