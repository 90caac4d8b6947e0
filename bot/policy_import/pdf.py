"""Reading the text of a PDF policy document, with its Arabic in logical order.

pypdf reads a page two ways: as the content stream orders it, and by the glyphs'
places on the page. A PDF drawn with shaped Arabic (presentation forms, placed right to
left) comes out with its words reversed, or nearly right but for «لا» pairs kept in
visual order. Of both readings, and both with each Arabic run turned around, the one that
reads most like Arabic (more «ال» than «لا») is kept. Scanned PDFs have no text to read.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pypdf import PageObject, PdfReader
from pypdf.errors import PyPdfError

_ARABIC_RUN = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufefc]+")


def lines(path: Path) -> list[str]:
    """The text lines of every page, in reading order."""
    try:
        pages = PdfReader(path).pages
        found = [line for page in pages for line in _page(page)]
    except PyPdfError as exc:
        raise ValueError(f"{path.name} is not a readable PDF: {exc}") from None
    if not any(line.strip() for line in found):
        raise ValueError(f"{path.name} has no text to read (a scan needs OCR first)")
    return found


def _page(page: PageObject) -> list[str]:
    readings = [page.extract_text(), page.extract_text(extraction_mode="layout")]
    readings += [_ARABIC_RUN.sub(lambda run: run[0][::-1], text) for text in readings]
    folded = (unicodedata.normalize("NFKC", text) for text in readings)  # «ﻷ» is «لأ»
    return max(folded, key=_arabic_order).splitlines()


def _arabic_order(text: str) -> int:
    """How much more often «ال» is read than «لا»: high in logical order, negative when
    every Arabic word is reversed."""
    return text.count("ال") - text.count("لا")
