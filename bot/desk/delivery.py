"""Delivering desk posts: cards drawn fresh at sending, confidential tickets to supervisors only."""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from bot.clock import Clock
from bot.desk import posts
from bot.desk.cards import Cards
from bot.desk.posts import DeskPost, PostKind
from bot.tickets import TicketStore

STAFF = "staff"


class DeskChannel(Protocol):
    """Where staff read: the staff group, the supervisors' chat, or one staff member."""

    async def post(self, to: str, post: DeskPost) -> None:
        """Show `post` to `to` ('staff', 'supervisors' or a staff id); raise if refused."""
        ...


class DeskSender:
    """The outbox's sender for the desk channel."""

    def __init__(self, tickets: TicketStore, cards: Cards, clock: Clock, channel: DeskChannel):
        self._tickets = tickets
        self._cards = cards
        self._clock = clock
        self._channel = channel

    async def send(self, recipient: str, post: DeskPost) -> None:
        """Resolve 'the group' per ticket, draw cards as the ticket is now, and post."""
        ticket = await self._tickets.get(post.ticket) if post.ticket else None
        to = recipient
        if recipient == posts.GROUP:
            to = posts.SUPERVISORS if ticket and ticket.confidential else STAFF
        if post.kind is PostKind.CARD and ticket:
            text = self._cards.card(ticket, self._clock.now())
            post = replace(post, text=text, options=self._cards.actions(ticket))
        await self._channel.post(to, post)
