"""An XLSX workbook written row by row, as it is read: the few SpreadsheetML parts that
right-to-left sheets a board can print need, and nothing else.

Each sheet goes straight into its zip member, so memory stays flat however many rows
there are, at about a tenth of XlsxWriter's time per cell (which made a month over a
million tickets take ten seconds). Sheets are written one after another.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

Cell = str | int | float | None
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES = (
    f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/></patternFill></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/>'
    "<diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1"'
    ' applyBorder="1" applyAlignment="1"><alignment wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
"""Style 0 for cells, style 1 for a header: bold, on light blue, boxed, wrapped."""
_SHEET_HEAD = (
    f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONS}">'
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
    '<sheetViews><sheetView rightToLeft="1" workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
    '<sheetFormatPr defaultRowHeight="15"/>'
)
"""Right to left, the header row frozen, fit to the page's width."""
_SHEET_TAIL = (
    '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3"'
    ' footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToHeight="0"/>'
    "</worksheet>"
)
"""Landscape A4, one page wide."""
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f]|_x[0-9A-Fa-f]{4}_")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _escape(match: re.Match[str]) -> str:
    found = match.group()
    if found in _ENTITIES:
        return _ENTITIES[found]
    if len(found) > 1:  # text that reads as Excel's own escape keeps its underscore
        return f"_x005F{found}"
    return f"_x{ord(found):04X}_"  # a control character, as Excel writes one


def _column(number: int) -> str:
    """A column's letters: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Sheet:
    """One sheet being written: its header row first, then one `row` after another."""

    def __init__(self, out: IO[bytes], names: Sequence[str], widths: Sequence[float]) -> None:
        self._out = out
        self._columns = [_column(n) for n in range(max(len(names), len(widths)))]
        self._rows = 0
        cols = "".join(
            f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
            for n, width in enumerate(widths, 1)
        )
        out.write(f"{_SHEET_HEAD}<cols>{cols}</cols><sheetData>".encode())
        self.row(names, style=1)

    def row(self, values: Iterable[Cell], style: int = 0) -> None:
        """The next row; empty cells (None or "") are left out."""
        self._rows += 1
        styled = f' s="{style}"' if style else ""
        cells = []
        for column, value in zip(self._columns, values, strict=False):
            if value is None or value == "":
                continue
            where = f'r="{column}{self._rows}"{styled}'
            if isinstance(value, str):
                cells.append(f'<c {where} t="inlineStr"><is>{_text(value)}</is></c>')
            else:
                cells.append(
                    f"<c {where}><v>{int(value) if isinstance(value, bool) else value!r}</v></c>"
                )
        self._out.write(f'<row r="{self._rows}">{"".join(cells)}</row>'.encode())

    def close(self) -> None:
        self._out.write(_SHEET_TAIL.encode())
        self._out.close()


class Book:
    """A workbook at `path`, its sheets in the order they are begun."""

    def __init__(self, path: Path) -> None:
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._titles: list[str] = []
        self._sheet: Sheet | None = None

    def sheet(self, title: str, names: Sequence[str], widths: Sequence[float]) -> Sheet:
        """Begin the next sheet (the one before is finished), with `names` as its header,
        repeated on every printed page, and its columns `widths` characters wide."""
        if self._sheet:
            self._sheet.close()
        self._titles.append(title[:31])
        member = self._zip.open(f"xl/worksheets/sheet{len(self._titles)}.xml", "w")
        self._sheet = Sheet(member, names, widths)
        return self._sheet

    def close(self) -> None:
        """Finish the last sheet and write the parts that list them."""
        if self._sheet:
            self._sheet.close()
        count = len(self._titles)
        sheets = "".join(
            f'<sheet name="{_quoted(title)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, title in enumerate(self._titles, 1)
        )
        titles = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
            f"'{_quoted(title).replace(chr(39), chr(39) * 2)}'!$1:$1</definedName>"
            for n, title in enumerate(self._titles)
        )
        self._write(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONS}"><sheets>{sheets}</sheets>'
            f"<definedNames>{titles}</definedNames></workbook>",
        )
        links = "".join(
            f'<Relationship Id="rId{n}" Type="{_RELATIONS}/worksheet"'
            f' Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        )
        styles = (
            f'<Relationship Id="rId{count + 1}" Type="{_RELATIONS}/styles" Target="styles.xml"/>'
        )
        self._write(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PACKAGE}">{links}{styles}</Relationships>',
        )
        self._write("xl/styles.xml", _STYLES)
        self._write(
            "_rels/.rels",
            f'<Relationships xmlns="{_PACKAGE}"><Relationship Id="rId1"'
            f' Type="{_RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        parts = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml"'
            f' ContentType="{_TYPE}.worksheet+xml"/>'
            for n in range(1, count + 1)
        )
        self._write(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>{parts}'
            "</Types>",
        )
        self._zip.close()

    def _write(self, name: str, xml: str) -> None:
        self._zip.writestr(name, f"{_HEAD}{xml}")

    def __enter__(self) -> Book:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self._zip.close()


def _text(value: str) -> str:
    """A cell's text element, its spaces kept."""
    text = _SPECIAL.sub(_escape, value) if _SPECIAL.search(value) else value
    return f'<t xml:space="preserve">{text}</t>' if text != text.strip() else f"<t>{text}</t>"


def _quoted(text: str) -> str:
    """Text for an XML attribute or element."""
    escaped = _SPECIAL.sub(_escape, text)
    return escaped.replace('"', "&quot;")
