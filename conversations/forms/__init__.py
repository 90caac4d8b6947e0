"""Forms: one way to collect data for every form the policy describes (see `runner`)."""

from conversations.forms.drafts import (
    active,
    discard,
    drop_stale,
    enter,
    expire,
    expiry_notice,
    form_of,
    leave,
    picked_here,
    wants_number,
)
from conversations.forms.runner import (
    ask_cancel,
    complain_of_staff,
    go_back,
    greet,
    handle,
    offer,
    pause,
    reask,
    remind_expiring,
    start,
)

__all__ = [
    "active",
    "ask_cancel",
    "complain_of_staff",
    "discard",
    "drop_stale",
    "enter",
    "expire",
    "expiry_notice",
    "form_of",
    "go_back",
    "greet",
    "handle",
    "leave",
    "offer",
    "pause",
    "picked_here",
    "reask",
    "remind_expiring",
    "start",
    "wants_number",
]
