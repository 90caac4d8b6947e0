"""The fake Bot API is good enough for the real python-telegram-bot stack to talk to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from tests.fakes.bot_api import FakeBotAPI

CHAT = 4242


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as api:
        yield api


def make_bot(fake: FakeBotAPI) -> Bot:
    return Bot(fake.token, base_url=f"{fake.root}/bot", base_file_url=f"{fake.root}/file/bot")


async def test_bot_learns_its_name_and_sends_a_keyboard(fake: FakeBotAPI) -> None:
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("نعم", callback_data="t:yes:1"),
                InlineKeyboardButton("لا", callback_data="t:no:1"),
            ]
        ]
    )
    async with make_bot(fake) as bot:
        assert bot.username == "association_bot"
        sent = await bot.send_message(CHAT, "هل وصلك الرد؟", reply_markup=keyboard)

    assert sent.message_id == 1
    assert sent.text == "هل وصلك الرد؟"
    assert sent.reply_markup == keyboard
    [call] = fake.sent_to(CHAT)
    assert call.params["chat_id"] == CHAT
    assert call.params["reply_markup"] == {
        "inline_keyboard": [
            [
                {"text": "نعم", "callback_data": "t:yes:1"},
                {"text": "لا", "callback_data": "t:no:1"},
            ]
        ]
    }
    assert [c.method for c in fake.calls] == ["getMe", "sendMessage"]


async def test_errors_become_ptb_exceptions(fake: FakeBotAPI) -> None:
    fake.fail("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)
    fake.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=CHAT)
    async with make_bot(fake) as bot:
        with pytest.raises(RetryAfter) as too_fast:
            await bot.send_message(CHAT, "one")
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(CHAT, "two")
        with pytest.raises(BadRequest, match=r"^Message to edit not found$"):
            await bot.edit_message_text("three", chat_id=CHAT, message_id=99)
        sent = await bot.send_message(CHAT, "four")

    assert too_fast.value.retry_after == timedelta(seconds=3)
    assert [c.error for c in fake.called("sendmessage")] == [
        "Too Many Requests: retry after 3",
        "Forbidden: bot was blocked by the user",
        None,
    ]
    assert [c.params["text"] for c in fake.sent_to(CHAT)] == ["four"]
    assert sent.message_id == 1


async def test_application_polls_and_replies(fake: FakeBotAPI) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"وصلت: {update.effective_message.text}")

    app = (
        Application.builder()
        .token(fake.token)
        .base_url(f"{fake.root}/bot")
        .base_file_url(f"{fake.root}/file/bot")
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    await app.initialize()
    assert app.updater is not None
    await app.updater.start_polling()
    await app.start()
    try:
        await fake.wait_for(lambda: bool(fake.called("getUpdates")))
        fake.push(fake.message(CHAT, "123"))
        await fake.wait_for(lambda: bool(fake.sent_to(CHAT)))
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()

    [reply] = fake.sent_to(CHAT)
    assert reply.params["text"] == "وصلت: 123"
    assert fake.called("deleteWebhook")
    # The shutdown call confirms the update, so a restart would not see it again.
    assert fake.called("getUpdates")[-1].params["offset"] == 2


async def test_photo_upload_is_recorded_and_downloadable(fake: FakeBotAPI) -> None:
    image = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    async with make_bot(fake) as bot:
        sent = await bot.send_photo(CHAT, image, caption="الإيصال", filename="receipt.png")
        file = await bot.get_file(sent.photo[-1].file_id)
        downloaded = await file.download_as_bytearray()

    [call] = fake.sent_to(CHAT)
    assert call.method == "sendPhoto"
    assert call.params["photo"] == {"filename": "receipt.png", "size": len(image)}
    assert call.params["caption"] == "الإيصال"
    assert sent.caption == "الإيصال"
    assert bytes(downloaded) == image
