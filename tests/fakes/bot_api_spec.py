"""The Telegram Bot API's published spec, as the fake Bot API checks calls against it.

The methods, their parameters and the types of nested objects come from
``tests/fakes/specs/telegram-bot-api.json`` (``VERSION``); only the limits stated in prose
descriptions are written here, each with the words it comes from (checked to still be there).

``check`` walks one call and lists its ``Problem``\\ s: *malformed* ones (unknown method or
parameter, a required one missing, a value of the wrong type, at any depth) are the caller's bug;
*refusals* (a limit such as 1-4096 characters) are Telegram legitimately saying no.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

JSON = dict[str, Any]
SPEC_PATH = Path(__file__).resolve().parent / "specs" / "telegram-bot-api.json"
_PRIMITIVES = {"Integer", "Float", "Boolean", "String", "InputFile"}
_ARRAY = "Array of "
_MISSING = "required, missing"


@dataclass(frozen=True)
class Problem:
    """What is wrong with one value of a call.

    ``description`` is what Telegram answers (with ``status``), or None when Telegram would
    ignore it and carry on (an unknown parameter). ``refusal``: a legitimate platform refusal
    rather than a malformed call.
    """

    where: str
    detail: str
    description: str | None
    refusal: bool = False
    status: int = 400


def utf16_units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def utf8_bytes(text: str) -> int:
    return len(text.encode())


@dataclass(frozen=True)
class Limit:
    """A limit a field's description states; it applies to every field named ``field`` whose
    description contains ``quote``."""

    field: str
    quote: str
    low: int
    high: int
    too_short: str
    too_long: str
    measure: Callable[[str], int] = utf16_units
    trimmed: bool = False
    """Measured after stripping surrounding whitespace, as Telegram trims message texts."""
    pattern: str | None = None
    """A regular expression the whole value must match (refused with ``too_short``)."""

    def check(self, value: str, where: str) -> Problem | None:
        size = self.measure(value.strip() if self.trimmed else value)
        if size < self.low or (self.pattern and not re.fullmatch(self.pattern, value)):
            return Problem(where, f"{size} long or malformed: {value!r}", self.too_short, True)
        if size > self.high:
            return Problem(where, f"{size} long, at most {self.high}", self.too_long, True)
        return None


# Characters are UTF-16 code units: the spec counts entity offsets and lengths in UTF-16 code
# units ("Offset in UTF-16 code units to the start of the entity") and so does Telegram's limit.
LIMITS = (
    # sendMessage.text: "Text of the message to be sent, 1-4096 characters after entities parsing";
    # editMessageText.text: "New text of the message, 1-4096 characters after entity parsing"
    Limit(
        "text",
        "1-4096 characters",
        1,
        4096,
        "Bad Request: message text is empty",
        "Bad Request: message is too long",
        trimmed=True,
    ),
    # sendPhoto.caption etc.: "Photo caption ..., 0-1024 characters after entities parsing"
    Limit(
        "caption",
        "0-1024 characters after entities parsing",
        0,
        1024,
        "Bad Request: message caption is empty",
        "Bad Request: message caption is too long",
        trimmed=True,
    ),
    # InlineKeyboardButton.callback_data: "Data to be sent in a callback query ..., 1-64 bytes"
    Limit(
        "callback_data",
        "1-64 bytes",
        1,
        64,
        "Bad Request: BUTTON_DATA_INVALID",
        "Bad Request: BUTTON_DATA_INVALID",
        measure=utf8_bytes,
    ),
    # answerCallbackQuery.text: "Text of the notification. ..., 0-200 characters."
    Limit(
        "text",
        "0-200 characters",
        0,
        200,
        "Bad Request: MESSAGE_TOO_LONG",
        "Bad Request: MESSAGE_TOO_LONG",
    ),
    # createForumTopic.name: "Topic name, 1-128 characters"
    Limit(
        "name",
        "Topic name, 1-128 characters",
        1,
        128,
        "Bad Request: can't create topic with empty name",
        "Bad Request: topic name is too long",
    ),
    # BotCommand.command: "Text of the command; 1-32 characters. Can contain only lowercase
    # English letters, digits and underscores."
    Limit(
        "command",
        "1-32 characters. Can contain only lowercase English letters, digits and underscores",
        1,
        32,
        "Bad Request: BOT_COMMAND_INVALID",
        "Bad Request: BOT_COMMAND_INVALID",
        pattern="[a-z0-9_]+",
    ),
    # BotCommand.description: "Description of the command; 1-256 characters"
    Limit(
        "description",
        "Description of the command; 1-256 characters",
        1,
        256,
        "Bad Request: command description must be non-empty",
        "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID",
    ),
)

# InlineKeyboardButton: "Exactly one of the fields other than text, icon_custom_emoji_id, and
# style must be used to specify the type of the button."
_BUTTON_QUOTE = "Exactly one of the fields other than text, icon_custom_emoji_id, and style"
_BUTTON_LABELS = frozenset({"text", "icon_custom_emoji_id", "style"})


class Spec:
    """The methods and types of one Bot API version, and the checks they imply."""

    def __init__(self, raw: JSON) -> None:
        self.version: str = raw["version"]
        self._methods: dict[str, JSON] = {name.lower(): m for name, m in raw["methods"].items()}
        self._types: dict[str, JSON] = raw["types"]
        self._named = {
            name: self._discriminators(kind["subtypes"])
            for name, kind in self._types.items()
            if "subtypes" in kind
        }
        text = json.dumps(raw, ensure_ascii=False)
        for quote in [limit.quote for limit in LIMITS] + [_BUTTON_QUOTE]:
            if quote not in text:
                raise ValueError(f"{self.version} no longer says {quote!r}: review LIMITS")

    def canonical(self, method: str) -> str | None:
        """The method's spelling in the spec (Telegram ignores letter case), None if unknown."""
        found = self._methods.get(method.lower())
        return found["name"] if found else None

    def types_of(self, method: str, parameter: str) -> list[str] | None:
        """The declared types of ``method``'s ``parameter``; None if it has no such one."""
        field = _fields(self._methods[method.lower()]).get(parameter)
        return field["types"] if field else None

    def check(self, method: str, params: JSON, uploads: Iterable[str]) -> list[Problem]:
        """Every problem with a call of the (known) ``method``; uploads are the parameters sent
        as file parts."""
        return self._object(self._methods[method.lower()], params, "", set(uploads))

    # -- walking ---------------------------------------------------------------------------------

    def _object(self, owner: JSON, value: JSON, where: str, uploads: set[str]) -> list[Problem]:
        fields = _fields(owner)
        top = not where
        problems = [
            Problem(_at(where, key), "unknown parameter" if top else "unknown field", None)
            for key in value
            if key not in fields
        ]
        for name, field in fields.items():
            at = _at(where, name)
            if name not in value:
                if field["required"]:
                    said = (
                        f'parameter "{name}" is required' if top else f'can\'t find field "{name}"'
                    )
                    problems.append(Problem(at, _MISSING, f"Bad Request: {said}"))
                continue
            uploaded = top and name in uploads
            found = self._value(field["types"], value[name], at, uploaded)
            problems += found
            if not found and isinstance(value[name], str):
                problems += [
                    problem
                    for limit in LIMITS
                    if limit.field == name and limit.quote in field["description"]
                    if (problem := limit.check(value[name], at))
                ]
        if owner["name"] == "InlineKeyboardButton":
            actions = [key for key in value if key in fields and key not in _BUTTON_LABELS]
            if len(actions) != 1:
                said = "can't parse inline keyboard button: Text buttons are unallowed"
                detail = f"exactly one action field expected, got {actions}"
                problems.append(Problem(where, detail, f"Bad Request: {said}"))
        return problems

    def _value(self, types: list[str], value: Any, where: str, uploaded: bool) -> list[Problem]:
        """The problems of ``value`` under the best-fitting of ``types`` (a union)."""
        best: list[Problem] | None = None
        for kind in types:
            problems = self._one(kind, value, where, uploaded)
            if not [p for p in problems if not p.refusal]:
                return problems
            if len(types) > 1 and any(_lacks_own_field(p, where) for p in problems):
                continue  # not an object of this kind of the union
            if best is None or len(problems) < len(best):
                best = problems
        if best and not all(p.where == where and p.description is None for p in best):
            return best  # it is that kind of object, wrong inside: say where
        wanted = " or ".join(types)
        detail = f"must be {wanted}, got {_shown(value)}"
        return [Problem(where, detail, f"Bad Request: can't parse {where}: {detail}")]

    def _one(self, kind: str, value: Any, where: str, uploaded: bool) -> list[Problem]:
        mismatch = [Problem(where, f"not {kind}", None)]  # worded by _value
        if kind.startswith(_ARRAY):
            if not isinstance(value, list):
                return mismatch
            inner = [kind.removeprefix(_ARRAY)]
            return [
                p
                for i, item in enumerate(value)
                for p in self._value(inner, item, f"{where}[{i}]", False)
            ]
        if kind in _PRIMITIVES:
            return [] if _primitive(kind, value, uploaded) else mismatch
        owner = self._types[kind]
        if "subtypes" in owner:
            return self._subtype(owner, value, where)
        if not isinstance(value, dict):
            return mismatch
        return self._object(owner, value, where, set()) if "fields" in owner else []

    def _subtype(self, owner: JSON, value: Any, where: str) -> list[Problem]:
        """An abstract type (InputMedia, BotCommandScope): the subtype its ``type`` names, else
        whichever of its subtypes fits."""
        named = self._named[owner["name"]]
        chosen = named.get(str(value.get("type"))) if isinstance(value, dict) else None
        if chosen is None and (not named or not isinstance(value, dict)):
            return self._value(owner["subtypes"], value, where, False)
        if chosen is None:
            detail = f"must be one of {sorted(named)}, got {_shown(value.get('type'))}"
            at = _at(where, "type")
            return [Problem(at, detail, f"Bad Request: can't parse {at}: {detail}")]
        return self._object(self._types[chosen], value, where, set())

    def _discriminators(self, subtypes: list[str]) -> dict[str, str]:
        """``type`` value → subtype, from each subtype's "Type of ..., must be X" field."""
        found: dict[str, str] = {}
        for name in filter(self._types.__contains__, subtypes):
            kind = _fields(self._types[name]).get("type")
            said = re.search(r"must be (\w+)", kind["description"]) if kind else None
            if said:
                found[said.group(1)] = name
        return found


def _fields(owner: JSON) -> dict[str, JSON]:
    return {field["name"]: field for field in owner.get("fields", [])}


def _primitive(kind: str, value: Any, uploaded: bool) -> bool:
    if kind == "InputFile":
        return uploaded
    if kind == "String":
        return isinstance(value, str) and not uploaded
    if isinstance(value, bool):
        return kind == "Boolean"
    if kind == "Integer":
        return isinstance(value, int)
    return kind == "Float" and isinstance(value, int | float)


def _lacks_own_field(problem: Problem, where: str) -> bool:
    return problem.detail == _MISSING and problem.where.rpartition(".")[0] == where


def _at(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _shown(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


@cache
def load(path: Path = SPEC_PATH) -> Spec:
    """The spec in ``path``, read once."""
    return Spec(json.loads(path.read_text(encoding="utf-8")))
