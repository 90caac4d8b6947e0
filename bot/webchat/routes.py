"""The website chat's web routes: its page and script, ids, messages in, replies out.

Every request of a page carries its browser id (the `X-Chat-Id` header; the event
stream, which cannot send headers, its `id` parameter): one this server did not issue
gets 403 before anything is read or counted. A message is checked against the limits
(`bot.webchat.limits`) and its size, stored with its file, then answered; refusals are
a short sentence in the person's language, for the page to show.
"""

from __future__ import annotations

import re
from datetime import datetime

from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from bot import i18n, inbound
from bot.app import App
from bot.channels.web import CHANNEL, START, TEXT_LIMIT, Said, WebChat
from bot.channels.whatsapp import MEDIA_LIMIT, kind_of
from bot.webchat import page
from conversations.i18n import N_
from conversations.messages import Attachment, AttachmentKind

ID_HEADER = "X-Chat-Id"
_FORM = 64 * 1024
"""Bytes a message's form may take besides its file."""
_MESSAGE_ID = re.compile(rf"[A-Za-z0-9_-]{{1,{inbound.LONGEST_ID}}}")
"""A page's own id for a message."""
_BUSY = N_(
    "You are writing faster than we can read. Please wait a minute, then send your message again."
)
_MANY_FILES = N_(
    "You have sent many files in a short time. Please wait a while before sending more."
)
_TOO_LONG = N_(
    "This message is too long (at most {limit} characters): please send it in shorter parts."
)
_SECURITY = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
_PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors *"
)
_STREAM = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no", **_SECURITY}


def routes(app: App, chat: WebChat) -> list[BaseRoute]:
    """The routes of the website chat, for `bot.web`."""
    translations = i18n.load_all()

    async def refused(person: str, status: int, text: str, **values: object) -> Response:
        """A refusal the page shows: one sentence in the person's language."""
        said = translations[await chat.language(person)].gettext(text).format(**values)
        return JSONResponse({"text": said}, status_code=status, headers=_SECURITY)

    def person_of(request: Request) -> str | None:
        return chat.visitors.person(request.headers.get(ID_HEADER))

    async def chat_page(_request: Request) -> Response:
        """The chat, in the association's name, ready for a phone."""
        headers = {"Content-Security-Policy": _PAGE_POLICY, **_SECURITY}
        return HTMLResponse(page.page(app.policy, translations), headers=headers)

    async def embedding(_request: Request) -> Response:
        """The script an association's site includes to open the chat in a corner."""
        script = page.widget(translations)
        headers = {"Cache-Control": "public, max-age=300", **_SECURITY}
        return Response(script, media_type="text/javascript", headers=headers)

    async def asset(request: Request) -> Response:
        """The page's own script and style."""
        name = request.path_params["name"]
        content = page.asset(name)
        if content is None:
            return Response(status_code=404)
        return Response(content, media_type=page.ASSETS[name], headers=_SECURITY)

    async def visitor(request: Request) -> Response:
        """A new browser id; or the one presented, if this server issued it."""
        presented = request.headers.get(ID_HEADER)
        if presented is None:
            return JSONResponse({"id": chat.visitors.issue()}, headers=_SECURITY)
        if chat.visitors.person(presented) is None:
            return Response(status_code=403)
        return JSONResponse({"id": presented}, headers=_SECURITY)

    async def events(request: Request) -> Response:
        """The replies to a person, live, as server-sent events."""
        person = chat.visitors.person(request.query_params.get("id"))
        if person is None:
            return Response(status_code=403)
        if chat.closing:
            return Response(status_code=503)
        client = _client(request)
        if chat.crowded(person, client):
            return Response(status_code=429)
        stream = chat.watch(person, client)
        return StreamingResponse(stream, media_type="text/event-stream", headers=_STREAM)

    async def message(request: Request) -> Response:
        """What the person wrote, pressed or attached: checked, stored, then answered."""
        person = person_of(request)
        if person is None:
            return Response(status_code=403)
        if chat.closing:
            return Response(status_code=503)
        client = _client(request)
        now = app.clock.now()
        if not chat.limits.message(person, client, now):
            return await refused(person, 429, _BUSY)
        if _length(request) > MEDIA_LIMIT + _FORM:
            return await refused(person, 413, page.TOO_LARGE, megabytes=page.MEGABYTES)
        try:
            async with request.form(max_files=1, max_fields=8, max_part_size=_FORM) as form:
                return await take(person, client, now, form)
        except MultiPartException:
            return Response(status_code=400)

    async def take(person: str, client: str, now: datetime, form: FormData) -> Response:
        """A message's form: its sizes checked, its file kept, then stored and answered."""
        fields = {key: value for key, value in form.items() if isinstance(value, str)}
        upload = form.get("file")
        text = START if fields.get("start") else fields.get("text", "")
        option = fields.get("option") or None
        message_id = fields.get("message", "")
        if not _MESSAGE_ID.fullmatch(message_id) or len(option or "") > inbound.LONGEST_ID:
            return Response(status_code=400)
        if len(text) > TEXT_LIMIT:
            return await refused(person, 413, _TOO_LONG, limit=TEXT_LIMIT)
        files: tuple[Attachment, ...] = ()
        if isinstance(upload, UploadFile):
            if not chat.limits.file(person, client, now):
                return await refused(person, 429, _MANY_FILES)
            content = await upload.read(MEDIA_LIMIT + 1)
            if len(content) > MEDIA_LIMIT:
                return await refused(person, 413, page.TOO_LARGE, megabytes=page.MEGABYTES)
            files = (await _kept(chat, person, content, upload.content_type or ""),)
        language = fields.get("language", "")[:16]
        await chat.take(Said(person, message_id, text, option, language, files))
        return JSONResponse({"ok": True}, headers=_SECURITY)

    async def seen(request: Request) -> Response:
        """A page showed a reply."""
        person = person_of(request)
        if person is None:
            return Response(status_code=403)
        number = (await request.form()).get("n")
        if isinstance(number, str) and number.isascii() and number.isdigit():
            chat.seen(person, int(number))
        return Response(status_code=204)

    return [
        Route("/chat", chat_page, methods=["GET"]),
        Route("/chat.js", embedding, methods=["GET"]),
        Route("/chat/visitor", visitor, methods=["POST"]),
        Route("/chat/events", events, methods=["GET"]),
        Route("/chat/messages", message, methods=["POST"]),
        Route("/chat/seen", seen, methods=["POST"]),
        Route("/chat/{name}", asset, methods=["GET"]),
    ]


def _client(request: Request) -> str:
    """The client's address (behind a proxy on this host, the one it forwarded: uvicorn)."""
    return request.client.host if request.client else ""


def _length(request: Request) -> int:
    """The body's declared length; a body of unknown length counts as too long."""
    declared = request.headers.get("content-length", "")
    return int(declared) if declared.isascii() and declared.isdigit() else MEDIA_LIMIT + _FORM + 1


async def _kept(chat: WebChat, person: str, content: bytes, content_type: str) -> Attachment:
    """A file the person attached, kept as WhatsApp media are; unreadable if of no kind
    the dialogue reads."""
    kind, suffix = kind_of(content_type)
    if kind is AttachmentKind.UNREADABLE:
        return Attachment(AttachmentKind.UNREADABLE, content_type or "file")
    name = f"{kind.value}{suffix}"
    return Attachment(kind, name, await chat.files.keep(content, name, f"{CHANNEL}:{person}"))
