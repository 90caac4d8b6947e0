"""The web server: Telegram's and Twilio's webhooks, the website chat, shared files and a
health check.

A webhook answers 200 only once the update is stored, so a crash after answering
loses nothing (the runtime replays what was stored but not handled). A request
without the right secret or signature gets 403 and changes nothing, and so does one
whose body takes longer than BODY_WAIT to arrive (408).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from starlette.applications import Starlette
from starlette.datastructures import ImmutableMultiDict
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from twilio.request_validator import (
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)

from bot import inbound
from bot.app import App
from bot.channels import telegram as telegram_channel
from bot.channels import whatsapp as whatsapp_channel
from bot.channels.telegram import TelegramChannel
from bot.channels.web import WebChat
from bot.channels.whatsapp import WhatsAppChannel
from bot.files import Files
from bot.phone import line as phone_line
from bot.phone.line import PhoneLine
from bot.webchat import routes as chat_routes

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_BACKLOG = "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND given_up_at IS NULL"
TWILIO_SIGNATURE = "X-Twilio-Signature"
_EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
Lifespan = Callable[[Starlette], AbstractAsyncContextManager[None]]
BODY_WAIT = 20.0
"""Seconds a request's body may take to arrive whole. Telegram and Twilio send theirs at
once; a client trickling one in (a byte a second, to hold connections open) gets 408."""
log = logging.getLogger(__name__)


class BodyDeadline:
    """ASGI middleware: a request whose body is not whole within `seconds` gets 408 (before
    its handler acts on it) and its connection is closed."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self._app, self._seconds = app, seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            receive = _until(receive, asyncio.get_running_loop().time() + self._seconds)
        await self._app(scope, receive, send)


def _until(receive: Receive, deadline: float) -> Receive:
    """`receive`, raising 408 while the body is not whole by `deadline` (loop time)."""
    arrived = False

    async def timed() -> Message:
        nonlocal arrived
        if arrived:
            return await receive()
        try:
            async with asyncio.timeout_at(deadline):
                message = await receive()
        except TimeoutError:
            raise HTTPException(408, headers={"Connection": "close"}) from None
        arrived = not message.get("more_body", False)
        return message

    return timed


async def _gone(request: Request, _exc: Exception) -> Response:
    """A client left before its request arrived whole: nothing was done, nobody to answer."""
    log.info("a client left during %s %s", request.method, request.url.path)
    return Response(status_code=400)


async def signed_form(
    request: Request, token: str, public_url: str, signing_key: str | None = None
) -> dict[str, str] | None:
    """The form Twilio posted, if its signature is right; else None.

    Twilio signs the public URL it called (not the one behind a proxy) and every
    field, blank and repeated ones too: with the auth token (HMAC-SHA1), or, where a
    webhook rule names a SharedKey, with that key and the algorithm its settings header
    gives (refused when no key is configured). The body is read before the form, so
    both are kept; a repeated field is the last of its values here.
    """
    await request.body()
    form = await request.form()
    fields = ImmutableMultiDict([(k, v) for k, v in form.multi_items() if isinstance(v, str)])
    query = f"?{request.url.query}" if request.url.query else ""
    url = f"{public_url}{request.url.path}{query}"
    signature = request.headers.get(TWILIO_SIGNATURE, "")
    settings = request.headers.get(SIGNATURE_SETTINGS_HEADER)
    secret = token if settings is None else signing_key
    algorithm = get_signature_algorithm(settings)
    valid = bool(signature and secret) and RequestValidator(secret).validate(
        url, fields, signature, algorithm
    )
    return dict(fields.items()) if valid else None


def create(
    app: App,
    lifespan: Lifespan,
    telegram: TelegramChannel | None = None,
    secret: str | None = None,
    whatsapp: WhatsAppChannel | None = None,
    public_url: str = "",
    files: Files | None = None,
    chat: WebChat | None = None,
    phone: PhoneLine | None = None,
) -> Starlette:
    """The ASGI app; `lifespan` starts and stops everything long-running."""

    async def telegram_update(request: Request) -> Response:
        """One update from Telegram: checked, stored, then handed on."""
        given = request.headers.get(SECRET_HEADER, "").encode()
        if telegram is None or not secret or not hmac.compare_digest(given, secret.encode()):
            return Response(status_code=403)
        try:
            data = inbound.parse(await request.body())
            key = str(int(data["update_id"]))
        except (ValueError, KeyError, TypeError, OverflowError):
            return Response(status_code=400)
        body = json.dumps(data, ensure_ascii=False)
        source = telegram_channel.CHANNEL
        if await inbound.keep(app.database, source, key, body, app.clock.now()):
            await telegram.feed(data)
        return Response(status_code=200)

    async def from_twilio(request: Request) -> dict[str, str] | None:
        """The form of a request Twilio signed for this bot, else None (then 403)."""
        if whatsapp is None:
            return None
        return await signed_form(request, whatsapp.auth_token, public_url, whatsapp.signing_key)

    async def whatsapp_message(request: Request) -> Response:
        """One message from Twilio: signature checked, stored once, handled after answering."""
        params = await from_twilio(request)
        if whatsapp is None or params is None:
            return Response(status_code=403)
        sid = params.get("MessageSid", "")
        if not sid:
            return Response(status_code=400)
        body = json.dumps(params, ensure_ascii=False)
        source = whatsapp_channel.CHANNEL
        if await inbound.keep(app.database, source, sid, body, app.clock.now()):
            whatsapp.take(params)
        return Response(_EMPTY_TWIML, media_type="text/xml")

    async def whatsapp_status(request: Request) -> Response:
        """What became of a message Twilio accepted from us."""
        params = await from_twilio(request)
        if whatsapp is None or params is None:
            return Response(status_code=403)
        await whatsapp.status(params)
        return Response(status_code=204)

    async def voice(request: Request) -> Response:
        """One step of a call to the association's number: signed by Twilio, answered in
        TwiML."""
        step = request.path_params.get("step", "")
        if step and step not in phone_line.STEPS:
            return Response(status_code=404)
        params = await from_twilio(request)
        if phone is None or params is None:
            return Response(status_code=403)
        twiml = await phone.answer(step, params, request.query_params)
        return Response(twiml, media_type="text/xml")

    async def shared_file(request: Request) -> Response:
        """A file shared for Twilio to fetch, while its token lasts."""
        found = await files.shared(request.path_params["token"]) if files else None
        if found is None:
            return Response(status_code=404)
        path, media_type = found
        return FileResponse(path, media_type=media_type)

    async def health(_request: Request) -> Response:
        """200 with the outbox backlog while the database answers, and where a platform
        refuses the bot itself (a revoked token, removed from the staff group)."""
        row = await app.database.fetch_one(_BACKLOG)
        refused = dict(app.outbox.refused)
        status = "refused" if refused else "ok"
        return JSONResponse({"status": status, "outbox": row[0] if row else 0, "refused": refused})

    routes = [
        Route("/telegram", telegram_update, methods=["POST"]),
        Route("/whatsapp", whatsapp_message, methods=["POST"]),
        Route("/whatsapp/status", whatsapp_status, methods=["POST"]),
        Route("/voice", voice, methods=["POST"]),
        Route("/voice/{step}", voice, methods=["POST"]),
        Route("/files/{token}", shared_file, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
        *(chat_routes.routes(app, chat) if chat else []),
    ]
    return Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[Middleware(BodyDeadline, seconds=BODY_WAIT)],
        exception_handlers={ClientDisconnect: _gone},
    )
