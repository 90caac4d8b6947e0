"""The request form as it speaks to a staff member typing a person's answers.

The policy's texts are read to the person («اقرأ على المستفيد…», «اسأل المستفيد…»), the
form's own words speak of the person («موافق», «أقرّ ووافق»), and the intake adds its
questions: the scanned letter (a request by letter) and whether the person agrees to
hear on WhatsApp. The runner is the one every form uses; only its words change here.
"""

from __future__ import annotations

from collections.abc import Mapping

from conversations.i18n import N_, Translations
from conversations.policy import FieldType, FormField, Policy, Text

NEXT = N_("To take a request for a person, write /new.")
"""What a staff member may do once an intake ends, or in place of a person's menu."""
LETTER_FIELD = "letter"
UPDATES = "updates_on_whatsapp"
"""The added yes/no: may the reference and the request's updates reach them on WhatsApp?"""

TO_STAFF = {
    N_("I agree"): N_("They agree"),
    N_("I do not agree"): N_("They do not agree"),
    N_("I declare and agree"): N_("They declare and agree"),
    N_("Please check your data:"): N_("Check the data with the applicant:"),
    N_(
        "Without your declaration the request cannot be submitted. "
        "You can correct your data, or cancel."
    ): N_(
        "Without the applicant's declaration the request cannot be submitted. "
        "You can correct the data, or cancel."
    ),
    N_("This app does not show me your number. Please write it, like 05XXXXXXXX."): N_(
        "Write the applicant's mobile number, like 05XXXXXXXX."
    ),
    N_("Your answers are saved; choose the same item to continue."): N_(
        "The answers are saved; /new goes back to them."
    ),
    N_("Choose a number, or write what you need."): NEXT,
    N_("Choose a button, or write what you need."): NEXT,
}
"""Where the form says something to the person, what it says to the staff member instead
(the menu's prompt among them: a staff member taking requests has no menu)."""


class Spoken:
    """A catalogue with the form's words for the staff member (never in the feminine: an
    association's feminine audience is the people it serves, not its staff)."""

    def __init__(self, catalogue: Translations) -> None:
        self._catalogue = catalogue

    def gettext(self, message: str, /) -> str:
        return self._catalogue.gettext(TO_STAFF.get(message, message))

    def pgettext(self, context: str, message: str, /) -> str:
        return message


def spoken(translations: Mapping[str, Translations]) -> dict[str, Translations]:
    """The catalogues, each speaking to the staff member."""
    return {lang: Spoken(catalogue) for lang, catalogue in translations.items()}


def _worded(catalogues: Mapping[str, Translations], message: str, **texts: Text) -> Text:
    """An interface string with policy texts in it, in the association's two languages."""

    def said(lang: str) -> str:
        values = {name: text.in_(lang) for name, text in texts.items()}
        return catalogues[lang].gettext(message).format(**values)

    return Text(ar=said("ar"), en=said("en"))


def read_to_staff(policy: Policy, catalogues: Mapping[str, Translations], letter: bool) -> Policy:
    """The policy as a staff member taking a request reads it: the request form's notice,
    questions and declaration read to the person, the scanned letter asked first for a
    request by `letter`, and (the form asking a mobile) whether WhatsApp may be used."""
    form = policy.forms.request
    audience = policy.audience.singular

    def worded(message: str, **texts: Text) -> Text:
        return _worded(catalogues, message, audience=audience, **texts)

    def asked(field: FormField) -> FormField:
        files = field.type is FieldType.ATTACHMENT
        told = N_("Ask {audience} for: {prompt}\nSend the files here.") if files else None
        typed = N_("Ask {audience}: {prompt}\nType {audience}'s answer.")
        return field.model_copy(update={"prompt": worded(told or typed, prompt=field.prompt)})

    scan = FormField(
        key=LETTER_FIELD,
        label=worded(N_("The scanned letter")),
        prompt=worded(
            N_(
                "Send the letter of {audience}, scanned: a photo or a document, a page at a "
                "time, then «Done»."
            )
        ),
        type=FieldType.ATTACHMENT,
        multiple=True,
    )
    updates = FormField(
        key=UPDATES,
        label=worded(N_("Updates on WhatsApp")),
        prompt=worded(
            N_(
                "Ask {audience}: do they agree to receive the reference number and the "
                "updates of this request on WhatsApp, at the mobile number they gave?"
            )
        ),
        type=FieldType.YES_NO,
    )
    mobile = any(field.type is FieldType.MOBILE for field in form.fields)
    fields = [
        *([scan] if letter else []),
        *map(asked, form.fields),
        *([updates] if mobile else []),
    ]
    notice = N_(
        "Read this data-protection notice to {audience}, then give their answer:\n\n{notice}"
    )
    consent = worded(notice, notice=form.consent) if form.consent else None
    declaration = N_("Read the declaration to {audience}, then give their answer:\n\n{declaration}")
    request = form.model_copy(update={"fields": fields, "consent": consent})
    return policy.model_copy(
        update={
            "forms": policy.forms.model_copy(update={"request": request}),
            "declaration": worded(declaration, declaration=policy.declaration),
        }
    )
