"""Logging that never prints a national ID or a phone number in full."""

from __future__ import annotations

import logging
import re
import sys

_LONG_NUMBER = re.compile(r"\+?[0-9٠-٩۰-۹][0-9٠-٩۰-۹\-]{7,}[0-9٠-٩۰-۹]")


def mask(text: str) -> str:
    """Hide every run of nine or more digits (IDs, phones) but its last two."""
    return _LONG_NUMBER.sub(lambda m: "•" * (len(m[0]) - 2) + m[0][-2:], text)


class MaskingFormatter(logging.Formatter):
    """A formatter whose output, tracebacks included, has long numbers masked."""

    def format(self, record: logging.LogRecord) -> str:
        """Format as usual, then mask."""
        return mask(super().format(record))


def setup(level: str) -> None:
    """Send masked logs to stderr at `level`."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
