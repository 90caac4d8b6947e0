"""Interface strings with a feminine form in Arabic, for associations that serve women.

A policy whose audience is feminine (`audience.feminine = true`) is answered with
these forms («اختاري»، «اكتبي») wherever the catalogue has one; every other string
reads as usual. Listing them here puts them in the catalogue under the context
"feminine" (i18n.FEMININE; the extractor needs it written out), where translators give
the feminine form.
"""

from __future__ import annotations

from conversations.i18n import C_

SHAPED = frozenset(
    (
        C_("feminine", "Choose a number, or write what you need."),
        C_("feminine", "Choose a button, or write what you need."),
        C_("feminine", "Please choose one of the buttons."),
        C_("feminine", "What would you like to know? Choose a button, or write your question."),
        C_("feminine", "Please choose one of the two options."),
        C_("feminine", "Please choose one of the options by its number."),
        C_("feminine", "You can write «رجوع» to go back a step, or «إلغاء» to cancel."),
        C_("feminine", "Please check your data:"),
        C_("feminine", "Which one would you like to correct?"),
        C_("feminine", "You started «{form}» earlier. Continue where you stopped, or start again?"),
        C_("feminine", "Please write your answer here."),
        C_("feminine", "Cancel this form and delete what you entered?"),
        C_("feminine", "What would you like to know? Choose a number, or write your question."),
        C_("feminine", "Your answers are saved; choose the same item to continue."),
        C_("feminine", "Sorry, I did not understand that. Please choose from the menu."),
        C_("feminine", "Please write your answer in words."),
        C_("feminine", "Your data with {association}: what would you like to do?"),
        C_(
            "feminine",
            "Write what should be corrected, for example: my mobile number is now 05XXXXXXXX.",
        ),
        C_("feminine", "Please write what should be corrected."),
        C_("feminine", "Please write the number in digits."),
        C_("feminine", "Which one would you like to withdraw?"),
        C_("feminine", "Do you mean {first} or {second}?"),
        C_("feminine", "Do you mean {first}?"),
        C_("feminine", "I counted {count}. If that is not right, write «رجوع» and the number."),
        C_(
            "feminine",
            "I added them up: {amount} riyals. If that is not right, write «رجوع» and the amount.",
        ),
        C_(
            "feminine",
            "That is {amount} riyals a month. If that is not right, write «رجوع» and the amount.",
        ),
        C_("feminine", "Please write one amount in riyals, for example 3500."),
        C_("feminine", "This app does not show me your number. Please write it, like 05XXXXXXXX."),
        C_(
            "feminine",
            "Withdraw {ref} ({title})? The team will be told, and will confirm it to you here.",
        ),
        C_(
            "feminine",
            "Deleting your data erases, for good: your name, ID, phone and every answer you "
            "gave, our conversation, your files, and your address in this app. "
            "{association} keeps only counts and survey scores, with nothing that leads to you. "
            "A request still open is closed, and the team is told.\n"
            "Delete your data?",
        ),
        C_(
            "feminine",
            "Your data has been deleted. If you write again, we will start afresh "
            "as with someone new.",
        ),
    )
)
