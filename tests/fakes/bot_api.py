"""A fake Telegram Bot API server on loopback, for driving the real python-telegram-bot stack.

Start it with ``async with FakeBotAPI() as fake:`` and point PTB at it::

    Bot(fake.token, base_url=f"{fake.root}/bot", base_file_url=f"{fake.root}/file/bot")

It records every call (``fake.calls``), answers like api.telegram.org for the methods a chatbot
uses, serves queued updates through ``getUpdates`` and can be told to fail (``fail``, with the
errors below such as ``BLOCKED``) or to play a chat's state (``closed_topics``, ``migrated``, ...).

With ``limits`` set (``Limits()``: Telegram's own) it also keeps Telegram's flood limits: a call
over them, or one to a chat still within a 429's ``retry_after``, is answered 429 and recorded in
``violations`` as a refusal, so a test proves the bot keeps to them.

It is strict: every call is checked against the published spec (``bot_api_spec``, Bot API 10.1).
A malformed call (unknown method or parameter, a required one missing, a value of the wrong type,
at any depth of ``reply_markup`` and the like) and a call Telegram refuses by a stated limit
(text over 4096 UTF-16 code units, callback_data over 64 bytes, ...) are answered as Telegram
would and recorded in ``violations``; leaving the ``async with`` raises AssertionError listing
them, except refusals the test announced with ``expect_refusals`` (a malformed call always fails).

How PTB 22 talks to the Bot API, which the decoding below undoes: every method is a POST whose
parameters are url-encoded form fields; strings go as they are and every other value (numbers,
booleans, lists, objects such as ``reply_markup``) as its JSON text, so ``text="42"`` and
``chat_id=42`` look the same on the wire and the field name decides. An upload turns the body into
``multipart/form-data`` with the same fields plus one file part, named after the parameter
(``photo``), or ``attached<hex>`` when a field refers to it as ``attach://attached<hex>``. PTB reads
only ``result`` on success; on failure it ignores ``ok``/``error_code`` and maps ``parameters``
(``retry_after`` → RetryAfter, ``migrate_to_chat_id`` → ChatMigrated) and then the HTTP status
(403 Forbidden, 400 BadRequest, 401/404 InvalidToken, 409 Conflict, others NetworkError).
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import math
import mimetypes
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message as _Headers
from email.utils import collapse_rfc2231_value
from functools import partial
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes import bot_api_spec
from tests.fakes.bot_api_spec import Problem
from tests.fakes.loopback import Loopback, Signal

JSON = dict[str, Any]
ChatKey = int | str

SEND_METHODS = (
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "sendVoice",
    "sendVideo",
    "sendSticker",
    "sendLocation",
)
"""The methods that deliver a message to a chat, as ``sent_to`` counts them."""

_UNSUPPORTED = "Bad Request: method not supported by the fake"
_TOPIC_METHODS = frozenset({"closeForumTopic", "reopenForumTopic"})


class Answer(NamedTuple):
    """An error as Telegram answers it; unpack it into ``fail``: ``fail(method, *BLOCKED)``."""

    status: int
    description: str


# The errors a real Telegram answers that tests play (tests/fakes/specs/README.md).
TOO_LONG = Answer(400, "Bad Request: message is too long")
NOT_MODIFIED = Answer(
    400,
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message",
)
EDIT_NOT_FOUND = Answer(400, "Bad Request: message to edit not found")
THREAD_NOT_FOUND = Answer(400, "Bad Request: message thread not found")
TOPIC_CLOSED = Answer(400, "Bad Request: TOPIC_CLOSED")
TOPIC_DELETED = Answer(400, "Bad Request: TOPIC_DELETED")
QUERY_TOO_OLD = Answer(
    400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
CANNOT_CREATE_TOPIC = Answer(400, "Bad Request: not enough rights to create a topic")
CANNOT_MANAGE_TOPICS = Answer(400, "Bad Request: not enough rights to manage topics")
CANT_PARSE_ENTITIES = Answer(
    400, "Bad Request: can't parse entities: can't find end of the entity starting at byte offset 0"
)
UPGRADED = Answer(400, "Bad Request: group chat was upgraded to a supergroup chat")
"""Needs ``migrate_to_chat_id``."""
BLOCKED = Answer(403, "Forbidden: bot was blocked by the user")
DEACTIVATED = Answer(403, "Forbidden: user is deactivated")
NOT_A_MEMBER = Answer(403, "Forbidden: bot is not a member of the supergroup chat")
UNAUTHORIZED = Answer(401, "Unauthorized")


def too_many_requests(seconds: int) -> Answer:
    """The 429 (``fail`` adds ``parameters.retry_after`` from it)."""
    return Answer(429, f"Too Many Requests: retry after {seconds}")


_WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_DEFAULT_ICON_COLOR = 7322096


@dataclass(frozen=True)
class Call:
    """One Bot API request the fake received, in arrival order.

    ``params`` holds the decoded parameters: JSON fields (``reply_markup``, ``commands``,
    ``allowed_updates``, ...) as Python objects, numbers and booleans typed, uploaded files as
    ``{"filename": ..., "size": ...}``. ``error`` is the description the fake answered with when
    the call failed, else None.
    """

    method: str
    params: dict[str, Any]
    error: str | None = None
    result: Any = None
    at: float = field(default_factory=time.monotonic)
    """When it arrived (``time.monotonic``)."""


@dataclass(frozen=True)
class Limits:
    """Telegram's flood limits (core.telegram.org/bots/faq), as the fake keeps them: edits
    share a chat's limit with sends, answering a press is free (Telegram's levlam in
    tdlib/td#3034, tdlib/telegram-bot-api#648). Telegram publishes rates, not bursts: the
    bursts are the fake's own reading of "short bursts"."""

    per_second: float = 30
    """Messages (send* calls) to all chats: "not more than 30 messages per second or so" (a
    second's worth may come at once)."""
    chat_per_second: float = 1
    chat_burst: int = 70
    """Sends and edits in one private chat: "avoid more than one message per second ... short
    bursts"."""
    group_per_minute: int = 20
    """Sends, edits and topics in one group, in any 60 seconds."""


class _Budget:
    """A token bucket: `capacity` at once, refilled at `rate` a second."""

    def __init__(self, rate: float, capacity: float) -> None:
        self.rate, self.capacity = rate, capacity
        self.tokens, self.at = capacity, time.monotonic()

    def wait(self, now: float) -> float:
        """Seconds until one call more is within it."""
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now
        return (1 - self.tokens) / self.rate

    def spend(self, now: float) -> None:
        self.tokens -= 1


class _Window:
    """At most `count` calls in any `seconds`."""

    def __init__(self, count: int, seconds: float) -> None:
        self.count, self.seconds = count, seconds
        self.times: deque[float] = deque()

    def wait(self, now: float) -> float:
        """Seconds until one call more is within it."""
        while self.times and self.times[0] <= now - self.seconds:
            self.times.popleft()
        return self.times[0] + self.seconds - now if len(self.times) >= self.count else 0.0

    def spend(self, now: float) -> None:
        self.times.append(now)


@dataclass(frozen=True)
class Violation:
    """A call that broke the spec. ``refusal``: Telegram refuses it by a stated limit (a test
    may expect that); otherwise the call is malformed, or the fake cannot play the method."""

    method: str
    where: str
    detail: str
    answered: str | None
    refusal: bool = False

    def __str__(self) -> str:
        kind = "refused" if self.refusal else "MALFORMED"
        answered = f"answered {self.answered!r}" if self.answered else "ignored by Telegram"
        return f"{kind} {self.method} {self.where}: {self.detail} ({answered})"


@dataclass
class _Failure:
    method: str
    status: int
    description: str
    parameters: JSON
    times: int
    chat_id: int | None
    message_thread_id: int | None
    after: int = 0


class _ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


class FakeBotAPI:
    """A local stand-in for api.telegram.org: records every request, answers like Telegram."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        bot_id: int = 123456,
        username: str = "association_bot",
    ) -> None:
        self.token = token
        self.bot_id = bot_id
        self.username = username
        self.root = ""
        self.calls: list[Call] = []
        self.spec = bot_api_spec.load()
        self.violations: list[Violation] = []
        """Every breach of the spec so far (see the module docstring)."""
        self._expected: set[str] = set()
        self._failures: list[_Failure] = []
        self._updates: list[JSON] = []
        self._update_ids = itertools.count(1)
        self._ids = itertools.count(1)
        self._last_message_id: dict[ChatKey, int] = {}
        self._messages: dict[tuple[ChatKey, int], JSON] = {}
        self._chats: dict[ChatKey, JSON] = {}
        self._users: dict[int, JSON] = {}
        self._files: dict[str, bytes] = {}
        self._commands: dict[str, list[JSON]] = {}
        self._webhook: JSON = {}
        self._allowed_updates: list[str] = []
        self._changed = Signal()
        self._closing = False
        self._loopback = Loopback("fake Bot API")
        self.group_budget: int | None = None
        """Sends and edits a group may take in a minute (Telegram's is 20); None: no limit."""
        self._spent: dict[int, int] = {}
        self.limits: Limits | None = None
        """Telegram's flood limits, kept when set (see the module docstring)."""
        self._limited: dict[ChatKey | None, _Budget | _Window] = {}
        self._flooded: dict[ChatKey, float] = {}
        self.forums: set[int] = set()
        """Group chats that have topics (getChat says is_forum)."""
        self.members: dict[int, dict[int, str]] = {}
        self.usernames: dict[int, str] = {}
        """People's @usernames, as their messages carry them."""
        self.rights: dict[tuple[int, int], dict[str, bool]] = {}
        """An administrator's rights in a chat (chat, user) beyond none: `can_manage_topics`."""
        """Per group, who is in it: user id → 'creator', 'member', 'left' or 'kicked'
        (getChatMember answers 'left' for anyone else)."""
        self.bots: set[int] = set()
        """User ids that are bot accounts: their messages and presses say is_bot."""
        self.deleted_topics: set[int] = set()
        """Topic ids staff deleted: sending into one answers 400 'message thread not found',
        closing or reopening it 'TOPIC_DELETED'."""
        self.closed_topics: set[int] = set()
        """Topic ids staff closed: sending into one answers 400 'TOPIC_CLOSED' (reopenForumTopic
        opens it again)."""
        self.migrated: dict[int, int] = {}
        """Group id → supergroup id it was upgraded to: any call naming the old id answers 400
        'group chat was upgraded to a supergroup chat' with ``migrate_to_chat_id``."""
        self.cannot_manage_topics: set[int] = set()
        """Chats where the bot lacks can_manage_topics: createForumTopic answers 'not enough
        rights to create a topic', closing and reopening 'not enough rights to manage topics'."""
        self.revoked = False
        """The token was revoked: every call answers 401 Unauthorized."""
        self.expired_queries: set[str] = set()
        """Callback query ids answered too late; answering one (or an id never issued by
        ``callback``) answers 400 'query is too old ...'."""
        self._queries: set[str] = set()
        self._handlers: dict[str, Callable[[JSON, dict[str, bytes]], Any]] = {
            "getMe": self._get_me,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "getMyCommands": self._get_my_commands,
            "logOut": self._true,
            "close": self._true,
            "answerCallbackQuery": self._true,
            "closeForumTopic": partial(self._set_topic, closed=True),
            "reopenForumTopic": partial(self._set_topic, closed=False),
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "getFile": self._get_file,
            "createForumTopic": self._create_forum_topic,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "sendVoice": self._send_voice,
            "sendVideo": self._send_video,
            "sendSticker": self._send_sticker,
            "sendLocation": self._send_location,
        }

    # -- lifecycle -------------------------------------------------------------------------

    async def __aenter__(self) -> FakeBotAPI:
        """Start the server on a free loopback port in the running loop; set ``root``."""
        app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._api, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._download, methods=["GET"]),
                Route("/{path:path}", self._no_route, methods=["GET", "POST"]),
            ]
        )
        self.root = await self._loopback.start(app)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Answer pending long polls and stop the server; fail on unexpected violations."""
        self._closing = True
        self._changed.fire()
        await self._loopback.stop()
        unexpected = [v for v in self.violations if not self._is_expected(v)]
        if unexpected:
            listed = "\n  ".join(map(str, unexpected))
            raise AssertionError(
                f"the bot's Telegram calls broke the {self.spec.version} spec:\n  {listed}"
            ) from exc

    def expect_refusals(self, *descriptions: str) -> None:
        """Declare that Telegram refusing calls by a limit is this test's script: violations whose
        answer contains one of ``descriptions`` (``"message is too long"``) do not fail it.
        Malformed calls cannot be expected."""
        self._expected.update(d.casefold() for d in descriptions)

    def _is_expected(self, violation: Violation) -> bool:
        said = (violation.answered or "").casefold()
        return violation.refusal and any(wanted in said for wanted in self._expected)

    # -- inspecting and steering ---------------------------------------------------------------

    def called(self, method: str) -> list[Call]:
        """The calls of ``method`` (any letter case), in order, failed ones included."""
        wanted = method.lower()
        return [call for call in self.calls if call.method.lower() == wanted]

    def sent_to(self, chat_id: int) -> list[Call]:
        """The successful sendMessage/sendPhoto/... calls to ``chat_id``, in order."""
        return [
            call
            for call in self.calls
            if call.method in SEND_METHODS
            and call.error is None
            and call.params.get("chat_id") == chat_id
        ]

    def fail(
        self,
        method: str,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        times: int = 1,
        chat_id: int | None = None,
        message_thread_id: int | None = None,
        after: int = 0,
    ) -> None:
        """Make ``times`` calls of ``method`` (to ``chat_id`` / ``message_thread_id`` if given)
        fail, once ``after`` such calls succeeded; ``fail(method, *BLOCKED)`` plays a listed error.

        They answer ``{"ok": false, "error_code": status, "description": description}`` with
        that HTTP status, plus ``"parameters"``: ``retry_after`` for a 429 (by default the N of
        "retry after N"), ``migrate_to_chat_id`` (required for the supergroup upgrade).
        """
        if times < 1:
            raise ValueError("times must be at least 1")
        canonical = self.spec.canonical(method)
        if canonical is None:
            raise ValueError(f"{method} is not a {self.spec.version} method")
        if status == 429 and retry_after is None:
            said = re.search(r"retry after (\d+)", description)
            if not said:
                raise ValueError("a 429 needs retry_after")
            retry_after = int(said.group(1))
        if description == UPGRADED.description and migrate_to_chat_id is None:
            raise ValueError("the supergroup upgrade needs migrate_to_chat_id")
        given = {"retry_after": retry_after, "migrate_to_chat_id": migrate_to_chat_id}
        parameters = {key: value for key, value in given.items() if value is not None}
        self._failures.append(
            _Failure(
                canonical,
                status,
                description,
                parameters,
                times,
                chat_id,
                message_thread_id,
                after,
            )
        )

    async def wait_for(
        self,
        condition: Callable[[], bool],
        timeout: float = 10.0,  # noqa: ASYNC109 - a deadline for the condition, not for one call
    ) -> None:
        """Return once ``condition()`` holds, re-checked after every request and push.

        Raises TimeoutError when it still does not hold after ``timeout`` seconds.
        """
        try:
            async with asyncio.timeout(timeout):
                while not condition():
                    await self._changed.event.wait()
        except TimeoutError:
            seen = [call.method for call in self.calls]
            raise TimeoutError(
                f"condition not met within {timeout}s; calls so far: {seen}"
            ) from None

    # -- incoming updates ----------------------------------------------------------------------

    def message(
        self,
        user_id: int,
        text: str | None = None,
        *,
        chat_id: int | None = None,
        photo: bool = False,
        document: str | None = None,
        voice: bool = False,
        video: bool = False,
        sticker: bool = False,
        location: tuple[float, float] | None = None,
        caption: str | None = None,
        message_thread_id: int | None = None,
        reply_to: int | None = None,
        first_name: str = "Noura",
        language_code: str = "ar",
    ) -> dict[str, Any]:
        """Build a ``message`` Update from a person (not queued: see ``push``).

        The chat is private when ``chat_id`` is None or equals ``user_id``, else a supergroup (a
        forum when ``message_thread_id`` is given). ``document`` is the file's name. Text that
        starts with ``/`` carries a ``bot_command`` entity. Media take ``caption``, not ``text``.
        """
        media = [photo, document is not None, voice, video, sticker, location is not None]
        if text is not None and any(media):
            raise ValueError("a message with media has a caption=, not text")
        user = self._person(user_id, first_name, language_code)
        key = user_id if chat_id is None else chat_id
        if key == user_id:
            chat: JSON = {"id": user_id, "type": "private", "first_name": first_name}
        else:
            chat = self._chats.get(key) or {"id": key, "type": "supergroup", "title": "Test group"}
            if message_thread_id is not None:
                chat["is_forum"] = True
        self._chats[key] = chat
        message = self._new_message(key, user)
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split(maxsplit=1)[0]
                length = len(command.encode("utf-16-le")) // 2
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        if photo:
            message["photo"] = _media("photo", *self._new_file(None))
        if document is not None:
            message["document"] = _media("document", *self._new_file(None), filename=document)
        for kind, wanted in (("voice", voice), ("video", video), ("sticker", sticker)):
            if wanted:
                message[kind] = _media(kind, *self._new_file(None))
        if location is not None:
            message["location"] = {"latitude": location[0], "longitude": location[1]}
        if caption is not None:
            message["caption"] = caption
        if message_thread_id is not None:
            message["message_thread_id"] = message_thread_id
            message["is_topic_message"] = True
        if reply_to is not None:
            message["reply_to_message"] = self._embedded(key, reply_to)
        return self._store_update("message", message)

    def callback(
        self,
        user_id: int,
        data: str,
        *,
        message_id: int,
        chat_id: int | None = None,
        too_old: bool = False,
    ) -> dict[str, Any]:
        """Build a ``callback_query`` Update: ``user_id`` pressed a button of the bot's message
        (``too_old``: by the time the bot answers it, Telegram no longer takes the answer)."""
        key = user_id if chat_id is None else chat_id
        query_id = str(next(self._ids))
        self._queries.add(query_id)
        if too_old:
            self.expired_queries.add(query_id)
        query = {
            "id": query_id,
            "from": self._person(user_id),
            "chat_instance": f"instance-{key}",
            "data": data,
            "message": self._embedded(key, message_id),
        }
        return {"update_id": next(self._update_ids), "callback_query": query}

    def edited(
        self, user_id: int, message_id: int, text: str, *, chat_id: int | None = None
    ) -> dict[str, Any]:
        """Build an ``edited_message`` Update: the person changed the text of their message."""
        key = user_id if chat_id is None else chat_id
        message = self._messages.get((key, message_id)) or {
            "message_id": message_id,
            "date": _now(),
            "chat": self._chat(key),
            "from": self._person(user_id),
        }
        message = copy.deepcopy(message)
        message["text"] = text
        message["edit_date"] = _now()
        self._messages[(key, message_id)] = message
        return {"update_id": next(self._update_ids), "edited_message": copy.deepcopy(message)}

    def my_chat_member(self, user_id: int, status: str) -> dict[str, Any]:
        """Build a ``my_chat_member`` Update for the private chat: ``"kicked"`` = blocked the bot,
        ``"member"`` = unblocked it."""

        def member(state: str) -> JSON:
            entry: JSON = {"user": self._bot_user(), "status": state}
            if state == "kicked":
                entry["until_date"] = 0
            return entry

        change = {
            "chat": self._chat(user_id),
            "from": self._person(user_id),
            "date": _now(),
            "old_chat_member": member("member" if status == "kicked" else "kicked"),
            "new_chat_member": member(status),
        }
        return {"update_id": next(self._update_ids), "my_chat_member": change}

    def push(self, update: dict[str, Any]) -> None:
        """Queue an update for ``getUpdates`` and wake a waiting long poll."""
        self._updates.append(update)
        self._changed.fire()

    # -- HTTP ------------------------------------------------------------------------------------

    async def _api(self, request: Request) -> Response:
        name = request.path_params["method"]
        if self.revoked:
            self._record(name, {}, UNAUTHORIZED.description)
            return _error(*UNAUTHORIZED)
        if request.path_params["token"] != self.token:
            return _error(404, "Not Found")
        method = self.spec.canonical(name)
        if method is None:  # what Telegram answers for a method it does not have
            return self._unreadable(name, "no such method", 404, "Not Found")
        try:
            params, uploads = await _read_params(request, partial(self.spec.types_of, method))
        except ValueError as exc:
            return self._unreadable(method, str(exc), 400, f"Bad Request: {exc}")
        try:
            self._violate(method, self.spec.check(method, params, uploads))
            self._take_failure(method, params)
            self._play_state(method, params)
            if method == "getUpdates":
                return await self._get_updates(request, params)
            self._over_group_budget(method, params)
            self._over_limits(method, params)
            handler = self._handlers.get(method)
            if handler is None:
                gap = Violation(method, "(call)", "the fake does not play it: add it", _UNSUPPORTED)
                self.violations.append(gap)
                raise _ApiError(400, _UNSUPPORTED)
            result = handler(params, uploads)
        except _ApiError as exc:
            self._record(method, params, exc.description)
            self._flood_wait(params, exc)
            return _error(exc.status, exc.description, exc.parameters)
        self._record(method, params, result=result)
        return _ok(result)

    async def _download(self, request: Request) -> Response:
        path: str = request.path_params["path"]
        if request.path_params["token"] != self.token or not path.startswith("files/"):
            return _error(404, "Not Found")
        file_id = path.removeprefix("files/")
        return Response(self._content(file_id), media_type="application/octet-stream")

    async def _no_route(self, request: Request) -> Response:
        return _error(404, "Not Found")

    def _record(
        self, method: str, params: JSON, error: str | None = None, result: Any = None
    ) -> None:
        self.calls.append(Call(method, params, error, result))
        self._changed.fire()

    def _unreadable(self, method: str, detail: str, status: int, description: str) -> Response:
        """Refuse a call that cannot be read as a Bot API call at all (a violation)."""
        self.violations.append(Violation(method, "(call)", detail, description))
        self._record(method, {}, description)
        return _error(status, description)

    def _violate(self, method: str, problems: list[Problem]) -> None:
        """Record ``problems`` as violations; raise the answer of the first Telegram would give
        (a malformed call's before a refusal's)."""
        self.violations += [
            Violation(method, p.where or "(call)", p.detail, p.description, p.refusal)
            for p in problems
        ]
        answered = sorted((p for p in problems if p.description), key=lambda p: p.refusal)
        if answered:
            raise _ApiError(answered[0].status, answered[0].description or "")

    def _over_group_budget(self, method: str, params: JSON) -> None:
        """Telegram's 20 sends and edits a minute per group, when `group_budget` is set."""
        if self.group_budget is None or not (method.startswith("send") or "edit" in method.lower()):
            return
        chat = params.get("chat_id")
        if not isinstance(chat, int) or chat >= 0:
            return
        spent = self._spent.get(chat, 0)
        if spent >= self.group_budget:
            raise _ApiError(*too_many_requests(60), {"retry_after": 60})
        self._spent[chat] = spent + 1

    def _over_limits(self, method: str, params: JSON) -> None:
        """Refuse (429) a call over ``limits`` or within an earlier 429's wait; else count it."""
        chat, limits = params.get("chat_id"), self.limits
        if limits is None or not isinstance(chat, int | str):
            return
        now = time.monotonic()
        scopes = self._scopes(limits, method, chat)
        waits = [(scope.wait(now), detail) for detail, scope in scopes]
        waits.append((self._flooded.get(chat, now) - now, "called again before its 429's wait"))
        wait, detail = max(waits)
        if wait > 0:
            seconds = math.ceil(wait)
            refused = too_many_requests(seconds)
            self.violations.append(Violation(method, f"chat {chat}", detail, refused[1], True))
            raise _ApiError(*refused, {"retry_after": seconds})
        for _detail, scope in scopes:
            scope.spend(now)

    def _scopes(
        self, limits: Limits, method: str, chat: ChatKey
    ) -> list[tuple[str, _Budget | _Window]]:
        """The limits a call to `chat` counts against, each with what exceeding it means."""
        found: list[tuple[str, _Budget | _Window]] = []
        if method.startswith("send"):
            rate = limits.per_second
            found.append(
                ("over the messages a second", self._scope(None, lambda: _Budget(rate, rate)))
            )
        if method.startswith("get"):
            return found
        if isinstance(chat, str) or chat < 0:
            window = self._scope(chat, lambda: _Window(limits.group_per_minute, 60))
            found.append(("over the calls a minute in one group", window))
        else:
            budget = self._scope(chat, lambda: _Budget(limits.chat_per_second, limits.chat_burst))
            found.append(("over the calls a second in one private chat", budget))
        return found

    def _scope(
        self, key: ChatKey | None, new: Callable[[], _Budget | _Window]
    ) -> _Budget | _Window:
        if key not in self._limited:
            self._limited[key] = new()
        return self._limited[key]

    def _flood_wait(self, params: JSON, error: _ApiError) -> None:
        """Under ``limits``, a chat answered 429 may be called again only after its wait."""
        chat, wait = params.get("chat_id"), (error.parameters or {}).get("retry_after")
        if self.limits is not None and isinstance(chat, int | str) and wait:
            self._flooded[chat] = time.monotonic() + wait

    def _play_state(self, method: str, params: JSON) -> None:
        """Answer as Telegram does for the chat's state: upgraded, topic gone or closed, rights
        missing, a query answered too late."""
        chat, thread = params.get("chat_id"), params.get("message_thread_id")
        if isinstance(chat, int) and chat in self.migrated:
            raise _ApiError(*UPGRADED, {"migrate_to_chat_id": self.migrated[chat]})
        topics = method in _TOPIC_METHODS
        if thread in self.deleted_topics:
            raise _ApiError(*(TOPIC_DELETED if topics else THREAD_NOT_FOUND))
        if thread in self.closed_topics and method in SEND_METHODS:
            raise _ApiError(*TOPIC_CLOSED)
        if chat in self.cannot_manage_topics and (topics or method == "createForumTopic"):
            raise _ApiError(*(CANNOT_MANAGE_TOPICS if topics else CANNOT_CREATE_TOPIC))
        query = params.get("callback_query_id")
        if method == "answerCallbackQuery" and (
            query in self.expired_queries or query not in self._queries
        ):
            raise _ApiError(*QUERY_TOO_OLD)

    def new_minute(self) -> None:
        """A minute has passed: every group's budget is whole again."""
        self._spent.clear()

    def _take_failure(self, method: str, params: JSON) -> None:
        """Raise the first scripted failure this call meets (see ``fail``)."""
        for failure in self._failures:
            if (
                failure.method == method
                and failure.chat_id in (None, params.get("chat_id"))
                and failure.message_thread_id in (None, params.get("message_thread_id"))
            ):
                if failure.after:
                    failure.after -= 1
                    return
                failure.times -= 1
                if failure.times == 0:
                    self._failures.remove(failure)
                raise _ApiError(failure.status, failure.description, failure.parameters or None)

    # -- getUpdates --------------------------------------------------------------------------

    async def _get_updates(self, request: Request, params: JSON) -> Response:
        if self._webhook.get("url"):
            self._record("getUpdates", params, _WEBHOOK_ACTIVE)
            return _error(409, _WEBHOOK_ACTIVE)
        self._record("getUpdates", params)
        if "allowed_updates" in params:
            self._allowed_updates = list(params["allowed_updates"] or [])
        offset = int(params.get("offset", 0))
        limit = int(params.get("limit", 100))
        timeout = float(params.get("timeout", 0))
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        updates = self._pending(limit)
        if not updates and timeout > 0 and not self._closing:
            updates = await self._long_poll(request, limit, timeout)
        return _ok(updates)

    def _pending(self, limit: int) -> list[JSON]:
        allowed = self._allowed_updates
        return [u for u in self._updates if not allowed or _update_type(u) in allowed][:limit]

    async def _long_poll(self, request: Request, limit: int, seconds: float) -> list[JSON]:
        """Wait for an update, the client hanging up, server exit or the timeout."""
        gone = asyncio.ensure_future(_disconnected(request))
        try:
            async with asyncio.timeout(seconds):
                while True:
                    updates = self._pending(limit)
                    if updates or self._closing or gone.done():
                        return updates
                    woken = asyncio.ensure_future(self._changed.event.wait())
                    try:
                        await asyncio.wait({woken, gone}, return_when=asyncio.FIRST_COMPLETED)
                    finally:
                        woken.cancel()
        except TimeoutError:
            return []
        finally:
            gone.cancel()

    # -- methods -----------------------------------------------------------------------------

    def _true(self, params: JSON, uploads: dict[str, bytes]) -> bool:
        return True

    def _get_me(self, params: JSON, uploads: dict[str, bytes]) -> JSON:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _set_webhook(self, params: JSON, uploads: dict[str, bytes]) -> bool:
        url = params.get("url") or ""
        self._webhook = {"url": url, "max_connections": int(params.get("max_connections", 40))}
        if "secret_token" in params:
            self._webhook["secret_token"] = params["secret_token"]
        if "allowed_updates" in params:
            self._allowed_updates = list(params["allowed_updates"] or [])
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _delete_webhook(self, params: JSON, uploads: dict[str, bytes]) -> bool:
        self._webhook = {}
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_webhook_info(self, params: JSON, uploads: dict[str, bytes]) -> JSON:
        url = self._webhook.get("url", "")
        info: JSON = {
            "url": url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if url:
            info["max_connections"] = self._webhook["max_connections"]
            if self._allowed_updates:
                info["allowed_updates"] = list(self._allowed_updates)
        return info

    def _set_my_commands(self, params: JSON, uploads: dict[str, bytes]) -> bool:
        self._commands[_commands_key(params)] = params["commands"]
        return True

    def _delete_my_commands(self, params: JSON, uploads: dict[str, bytes]) -> bool:
        self._commands.pop(_commands_key(params), None)
        return True

    def _get_my_commands(self, params: JSON, uploads: dict[str, bytes]) -> list[JSON]:
        return self._commands.get(_commands_key(params), [])

    def _get_file(self, params: JSON, uploads: dict[str, bytes]) -> JSON:
        file_id = params["file_id"]
        if not file_id:
            raise _ApiError(400, "Bad Request: file_id is empty")
        return {
            "file_id": file_id,
            "file_unique_id": f"unique-{file_id}",
            "file_size": len(self._content(file_id)),
            "file_path": f"files/{file_id}",
        }

    def _create_forum_topic(self, params: JSON, uploads: dict[str, bytes]) -> JSON:
        key = _chat_key(params)
        chat = self._chats.setdefault(key, self._chat(key))
        chat["is_forum"] = True
        return {
            "message_thread_id": self._next_message_id(key),
            "name": params["name"],
            "icon_color": params.get("icon_color", _DEFAULT_ICON_COLOR),
        }

    def _set_topic(self, params: JSON, uploads: dict[str, bytes], *, closed: bool) -> bool:
        """closeForumTopic / reopenForumTopic."""
        thread = params["message_thread_id"]
        if closed:
            self.closed_topics.add(thread)
        else:
            self.closed_topics.discard(thread)
        return True

    def _send_message(self, params: JSON, uploads: dict[str, bytes]) -> JSON:
        return self._send(params, {"text": params["text"]})

    def _send_photo(self, params: JSON, uploads: dict[str, bytes]) -> JSON:
        return self._send_media("photo", params, uploads)

    def _send_document(self, params: JSON, uploads: dict[str, bytes]) -> JSON:
        return self._send_media("document", params, uploads)

    def _send_voice(self, params: JSON, uploads: dict[str, bytes]) -> JSON:
        return self._send_media("voice", params, uploads)

    def _send_video(self, params: JSON, uploads: dict[str, bytes]) -> JSON:
        return self._send_media("video", params, uploads)

    def _send_sticker(self, params: JSON, uploads: dict[str, bytes]) -> JSON:
        return self._send_media("sticker", params, uploads)

    def _send_location(self, params: JSON, uploads: dict[str, bytes]) -> JSON:
        try:
            where = {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
        except (KeyError, TypeError, ValueError):
            raise _ApiError(400, "Bad Request: wrong latitude or longitude") from None
        return self._send(params, {"location": where})

    def _send_media(self, kind: str, params: JSON, uploads: dict[str, bytes]) -> JSON:
        value = params[kind]
        if not value:
            raise _ApiError(400, f"Bad Request: there is no {kind} in the request")
        caption = params.get("caption")
        filename: str | None = None
        if isinstance(value, dict):
            filename = value.get("filename")
            file_id, unique, size = self._new_file(uploads.get(kind))
        elif isinstance(value, str) and not value.startswith(("http://", "https://")):
            file_id, unique, size = value, f"unique-{value}", len(self._content(value))
        else:
            file_id, unique, size = self._new_file(None)
        fields: JSON = {kind: _media(kind, file_id, unique, size, filename=filename)}
        if kind == "voice" and "duration" in params:
            fields["voice"]["duration"] = int(params["duration"])
        if caption is not None:
            fields["caption"] = str(caption)
        return self._send(params, fields)

    def _get_chat(self, params: JSON, uploads: dict[str, bytes]) -> JSON:
        key = _chat_key(params)
        chat = {**self._chat(key), "accent_color_id": 0, "max_reaction_count": 11}
        if key in self.forums:
            chat["is_forum"] = True
        return chat

    def _get_chat_member(self, params: JSON, uploads: dict[str, bytes]) -> JSON:
        key, user_id = _chat_key(params), int(params["user_id"])
        if not isinstance(key, int) or (key > 0 and key != user_id):
            raise _ApiError(400, "Bad Request: chat not found")
        status = self.members.get(key, {}).get(user_id, "left")
        member: JSON = {"user": self._person(user_id), "status": status}
        if status == "creator":
            member["is_anonymous"] = False
        if status == "kicked":
            member["until_date"] = 0
        if status == "administrator":
            member.update(dict.fromkeys(_ADMIN_RIGHTS, False), is_anonymous=False)
            member.update(self.rights.get((key, user_id), {}))
        return member

    def _send(self, params: JSON, fields: JSON) -> JSON:
        key = _chat_key(params)
        markup = params.get("reply_markup")
        message = self._new_message(key, self._bot_user())
        message.update(fields)
        if "message_thread_id" in params:
            message["message_thread_id"] = int(params["message_thread_id"])
            if message["chat"]["type"] == "supergroup":
                message["is_topic_message"] = True
        reply = params.get("reply_parameters")
        reply_id = reply.get("message_id") if isinstance(reply, dict) else None
        if reply_id is not None and (key, reply_id) in self._messages:
            message["reply_to_message"] = self._embedded(key, reply_id)
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        self._messages[(key, message["message_id"])] = copy.deepcopy(message)
        return message

    def _edit_message_text(self, params: JSON, uploads: dict[str, bytes]) -> JSON | bool:
        if "text" not in params:  # "required if rich_message isn't specified"
            raise _ApiError(400, "Bad Request: message text is empty")
        return self._edit(params, text=params["text"])

    def _edit_message_reply_markup(self, params: JSON, uploads: dict[str, bytes]) -> JSON | bool:
        return self._edit(params, text=None)

    def _edit(self, params: JSON, *, text: str | None) -> JSON | bool:
        markup = params.get("reply_markup")
        if params.get("inline_message_id"):
            return True
        key = _chat_key(params)
        stored = self._messages.get((key, params.get("message_id", 0)))
        if stored is None:
            raise _ApiError(*EDIT_NOT_FOUND)
        if stored["from"]["id"] != self.bot_id:
            raise _ApiError(400, "Bad Request: message can't be edited")
        edited = copy.deepcopy(stored)
        if text is not None:
            if "text" not in stored:
                raise _ApiError(400, "Bad Request: there is no text in the message to edit")
            edited["text"] = text
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            edited["reply_markup"] = markup
        else:
            edited.pop("reply_markup", None)
        edited.pop("edit_date", None)
        if edited == {k: v for k, v in stored.items() if k != "edit_date"}:
            raise _ApiError(*NOT_MODIFIED)
        edited["edit_date"] = _now()
        self._messages[(key, edited["message_id"])] = copy.deepcopy(edited)
        return edited

    # -- state helpers -----------------------------------------------------------------------

    def _bot_user(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Test Bot",
            "username": self.username,
        }

    def _person(self, user_id: int, first_name: str = "", language_code: str = "") -> JSON:
        known = self._users.get(user_id, {})
        person = {
            "id": user_id,
            "is_bot": user_id in self.bots,
            "first_name": first_name or known.get("first_name", "Noura"),
            "language_code": language_code or known.get("language_code", "ar"),
            **({"username": self.usernames[user_id]} if user_id in self.usernames else {}),
        }
        self._users[user_id] = person
        return dict(person)

    def _chat(self, key: ChatKey) -> JSON:
        if key in self._chats:
            return dict(self._chats[key])
        if isinstance(key, str):
            return {"id": -1001000000000, "type": "channel", "title": key, "username": key[1:]}
        if key > 0:
            name = self._users.get(key, {}).get("first_name", "Noura")
            return {"id": key, "type": "private", "first_name": name}
        return {"id": key, "type": "supergroup", "title": "Test group"}

    def _next_message_id(self, key: ChatKey) -> int:
        self._last_message_id[key] = self._last_message_id.get(key, 0) + 1
        return self._last_message_id[key]

    def _new_message(self, key: ChatKey, sender: JSON) -> JSON:
        return {
            "message_id": self._next_message_id(key),
            "date": _now(),
            "chat": self._chat(key),
            "from": sender,
        }

    def _embedded(self, key: ChatKey, message_id: int) -> JSON:
        """A message as it appears inside another (reply, callback): without its own reply."""
        stored = self._messages.get((key, message_id))
        if stored is None:
            return {"message_id": message_id, "date": _now(), "chat": self._chat(key)}
        embedded = copy.deepcopy(stored)
        embedded.pop("reply_to_message", None)
        return embedded

    def _store_update(self, kind: str, message: JSON) -> JSON:
        self._messages[(message["chat"]["id"], message["message_id"])] = copy.deepcopy(message)
        return {"update_id": next(self._update_ids), kind: message}

    def _new_file(self, content: bytes | None) -> tuple[str, str, int]:
        number = next(self._ids)
        file_id = f"file-{number}"
        if content is not None:
            self._files[file_id] = content
        return file_id, f"unique-{number}", len(self._content(file_id))

    def _content(self, file_id: str) -> bytes:
        return self._files.get(file_id, f"fake content of {file_id}".encode())


# -- module helpers ------------------------------------------------------------------------------


async def _disconnected(request: Request) -> None:
    """Return when the client hangs up (the body has been read, so only that can come)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def _read_params(
    request: Request, types_of: Callable[[str], list[str] | None]
) -> tuple[JSON, dict[str, bytes]]:
    """Decode query string and body (JSON, url-encoded or multipart) into typed parameters, by
    the types the spec declares for each (``types_of``)."""
    texts: dict[str, str] = dict(request.query_params.multi_items())
    typed: JSON = {}
    files: dict[str, tuple[str, bytes]] = {}
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    if body and content_type.startswith("application/json"):
        loaded = json.loads(body)
        if not isinstance(loaded, dict):
            raise ValueError("JSON body must be an object")
        typed = loaded
    elif body and content_type.startswith("multipart/form-data"):
        fields, files = _parse_multipart(body, content_type)
        texts.update(fields)
    elif body:
        texts.update(parse_qsl(body.decode(), keep_blank_values=True))
    params = {key: _decode_text(types_of(key), value) for key, value in texts.items()}
    for key, value in typed.items():
        declared = types_of(key)
        if isinstance(value, str) and declared and "String" not in declared:
            value = _decode_text(declared, value)
        params[key] = value
    uploads: dict[str, bytes] = {}
    for part, (filename, content) in files.items():
        key = next((k for k, v in params.items() if v == f"attach://{part}"), part)
        params[key] = {"filename": filename, "size": len(content)}
        uploads[key] = content
    return params, uploads


def _decode_text(declared: list[str] | None, value: str) -> Any:
    """A form value as PTB meant it by the parameter's declared types: a String raw (a chat_id,
    Integer or String, an int when it reads as one), anything else its JSON text (left a string,
    so a wrong type, when it is not JSON). An unknown parameter: JSON when it reads as such."""
    try:
        decoded = json.loads(value)
    except ValueError:
        return value
    if declared is None:
        return value if isinstance(decoded, str) else decoded
    if "String" in declared:
        is_int = isinstance(decoded, int) and not isinstance(decoded, bool)
        return decoded if is_int and "Integer" in declared else value
    return decoded


def _parse_multipart(
    body: bytes, content_type: str
) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    """Split a multipart/form-data body into text fields and (filename, content) files."""
    boundary = _header_param("Content-Type", content_type, "boundary")
    if not boundary:
        raise ValueError("multipart body without boundary")
    fields: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    for chunk in body.split(b"--" + boundary.encode())[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        content = content.removesuffix(b"\r\n")
        disposition = ""
        for line in head.decode().split("\r\n"):
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-disposition":
                disposition = value.strip()
        field = _header_param("Content-Disposition", disposition, "name")
        filename = _header_param("Content-Disposition", disposition, "filename")
        if filename is None:
            fields[field or ""] = content.decode()
        else:
            files[field or ""] = (filename, content)
    return fields, files


def _header_param(header: str, value: str, param: str) -> str | None:
    headers = _Headers()
    headers[header] = value
    found = headers.get_param(param, header=header)
    if found is None:
        return None
    return collapse_rfc2231_value(found)


def _media(kind: str, file_id: str, unique: str, size: int, *, filename: str | None = None) -> Any:
    """The Telegram object for a file of ``kind`` (a list of sizes for a photo)."""
    base: JSON = {"file_id": file_id, "file_unique_id": unique, "file_size": size}
    if kind == "photo":
        thumb = {**base, "file_id": f"{file_id}-s", "file_unique_id": f"{unique}-s"}
        return [{**thumb, "width": 90, "height": 90}, {**base, "width": 800, "height": 800}]
    if kind == "document":
        name = filename or "document"
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return {**base, "file_name": name, "mime_type": mime}
    if kind == "voice":
        return {**base, "duration": 1, "mime_type": "audio/ogg"}
    if kind == "video":
        return {**base, "width": 640, "height": 360, "duration": 1}
    return {
        **base,
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }


_ADMIN_RIGHTS = (
    "can_be_edited",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)
"""The rights the Bot API always gives of an administrator (ChatMemberAdministrator)."""


def _chat_key(params: JSON) -> ChatKey:
    chat_id = params.get("chat_id")
    if isinstance(chat_id, bool) or not isinstance(chat_id, int | str) or chat_id == "":
        raise _ApiError(400, "Bad Request: chat not found")
    return chat_id


def _commands_key(params: JSON) -> str:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps([scope, params.get("language_code", "")], sort_keys=True)


def _update_type(update: JSON) -> str:
    return next((key for key in update if key != "update_id"), "")


def _now() -> int:
    return int(time.time())


def _ok(result: Any) -> JSONResponse:
    return JSONResponse({"ok": True, "result": result})


def _error(status: int, description: str, parameters: JSON | None = None) -> JSONResponse:
    body: JSON = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return JSONResponse(body, status_code=status)
