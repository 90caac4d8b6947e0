"""Interface strings: the babel catalogues in locales/, compiled in memory at start-up."""

from __future__ import annotations

import gettext
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from conversations.i18n import LANGUAGES

LOCALES = "bot.locales"
"""The catalogues' package: locales/ in a checkout, installed with the bot."""
DOMAIN = "messages"


def catalogue_path(lang: str) -> Traversable:
    """Where the catalogue of `lang` lives (the editable file, in a checkout)."""
    return resources.files(LOCALES) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(lang: str) -> gettext.GNUTranslations:
    """One language's translations, read from its .po file (no compiled .mo needed)."""
    with catalogue_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@cache
def load_all() -> dict[str, gettext.GNUTranslations]:
    """Every interface language, read once per process (the app, the channels and the
    reports share them; nothing changes them)."""
    return {lang: load(lang) for lang in LANGUAGES}
