"""The website chat's page and the script that embeds it, with their interface strings.

Both are files in `static/` filled in here: the page in Arabic, with the association's
name and every string in both languages for its script to switch to when the
conversation is in English; the embedding script with its button's labels.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from html import escape
from pathlib import Path
from string import Template

from bot.channels.web import TEXT_LIMIT
from bot.channels.whatsapp import MEDIA_LIMIT
from conversations.i18n import LANGUAGES, N_, Translations
from conversations.policy import Policy

STATIC = Path(__file__).parent / "static"
ASSETS = {"page.js": "text/javascript", "page.css": "text/css"}
"""The page's own files, served under /chat/."""
MEGABYTES = MEDIA_LIMIT // (1024 * 1024)
TOO_LARGE = N_(
    "This file is too large to send here (at most {megabytes} MB): please send a smaller one."
)
_PAGE = {
    "placeholder": N_("Write your message"),
    "send": N_("Send"),
    "attach": N_("Attach a photo or a file"),
    "connecting": N_("Connecting…"),
    "offline": N_("The connection was lost: trying again…"),
    "failed": N_("Your message was not sent. Please try again."),
    "too_large": TOO_LARGE,
}
_WIDGET = {"open": N_("Chat with us"), "close": N_("Close the chat")}


@cache
def _template(name: str) -> Template:
    return Template((STATIC / name).read_text(encoding="utf-8"))


def asset(name: str) -> bytes | None:
    """One of the page's own files (ASSETS), as served."""
    return (STATIC / name).read_bytes() if name in ASSETS else None


def _strings(
    strings: Mapping[str, str], translations: Mapping[str, Translations]
) -> dict[str, dict[str, str]]:
    """Each string in each interface language."""
    return {
        lang: {key: translations[lang].gettext(text) for key, text in strings.items()}
        for lang in LANGUAGES
    }


def page(policy: Policy, translations: Mapping[str, Translations]) -> str:
    """The chat page, in Arabic until its script hears the conversation is in English."""
    strings = _strings(_PAGE, translations)
    for said in strings.values():
        said["too_large"] = said["too_large"].format(megabytes=MEGABYTES)
    name = {lang: policy.association.name.in_(lang) for lang in LANGUAGES}
    data = {"name": name, "strings": strings, "limits": {"file": MEDIA_LIMIT}}
    ar = strings[LANGUAGES[0]]
    return _template("chat.html").substitute(
        name=escape(name["ar"]),
        placeholder=escape(ar["placeholder"]),
        send=escape(ar["send"]),
        attach=escape(ar["attach"]),
        limit=TEXT_LIMIT,
        data=escape(json.dumps(data, ensure_ascii=False)),
    )


def widget(translations: Mapping[str, Translations]) -> str:
    """The script an association's site includes to open the chat in a corner."""
    labels = json.dumps(_strings(_WIDGET, translations))  # ASCII: safe in any script
    return _template("widget.js").substitute(labels=labels)
