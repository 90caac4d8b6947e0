"""How the bot's Bot API calls leave: over aiohttp, paced to Telegram's flood limits.

Through PTB's own transport (httpx) a call costs 1.2-3 ms of CPU, through aiohttp
(already here for Twilio) 0.3-0.6 ms, of which PTB itself takes 0.14 (bench/telegram_limits.py).

Telegram's limits (core.telegram.org/bots/faq): about 30 messages a second to all users;
in one chat about one a second, short bursts allowed; 20 a minute in a group. Edits share a
chat's limit with sends and topics are sends; answering a press is free (Telegram's levlam,
tdlib/td#2592, tdlib/td#3034, tdlib/telegram-bot-api#648). The pacer keeps to them chat by
chat, so one chat's wait holds up no other.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import JSONDict, ODVInput
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter
from telegram.request import BaseRequest, RequestData

Result = bool | JSONDict | list[JSONDict]
Call = Callable[..., Coroutine[Any, Any, Result]]

_READ, _WRITE, _CONNECT, _POOL, _UPLOAD = 5.0, 5.0, 5.0, 1.0, 20.0
"""Seconds, as PTB's own HTTPXRequest waits by default."""
_SWEEP = 1024
"""Chats remembered before those whose limits no longer bind are forgotten."""


def retry_seconds(error: RetryAfter) -> float:
    """How long Telegram asked to wait (a timedelta under PTB_TIMEDELTA, else seconds)."""
    after = error.retry_after
    return after.total_seconds() if isinstance(after, timedelta) else float(after)


def _given(value: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


class AiohttpRequest(BaseRequest):
    """PTB's requests over one aiohttp session: connections kept alive, `connections` at most.

    Unlike httpx, no proxy is read from the environment: none is configured here, and aiohttp
    would read it (and ~/.netrc) in a thread on every call.
    """

    def __init__(self, connections: int = 256) -> None:
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        """Seconds to wait for Telegram's answer (PTB adds a long poll's own timeout)."""
        return _READ

    async def initialize(self) -> None:
        """Open the session (in the running loop, as aiohttp requires)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._connections)
            self._session = aiohttp.ClientSession(connector=connector)

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One call: its status and body; TimedOut or NetworkError when it got none."""
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data else {}
        waits = (
            _given(read_timeout, _READ),
            _given(write_timeout, _UPLOAD if files else _WRITE),
            _given(connect_timeout, _CONNECT),
            _given(pool_timeout, _POOL),
        )
        timeout = aiohttp.ClientTimeout(
            total=None if None in waits else sum(w or 0.0 for w in waits),
            sock_connect=waits[2],
            sock_read=waits[0],
        )
        headers = {"User-Agent": self.USER_AGENT}
        body = _body(request_data, files)
        try:
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:  # aiohttp's own timeouts are TimeoutErrors too
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error


def _body(request_data: RequestData | None, files: dict[str, Any]) -> aiohttp.FormData | None:
    """The parameters as a form (url-encoded, or multipart with the files, names in UTF-8)."""
    if request_data is None:
        return None
    form = aiohttp.FormData(request_data.json_parameters, quote_fields=False)
    for name, (filename, content, mimetype) in files.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form


class Limit(Protocol):
    """How often calls may go in one scope (the whole bot, a chat)."""

    def delay(self, now: float) -> float:
        """Seconds until one more may go."""

    def take(self, now: float) -> None:
        """Count one that goes now."""

    def idle(self, now: float) -> bool:
        """Whether it binds no more (as if nothing had gone)."""


class Bucket:
    """`burst` at once, then `rate` a second (a token bucket, kept as its next free time)."""

    def __init__(self, rate: float, burst: int) -> None:
        self._interval = 1 / rate
        self._slack = (burst - 1) / rate
        self._free = 0.0

    def delay(self, now: float) -> float:
        """Seconds until one more may go."""
        return max(self._free - self._slack - now, 0.0)

    def take(self, now: float) -> None:
        """Count one that goes now."""
        self._free = max(self._free, now) + self._interval

    def idle(self, now: float) -> bool:
        """Whether it binds no more."""
        return self._free <= now


class Window:
    """At most `count` in any `seconds`."""

    def __init__(self, count: int, seconds: float) -> None:
        self._times: deque[float] = deque(maxlen=count)
        self._seconds = seconds

    def delay(self, now: float) -> float:
        """Seconds until the oldest of a full window is out of it."""
        if len(self._times) < (self._times.maxlen or 0):
            return 0.0
        return max(self._times[0] + self._seconds - now, 0.0)

    def take(self, now: float) -> None:
        """Count one that goes now."""
        self._times.append(now)

    def idle(self, now: float) -> bool:
        """Whether it binds no more."""
        return not self._times or self._times[-1] + self._seconds <= now


def overall() -> Limit:
    """Messages to all chats: 29 a second, evenly, so that no second holds more than 30."""
    return Bucket(29, 1)


def private_chat() -> Limit:
    """Calls in a person's chat: one a second, a minute's worth at once ("short bursts"): a
    person writing at bot.flood's limit is answered without waiting, edits and all."""
    return Bucket(1, 60)


def group() -> Limit:
    """Calls in a group (the staff's): 20 in any minute, with a second to spare."""
    return Window(20, 61)


@dataclass
class _Lane:
    """One chat's calls, one at a time in the order they came, each counted against its
    `limit`; none goes before a 429's wait is over."""

    limit: Limit
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    flooded_until: float = 0.0

    def delay(self, now: float) -> float:
        return max(self.flooded_until - now, self.limit.delay(now))

    def idle(self, now: float) -> bool:
        return not self.lock.locked() and self.flooded_until <= now and self.limit.idle(now)


class Pacer(BaseRateLimiter[int]):
    """Keeps the bot within Telegram's limits, each chat's calls in their order.

    Chats are served side by side; a 429 pauses its own chat for `retry_after` and is tried
    again there up to `retries` times before it reaches the caller (the outbox's retry).
    """

    def __init__(self, retries: int = 1) -> None:
        self._retries = retries
        self._overall = overall()
        self._turns = asyncio.Lock()
        self._lanes: dict[int | str, _Lane] = {}

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Call,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """Make the call when its chat and the bot may; calls naming no chat go at once."""
        chat = data.get("chat_id")
        if chat is None:
            return await callback(*args, **kwargs)
        lane = self._lane(chat)
        message = endpoint.startswith("send")
        retries = self._retries if rate_limit_args is None else rate_limit_args
        async with lane.lock:
            while True:
                await self._wait_turn(lane, message)
                try:
                    return await callback(*args, **kwargs)
                except RetryAfter as error:
                    lane.flooded_until = _now() + retry_seconds(error)
                    if retries <= 0:
                        raise
                    retries -= 1

    async def _wait_turn(self, lane: _Lane, message: bool) -> None:
        """Wait until the chat may take one more call, then, for a message, the bot."""
        if wait := lane.delay(_now()):
            await asyncio.sleep(wait)
        if message:
            async with self._turns:  # first come, first served
                if wait := self._overall.delay(_now()):
                    await asyncio.sleep(wait)
                self._overall.take(_now())
        lane.limit.take(_now())

    def _lane(self, chat: object) -> _Lane:
        key: int | str = str(chat)
        with contextlib.suppress(ValueError):
            key = int(key)
        lane = self._lanes.get(key)
        if lane is None:
            if len(self._lanes) >= _SWEEP:
                self._forget_idle()
            lane = _Lane(group() if isinstance(key, str) or key < 0 else private_chat())
            self._lanes[key] = lane
        return lane

    def _forget_idle(self) -> None:
        now = _now()
        for key in [key for key, lane in self._lanes.items() if lane.idle(now)]:
            del self._lanes[key]


def _now() -> float:
    return asyncio.get_running_loop().time()
