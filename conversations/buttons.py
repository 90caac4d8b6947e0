"""Interface strings that send the person to a number, and their forms for apps that show
options as buttons without numbers (Telegram): `Turn.gettext` picks the form."""

from __future__ import annotations

from conversations.i18n import N_

PRESSED = {
    N_("Choose a number, or write what you need."): N_("Choose a button, or write what you need."),
    N_("Please choose one of the options by its number."): N_("Please choose one of the buttons."),
    N_("What would you like to know? Choose a number, or write your question."): N_(
        "What would you like to know? Choose a button, or write your question."
    ),
}
