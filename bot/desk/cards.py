"""A ticket as staff see it: a compact card (personal data masked), or in full for its claimer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from babel.dates import format_timedelta

from bot.desk.stages import DECIDED, Action, possible
from bot.tickets import TicketRecord
from conversations import answers, dates, kinds, notices
from conversations.i18n import N_
from conversations.intake_channels import CHANNELS, PHONE
from conversations.kinds import Kind
from conversations.messages import Option
from conversations.policy import Form, FormField, Policy
from conversations.tickets import Stage
from conversations.validators import masked

_MINUTE = timedelta(minutes=1)
_CHANNELS = {
    "telegram": N_("Telegram"),
    "whatsapp": N_("WhatsApp"),
    "web": N_("the website chat"),
    **CHANNELS,
    "console": N_("the console"),
}
_LANGUAGES = {"ar": N_("Arabic"), "en": N_("English")}
ACTION_PREFIX = "d:"
"""Buttons under a card carry `d:ACTION:REF` (ASCII, far under Telegram's 64 bytes)."""

_ON_CARD = ("subject", "national_id", "mobile", "city")
CALLER = "caller"
"""The data key of the number a phone caller is called back on."""
_EVENTS = {
    "note": N_("internal note"),
    "message": N_("message to {audience}"),
    "permanent": N_("marked as permanent beneficiary"),
    "erased": N_("personal data deleted at the person's request"),
}
PERSON = "person"
"""The actor of what the beneficiary did (submitted, answered) in the audit trail."""
_STAFF_WORDS = {Stage.INFO_NEEDED: N_("waiting for the answer of {audience}")}


class Cards:
    """Draws tickets for the staff group, in Arabic."""

    def __init__(
        self,
        policy: Policy,
        gettext: Callable[[str], str],
        name: Callable[[str], str] = str,
    ) -> None:
        self._policy = policy
        self._ = gettext
        self._name = name

    @property
    def audience(self) -> str:
        """Whom the association serves, as staff call them ('المستفيد', 'عضو الجمعية العمومية')."""
        return self._policy.audience.singular.ar

    def _form(self, kind: str) -> Form | None:
        form: Form | None = getattr(self._policy.forms, kind, None)
        return form

    def _field(self, kind: str, key: str) -> FormField | None:
        form = self._form(kind)
        return next((f for f in form.fields if f.key == key), None) if form else None

    def _value(self, ticket: TicketRecord, key: str, masked: bool) -> str | None:
        field = self._field(ticket.kind, key)
        if field is None or key not in ticket.data:
            return None
        return answers.shown(field, ticket.data[key], "ar", self._, masked)

    @staticmethod
    def kind(kind: str) -> str:
        """The catalogue id naming a kind of ticket (an unknown kind: as stored)."""
        return kinds.traits(kind).label

    def channel(self, channel: str) -> str:
        """The app a person writes from, in staff's words («تيليجرام», «واتساب»)."""
        return self._(_CHANNELS.get(channel, channel))

    def by_channel(self, counts: dict[str, int]) -> str:
        """Tickets per channel in one line («واتساب 30 · تيليجرام 12»); «—» for none."""
        return " · ".join(f"{self.channel(c)} {n}" for c, n in counts.items() if c) or "—"

    def by_branch(self, counts: dict[str, int]) -> str:
        """Tickets per branch office in one line, those of no branch's city last."""
        named = [f"{branch} {n}" for branch, n in counts.items() if branch]
        elsewhere = sum(n for branch, n in counts.items() if not branch)
        named += [self._("no branch {count}").format(count=elsewhere)] if elsewhere else []
        return " · ".join(named) or "—"

    def visit(self, moment: datetime) -> str:
        """A field visit's day and time: both calendars, and the 12-hour clock."""
        return notices.day_and_time(moment, "ar", self._)

    def stage(self, stage: Stage | str) -> str:
        """A stage in staff's words: the beneficiary's, except where the viewpoint differs."""
        stage = Stage(stage)
        return self._(_STAFF_WORDS.get(stage, stage.label)).format(audience=self.audience)

    def event(self, actor: str, action: str, stage: str | None) -> str:
        """One line of the audit trail's who and what, in staff's words."""
        who = self.audience if actor == PERSON else self._name(actor)
        what = self.stage(stage) if stage else self._(_EVENTS.get(action, action))
        what = what.format(audience=self.audience)
        return f"{who} · {what}"

    def when(self, moment: datetime) -> str:
        """A date as the policies write it: Gregorian with the Hijri date."""
        return dates.both(moment.date(), "ar", self._)

    def card(self, ticket: TicketRecord, now: datetime) -> str:
        """The card: reference, kind, service, city, masked ID and phone, age, stage, owner, due."""
        _ = self._
        kind = _(self.kind(ticket.kind))
        named = ticket.title if kind in ticket.title else f"{kind} · {ticket.title}"
        head = f"🎫 {ticket.ref} · {named}"
        lines = [f"🔒 {head}" if ticket.confidential else head]
        if ticket.service:
            lines.append(_("Service: {service}").format(service=ticket.service))
        if ticket.branch:
            lines.append(_("Branch: {branch}").format(branch=ticket.branch))
        for key in _ON_CARD:
            value = self._value(ticket, key, masked=True)
            if value:
                label = self._field(ticket.kind, key)
                lines.append(f"{label.label.ar if label else key}: {value}")
        if ticket.taken_by:
            lines.append(
                _("Recorded by: {who} · {channel}").format(
                    who=self._name(ticket.taken_by), channel=self.channel(ticket.came_by or "")
                )
            )
        if ticket.data.get(CALLER):
            lines.append(self._caller(masked(str(ticket.data[CALLER]))))
        if ticket.quiet:
            quiet = _("📵 {audience} asked for no WhatsApp messages about it: call them.")
            lines.append(quiet.format(audience=self.audience))
        elif ticket.channel and ticket.channel != PHONE:  # a caller: the call-back line
            lines.append(
                _("Writes on {channel} in {language}").format(
                    channel=self.channel(ticket.channel),
                    language=_(_LANGUAGES.get(ticket.lang or "ar", _LANGUAGES["ar"])),
                )
            )
        if ticket.unreachable:
            unreachable = _("⚠️ Messages no longer reach {audience} (blocked, or gone).")
            lines.append(unreachable.format(audience=self.audience))
        if ticket.waiting:
            waiting = _(
                "⏳ A message waits until {audience} writes again: WhatsApp lets us answer "
                "only within 24 hours of their last message."
            )
            lines.append(waiting.format(audience=self.audience))
        stage = self.stage(ticket.stage)
        if now - ticket.created_at < _MINUTE:
            lines.append(_("Stage: {stage} · received just now").format(stage=stage))
        else:
            age = format_timedelta(now - ticket.created_at, locale="ar", threshold=1.1)
            lines.append(_("Stage: {stage} · received {age} ago").format(stage=stage, age=age))
        claimer = self._name(ticket.claimed_by) if ticket.claimed_by else "—"
        lines.append(_("Claimed by: {who}").format(who=claimer))
        if ticket.visit_at and ticket.stage not in DECIDED:
            lines.append(_("Field visit: {when}").format(when=self.visit(ticket.visit_at)))
        if ticket.due_at and ticket.stage not in DECIDED:
            late = " ⚠️" if ticket.due_at < now else ""
            lines.append(_("Due: {date}").format(date=self.when(ticket.due_at)) + late)
        if ticket.permanent:
            lines.append(_("Permanent beneficiary (periodic review)"))
        return "\n".join(lines)

    def actions(self, ticket: TicketRecord) -> tuple[Option, ...]:
        """The buttons under a card: what its stage allows, and a note, coded `d:ACTION:REF`."""
        visits = self._policy.review.field_visits
        allowed = [*possible(ticket.kind, ticket.stage, visits), Action.NOTE]
        reviewed = self._policy.review.periodic_review_days and ticket.kind == Kind.REQUEST
        if reviewed and ticket.stage in DECIDED and not ticket.permanent:
            allowed.append(Action.PERMANENT)
        return tuple(
            Option(f"{ACTION_PREFIX}{action.value}:{ticket.ref}", self._(action.label))
            for action in allowed
        )

    def _caller(self, number: str) -> str:
        """The number a phone caller waits to be called back on."""
        told = self._("📞 Call {audience} back on {number}")
        return told.format(audience=self.audience, number=f"\u2066{number}\u2069")

    def full(self, ticket: TicketRecord) -> str:
        """Every answer unmasked, for the staff member who claimed the ticket."""
        form = self._form(ticket.kind)
        lines = [f"🎫 {ticket.ref} · {ticket.title}"]
        if ticket.data.get(CALLER):
            lines.append(self._caller(str(ticket.data[CALLER])))
        for field in form.fields if form else ():
            value = answers.shown(field, ticket.data.get(field.key), "ar", self._, masked=False)
            lines.append(f"{field.label.ar}: {value}")
        return "\n".join(lines)
