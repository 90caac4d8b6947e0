"""A fake Twilio REST API on loopback, for the real twilio-python client and media downloads.

Start it with ``async with FakeTwilio() as twilio:`` and point the bot's
``BOT_TWILIO_API_URL`` at ``twilio.root``. It takes ``POST .../Messages.json`` as
api.twilio.com does (form fields ``To``, ``From``, ``Body``, ``ContentSid``,
``ContentVariables``, ``MediaUrl``, ``StatusCallback``; 201 with the message's JSON,
or Twilio's error JSON), records each in ``messages``, and serves registered media
behind Basic auth with a redirect to unauthenticated storage, as Twilio does.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.fakes.loopback import Loopback, Signal

ACCOUNT = "AC" + "0" * 32
TOKEN = "fake-auth-token"


@dataclass
class Sent:
    """One message the bot asked Twilio to send."""

    to: str
    body: str | None
    content_sid: str | None = None
    variables: str | None = None
    media: list[str] = field(default_factory=list)
    callback: str | None = None
    sid: str = ""


@dataclass
class _Media:
    content: bytes
    content_type: str
    not_yet: int = 0


class FakeTwilio:
    """A local stand-in for api.twilio.com."""

    def __init__(self) -> None:
        self.root = ""
        self.messages: list[Sent] = []
        self.refused: list[dict[str, str]] = []
        self.media_requests: list[str] = []
        self._failures: list[tuple[int, int, str]] = []
        self._before_failing = 0
        self._media: dict[str, _Media] = {}
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

    # -- steering ------------------------------------------------------------------------

    def fail(self, status: int, code: int, message: str, times: int = 1, after: int = 0) -> None:
        """Refuse `times` message requests with Twilio's error JSON, after accepting `after`."""
        self._failures.extend([(status, code, message)] * times)
        self._before_failing = after

    def media(self, content: bytes, content_type: str, not_yet: int = 0) -> str:
        """Register a media file as received with a message; its URL (404 `not_yet` times)."""
        media = f"ME{next(self._ids):032d}"
        self._media[media] = _Media(content, content_type, not_yet)
        return f"{self.root}/2010-04-01/Accounts/{ACCOUNT}/Messages/MM1/Media/{media}"

    def sent_to(self, address: str) -> list[Sent]:
        """Messages accepted for `address` (with or without the whatsapp: prefix), in order."""
        wanted = address if address.startswith("whatsapp:") else f"whatsapp:{address}"
        return [message for message in self.messages if message.to == wanted]

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
            if self._failures and self._before_failing:
                self._before_failing -= 1
            elif self._failures:
                status, code, message = self._failures.pop(0)
                self.refused.append(params)
                return _error(status, code, message)
            if not params.get("Body") and not params.get("ContentSid") and "MediaUrl" not in form:
                return _error(400, 21619, "A text message body or media urls must be specified.")
            if len(params.get("Body", "")) > 1600:
                return _error(400, 21617, "The concatenated message body exceeds 1600 characters.")
            sid = f"SM{next(self._ids):032d}"
            self.messages.append(
                Sent(
                    to=params["To"],
                    body=params.get("Body"),
                    content_sid=params.get("ContentSid"),
                    variables=params.get("ContentVariables"),
                    media=[str(url) for url in form.getlist("MediaUrl")],
                    callback=params.get("StatusCallback"),
                    sid=sid,
                )
            )
            return JSONResponse(
                {"sid": sid, "status": "queued", "to": params["To"], "body": params.get("Body")},
                status_code=201,
            )
        finally:
            self._changed.fire()

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

    async def _stored(self, request: Request) -> Response:
        found = self._media[request.path_params["media"]]
        return Response(found.content, media_type=found.content_type)


def _authorised(request: Request) -> bool:
    expected = base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()
    return request.headers.get("authorization") == f"Basic {expected}"


def _error(status: int, code: int, message: str) -> Response:
    return JSONResponse(
        {"code": code, "message": message, "more_info": "", "status": status}, status_code=status
    )
