"""Reading a policy document into paragraphs: .txt, .md, .docx and text .pdf files.

Each paragraph is cleaned of OCR noise (tatweel inside words, invisible marks, runs of
spaces, repeated punctuation) and knows whether it is a heading or a list item, and at
what level; list markers in either digit set («١)», «٢-», "3.", «•», "-") are taken off.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from conversations.text import clean


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the document: running text, a heading, or a list item."""

    text: str
    level: int | None = None
    """None for running text and headings; 0 for a list item, 1 for a sub-item."""
    heading: bool = False
    """Marked as a heading by the document itself (a Word heading style, Markdown '#')."""


_MARKER = re.compile(r"^(?:[-–—•●▪◦*+]\s*|\(?[0-9٠-٩]{1,2}\s*[).\-–]\s*)+")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_BOLD = re.compile(r"^\*\*(.+?)\*\*:?-?\s*$")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_TATWEEL = re.compile(r"(?<=\w)\u0640+(?=\w)")
_REPEATED = re.compile(r"([.,،:؛!?؟])\1+")
_SPACES = re.compile(r"\s+")


def tidy(text: str) -> str:
    """A line without OCR noise: presentation forms folded (NFKC), tatweel inside words,
    invisible marks, runs of spaces and repeated punctuation gone."""
    text = clean(unicodedata.normalize("NFKC", text))
    text = _TATWEEL.sub("", text)
    return _SPACES.sub(" ", _REPEATED.sub(r"\1", text)).strip()


def from_lines(lines: list[str], indented: bool = True) -> list[Paragraph]:
    """Paragraphs from plain text or Markdown, one a line.

    A list item indented by two spaces or more is a sub-item, unless `indented` is False
    (PDF text, where indentation is only alignment).
    """
    paragraphs = []
    for line in lines:
        raw = _MD_ESCAPE.sub(r"\1", line.expandtabs(4).rstrip())
        indent = len(raw) - len(raw.lstrip())
        text = raw.strip()
        heading = bool(_MD_HEADING.match(text) or _MD_BOLD.match(text))
        text = _MD_HEADING.sub("", text).replace("**", "")
        marker = _MARKER.match(text)
        level = None
        if marker and not heading:
            text = text[marker.end() :]
            level = 1 if indented and indent >= 2 else 0
        text = tidy(text)
        if text:
            paragraphs.append(Paragraph(text, level, heading))
    return paragraphs


def read(path: Path) -> list[Paragraph]:
    """The paragraphs of a .txt, .md, .docx or .pdf file; ValueError if it cannot be read."""
    suffix = path.suffix.lower()
    try:
        if suffix in {".txt", ".md"}:
            return from_lines(path.read_text(encoding="utf-8-sig").splitlines())
        if suffix == ".docx":
            from bot.policy_import import word

            return word.paragraphs(path)
        if suffix == ".pdf":
            from bot.policy_import import pdf

            return from_lines(pdf.lines(path), indented=False)
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from None
    raise ValueError(f"{path.name}: only .txt, .md, .docx and .pdf documents are read")
