"""A strict reader of the TwiML the phone line answers with, as Twilio documents it
(twilio.com/docs/voice/twiml: <Say>, <Play>, <Pause>, <Gather>, <Record>, <Redirect>,
<Hangup>): only documented verbs, where they may be nested, with documented attributes
and values. `steps(twiml)` gives what a caller would go through, or raises."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree import ElementTree

_METHODS = {"GET", "POST"}
_KEYS = re.compile(r"[0-9#*]*")
_BOOL = {"true", "false"}


def _positive(value: str) -> bool:
    return value.isdigit() and int(value) > 0


def _url(value: str) -> bool:
    return bool(value) and (value.startswith("/") or value.startswith(("http://", "https://")))


_ATTRIBUTES: dict[str, dict[str, object]] = {
    "Say": {"voice": str, "language": str, "loop": str.isdigit},
    "Play": {"loop": str.isdigit, "digits": _KEYS.fullmatch},
    "Pause": {"length": _positive},
    "Gather": {
        "action": _url,
        "actionOnEmptyResult": _BOOL,
        "finishOnKey": lambda v: len(v) <= 1 and _KEYS.fullmatch(v),
        "input": {"dtmf", "speech", "dtmf speech"},
        "language": str,
        "method": _METHODS,
        "numDigits": _positive,
        "timeout": _positive,
        "speechTimeout": str,
        "hints": str,
        "profanityFilter": _BOOL,
    },
    "Record": {
        "action": _url,
        "method": _METHODS,
        "timeout": str.isdigit,
        "finishOnKey": _KEYS.fullmatch,
        "maxLength": lambda v: _positive(v) and int(v) <= 14400,
        "playBeep": _BOOL,
        "trim": {"trim-silence", "do-not-trim"},
        "recordingStatusCallback": _url,
        "recordingStatusCallbackMethod": _METHODS,
        "transcribe": _BOOL,
    },
    "Redirect": {"method": _METHODS},
    "Hangup": {},
}
_NESTED = {"Gather": {"Say", "Play", "Pause"}}
_TEXT = {"Say", "Play", "Redirect"}
"""Verbs whose body is their content (the words, the file, the URL)."""
_VOICES = {("Polly.Zeina", "arb"), ("Polly.Joanna", "en-US")}
"""Voices and languages Twilio's text-to-speech pairs (a wrong pair fails the <Say>)."""


@dataclass
class Step:
    """One verb a caller meets: its name, attributes, words, and what it holds."""

    verb: str
    attributes: dict[str, str]
    text: str = ""
    inside: list[Step] = field(default_factory=list)

    @property
    def said(self) -> str:
        """Everything this step says, nested ones included."""
        return " ".join([self.text, *(step.said for step in self.inside)]).strip()


def _check(element: ElementTree.Element, parent: str) -> Step:
    verb = element.tag
    allowed = _NESTED.get(parent) if parent != "Response" else set(_ATTRIBUTES)
    if verb not in _ATTRIBUTES or allowed is None or verb not in allowed:
        raise AssertionError(f"<{verb}> is not a TwiML verb Twilio takes inside <{parent}>")
    rules = _ATTRIBUTES[verb]
    for name, value in element.attrib.items():
        rule = rules.get(name)
        valid = (
            value in rule
            if isinstance(rule, set)
            else rule is str or (callable(rule) and bool(rule(value)))
        )
        if rule is None or not valid:
            raise AssertionError(f"<{verb} {name}={value!r}> is not documented")
    text = (element.text or "").strip()
    if verb in _TEXT and not text:
        raise AssertionError(f"<{verb}> without its content")
    if verb == "Say" and (element.get("voice"), element.get("language")) not in _VOICES:
        raise AssertionError(
            f"<Say> with a voice and language Twilio does not pair: {element.attrib}"
        )
    inside = [_check(child, verb) for child in element]
    return Step(verb, dict(element.attrib), text, inside)


def steps(twiml: str) -> list[Step]:
    """The verbs of a TwiML document, checked; AssertionError where Twilio would refuse."""
    root = ElementTree.fromstring(twiml)
    if root.tag != "Response":
        raise AssertionError(f"TwiML's root is <Response>, not <{root.tag}>")
    return [_check(child, "Response") for child in root]
