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
    )
)
