"""The kinds of ticket, and what each kind is: one table instead of bare strings."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from conversations.i18n import N_


class Kind(StrEnum):
    """A ticket's kind; the five filled in as forms share their form's name."""

    REQUEST = "request"
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    VOLUNTEER = "volunteer"
    SURVEY = "survey"
    INQUIRY = "inquiry"
    """A conversation the person asked for with «التحدث مع موظف»."""
    FOLLOWUP = "followup"
    """A supervisor's follow-up of a low satisfaction score."""
    PRIVACY = "privacy"
    """A correction of personal data the person asked for."""
    VOICEMAIL = "voicemail"
    """A message a caller left on the association's phone line."""
    CALLBACK = "callback"
    """A caller's request to be called back."""


@dataclass(frozen=True)
class Traits:
    """What a kind of ticket is, for the person and for staff."""

    label: str
    """What staff call it, on cards, in the thread and in exports (an `N_` string)."""
    received: str | None = None
    """What the person is told on submitting it, for kinds filled in as a form."""
    awaited: bool = False
    """The person waits for the association's answer: it has a period, is followed and rated."""
    who: str | None = None
    """Who sees its data, for the record of processing (forms only)."""


TRAITS: dict[Kind, Traits] = {
    Kind.REQUEST: Traits(
        N_("Request"),
        N_("Your request has been received. ✅\nReference number: {ref}"),
        awaited=True,
        who=N_("the association's staff who handle requests, in the staff group"),
    ),
    Kind.COMPLAINT: Traits(
        N_("Complaint"),
        N_("Your complaint has been received. ✅\nReference number: {ref}"),
        awaited=True,
        who=N_(
            "the association's staff who handle complaints; a complaint about a staff member's "
            "conduct: supervisors only"
        ),
    ),
    Kind.SUGGESTION: Traits(
        N_("Suggestion"),
        N_("Thank you for your suggestion. ✅\nReference number: {ref}"),
        who=N_(
            "the association's staff; a suggestion sent without a name keeps no link to its sender"
        ),
    ),
    Kind.VOLUNTEER: Traits(
        N_("Volunteering"),
        N_("Thank you for offering to volunteer. ✅\nReference number: {ref}"),
        who=N_("the association's staff who coordinate volunteers"),
    ),
    Kind.SURVEY: Traits(
        N_("Satisfaction survey"),
        who=N_("supervisors, as figures; the answers never reach the staff member who was rated"),
    ),
    Kind.INQUIRY: Traits(N_("Conversation")),
    Kind.FOLLOWUP: Traits(N_("Follow-up")),
    Kind.PRIVACY: Traits(N_("Privacy")),
    Kind.VOICEMAIL: Traits(N_("Voice message")),
    Kind.CALLBACK: Traits(N_("Call back")),
}
CALLS = frozenset({Kind.VOICEMAIL, Kind.CALLBACK})
"""The kinds the phone line files: staff answer them by calling the person back."""
FORMS = (Kind.REQUEST, Kind.COMPLAINT, Kind.SUGGESTION, Kind.VOLUNTEER, Kind.SURVEY)
"""The kinds the policy describes as forms, in the order of its record of processing."""


def filed(kind: str) -> bool:
    """Whether the person filed tickets of `kind` with a form (and so may withdraw them)."""
    return kind in FORMS and kind != Kind.SURVEY


def traits(kind: str) -> Traits:
    """What `kind` is; an unknown kind (from a newer version's database) is shown as is."""
    try:
        return TRAITS[Kind(kind)]
    except ValueError:
        return Traits(kind)
