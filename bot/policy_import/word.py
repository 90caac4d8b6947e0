"""Reading a Word (.docx) policy document: page headers, body paragraphs and tables.

A paragraph in a list style or with Word numbering is a list item (its level from the
style, "List Bullet 2", or the numbering level); a heading style or a paragraph all in
bold is a heading. Markers typed into the text («١)», "-") are read as in plain text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from zipfile import BadZipFile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph as WordParagraph

from bot.policy_import.paragraphs import Paragraph, from_lines


def paragraphs(path: Path) -> list[Paragraph]:
    """The document's paragraphs in reading order, page headers first."""
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, BadZipFile, KeyError, ValueError) as exc:
        raise ValueError(f"{path.name} is not a readable Word document: {exc}") from None
    found: list[Paragraph] = []
    for section in document.sections:
        found += _read(section.header.paragraphs)
    for block in document.iter_inner_content():
        found += _read(_cells(block) if isinstance(block, Table) else [block])
    return found


def _cells(table: Table) -> Iterator[WordParagraph]:
    seen = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) not in seen:  # a merged cell is listed once per grid column
                seen.add(id(cell._tc))
                yield from cell.paragraphs


def _read(word_paragraphs: Iterable[WordParagraph]) -> list[Paragraph]:
    found = []
    for paragraph in word_paragraphs:
        level, heading = _list_level(paragraph), _is_heading(paragraph)
        for line in from_lines(paragraph.text.splitlines()):
            line_level = line.level if level is None else level
            found.append(Paragraph(line.text, line_level, line.heading or heading))
    return found


def _list_level(paragraph: WordParagraph) -> int | None:
    style = paragraph.style.name if paragraph.style is not None else ""
    numbered = paragraph._p.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
    if numbered:
        return min(int(numbered[0]), 1)
    if style.startswith("List") and not style.startswith("List Continue"):
        return 1 if style[-1:] in {"2", "3", "4"} else 0
    return None


def _is_heading(paragraph: WordParagraph) -> bool:
    style = paragraph.style.name if paragraph.style is not None else ""
    if style.startswith(("Heading", "Title")):
        return True
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs) and len(paragraph.text.split()) <= 20
