"""Every interface string reaches an Arabic reader in Arabic."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from bot import i18n

ROOT = Path(__file__).resolve().parent.parent
_PLACEHOLDER = re.compile(r"{\w+}")


def _interface_strings() -> set[str]:
    found: set[str] = set()
    for folder in ("conversations", "bot"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, keywords={**DEFAULT_KEYWORDS, "N_": None, "C_": ((1, "c"), 2)}
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def _arabic() -> dict[str, str]:
    with i18n.catalogue_path("ar").open("rb") as po:
        catalog = read_po(po, locale="ar")
    return {m.id: m.string for m in catalog if m.id and not m.fuzzy and isinstance(m.id, str)}


def test_every_interface_string_has_an_arabic_translation() -> None:
    arabic = _arabic()
    missing = sorted(message for message in _interface_strings() if not arabic.get(message))
    assert missing == [], "run `make catalogs` and translate these in locales/ar"


def test_translations_keep_every_placeholder() -> None:
    for msgid, msgstr in _arabic().items():
        assert sorted(_PLACEHOLDER.findall(msgid)) == sorted(_PLACEHOLDER.findall(msgstr)), msgid


def test_arabic_is_the_default_language() -> None:
    translations = i18n.load_all()
    assert translations["ar"].gettext("Contact channels") == "قنوات التواصل"
    assert translations["en"].gettext("Contact channels") == "Contact channels"
