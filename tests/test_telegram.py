"""Telegram private chats through the real python-telegram-bot stack and a fake Bot API."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.types import Message
from telegram import Update
from telegram.error import RetryAfter

from bot import web
from bot.app import App, open_app
from bot.channels.parts import paragraphs
from bot.channels.telegram import CHANNEL, TelegramChannel
from bot.channels.telegram_sending import Bucket, Window
from bot.clock import stamp
from bot.desk import posts
from bot.flood import Flood
from bot.outbox import LONGEST_WAIT, enqueue
from bot.serve import Platforms, assemble
from bot.storage.database import Changes
from bot.web import SECRET_HEADER
from conversations.messages import Incoming, Reply
from tests.conftest import VALID_ID, rows
from tests.fakes.bot_api import NOT_A_MEMBER, FakeBotAPI, Limits, too_many_requests
from tests.test_staff_group import GROUP, _desk

NOURA = 5001
SECRET = "s3cret-token_for-tests"


@dataclass
class Running:
    """The bot serving Telegram in this process, and the fake Telegram it talks to."""

    api: FakeBotAPI
    app: App
    site: Starlette
    channel: TelegramChannel

    def say(self, text: str, user: int = NOURA, **extra: Any) -> dict[str, Any]:
        update = self.api.message(user, text, **extra)
        self.api.push(update)
        return update

    async def replies(self, count: int, user: int = NOURA) -> list[str]:
        """Wait until `count` messages reached the person; their texts."""
        await self.api.wait_for(lambda: len(self.api.sent_to(user)) >= count)
        return [call.params.get("text", "") for call in self.api.sent_to(user)]

    def last_keyboard(self, user: int = NOURA) -> list[tuple[str, str]]:
        markup = self.api.sent_to(user)[-1].params.get("reply_markup") or {}
        return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]

    async def handle(self, update: dict[str, Any]) -> None:
        """Put one update through python-telegram-bot's handlers and wait until it is done."""
        application = self.channel.application
        await application.process_update(Update.de_json(update, application.bot))

    def press(self, label: str, user: int = NOURA) -> None:
        sent = self.api.sent_to(user)[-1]
        data = dict(self.last_keyboard(user))[label]
        self.api.push(self.api.callback(user, data, message_id=sent.result["message_id"]))


async def _running(
    db: Path, public_url: str | None, limits: Limits | None = None
) -> AsyncIterator[Running]:
    async with FakeBotAPI() as api:
        api.limits = limits
        channel = TelegramChannel(api.token, api.root, webhook=bool(public_url))
        async with open_app("mishkat", db, {CHANNEL: channel}, flood=Flood()) as app:
            secret = SECRET if public_url else None
            site = await assemble(app, Platforms(channel), public_url, secret)
            async with site.router.lifespan_context(site):
                yield Running(api, app, site, channel)


@pytest.fixture
async def polling(db_path: Path) -> AsyncIterator[Running]:
    async for running in _running(db_path, None):
        yield running


@pytest.fixture
async def limited(db_path: Path) -> AsyncIterator[Running]:
    """Polling, through a fake Telegram that keeps its flood limits (answers 429 past them)."""
    async for running in _running(db_path, None, Limits()):
        yield running


@pytest.fixture
async def webhook(db_path: Path) -> AsyncIterator[Running]:
    async for running in _running(db_path, "https://bot.example.org"):
        yield running


async def test_a_whole_request_from_start_to_reference_by_buttons_and_arabic_digits(
    polling: Running, db_path: Path
) -> None:
    polling.say("/start")
    welcome = await polling.replies(2)
    assert welcome[0].startswith("أهلًا وسهلًا بك في جمعية مشكاة")
    assert ("تقديم طلب", "m:request") in polling.last_keyboard()
    polling.press("تقديم طلب")
    await polling.replies(3)
    await polling.api.wait_for(lambda: bool(polling.api.called("editMessageText")))
    presses = polling.api.called("answerCallbackQuery")
    assert len(presses) == 1  # answered once the choice was taken
    [edit] = polling.api.called("editMessageText")
    assert edit.params["text"].endswith("✔️ تقديم طلب")
    assert "reply_markup" not in edit.params or not edit.params["reply_markup"]
    polling.press("أوافق")
    await polling.replies(5)
    polling.press("مستلزمات وأدوات دراسية")
    answers = ["نورة محمد السالم", "١٠٠٠٠٠٠٠٠٨", "٠٥٥١٢٣٤٥٦٧", "بريدة", "تخطي", "٥", "٣٥٠٠"]
    answers += ["تخطي", "تخطي"]
    count = 6
    for answer in answers:
        await polling.replies(count)
        polling.say(answer)
        count += 1
    texts = await polling.replies(count)
    assert texts[-1].startswith("فضلًا راجع بياناتك:")
    assert VALID_ID not in texts[-1]
    polling.press("✅ البيانات صحيحة")
    await polling.replies(count + 1)
    polling.press("أقر وأوافق")
    texts = await polling.replies(count + 2)
    assert texts[-1].startswith("تم استلام طلبك ✅\nرقم الطلب: ")
    [(channel, data)] = rows(db_path, "SELECT channel, data FROM tickets")
    assert channel == CHANNEL
    assert VALID_ID in data


async def test_commands_are_registered_in_arabic_and_english(polling: Running) -> None:
    registered = polling.api.called("setMyCommands")
    by_language = {call.params.get("language_code"): call.params["commands"] for call in registered}
    assert {"command": "menu", "description": "القائمة الرئيسية"} in by_language["ar"]
    assert {"command": "menu", "description": "Main menu"} in by_language["en"]
    assert polling.api.called("deleteWebhook")


async def test_a_photo_and_a_location_are_answered(polling: Running) -> None:
    polling.say("مرحبا")
    await polling.replies(2)
    polling.say(None, photo=True)  # type: ignore[arg-type]
    texts = await polling.replies(3)
    assert texts[-1].startswith("شكرًا لك. أستطيع هنا قراءة الكتابة فقط")
    polling.say(None, location=(24.71, 46.67))  # type: ignore[arg-type]
    texts = await polling.replies(4)
    assert "أستطيع هنا قراءة الكتابة فقط" in texts[-1]


async def test_tracking_shows_the_persons_own_request(polling: Running, db_path: Path) -> None:
    with sqlite3.connect(db_path) as db:
        db.execute(
            "INSERT INTO users (user_key, channel, address, first_seen, last_seen)"
            " VALUES ('telegram:5001', 'telegram', '5001', '2026-01-01', '2026-01-01')"
        )
        db.execute(
            "INSERT INTO tickets (ref, kind, title, user_key, channel, stage, data, created_at,"
            " updated_at) VALUES ('123456', 'request', 'طلب دعم مستفيد', 'telegram:5001',"
            " 'telegram', 'claimed', '{}', '2026-11-01T08:00:00.000+00:00', '2026-11-01')"
        )
    polling.say("وين وصل طلبي")
    texts = await polling.replies(2)
    assert "123456 — طلب دعم مستفيد" in texts[-1]
    assert "الحالة: قيد الدراسة" in texts[-1]


async def test_an_edited_message_is_not_replayed(polling: Running, db_path: Path) -> None:
    sent = polling.say("مرحبا")
    await polling.replies(2)
    message_id = sent["message"]["message_id"]
    polling.api.push(polling.api.edited(NOURA, message_id, "ابي اقدم شكوى"))
    polling.api.push(polling.api.edited(NOURA, message_id, "ابي اقدم شكوى!"))
    texts = await polling.replies(3)
    assert texts[-1].startswith("أقرأ الرسائل الجديدة فقط")
    polling.say("شكرا")
    texts = await polling.replies(4)
    assert texts[-1].startswith("العفو")
    assert rows(db_path, "SELECT count(*) FROM consents") == [(0,)]


async def test_the_same_update_twice_is_answered_once(polling: Running) -> None:
    update = polling.say("مرحبا")
    polling.api.push(update)
    polling.say("شكرا")
    texts = await polling.replies(3)
    assert texts[-1].startswith("العفو")
    assert len(polling.api.sent_to(NOURA)) == 3


async def test_long_replies_are_split_on_paragraphs_in_order() -> None:
    text = "\n\n".join(f"فقرة {n} " + "ب" * 900 for n in range(1, 7))
    parts = paragraphs(text, 4096)
    assert len(parts) == 2
    assert all(len(part) <= 4096 for part in parts)
    assert "\n\n".join(parts) == text


async def test_a_reply_longer_than_a_message_arrives_in_parts(polling: Running) -> None:
    long = "\n\n".join("سطر طويل " * 100 for _ in range(6))
    await polling.channel.send(str(NOURA), Reply(long))
    parts = [call.params["text"] for call in polling.api.sent_to(NOURA)]
    assert len(parts) == 2
    assert "\n\n".join(parts) == long


async def test_a_part_refused_after_another_was_accepted_is_sent_alone(
    polling: Running,
) -> None:
    long = "\n\n".join("سطر طويل " * 100 for _ in range(6))
    polling.api.fail("sendMessage", 502, "Bad Gateway", after=1)
    changes = Changes()
    enqueue(changes, CHANNEL, str(NOURA), Reply(long), stamp(polling.app.clock.now()))
    await polling.app.database.write(changes)
    await polling.app.outbox.deliver_due()
    assert len(polling.api.sent_to(NOURA)) == 1
    polling.app.clock.advance(timedelta(minutes=1))
    await polling.app.outbox.deliver_due()
    parts = [call.params["text"] for call in polling.api.sent_to(NOURA)]
    assert len(parts) == 2
    assert "\n\n".join(parts) == long


async def test_rate_limits_and_server_errors_are_retried_until_delivered(
    polling: Running,
) -> None:
    polling.api.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=2)
    polling.say("مرحبا")
    await polling.api.wait_for(lambda: len(polling.api.called("sendMessage")) >= 2)
    assert polling.api.sent_to(NOURA) == []
    polling.api.fail("sendMessage", 500, "Internal Server Error", times=1)
    polling.app.clock.advance(timedelta(minutes=1))
    await polling.app.outbox.deliver_due()
    polling.app.clock.advance(timedelta(minutes=1))
    await polling.app.outbox.deliver_due()
    texts = await polling.replies(2)
    assert texts[0].startswith("أهلًا وسهلًا")


async def test_a_person_who_blocked_the_bot_is_marked_and_gets_what_was_kept_on_return(
    polling: Running, db_path: Path
) -> None:
    polling.api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", times=1)
    polling.say("مرحبا")
    await polling.api.wait_for(lambda: len(polling.api.called("sendMessage")) >= 1)
    await polling.app.outbox.deliver_due()
    [(error,)] = rows(db_path, "SELECT last_error FROM outbox WHERE held_at IS NOT NULL")
    assert "blocked" in error
    assert rows(db_path, "SELECT unreachable_reason IS NOT NULL FROM users") == [(1,)]
    assert rows(db_path, "SELECT count(*) FROM outbox WHERE given_up_at IS NOT NULL") == [(0,)]
    await polling.handle(polling.api.my_chat_member(NOURA, "kicked"))
    assert rows(db_path, "SELECT unreachable_reason FROM users") == [("blocked the bot",)]
    await polling.handle(polling.api.my_chat_member(NOURA, "member"))
    assert rows(db_path, "SELECT unreachable_at FROM users") == [(None,)]
    await polling.app.outbox.deliver_due()
    welcome = await polling.replies(2)  # what was kept, first
    assert welcome[0].startswith("أهلًا وسهلًا")


async def test_someone_back_after_a_block_gets_the_staff_message_then_the_new_answer(
    polling: Running, db_path: Path
) -> None:
    polling.say("مرحبا")
    await polling.replies(2)
    await polling.app.outbox.deliver_due()
    polling.api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", times=1)
    changes = Changes()
    at = stamp(polling.app.clock.now())
    enqueue(changes, CHANNEL, str(NOURA), Reply(text="رسالة من الفريق أثناء غيابك"), at)
    await polling.app.database.write(changes)
    await polling.app.outbox.deliver_due()
    assert rows(db_path, "SELECT count(*) FROM outbox WHERE held_at IS NOT NULL") == [(1,)]
    before = len(polling.api.sent_to(NOURA))
    polling.say("رجعت")
    texts = await polling.replies(before + 2)
    assert texts[before] == "رسالة من الفريق أثناء غيابك"
    assert rows(db_path, "SELECT unreachable_at FROM users") == [(None,)]


async def test_a_webhook_with_the_secret_is_served_and_stored_before_answering(
    webhook: Running, db_path: Path
) -> None:
    assert webhook.api.called("setWebhook")[0].params["url"] == "https://bot.example.org/telegram"
    assert webhook.api.called("setWebhook")[0].params["secret_token"] == SECRET
    transport = httpx.ASGITransport(app=webhook.site)
    async with httpx.AsyncClient(transport=transport, base_url="https://bot.example.org") as web:
        update = webhook.api.message(NOURA, "مرحبا")
        for headers in ({}, {SECRET_HEADER: "wrong"}):
            refused = await web.post("/telegram", json=update, headers=headers)
            assert refused.status_code == 403
        assert rows(db_path, "SELECT count(*) FROM inbound") == [(0,)]
        for _ in range(2):
            answered = await web.post("/telegram", json=update, headers={SECRET_HEADER: SECRET})
            assert answered.status_code == 200
        texts = await webhook.replies(2)
        assert texts[0].startswith("أهلًا وسهلًا")
        health = await web.get("/health")
    assert health.json()["status"] == "ok"
    await webhook.api.wait_for(
        lambda: rows(db_path, "SELECT done_at IS NOT NULL FROM inbound") == [(1,)]
    )
    assert len(webhook.api.sent_to(NOURA)) == 2


@pytest.fixture
async def impatient(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Running]:
    """The webhook, waiting a twentieth of a second for a request's body to arrive."""
    monkeypatch.setattr(web, "BODY_WAIT", 0.05)
    async for running in _running(db_path, "https://bot.example.org"):
        yield running


async def test_a_body_sent_too_slowly_is_cut_off_and_changes_nothing(
    impatient: Running, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def a_byte_then_nothing() -> AsyncIterator[bytes]:
        yield b"{"
        await asyncio.Event().wait()

    transport = httpx.ASGITransport(app=impatient.site)
    async with httpx.AsyncClient(transport=transport, base_url="https://bot.example.org") as client:
        headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
        cut = await client.post("/telegram", content=a_byte_then_nothing(), headers=headers)
        assert (cut.status_code, cut.headers["connection"]) == (408, "close")
        assert rows(db_path, "SELECT count(*) FROM inbound") == [(0,)]
        update = impatient.api.message(NOURA, "مرحبا")
        assert (await client.post("/telegram", json=update, headers=headers)).status_code == 200
    assert (await impatient.replies(2))[0].startswith("أهلًا وسهلًا")
    assert [record for record in caplog.records if record.levelno >= logging.ERROR] == []


async def test_a_client_gone_before_its_body_arrived_is_let_go_quietly(
    webhook: Running, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=web.__name__)
    arriving: list[Message] = [
        {"type": "http.request", "body": b'{"update_id": 1', "more_body": True},
        {"type": "http.disconnect"},
    ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "https",
        "path": "/telegram",
        "raw_path": b"/telegram",
        "query_string": b"",
        "root_path": "",
        "headers": [(SECRET_HEADER.lower().encode(), SECRET.encode())],
        "client": ("10.0.0.5", 40000),
        "server": ("bot.example.org", 443),
    }

    async def receive() -> Message:
        return arriving.pop(0)

    async def send(_message: Message) -> None:
        pass

    await webhook.site(scope, receive, send)  # under uvicorn, a raise is an ERROR traceback
    assert rows(db_path, "SELECT count(*) FROM inbound") == [(0,)]
    assert [record for record in caplog.records if record.levelno >= logging.ERROR] == []
    assert "a client left during POST /telegram" in caplog.messages


async def test_a_flood_gets_one_note_is_kept_and_its_last_message_is_answered_after_a_pause(
    polling: Running, db_path: Path
) -> None:
    limit = Flood().limit
    for n in range(limit + 4):
        await polling.handle(polling.api.message(NOURA, f"رسالة {n}"))
    await polling.handle(polling.api.message(NOURA, "ابي اكلم موظف"))
    assert rows(db_path, "SELECT count(*) FROM messages WHERE direction = 'in'") == [(limit + 5,)]
    texts = await polling.replies(limit + 2)
    await polling.app.outbox.deliver_due()
    assert len(polling.api.sent_to(NOURA)) == limit + 2
    assert texts[-1].startswith("أرسلت رسائل كثيرة في وقت قصير")
    assert await polling.app.engine.release_held() == 0  # still too fast: nothing yet
    polling.app.clock.advance(timedelta(minutes=2))
    assert await polling.app.engine.release_held() == 1
    texts = await polling.replies(limit + 3)
    assert "أنت الآن على تواصل مع فريق" in texts[-1]  # the last message, acted on once


async def test_an_update_stored_but_not_handled_is_handled_after_a_restart(
    db_path: Path,
) -> None:
    async with FakeBotAPI() as api:
        update = api.message(NOURA, "مرحبا")
        channel = TelegramChannel(api.token, api.root, webhook=True)
        async with open_app("mishkat", db_path, {CHANNEL: channel}, flood=Flood()):
            pass  # the bot creates its database; then it "crashed" after storing one update
        with sqlite3.connect(db_path) as db:
            db.execute(
                "INSERT INTO inbound (source, id, body, received_at) VALUES (?, ?, ?, ?)",
                (CHANNEL, str(update["update_id"]), json.dumps(update), "2026-11-23T10:00:00Z"),
            )
        async with open_app("mishkat", db_path, {CHANNEL: channel}, flood=Flood()) as app:
            site = await assemble(app, Platforms(channel), "https://bot.example.org", SECRET)
            async with site.router.lifespan_context(site):
                await api.wait_for(lambda: len(api.sent_to(NOURA)) >= 2)
    assert rows(db_path, "SELECT done_at IS NOT NULL FROM inbound") == [(1,)]


async def test_a_copy_of_my_data_arrives_as_two_documents(polling: Running) -> None:
    polling.say("مرحبا")
    await polling.replies(2)
    polling.say("بياناتي")
    await polling.replies(3)
    polling.press("الحصول على نسخة من بياناتي")
    await polling.api.wait_for(lambda: len(polling.api.called("sendDocument")) == 2)
    uploads = [call.params["document"] for call in polling.api.called("sendDocument")]
    assert [upload["filename"].rsplit(".", 1)[-1] for upload in uploads] == ["json", "txt"]
    assert all(upload["size"] > 100 for upload in uploads)


async def test_a_press_telegram_calls_too_old_to_answer_is_still_taken(polling: Running) -> None:
    polling.say("/start")
    await polling.replies(2)
    too_old = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    polling.api.fail("answerCallbackQuery", 400, too_old)
    polling.api.fail("editMessageText", 400, "Bad Request: message to edit not found")
    polling.press("تقديم طلب")
    texts = await polling.replies(3)
    assert texts[-1].startswith("ستجمع جمعية مشكاة")  # the request form's consent notice


async def test_a_button_of_an_earlier_question_is_not_applied_to_the_one_asked_now(
    polling: Running,
) -> None:
    polling.say("/start")
    await polling.replies(2)
    menu = polling.api.sent_to(NOURA)[-1]
    polling.press("تقديم طلب")
    await polling.replies(3)
    await polling.app.outbox.deliver_due()  # the new question's buttons are out
    count = len(polling.api.sent_to(NOURA))
    data = dict(polling.last_keyboard())["أوافق"]
    stale = polling.api.callback(NOURA, "m:track", message_id=menu.result["message_id"])
    await polling.handle(stale)
    [_first, toast] = polling.api.called("answerCallbackQuery")
    assert toast.params["text"] == "هذا الزر لسؤال سابق، فضلًا أجب عن السؤال الأخير."
    assert len(polling.api.sent_to(NOURA)) == count  # nothing answered, nothing lost
    assert data  # the consent buttons are still there to press


async def test_a_question_answered_by_typing_loses_its_buttons(polling: Running) -> None:
    polling.say("/start")
    await polling.replies(2)
    menu = polling.api.sent_to(NOURA)[-1]
    polling.say("ابي اقدم طلب")
    await polling.replies(3)
    await polling.api.wait_for(lambda: bool(polling.api.called("editMessageReplyMarkup")))
    [removed] = polling.api.called("editMessageReplyMarkup")
    assert removed.params["message_id"] == menu.result["message_id"]


async def test_a_revoked_token_is_said_once_and_in_health_and_nothing_is_lost(
    webhook: Running, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    webhook.api.revoked = True
    changes = Changes()
    at = stamp(webhook.app.clock.now())
    for text in ("الأولى", "الثانية"):
        enqueue(changes, CHANNEL, str(NOURA), Reply(text=text), at)
    await webhook.app.database.write(changes)
    await webhook.app.outbox.deliver_due()
    transport = httpx.ASGITransport(app=webhook.site)
    async with httpx.AsyncClient(transport=transport, base_url="https://bot.example.org") as web:
        health = (await web.get("/health")).json()
        assert health["status"] == "refused"
        assert "Unauthorized" in health["refused"]["telegram"]
        refusals = [r for r in caplog.records if "refuses the bot" in r.getMessage()]
        assert len(refusals) == 1
        webhook.api.revoked = False  # a new token, or the old one let back in
        webhook.app.clock.advance(LONGEST_WAIT)
        await webhook.app.outbox.deliver_due()
        assert await webhook.replies(2) == ["الأولى", "الثانية"]
        assert (await web.get("/health")).json()["status"] == "ok"


async def test_the_bot_taken_out_of_the_staff_group_is_said_and_its_posts_wait(
    db_path: Path,
) -> None:
    async for desk in _desk(db_path, forum=False):
        desk.api.fail("sendMessage", *NOT_A_MEMBER, chat_id=GROUP)
        await desk.app.engine.handle(Incoming(CHANNEL, str(NOURA), "m1", "ابي اكلم موظف"))
        await desk.app.outbox.deliver_due()
        assert desk.app.outbox.refused == {f"{posts.CHANNEL}:{posts.GROUP}": NOT_A_MEMBER[1]}
        assert desk.api.sent_to(GROUP) == []
        desk.app.clock.advance(LONGEST_WAIT)  # the bot was added back meanwhile
        await desk.app.outbox.deliver_due()
        [card] = desk.api.sent_to(GROUP)
        assert card.params["text"].startswith("🎫")
        assert desk.app.outbox.refused == {}
        assert rows(db_path, "SELECT count(*) FROM outbox WHERE given_up_at IS NOT NULL") == [(0,)]


async def test_under_buttons_the_bot_asks_for_a_button_not_a_number(polling: Running) -> None:
    polling.say("/start")
    texts = await polling.replies(2)
    assert texts[-1] == "اختر زرًّا، أو اكتب ما تحتاجه."
    assert not any("رقم" in text for text in texts)


async def test_an_app_set_to_english_is_served_in_english_from_start(polling: Running) -> None:
    polling.say("/start", language_code="en")
    texts = await polling.replies(2)
    assert texts[0].startswith("Welcome to")


async def test_a_forged_withdrawal_press_withdraws_nothing(polling: Running, db_path: Path) -> None:
    polling.say("/start")
    await polling.replies(2)
    menu = polling.api.sent_to(NOURA)[-1]
    forged = polling.api.callback(NOURA, "w:100001", message_id=menu.result["message_id"])
    await polling.handle(forged)
    await polling.app.outbox.deliver_due()
    assert rows(db_path, "SELECT count(*) FROM messages WHERE ticket_id IS NOT NULL") == [(0,)]
    assert not any("سحب" in call.params.get("text", "") for call in polling.api.sent_to(NOURA))


def _refused_for_flooding(api: FakeBotAPI) -> list[str]:
    """What the fake refused by its flood limits, by its own accounting."""
    return [str(v) for v in api.violations if v.answered and "Too Many Requests" in v.answered]


async def test_a_crowd_is_answered_in_order_within_telegrams_limits(limited: Running) -> None:
    people = range(6001, 6021)
    changes = Changes()
    at = stamp(limited.app.clock.now())
    for person in people:
        for n in range(3):
            enqueue(changes, CHANNEL, str(person), Reply(text=f"إشعار {n}"), at)
    await limited.app.database.write(changes)
    for person in people:
        limited.say("/start", user=person)
    api = limited.api
    await api.wait_for(lambda: all(len(api.sent_to(p)) >= 5 for p in people), timeout=60)
    received = {tuple(call.params["text"] for call in api.sent_to(p)) for p in people}
    [texts] = received  # every chat got the same messages, in the same order
    assert texts[:3] == ("إشعار 0", "إشعار 1", "إشعار 2")
    assert texts[3].startswith("أهلًا وسهلًا")
    assert texts[4] == "اختر زرًّا، أو اكتب ما تحتاجه."
    assert _refused_for_flooding(api) == []


async def test_a_429_is_waited_out_in_its_chat_and_the_reply_still_arrives(
    limited: Running,
) -> None:
    limited.api.fail("sendMessage", *too_many_requests(1), chat_id=NOURA)
    limited.say("مرحبا")
    texts = await limited.replies(2)
    assert texts[0].startswith("أهلًا وسهلًا")
    [refused] = [call for call in limited.api.called("sendMessage") if call.error]
    assert refused.params["chat_id"] == NOURA
    assert _refused_for_flooding(limited.api) == []  # nothing came back before the wait was over


@pytest.mark.parametrize(
    "chats",
    [
        pytest.param([6000 + n for n in range(60)], id="60 people"),
        pytest.param([NOURA] * 80, id="80 in one private chat"),
        pytest.param([GROUP] * 21, id="21 in one group"),
    ],
)
async def test_unpaced_calls_past_telegrams_limits_are_answered_429(chats: list[int]) -> None:
    async with FakeBotAPI() as api:
        api.limits = Limits()
        api.expect_refusals("Too Many Requests")
        channel = TelegramChannel(api.token, api.root, webhook=True, rate_limited=False)
        async with channel.application.bot as bot:
            with pytest.raises(RetryAfter):
                await asyncio.gather(*(bot.send_message(chat, "سلام") for chat in chats))
    assert _refused_for_flooding(api)


def test_the_pacers_limits_let_a_burst_go_then_keep_the_rate() -> None:
    bucket = Bucket(rate=2, burst=3)
    for _ in range(3):
        assert bucket.delay(100.0) == 0
        bucket.take(100.0)
    assert bucket.delay(100.0) == pytest.approx(0.5)
    assert bucket.delay(100.5) == 0
    window = Window(count=20, seconds=61)
    for second in range(20):
        window.take(float(second))
    assert window.delay(30.0) == pytest.approx(31.0)  # until the first is a window old
    assert window.delay(61.0) == 0
