"""Logs an operator can read, with nobody's ID, phone or the bot's token in them."""

from __future__ import annotations

import logging
import sys

import pytest

from bot.logs import MaskingFormatter, mask

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


@pytest.mark.parametrize(
    ("line", "hidden"),
    [
        ("id 1000000008", "1000000008"),
        ("هوية ١٠٠٠٠٠٠٠٠٨", "١٠٠٠٠٠٠٠٠٨"),
        ("call 055 123 4567 now", "123 4567"),
        ("+966 55 123 4567", "123 4567"),
        ("0551-234-567", "234-567"),
        (f"POST https://api.telegram.org/bot{TOKEN}/sendMessage", TOKEN),
    ],
)
def test_ids_phones_and_tokens_are_hidden(line: str, hidden: str) -> None:
    assert hidden not in mask(line)


@pytest.mark.parametrize(
    "line",
    [
        "2026-11-23 19:28:00,123 INFO bot.engine: turn done",
        "stamp 2026-11-23T16:28:00.000+00:00",
        "visit at 10:30 on 1448/07/02",
        "reference 706671",
    ],
)
def test_dates_times_and_references_stay_readable(line: str) -> None:
    assert mask(line) == line


def test_the_formatter_masks_tracebacks_too() -> None:
    try:
        raise ValueError("bad national id 1000000008")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), None)
        record.exc_info = sys.exc_info()
    text = MaskingFormatter("%(asctime)s %(message)s").format(record)
    assert "1000000008" not in text
    assert "••••••••08" in text
