"""Logging that never prints a national ID, a phone number or a bot token in full."""

from __future__ import annotations

import logging
import re
import sys

_DATE_TIME = r"\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?(?:[.,]\d+)?(?:[+-]\d\d:\d\d|Z)?)?"
_TOKEN = r"\d{5,}:[A-Za-z0-9_-]{30,}"
_NUMBER = r"\+?\d(?:[ \u00a0\-]?\d){8,}"
_SENSITIVE = re.compile(f"(?P<date>{_DATE_TIME})|(?P<token>{_TOKEN})|(?P<number>{_NUMBER})")


def mask(text: str, keep: int = 2) -> str:
    """Hide IDs and phones (nine or more digits, in any script, spaced or not) but their last
    `keep` digits, and bot tokens entirely; dates and times stay readable."""

    def hidden(match: re.Match[str]) -> str:
        if match["token"]:
            return "•••:•••"
        if match["number"]:
            digits = re.sub(r"\D", "", match[0])
            return "•" * (len(digits) - keep) + digits[-keep:]
        return match[0]

    return _SENSITIVE.sub(hidden, text)


class MaskingFormatter(logging.Formatter):
    """A formatter whose output, tracebacks included, has long numbers masked."""

    def format(self, record: logging.LogRecord) -> str:
        """Format as usual, then mask."""
        return mask(super().format(record))


def setup(level: str) -> None:
    """Send masked logs to stderr at `level`; keep chatty HTTP clients quiet."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))
