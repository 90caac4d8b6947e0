"""Reading policy files: the shipped presets and any association's own TOML file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from conversations.policy import Policy

PRESETS_DIR = Path(__file__).with_name("policies")


@dataclass(frozen=True)
class PolicyProblem:
    """One thing wrong with a policy file, and where."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class PolicyError(Exception):
    """A policy file that cannot be used; carries every problem found."""

    def __init__(self, source: str, problems: list[PolicyProblem]) -> None:
        super().__init__(f"{source}: {len(problems)} problem(s)")
        self.source = source
        self.problems = problems


def preset_names() -> list[str]:
    """The names of the shipped presets."""
    return sorted(path.stem for path in PRESETS_DIR.glob("*.toml"))


def resolve(name_or_path: str) -> Path:
    """The file a setting names: a preset name or a path to a TOML file."""
    if name_or_path in preset_names():
        return PRESETS_DIR / f"{name_or_path}.toml"
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.is_file():
        return path
    raise PolicyError(
        name_or_path,
        [
            PolicyProblem(
                name_or_path, f"no such preset or file (presets: {', '.join(preset_names())})"
            )
        ],
    )


def _location(loc: tuple[int | str, ...]) -> str:
    where = ""
    for part in loc:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    return where or "(top)"


def parse(text: str, source: str) -> Policy:
    """Validate TOML text as a policy; raise PolicyError listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(source, [PolicyProblem(source, f"not valid TOML: {exc}")]) from None
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        problems = [
            PolicyProblem(f"{source}: {_location(err['loc'])}", err["msg"]) for err in exc.errors()
        ]
        raise PolicyError(source, problems) from None


def load(name_or_path: str) -> Policy:
    """Load a preset by name or a policy file by path."""
    path = resolve(name_or_path)
    return parse(path.read_text(encoding="utf-8"), str(path))


def summary(policy: Policy) -> str:
    """A one-line description of a valid policy."""
    forms = policy.forms
    period = (
        f"answer within {policy.review.period_days} days"
        if policy.review.period_days
        else "answer as soon as possible"
    )
    return (
        f"{policy.association.name.ar}: {len(policy.channels)} channels, "
        f"{len(policy.tools)} tools, {len(policy.procedure)} procedure steps, "
        f"{len(policy.rights)} rights, request form of {len(forms.request.fields)} fields, "
        f"{period}"
    )
