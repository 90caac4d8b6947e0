"""Reference numbers: digits only, short, easy to read aloud, with a check digit.

The last digit is Damm's check digit: it catches any one digit typed wrong and any two
neighbours swapped, so "I found no such request" can say the number looks mistyped.
Numbers are issued in sequence from FIRST (six digits with the check digit), so they
never run out: after 89,990 tickets they simply grow to seven digits.
"""

from __future__ import annotations

FIRST = 10_000
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def _interim(digits: str) -> int:
    row = 0
    for digit in digits:
        row = _DAMM[row][int(digit)]
    return row


def make(number: int) -> str:
    """The reference for the `number`-th ticket: its digits and their check digit."""
    digits = str(number)
    return f"{digits}{_interim(digits)}"


def number_of(ref: str) -> int | None:
    """The sequence number a well-formed reference carries, else None."""
    return int(ref[:-1]) if well_formed(ref) else None


def well_formed(ref: str) -> bool:
    """Whether `ref` is digits whose check digit agrees (a mistyped one almost never does)."""
    return len(ref) >= 2 and ref.isascii() and ref.isdigit() and _interim(ref) == 0
