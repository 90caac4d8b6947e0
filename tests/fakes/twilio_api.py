"""A strict fake Twilio on loopback, for the real twilio-python client and media downloads.

Start it with ``async with FakeTwilio(clock=...) as twilio:`` and point the bot's
``BOT_TWILIO_API_URL`` at ``twilio.root``. ``POST .../Messages.json`` is checked against
Twilio's published OpenAPI (``tests/fakes/specs/twilio_api_v2010.json``): the account in
the path, known parameters only (arrays alone repeated), ``To``/``From`` as
``whatsapp:+E.164`` (``From`` the account's sender), ``Body`` at most 1,600 characters,
``ContentSid`` a registered template (checked against ``twilio_content_v1.json``) sent
without ``Body``, ``ContentVariables`` a JSON object of strings filling every
placeholder, ``StatusCallback`` and ``MediaUrl`` absolute URLs. A call the spec refuses
is answered as Twilio does (status and JSON ``code``, ``message``, ``more_info``,
``status``) and kept in ``violations``: leaving the ``async with`` raises if there are
any, so a malformed call by the bot fails its test. Errors a test asks for with
``fail`` are not violations.

People write through ``inbound``, which opens their 24-hour customer service window on
the given clock (the bot's, so tests move both at once). A free-form message outside it
is accepted (201) and then fails with 63016, as Twilio does; a template is allowed.
Each accepted message's status callbacks (``sent``, then ``delivered`` or ``failed``) are
posted, signed with the auth token, by ``report`` through ``callbacks``.

Error codes: 20003 (authenticate), 20404 (no such account), 21604 (a required
parameter missing), 21211 (invalid To), 63007 (no WhatsApp sender for From), 21617 (body
too long), 21619 (no body, media or content), 21609 (invalid StatusCallback), 21620
(invalid media URL), 21655 (invalid ContentSid), 21656 (invalid ContentVariables) and
63016 (outside the window) are from Twilio's error dictionary: neither the spec nor
twilio-python lists codes. For an unknown or misused parameter (Body beside ContentSid,
a repeated scalar), which api.twilio.com ignores or answers variously, the fake chooses
400 with 20001 ("invalid parameter"), so the bot's call fails loudly.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from twilio.request_validator import RequestValidator

from tests.fakes.loopback import Loopback, Signal

ACCOUNT = "AC" + "0" * 32
TOKEN = "fake-auth-token"
SENDER = "whatsapp:+14155238886"
PHONE_NUMBER = "+966112345678"
"""The association's number callers ring."""
SPECS = Path(__file__).resolve().parent / "specs"
_MESSAGES = "/2010-04-01/Accounts/{AccountSid}/Messages.json"
WINDOW = timedelta(hours=24)
BODY_LIMIT = 1600
"""From the spec's description of Body ("up to 1,600 characters")."""
MEDIA_LIMIT = 10
"""From the spec's description of MediaUrl ("up to ten media_url parameters")."""
_ADDRESS = re.compile(r"whatsapp:\+[1-9][0-9]{1,14}")
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")

Callbacks = Callable[[str, dict[str, str], dict[str, str]], Awaitable[int]]
"""POST a form (url, fields, headers) to the bot as Twilio would; the HTTP status."""


@cache
def _spec(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SPECS / name).read_text(encoding="utf-8"))
    return loaded


def _create_message() -> tuple[dict[str, Any], set[str], str]:
    """The spec's Messages create: its parameters, the required ones, the account pattern."""
    operation = _spec("twilio_api_v2010.json")["paths"][_MESSAGES]["post"]
    form = operation["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    [account] = [p for p in operation["parameters"] if p["name"] == "AccountSid"]
    return form["properties"], set(form.get("required", [])), account["schema"]["pattern"]


def schema_problems(value: Any, schema: dict[str, Any], spec: dict[str, Any]) -> list[str]:
    """Where `value` breaks `schema` (the JSON Schema the specs use: $ref, type, required,
    properties, additionalProperties false, items, pattern, length)."""
    while "$ref" in schema:
        steps, schema = schema["$ref"].removeprefix("#/").split("/"), spec
        for step in steps:
            schema = schema[step]
    kind = schema.get("type")
    if kind == "object":
        if not isinstance(value, dict):
            return [f"{value!r} is not an object"]
        known = schema.get("properties", {})
        problems = [
            f"{name} is missing" for name in schema.get("required", []) if name not in value
        ]
        if schema.get("additionalProperties") is False:
            problems += [f"{name} is not a known field" for name in value if name not in known]
        for name, part in value.items():
            if name in known:
                problems += [f"{name}: {p}" for p in schema_problems(part, known[name], spec)]
        return problems
    if kind == "array":
        if not isinstance(value, list):
            return [f"{value!r} is not an array"]
        return [p for item in value for p in schema_problems(item, schema.get("items", {}), spec)]
    if kind == "string":
        if not isinstance(value, str):
            return [f"{value!r} is not a string"]
        pattern, shortest = schema.get("pattern"), schema.get("minLength", 0)
        longest = schema.get("maxLength", len(value))
        if (pattern and not re.search(pattern, value)) or not shortest <= len(value) <= longest:
            return [f"{value!r} does not fit {pattern or 'its length'}"]
    return []


@dataclass
class Sent:
    """One message Twilio accepted from the bot."""

    to: str
    body: str | None
    content_sid: str | None = None
    variables: str | None = None
    media: list[str] = field(default_factory=list)
    callback: str | None = None
    sid: str = ""
    error: str | None = None
    """Twilio's error code once it failed after acceptance (63016: outside the window)."""


@dataclass
class _Media:
    content: bytes
    content_type: str
    not_yet: int = 0


class _Refusal(Exception):
    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class FakeTwilio:
    """A local stand-in for api.twilio.com and the WhatsApp people behind it."""

    def __init__(
        self,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        sender: str = SENDER,
    ) -> None:
        self.root = ""
        self.clock = clock
        self.sender = sender
        self.messages: list[Sent] = []
        self.refused: list[dict[str, str]] = []
        self.violations: list[str] = []
        self.media_requests: list[str] = []
        self.callbacks: Callbacks | None = None
        self._failures: list[tuple[int, int, str]] = []
        self._before_failing = 0
        self._media: dict[str, _Media] = {}
        self._templates: dict[str, set[str]] = {}
        self._last_inbound: dict[str, datetime] = {}
        self._reports: list[tuple[str, dict[str, str]]] = []
        self._ids = itertools.count(1)
        self._changed = Signal()
        self._loopback = Loopback("fake Twilio")

    async def __aenter__(self) -> FakeTwilio:
        app = Starlette(
            routes=[
                Route(
                    "/2010-04-01/Accounts/{account}/Messages.json", self._create, methods=["POST"]
                ),
                Route("/2010-04-01/Accounts/{account}/Messages/{m}/Media/{media}", self._media_at),
                Route("/media-store/{media}", self._stored),
                Route("/2010-04-01/Accounts/{account}/Recordings/{name}", self._recording),
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
        await self._loopback.stop()
        if self.violations and exc is None:
            raise AssertionError("the bot called Twilio wrongly:\n" + "\n".join(self.violations))

    # -- steering ------------------------------------------------------------------------

    def fail(self, status: int, code: int, message: str, times: int = 1, after: int = 0) -> None:
        """Refuse `times` message requests with Twilio's error JSON, after accepting `after`."""
        self._failures.extend([(status, code, message)] * times)
        self._before_failing = after

    def template(self, sid: str, types: dict[str, Any]) -> None:
        """Register an approved content template (its `types`, as the Content API takes
        them); AssertionError if the Content API would refuse it."""
        spec = _spec("twilio_content_v1.json")
        create = spec["components"]["schemas"]["ContentCreateRequest"]
        problems = schema_problems({"language": "ar", "types": types}, create, spec)
        problems += schema_problems(sid, {"type": "string", "pattern": "^HX[0-9a-fA-F]{32}$"}, spec)
        assert not problems, f"the Content API refuses template {sid}: {problems}"
        self._templates[sid] = set(_PLACEHOLDER.findall(json.dumps(types, ensure_ascii=False)))

    def inbound(self, person: str, body: str = "", **extra: str) -> dict[str, str]:
        """A person writes on WhatsApp: their window opens now; the webhook's fields."""
        self._last_inbound[person] = self.clock()
        return {
            "MessageSid": f"SM{next(self._ids):032d}",
            "AccountSid": ACCOUNT,
            "From": f"whatsapp:{person}",
            "To": self.sender,
            "Body": body,
            "NumMedia": "0",
            "WaId": person.lstrip("+"),
            **extra,
        }

    def media(self, content: bytes, content_type: str, not_yet: int = 0) -> str:
        """Register a media file as received with a message; its URL (404 `not_yet` times)."""
        media = f"ME{next(self._ids):032d}"
        self._media[media] = _Media(content, content_type, not_yet)
        return f"{self.root}/2010-04-01/Accounts/{ACCOUNT}/Messages/MM1/Media/{media}"

    def call(self, caller: str, **extra: str) -> dict[str, str]:
        """A call from `caller` to the account's number: the fields of its webhooks (a
        hidden caller's `From` is what Twilio sends for one, «Anonymous»)."""
        return {
            "CallSid": f"CA{next(self._ids):032d}",
            "AccountSid": ACCOUNT,
            "From": caller,
            "Caller": caller,
            "To": PHONE_NUMBER,
            "Called": PHONE_NUMBER,
            "CallStatus": "in-progress",
            "Direction": "inbound",
            "ApiVersion": "2010-04-01",
            **extra,
        }

    def recording(self, content: bytes, not_yet: int = 0) -> dict[str, str]:
        """A message recorded on a call: the fields Twilio adds to the <Record> action's
        request (its URL serves the file as .mp3, 404 `not_yet` times first)."""
        sid = f"RE{next(self._ids):032d}"
        self._media[sid] = _Media(content, "audio/mpeg", not_yet)
        url = f"{self.root}/2010-04-01/Accounts/{ACCOUNT}/Recordings/{sid}"
        return {"RecordingUrl": url, "RecordingSid": sid, "RecordingDuration": "7"}

    def sent_to(self, address: str) -> list[Sent]:
        """Messages delivered to `address` (with or without the whatsapp: prefix), in order."""
        wanted = address if address.startswith("whatsapp:") else f"whatsapp:{address}"
        return [sent for sent in self.messages if sent.to == wanted and not sent.error]

    async def report(self) -> None:
        """Post the status callbacks due so far, in order, as Twilio does."""
        while self._reports:
            url, fields = self._reports.pop(0)
            if self.callbacks is None:
                raise RuntimeError("nowhere to post status callbacks: set `callbacks`")
            signature = RequestValidator(TOKEN).compute_signature(url, fields)
            status = await self.callbacks(url, fields, {"X-Twilio-Signature": signature})
            if not 200 <= status < 300:
                self.violations.append(f"a signed status callback got {status}: {fields}")

    async def wait_for(
        self,
        condition: Callable[[], bool],
        timeout: float = 10.0,  # noqa: ASYNC109 - a deadline for the condition, not for one call
    ) -> None:
        """Return once `condition()` holds, re-checked after every request."""
        try:
            async with asyncio.timeout(timeout):
                while not condition():
                    await self._changed.event.wait()
        except TimeoutError:
            bodies = [message.body for message in self.messages]
            raise TimeoutError(f"condition not met in {timeout}s; messages: {bodies}") from None

    # -- the API -------------------------------------------------------------------------

    async def _create(self, request: Request) -> Response:
        form = await request.form()
        params = {key: str(value) for key, value in form.items()}
        try:
            if not _authorised(request):
                return _error(401, 20003, "Authenticate")
            try:
                self._check(request.path_params["account"], form)
            except _Refusal as refusal:
                self.violations.append(f"{refusal.code} {refusal.message}: {params}")
                return _error(refusal.status, refusal.code, refusal.message)
            if self._failures and self._before_failing:
                self._before_failing -= 1
            elif self._failures:
                status, code, message = self._failures.pop(0)
                self.refused.append(params)
                return _error(status, code, message)
            return self._accept(form, params)
        finally:
            self._changed.fire()

    def _check(self, account: str, form: FormData) -> None:
        """Refuse what Twilio's spec refuses (see the module's docstring)."""
        properties, required, account_pattern = _create_message()
        if not re.fullmatch(account_pattern.strip("^$"), account) or account != ACCOUNT:
            raise _Refusal(404, 20404, f"The requested resource {account} was not found")
        for name in {key for key, _value in form.multi_items()}:
            if name not in properties:
                raise _Refusal(400, 20001, f"Unknown parameter {name}")
            if len(form.getlist(name)) > 1 and properties[name].get("type") != "array":
                raise _Refusal(400, 20001, f"{name} may be given once")
        if missing := required - set(form):
            raise _Refusal(400, 21604, f"A '{sorted(missing)[0]}' parameter is required.")
        if not _ADDRESS.fullmatch(str(form["To"])):
            raise _Refusal(400, 21211, f"Invalid 'To' Phone Number: {form['To']}")
        if form.get("From") != self.sender:
            raise _Refusal(400, 63007, "Twilio could not find a Channel with the From address")
        body, content = form.get("Body"), form.get("ContentSid")
        media = [str(url) for url in form.getlist("MediaUrl")]
        if len(str(body or "")) > BODY_LIMIT:
            raise _Refusal(400, 21617, "The concatenated message body exceeds 1600 characters.")
        if not (body or content or media):
            raise _Refusal(400, 21619, "A text message body or media urls must be specified.")
        if "StatusCallback" in form and not _url(str(form["StatusCallback"])):
            raise _Refusal(400, 21609, "Invalid StatusCallback url")
        if len(media) > MEDIA_LIMIT or not all(_url(url) for url in media):
            raise _Refusal(400, 21620, "Invalid media URL(s)")
        if content is not None:
            self._check_content(str(content), form)
        elif "ContentVariables" in form:
            raise _Refusal(400, 20001, "ContentVariables needs ContentSid")

    def _check_content(self, sid: str, form: FormData) -> None:
        """A template: sent without Body, its variables a JSON object filling it."""
        properties, _required, _account = _create_message()
        spec = _spec("twilio_api_v2010.json")
        if "Body" in form:
            raise _Refusal(400, 20001, "ContentSid is sent without Body")
        if schema_problems(sid, properties["ContentSid"], spec) or sid not in self._templates:
            raise _Refusal(400, 21655, "The ContentSid is Invalid")
        try:
            variables = json.loads(str(form.get("ContentVariables", "{}")))
        except json.JSONDecodeError:
            variables = None
        if not isinstance(variables, dict) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in variables.items()
        ):
            raise _Refusal(400, 21656, "The ContentVariables Parameter is invalid")
        if missing := self._templates[sid] - set(variables):
            raise _Refusal(400, 21656, f"ContentVariables lack {sorted(missing)}")

    def _accept(self, form: FormData, params: dict[str, str]) -> Response:
        """201 with the message; its callbacks queued (63016 when outside the window)."""
        sid = f"SM{next(self._ids):032d}"
        to = params["To"]
        since = self._last_inbound.get(to.removeprefix("whatsapp:"))
        free_form = "ContentSid" not in params
        closed = free_form and (since is None or self.clock() - since >= WINDOW)
        self.messages.append(
            Sent(
                to=to,
                body=params.get("Body"),
                content_sid=params.get("ContentSid"),
                variables=params.get("ContentVariables"),
                media=[str(url) for url in form.getlist("MediaUrl")],
                callback=params.get("StatusCallback"),
                sid=sid,
                error="63016" if closed else None,
            )
        )
        if callback := params.get("StatusCallback"):
            common = {
                "MessageSid": sid,
                "SmsSid": sid,
                "AccountSid": ACCOUNT,
                "From": params["From"],
                "To": to,
                "ApiVersion": "2010-04-01",
                "ChannelPrefix": "whatsapp",
            }
            ends = {"MessageStatus": "failed", "ErrorCode": "63016"} if closed else {}
            for status in ("sent", "delivered") if not closed else ():
                self._reports.append((callback, {**common, "MessageStatus": status}))
            if ends:
                self._reports.append((callback, {**common, **ends}))
        return JSONResponse(
            {"sid": sid, "status": "queued", "to": to, "body": params.get("Body")},
            status_code=201,
        )

    async def _media_at(self, request: Request) -> Response:
        media = request.path_params["media"]
        self.media_requests.append(media)
        found = self._media.get(media)
        if not _authorised(request):
            return _error(401, 20003, "Authenticate")
        if found is None:
            return _error(404, 20404, "The requested resource was not found")
        if found.not_yet:
            found.not_yet -= 1
            return _error(404, 20404, "The requested resource was not found")
        return RedirectResponse(f"{self.root}/media-store/{media}", status_code=307)

    async def _recording(self, request: Request) -> Response:
        """A recording's file: with the account's credentials, as .mp3 or .wav."""
        sid, _dot, extension = request.path_params["name"].partition(".")
        self.media_requests.append(sid)
        found = self._media.get(sid)
        if not _authorised(request):
            return _error(401, 20003, "Authenticate")
        if found is None or extension not in {"mp3", "wav"}:
            return _error(404, 20404, "The requested resource was not found")
        if found.not_yet:
            found.not_yet -= 1
            return _error(404, 20404, "The requested resource was not found")
        kind = "audio/mpeg" if extension == "mp3" else "audio/x-wav"
        return Response(found.content, media_type=kind)

    async def _stored(self, request: Request) -> Response:
        found = self._media[request.path_params["media"]]
        return Response(found.content, media_type=found.content_type)


def _url(text: str) -> bool:
    """An absolute http(s) URL with a hostname without underscores (the spec's words)."""
    parts = urlsplit(text)
    host = parts.hostname or ""
    return parts.scheme in {"http", "https"} and bool(host) and "_" not in host


def _authorised(request: Request) -> bool:
    expected = base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()
    return request.headers.get("authorization") == f"Basic {expected}"


def _error(status: int, code: int, message: str) -> Response:
    more = f"https://www.twilio.com/docs/errors/{code}"
    return JSONResponse(
        {"code": code, "message": message, "more_info": more, "status": status},
        status_code=status,
    )
