"""The website chat: the real app served by uvicorn on loopback, its pages read as a
browser's EventSource reads them (each reply confirmed as the page's script does), and
what people post sent as the page sends it."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from bot import inbound
from bot.app import App, open_app
from bot.channels.web import CHANNEL, TEXT_LIMIT, Said, WebChat
from bot.channels.whatsapp import MEDIA_LIMIT
from bot.desk.desk import StaffInput
from bot.flood import Flood
from bot.serve import Platforms, assemble
from bot.webchat.limits import Limits
from bot.webchat.routes import ID_HEADER
from bot.webchat.visitors import Visitors
from tests.conftest import ROLES, VALID_ID, rows
from tests.fakes.loopback import Loopback
from tests.test_runtime import _free_port, _run

T = TypeVar("T")
DEADLINE = 60.0
"""Seconds anything awaited here may take before the test fails instead of hanging."""
STAFF = "s1"
PHOTO = b"\xff\xd8\xff\xe0 a photo of the receipt"


async def within(awaited: Awaitable[T]) -> T:
    """Await, failing the test rather than hanging if it never comes."""
    async with asyncio.timeout(DEADLINE):
        return await awaited


@dataclass
class Page:
    """One open chat page: its event stream, each reply confirmed once shown."""

    site: Site
    token: str
    replies: list[dict[str, Any]] = field(default_factory=list)
    lang: str = ""
    status: int = 0
    _hello: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None

    @property
    def person(self) -> str:
        found = self.site.chat.visitors.person(self.token)
        assert found
        return found

    async def open(self) -> Page:
        """Open the stream; return once the server said hello (or refused)."""
        self._task = asyncio.create_task(self._read())
        await within(self._hello.wait())
        return self

    async def close(self) -> None:
        """Close the page, as a browser closing its tab; return once the server knows."""
        self.drop()
        if self._task:
            await asyncio.gather(self._task, return_exceptions=True)
        await within(self.site.chat.left(self.person))

    def drop(self) -> None:
        """Let the page go, as a browser does."""
        if self._task:
            self._task.cancel()

    async def _read(self) -> None:
        client = self.site.client
        query = {"id": self.token}
        endless = httpx.Timeout(DEADLINE, read=None)  # as a browser's EventSource waits
        async with client.stream("GET", "/chat/events", params=query, timeout=endless) as response:
            self.status = response.status_code
            if response.status_code != 200:
                self._hello.set()
                return
            kind, data, number = "", "", ""
            async for line in response.aiter_lines():
                if line.startswith("event: "):
                    kind = line.removeprefix("event: ")
                elif line.startswith("data: "):
                    data = line.removeprefix("data: ")
                elif line.startswith("id: "):
                    number = line.removeprefix("id: ")
                elif not line and kind:
                    await self._heard(kind, json.loads(data), number)
                    kind, data, number = "", "", ""

    async def _heard(self, kind: str, data: dict[str, Any], number: str) -> None:
        if kind == "hello":
            self.lang = data["lang"]
            self._hello.set()
            return
        self.replies.append(data)
        seen = await self.site.post("/chat/seen", self.token, data={"n": number})
        assert seen.status_code == 204

    async def say(self, text: str = "", **fields: Any) -> httpx.Response:
        """Post as the page does; return once the turn's replies were shown."""
        files = fields.pop("files", None)
        data = {"message": os.urandom(8).hex(), "text": text, **fields}
        answer = await self.site.post("/chat/messages", self.token, data=data, files=files)
        await self.site.settled()
        return answer

    async def press(self, label: str) -> httpx.Response:
        """Press the button `label` of the latest reply that has buttons."""
        options = next(reply["options"] for reply in reversed(self.replies) if reply["options"])
        [code] = [option["code"] for option in options if option["label"] == label]
        return await self.say(label, option=code)

    def last(self) -> str:
        return str(self.replies[-1]["text"])


@dataclass
class Site:
    """The bot serving the website chat on loopback, and a client for it."""

    app: App
    chat: WebChat
    client: httpx.AsyncClient
    db: Path
    pages: list[Page] = field(default_factory=list)

    async def post(self, path: str, token: str | None, **sent: Any) -> httpx.Response:
        headers = {ID_HEADER: token} if token is not None else {}
        return await within(self.client.post(path, headers=headers, **sent))

    async def visitor(self) -> str:
        """A new browser id, as a page opened for the first time asks for one."""
        answer = await self.post("/chat/visitor", None)
        assert answer.status_code == 200
        return str(answer.json()["id"])

    async def open(self, token: str | None = None) -> Page:
        """A page of the person with `token` (a new person without one), opened."""
        page = Page(self, token or await self.visitor())
        self.pages.append(page)
        return await page.open()

    async def settled(self) -> None:
        """Wait until every reply due went out (and was confirmed, or held)."""
        await within(self.app.outbox.deliver_due())


async def _site(db: Path, limits: Limits | None = None) -> AsyncIterator[Site]:
    chat = WebChat(limits=limits)
    platforms = Platforms(chat=chat)
    async with open_app("mishkat", db, platforms.senders, roles=ROLES, flood=Flood()) as app:
        site = await assemble(app, platforms, None)
        loopback = Loopback("web chat")
        root = await loopback.start(site)
        try:
            async with (
                site.router.lifespan_context(site),
                httpx.AsyncClient(base_url=root) as client,
            ):
                running = Site(app, chat, client, db)
                yield running
                for page in running.pages:
                    page.drop()
                await within(chat.left())
        finally:
            await loopback.stop()


@pytest.fixture
async def site(db_path: Path) -> AsyncIterator[Site]:
    async for running in _site(db_path):
        yield running


async def _welcomed(site: Site) -> Page:
    """A new person opens the page for the first time: welcomed, with the menu."""
    page = await site.open()
    assert page.lang == "ar"
    answer = await page.say(start="1")
    assert answer.status_code == 200
    assert page.replies[0]["text"].startswith("أهلًا وسهلًا بك في جمعية مشكاة")
    assert "تقديم طلب" in [option["label"] for option in page.replies[-1]["options"]]
    return page


async def _request(site: Site) -> tuple[Page, str]:
    """A whole request filed on the page, buttons pressed; its reference number."""
    page = await _welcomed(site)
    for label in ["تقديم طلب", "أوافق", "مستلزمات وأدوات دراسية"]:
        await page.press(label)
    answers = ["نورة محمد السالم", "١٠٠٠٠٠٠٠٠٨", "٠٥٥١٢٣٤٥٦٧", "بريدة", "تخطي", "٥", "٣٥٠٠"]
    for answer in [*answers, "تخطي", "تخطي"]:
        await page.say(answer)
    assert page.last().startswith("فضلًا راجع بياناتك:")
    await page.press("✅ البيانات صحيحة")
    await page.press("أقر وأوافق")
    done = next(r["text"] for r in reversed(page.replies) if "رقم الطلب: " in r["text"])
    assert done.startswith("تم استلام طلبك ✅\nرقم الطلب: ")
    return page, done.split("رقم الطلب: ")[1].split()[0]


async def test_a_request_is_filed_on_the_page_and_its_reference_given(
    site: Site, db_path: Path
) -> None:
    page, ref = await _request(site)
    [(channel, user_key, data)] = rows(db_path, "SELECT channel, user_key, data FROM tickets")
    assert (channel, user_key) == (CHANNEL, f"{CHANNEL}:{page.person}")
    assert VALID_ID in data
    assert ref.isdigit()
    assert rows(db_path, "SELECT count(*) FROM inbound WHERE done_at IS NULL") == [(0,)]
    unsent = "SELECT count(*) FROM outbox WHERE channel = 'web' AND sent_at IS NULL"
    assert rows(db_path, unsent) == [(0,)]


async def _complaint(page: Page, photo: bytes | None = None) -> str:
    """A complaint filed from the menu, a photo attached if given; its reference."""
    for label in ["تقديم شكوى", "أوافق", "الخدمة المقدمة"]:
        await page.press(label)
    await page.say("تأخر الرد على طلبي أكثر من شهر")
    assert page.last().startswith("السؤال 3 من 5")
    if photo:
        await page.say(files={"file": ("receipt.jpg", photo, "image/jpeg")})
        assert page.last().startswith("وصلني (1)")
        await page.press("تم")
    else:
        await page.press("تخطي")
    await page.press("تخطي")
    await page.press("نعم")
    assert page.last().startswith("فضلًا راجع بياناتك:")
    await page.press("✅ البيانات صحيحة")
    done = page.replies[-1]["text"]
    assert done.startswith("تم استلام شكواك ✅\nرقم الشكوى: ")
    return done.split("رقم الشكوى: ")[1].split()[0]


async def test_a_complaint_is_filed_on_the_page(site: Site, db_path: Path) -> None:
    page = await _welcomed(site)
    ref = await _complaint(page)
    [(kind, channel)] = rows(db_path, f"SELECT kind, channel FROM tickets WHERE ref = '{ref}'")
    assert (kind, channel) == ("complaint", CHANNEL)


async def test_a_photo_attached_is_kept_as_whatsapp_media_are(site: Site, db_path: Path) -> None:
    page = await _welcomed(site)
    await _complaint(page, PHOTO)
    [(path, owner)] = rows(db_path, "SELECT path, user_key FROM kept_files")
    assert owner == f"{CHANNEL}:{page.person}"
    assert path.startswith("media/")
    assert path.endswith("/photo.jpg")
    assert (db_path.parent / path).read_bytes() == PHOTO
    [(data,)] = rows(db_path, "SELECT data FROM tickets")
    assert f"file:{path}" in data


async def test_a_staff_reply_reaches_the_open_page_live(site: Site) -> None:
    page, ref = await _request(site)
    shown = len(page.replies)
    question = "نحتاج صورة من آخر فاتورة كهرباء"
    await site.app.desk.relay(StaffInput(STAFF, question, ticket=ref))
    await site.settled()
    [reply] = page.replies[shown:]
    assert question in reply["text"]
    await page.say("سأرسلها اليوم")
    assert page.last().startswith("وصلت رسالتك")


async def test_a_reload_continues_the_form_where_the_person_was(site: Site) -> None:
    first = await _welcomed(site)
    for label in ["تقديم طلب", "أوافق", "مستلزمات وأدوات دراسية"]:
        await first.press(label)
    await first.say("نورة محمد السالم")
    assert first.last().startswith("السؤال 3 من")
    await first.close()
    again = await site.open(first.token)
    assert again.replies == []  # nothing was waiting: the page shows what it kept itself
    await again.say(VALID_ID)
    assert again.last().startswith("السؤال 4 من")


async def test_replies_while_the_page_was_closed_come_in_order_when_it_opens(
    site: Site, db_path: Path
) -> None:
    page, ref = await _request(site)
    await page.close()
    for text in ["نحتاج صورة من آخر فاتورة كهرباء", "ونسخة من الهوية أيضًا"]:
        await site.app.desk.relay(StaffInput(STAFF, text, ticket=ref))
    await site.settled()
    held = "SELECT count(*) FROM outbox WHERE channel = 'web' AND held_at IS NOT NULL"
    assert rows(db_path, held) == [(1,)]  # the first is held, the second waits behind it
    returned = await site.open(page.token)
    await site.settled()
    texts = [reply["text"] for reply in returned.replies]
    assert len(texts) == 2
    assert "فاتورة كهرباء" in texts[0]
    assert "الهوية" in texts[1]
    waiting = "SELECT count(*) FROM outbox WHERE channel = 'web' AND sent_at IS NULL"
    assert rows(db_path, waiting) == [(0,)]


async def test_a_forged_id_gets_403_and_changes_nothing(site: Site, db_path: Path) -> None:
    page = await _welcomed(site)
    address, _, signature = page.token.partition(".")
    forged = [
        f"{address}.{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        Visitors("another server's key").issue(),
        address,
        "x" * 300,
    ]
    tables = ["inbound", "inbox", "users", "messages", "kept_files", "outbox", "tickets"]
    before = {table: rows(db_path, f"SELECT count(*) FROM {table}") for table in tables}
    for token in forged:
        said = {"message": "m1", "text": "مرحبا"}
        sent = await site.post("/chat/messages", token, data=said)
        photo = {"file": ("x.jpg", PHOTO, "image/jpeg")}
        uploaded = await site.post("/chat/messages", token, data=said, files=photo)
        seen = await site.post("/chat/seen", token, data={"n": "1"})
        renewed = await site.post("/chat/visitor", token)
        stream = await Page(site, token).open()
        statuses = [r.status_code for r in (sent, uploaded, seen, renewed)] + [stream.status]
        assert statuses == [403] * 5, token
    unsigned = await site.post("/chat/messages", None, data={"message": "m2", "text": "x"})
    assert unsigned.status_code == 403
    assert {table: rows(db_path, f"SELECT count(*) FROM {table}") for table in tables} == before


@pytest.fixture
async def strict(db_path: Path) -> AsyncIterator[Site]:
    """The site with low limits: 3 messages a minute per browser, 5 per address, one file,
    one page open per browser."""
    limits = Limits(messages=3, messages_per_address=5, files=1, files_per_address=10, pages=1)
    async for running in _site(db_path, limits):
        yield running


async def test_the_limits_answer_kindly_and_keep_nothing(strict: Site, db_path: Path) -> None:
    page = await strict.open()
    for text in ["مرحبا", "القائمة", "مساعدة"]:
        assert (await page.say(text)).status_code == 200
    refused = await page.say("مرحبا مرة أخرى")
    assert refused.status_code == 429
    assert refused.json()["text"].startswith("وصلتنا رسائل كثيرة منك")
    stored = "SELECT count(*) FROM inbound WHERE source = 'web'"
    assert rows(db_path, stored) == [(3,)]
    neighbour = await strict.open()  # another browser behind the same address
    assert (await neighbour.say("مرحبا")).status_code == 200
    assert (await neighbour.say("القائمة")).status_code == 429
    assert rows(db_path, stored) == [(4,)]
    second = await Page(strict, page.token).open()  # a second tab of the first browser
    assert second.status == 429


async def test_files_are_limited_in_number_and_size(strict: Site, db_path: Path) -> None:
    page = await strict.open()
    big = {"file": ("big.jpg", b"\xff" * (MEDIA_LIMIT + 1), "image/jpeg")}
    too_large = await page.say(files=big)
    assert too_large.status_code == 413
    assert too_large.json()["text"].startswith("هذا الملف أكبر مما يمكن إرساله هنا (الحد الأقصى 16")
    too_long = await page.say("ا" * (TEXT_LIMIT + 1))
    assert too_long.status_code == 413
    assert str(TEXT_LIMIT) in too_long.json()["text"]
    assert rows(db_path, "SELECT count(*) FROM kept_files") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM inbound") == [(0,)]
    another = await strict.open()
    assert (await another.say(files={"file": ("a.jpg", PHOTO, "image/jpeg")})).status_code == 200
    second = await another.say(files={"file": ("b.jpg", PHOTO, "image/jpeg")})
    assert second.status_code == 429
    assert second.json()["text"].startswith("أرسلت ملفات كثيرة")
    assert rows(db_path, "SELECT count(*) FROM kept_files") == [(1,)]


async def test_the_page_is_arabic_right_to_left_for_a_phone_and_self_contained(
    site: Site,
) -> None:
    page = await site.client.get("/chat")
    html = page.text
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert 'name="viewport" content="width=device-width' in html
    assert "<title>جمعية مشكاة للخدمات التعليمية والتثقيفية</title>" in html
    assert 'placeholder="اكتب رسالتك"' in html
    assert "default-src 'self'" in page.headers["content-security-policy"]
    script = await site.client.get("/chat/page.js")
    style = await site.client.get("/chat/page.css")
    embed = await site.client.get("/chat.js")
    assert [script.status_code, style.status_code, embed.status_code] == [200, 200, 200]
    assert embed.headers["content-type"].startswith("text/javascript")
    assert json.dumps("تحدث معنا") in embed.text  # its label, escaped: safe in any page
    for served in (html, script.text, style.text, embed.text):
        assert "://" not in served  # nothing from anywhere else: no CDN, no web font
        assert "@import" not in served
    assert (await site.client.get("/chat/chat.html")).status_code == 404


async def test_a_conversation_in_english_opens_in_english(site: Site) -> None:
    page = await site.open()
    await page.say("Hello, I need help", language="en-GB")
    assert page.replies[0]["lang"] == "en"
    assert page.replies[0]["text"].startswith("Welcome")
    await page.close()
    again = await site.open(page.token)
    assert again.lang == "en"
    refused = await again.say("a" * (TEXT_LIMIT + 1))
    assert refused.json()["text"].startswith("This message is too long")


async def test_a_message_stored_but_not_handled_is_answered_after_a_restart(
    db_path: Path,
) -> None:
    async for site in _site(db_path):
        token = await site.visitor()
        person = site.chat.visitors.person(token)
        assert person
        said = Said(person, "before-the-crash", "مرحبا")
        now = site.app.clock.now()
        await inbound.keep(site.app.database, CHANNEL, said.key, said.stored(), now)
    async for site in _site(db_path):
        page = await site.open(token)
        await site.settled()
        assert page.replies[0]["text"].startswith("أهلًا وسهلًا")
    assert rows(db_path, "SELECT count(*) FROM inbound WHERE done_at IS NULL") == [(0,)]


async def test_run_serves_the_web_chat_alone_and_stops_with_a_page_open(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    env |= {
        "BOT_WEB_CHAT": "1",
        "BOT_DATABASE": str(tmp_path / "bot.sqlite3"),
        "BOT_PORT": str(port),
        "BOT_LOG_LEVEL": "INFO",
    }
    process = await _run(tmp_path, env)
    assert process.stderr
    log = b""
    while b"Application startup complete" not in log:
        line = await within(process.stderr.readline())
        assert line, log.decode()
        log += line
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        assert (await client.get("/chat")).status_code == 200
        token = (await client.post("/chat/visitor")).json()["id"]
        async with client.stream("GET", "/chat/events", params={"id": token}) as stream:
            lines = stream.aiter_lines()
            while not (await within(anext(lines))).startswith("event: hello"):
                pass
            process.send_signal(signal.SIGTERM)
            code = await within(process.wait())
    rest = (await process.stderr.read()).decode()
    assert code == 0, rest
    with sqlite3.connect(tmp_path / "bot.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
