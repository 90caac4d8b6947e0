"""Delivering desk posts: cards drawn fresh at sending, confidential tickets to supervisors only."""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from bot.clock import Clock
from bot.desk import posts
from bot.desk.cards import Cards
from bot.desk.posts import DeskPost, PostKind
from bot.tickets import TicketRecord, TicketStore
from conversations.policy import Policy

STAFF = "staff"
BRANCH = "branch:"
"""Recipient prefix: the own staff group of the branch named after it."""


class DeskChannel(Protocol):
    """Where staff read: the staff group, the supervisors' chat, or one staff member."""

    async def post(self, to: str, post: DeskPost) -> None:
        """Show `post` to `to` ('staff', a branch's staff, 'supervisors' or a staff id);
        raise if refused."""
        ...


class DeskSender:
    """The outbox's sender for the desk channel."""

    def __init__(
        self, policy: Policy, tickets: TicketStore, cards: Cards, clock: Clock, channel: DeskChannel
    ):
        self._grouped = {b.name.ar for b in policy.branches if b.staff_chat}
        self._tickets = tickets
        self._cards = cards
        self._clock = clock
        self._channel = channel

    async def send(self, recipient: str, post: DeskPost) -> None:
        """Resolve 'the group' per ticket, draw cards as the ticket is now, and post."""
        ticket = await self._tickets.get(post.ticket) if post.ticket else None
        to = recipient
        if recipient == posts.GROUP:
            to = self._group(ticket)
        if post.kind is PostKind.CARD and ticket:
            text = self._cards.card(ticket, self._clock.now())
            post = replace(post, text=text, options=self._cards.actions(ticket))
        await self._channel.post(to, post)

    def _group(self, ticket: TicketRecord | None) -> str:
        """Who reads a ticket's posts: the supervisors for a confidential one, else its
        branch's own staff group where it has one, else the staff group."""
        if ticket and ticket.confidential:
            return posts.SUPERVISORS
        if ticket and ticket.branch in self._grouped:
            return f"{BRANCH}{ticket.branch}"
        return STAFF
