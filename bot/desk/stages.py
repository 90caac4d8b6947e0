"""Which staff action may move a ticket from which stage to which, per kind of ticket."""

from __future__ import annotations

from enum import StrEnum

from conversations.i18n import N_
from conversations.kinds import Kind
from conversations.tickets import Stage


class Action(StrEnum):
    """What a staff member can do to a ticket."""

    CLAIM = "claim"
    INFO = "info"
    VISIT = "visit"
    CANCEL_VISIT = "cancel_visit"
    ACCEPT = "accept"
    REJECT = "reject"
    DELIVERED = "delivered"
    RESOLVE = "resolve"
    CLOSE = "close"
    REOPEN = "reopen"
    NOTE = "note"
    PERMANENT = "permanent"
    CALLED = "called"

    @property
    def label(self) -> str:
        """The catalogue id of the action's name, as staff read it."""
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.CLAIM: N_("claim"),
    Action.INFO: N_("ask for information"),
    Action.VISIT: N_("schedule a visit"),
    Action.CANCEL_VISIT: N_("cancel the visit"),
    Action.ACCEPT: N_("accept"),
    Action.REJECT: N_("reject"),
    Action.DELIVERED: N_("mark delivered"),
    Action.RESOLVE: N_("resolve"),
    Action.CLOSE: N_("close"),
    Action.REOPEN: N_("reopen"),
    Action.NOTE: N_("add a note"),
    Action.PERMANENT: N_("mark as permanent beneficiary"),
    Action.CALLED: N_("called back"),
}
S = Stage
_DECIDING = frozenset({S.CLAIMED, S.INFO_NEEDED, S.VISIT_SCHEDULED})
_REQUEST = {
    Action.CLAIM: (frozenset({S.RECEIVED}), S.CLAIMED),
    Action.INFO: (frozenset({S.CLAIMED, S.INFO_NEEDED, S.VISIT_SCHEDULED}), S.INFO_NEEDED),
    Action.VISIT: (frozenset({S.CLAIMED, S.INFO_NEEDED, S.VISIT_SCHEDULED}), S.VISIT_SCHEDULED),
    Action.CANCEL_VISIT: (frozenset({S.VISIT_SCHEDULED}), S.CLAIMED),
    Action.ACCEPT: (_DECIDING, S.ACCEPTED),
    Action.REJECT: (_DECIDING, S.REJECTED),
    Action.DELIVERED: (frozenset({S.ACCEPTED}), S.DELIVERED),
    Action.CLOSE: (frozenset({S.DELIVERED, S.REJECTED}), S.CLOSED),
    Action.REOPEN: (frozenset({S.CLOSED}), S.CLAIMED),
}
_COMPLAINT = {
    Action.CLAIM: (frozenset({S.RECEIVED}), S.IN_PROGRESS),
    Action.INFO: (frozenset({S.IN_PROGRESS, S.INFO_NEEDED}), S.INFO_NEEDED),
    Action.RESOLVE: (frozenset({S.IN_PROGRESS, S.INFO_NEEDED}), S.RESOLVED),
    Action.DELIVERED: (frozenset({S.IN_PROGRESS, S.INFO_NEEDED}), S.RESOLVED),
    Action.CLOSE: (frozenset({S.RESOLVED}), S.CLOSED),
    Action.REOPEN: (frozenset({S.CLOSED}), S.IN_PROGRESS),
}
_OTHER = {
    Action.CLAIM: (frozenset({S.RECEIVED}), S.CLAIMED),
    Action.INFO: (frozenset({S.CLAIMED, S.INFO_NEEDED}), S.INFO_NEEDED),
    Action.CLOSE: (frozenset({S.RECEIVED, S.CLAIMED, S.INFO_NEEDED}), S.CLOSED),
    Action.REOPEN: (frozenset({S.CLOSED}), S.CLAIMED),
}
_CALL = {
    Action.CLAIM: (frozenset({S.RECEIVED}), S.CLAIMED),
    Action.CALLED: (frozenset({S.RECEIVED, S.CLAIMED}), S.RESOLVED),
    Action.CLOSE: (frozenset({S.RECEIVED, S.CLAIMED, S.RESOLVED}), S.CLOSED),
    Action.REOPEN: (frozenset({S.CLOSED}), S.CLAIMED),
}
_RULES: dict[str, dict[Action, tuple[frozenset[Stage], Stage]]] = {
    Kind.REQUEST: _REQUEST,
    Kind.COMPLAINT: _COMPLAINT,
    Kind.VOICEMAIL: _CALL,
    Kind.CALLBACK: _CALL,
}
DECIDED = frozenset({S.ACCEPTED, S.REJECTED, S.DELIVERED, S.RESOLVED, S.CLOSED})
UNDECIDED = frozenset(Stage) - DECIDED


def listed(stages: frozenset[Stage]) -> str:
    """Stages as a SQL list, for `stage IN (...)` (which an index on stage serves)."""
    return ", ".join(f"'{stage.value}'" for stage in sorted(stages))


def rules(kind: str) -> dict[Action, tuple[frozenset[Stage], Stage]]:
    """The moves a kind of ticket allows."""
    return _RULES.get(kind, _OTHER)


def possible(kind: str, stage: Stage, visits: bool = True) -> list[Action]:
    """The moves a ticket of `kind` allows from `stage`, in the order staff usually take them;
    without `visits` (a policy with no field visits), no visit is scheduled."""
    return [
        action
        for action, (sources, _to) in rules(kind).items()
        if stage in sources and (visits or action is not Action.VISIT)
    ]


def target(kind: str, stage: Stage, action: Action) -> Stage | None:
    """The stage `action` leads to from `stage`, or None when the move is not allowed."""
    sources, to = rules(kind).get(action, (frozenset(), stage))
    return to if stage in sources else None


def after_answer(kind: str) -> Stage:
    """Where a ticket goes once the person has answered the team's question."""
    return S.IN_PROGRESS if kind == Kind.COMPLAINT else S.CLAIMED
