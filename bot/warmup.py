"""What a first turn or desk command would otherwise set up while someone waits, done once
per process as the bot starts: babel's locale data for every way it writes dates, numbers
and durations, and the classifier that reads people's words (numpy and the model).

Left to the first call, this was 150-340 ms of a first tracking turn, `/stats` or
`/ticket`, at any number of tickets.
"""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_timedelta
from babel.numbers import format_decimal, format_percent

from conversations import dates
from conversations.i18n import LANGUAGES
from conversations.understanding.trained import model


def load() -> None:
    """Load now what the first person or staff member would otherwise wait for."""
    today = date.today()
    for lang in LANGUAGES:
        dates.both(today, lang, str)
    format_timedelta(timedelta(hours=1), locale="ar")
    format_decimal(1.5, locale="ar")
    format_percent(0.5, locale="ar")
    model()
