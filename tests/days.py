"""Days written as staff and people write them, counted from the bot's now, so no test expires.

A test never types a literal date that could pass one day: it asks for "ten days after the
bot's now" and writes that day in the calendar and digits a person would use.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from hijridate import Gregorian

from bot.clock import Clock

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def after(clock: Clock, days: int) -> date:
    """The day `days` after the bot's today (before it, when negative)."""
    return (clock.now() + timedelta(days=days)).date()


def written(
    day: date,
    calendar: Literal["gregorian", "hijri"] = "gregorian",
    digits: Literal["western", "arabic"] = "western",
) -> str:
    """`day` as typed: '7/1/2027' (day first) or Umm al-Qura '1448/7/2' (year first)."""
    if calendar == "hijri":
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
        text = f"{hijri.year}/{hijri.month}/{hijri.day}"
    else:
        text = f"{day.day}/{day.month}/{day.year}"
    return text.translate(ARABIC_INDIC) if digits == "arabic" else text
