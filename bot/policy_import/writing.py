"""Writing a draft policy as TOML laid out like the presets, with its TODO comments.

Top-level values come first, then tables (`[association]`, `[review]`, `[forms.request]`)
and arrays of tables (`[[forms.request.fields]]`); small tables (a text with its English,
a choice) stay inline. A TODO is written as a comment line above what it is about.
"""

from __future__ import annotations

import json
from typing import Any

WIDTH = 100


def _string(text: str) -> str:
    if "\n" in text:
        return '"""\n' + text.replace("\\", "\\\\").replace('"""', '""\\"') + '"""'
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def _value(value: Any, indent: str = "", flat: bool = False) -> str:
    """A TOML value; an array too long for a line is one item a line, unless `flat`
    (a choice's «also» words)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        flat = "ar" in value  # a text or a choice, on one line
        pairs = (f"{key} = {_value(item, indent, flat)}" for key, item in value.items())
        return "{ " + ", ".join(pairs) + " }"
    parts = [_value(item, indent + "  ", flat) for item in value]
    line = "[" + ", ".join(parts) + "]"
    if flat or (len(line) + len(indent) <= WIDTH and "\n" not in line):
        return line
    return "[\n" + "".join(f"{indent}  {part},\n" for part in parts) + f"{indent}]"


def _is_table(value: Any, top: bool) -> bool:
    return isinstance(value, dict) and (top or any(isinstance(v, dict) for v in value.values()))


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(_is_table(v, False) for v in value)


def _is_plain(value: Any, top: bool) -> bool:
    return not _is_table(value, top) and not _is_table_array(value)


class _Writer:
    """Lines of TOML, each TODO written once above what it concerns."""

    def __init__(self, todos: dict[str, list[str]]) -> None:
        self.todos = todos
        self.placed: set[str] = set()

    def comments(self, where: str) -> list[str]:
        self.placed.add(where)
        return [f"# TODO: {todo}" for todo in self.todos.get(where, [])]

    def table(self, data: dict[str, Any], path: str) -> list[str]:
        top = not path
        lines: list[str] = []
        for key, value in data.items():
            if _is_plain(value, top):
                lines += [*self.comments(path + key), f"{key} = {_value(value)}"]
        for key, value in data.items():
            if _is_table(value, top):
                plain = any(_is_plain(v, False) for v in value.values())
                header = [f"[{path}{key}]"] if plain else []
                body = self.table(value, f"{path}{key}.")
                lines += ["", *self.comments(path + key), *header, *body[not header :]]
        for key, value in data.items():
            if _is_table_array(value):
                for item in value:
                    lines += ["", f"[[{path}{key}]]", *self.table(item, f"{path}{key}.")]
        return lines


def toml(data: dict[str, Any], todos: dict[str, list[str]], title: str) -> str:
    """`data` as TOML under a comment `title`; `todos` are keyed by the dotted name of
    the value or table they concern ("review", "association.registration"), and any
    other key is written under the title."""
    writer = _Writer(todos)
    body = writer.table(data, "")
    elsewhere = [line for key in todos if key not in writer.placed for line in writer.comments(key)]
    header = [f"# {line}" if line else "#" for line in title.splitlines()]
    return "\n".join([*header, *elsewhere, "", *body]) + "\n"
