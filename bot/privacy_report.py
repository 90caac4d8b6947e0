"""The record of processing activities, for the association's files: what each form
collects, why, who sees it, where it is kept and for how long, from the policy file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conversations.kinds import FORMS, traits
from conversations.policy import Form, Policy


def report(policy: Policy, database: Path, lang: str, gettext: Callable[[str], str]) -> str:
    """The record in one language."""
    _ = gettext
    timings = policy.timings
    lines = [
        _("Record of personal data processing: {association}").format(
            association=policy.association.name.in_(lang)
        ),
        "",
    ]
    for name in FORMS:
        form: Form = getattr(policy.forms, name)
        comma = "، " if lang == "ar" else ", "
        fields = comma.join(field.label.in_(lang) for field in form.fields)
        notice = form.consent.in_(lang) if form.consent else _("No personal data is collected.")
        purpose = notice.replace("\n", "\n  ")
        who = traits(name).who
        lines += [
            f"## {form.title.in_(lang)}",
            _("- Collected: {fields}").format(fields=fields),
            _("- Why (the notice the person agrees to): {purpose}").format(purpose=purpose),
            _("- Who sees it: {who}").format(who=_(who) if who else "—"),
            _(
                "- Where: the bot's database ({database}) on the association's server; files "
                "sent on Telegram stay on Telegram's servers and are referred to, files sent on "
                "WhatsApp are kept in the data folder beside the database"
            ).format(database=database),
            _(
                "- How long: while the ticket is open and {days} days after it is closed, then "
                "anonymised (figures kept without any link to the person); unfinished forms: "
                "{drafts} days"
            ).format(days=timings.retention_days, drafts=timings.draft_expiry_days),
            "",
        ]
    lines += [
        _("## The conversation and the records around it"),
        _(
            "- The messages of each conversation are kept with the person's data and erased "
            "with it; consent answers are kept with their wording and time."
        ),
        _(
            "- Delivery bookkeeping (message ids, sent replies) is kept 30 days; a copy of a "
            "person's data sent to them, one day."
        ),
        _(
            "- Every person can see, copy, correct or delete their data, or withdraw consent, "
            "by writing «بياناتي»; a correction is answered within 30 days, and every such "
            "request is recorded with its time."
        ),
    ]
    return "\n".join(lines)
