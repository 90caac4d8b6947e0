"""The fake Bot API is good enough for the real python-telegram-bot stack to talk to it."""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    LinkPreviewOptions,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
    Update,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
    TelegramError,
)
from telegram.ext import Application, ContextTypes, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from tests.fakes.bot_api import (
    BLOCKED,
    CANNOT_CREATE_TOPIC,
    CANNOT_MANAGE_TOPICS,
    CANT_PARSE_ENTITIES,
    DEACTIVATED,
    EDIT_NOT_FOUND,
    NOT_A_MEMBER,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    THREAD_NOT_FOUND,
    TOO_LONG,
    TOPIC_CLOSED,
    TOPIC_DELETED,
    UNAUTHORIZED,
    UPGRADED,
    Answer,
    FakeBotAPI,
    too_many_requests,
)

CHAT = 4242
Call = Callable[[Bot], Awaitable[Any]]
Prepare = Callable[[FakeBotAPI], Any]


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


# -- strictness: every call is checked against the published spec ---------------------------


@dataclass
class Outcome:
    """What one call through the real PTB Bot met: the fake's answer and the test's verdict."""

    fake: FakeBotAPI
    error: TelegramError | None = None
    verdict: AssertionError | None = None


async def run(call: Call, *expected: str, prepare: Prepare | None = None) -> Outcome:
    """Make ``call`` with a Bot pointed at a fresh fake that expects the ``expected`` refusals."""
    outcome = Outcome(FakeBotAPI())
    try:
        async with outcome.fake as api, make_bot(api) as bot:
            api.expect_refusals(*expected)
            if prepare:
                prepare(api)
            try:
                await call(bot)
            except TelegramError as error:
                outcome.error = error
    except AssertionError as verdict:
        outcome.verdict = verdict
    return outcome


def raw(method: str, **params: Any) -> Call:
    """A call PTB would not build itself: the parameters exactly as given."""

    async def call(bot: Bot) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PTBUserWarning)  # "use Bot.sendMessage instead"
            return await bot.do_api_request(method, api_kwargs=params)

    return call


def said(error: TelegramError | None) -> str:
    """PTB's message for the error, lower-cased (PTB capitalises Telegram's description)."""
    assert error is not None, "the call was not refused"
    return error.message.casefold()


BUTTON = {"text": "نعم", "callback_data": "t:yes:1"}
MALFORMED = {
    "unknown method": (raw("sendMesage", chat_id=CHAT, text="hi"), "sendMesage (call)"),
    "unknown parameter": (
        lambda bot: bot.send_message(CHAT, "hi", api_kwargs={"colour": "red"}),
        "colour: unknown parameter",
    ),
    "missing required": (raw("sendMessage", chat_id=CHAT), "text: required, missing"),
    "Integer given text": (
        raw("sendMessage", chat_id=CHAT, text="hi", message_thread_id="seven"),
        "message_thread_id: must be Integer",
    ),
    "Integer given a float": (
        raw("sendMessage", chat_id=CHAT, text="hi", message_thread_id=7.5),
        "message_thread_id: must be Integer, got 7.5",
    ),
    "Boolean given text": (
        raw("sendMessage", chat_id=CHAT, text="hi", disable_notification="yes"),
        "disable_notification: must be Boolean",
    ),
    "Float given text": (
        raw("sendLocation", chat_id=CHAT, latitude="north", longitude=43.97),
        "latitude: must be Float",
    ),
    "Array given an object": (
        raw("getUpdates", allowed_updates={"message": True}),
        "allowed_updates: must be Array of String",
    ),
    "nested object: wrong field type": (
        raw("sendMessage", chat_id=CHAT, text="hi", link_preview_options={"is_disabled": "y"}),
        "link_preview_options.is_disabled: must be Boolean",
    ),
    "nested object: unknown field": (
        raw("sendMessage", chat_id=CHAT, text="hi", link_preview_options={"hide": True}),
        "link_preview_options.hide: unknown field",
    ),
    "nested object: missing field": (
        raw("sendMessage", chat_id=CHAT, text="hi", reply_parameters={"chat_id": CHAT}),
        "reply_parameters.message_id: required, missing",
    ),
    "inline button: wrong field type": (
        raw(
            "sendMessage",
            chat_id=CHAT,
            text="hi",
            reply_markup={"inline_keyboard": [[BUTTON, {"text": "لا", "callback_data": 5}]]},
        ),
        "reply_markup.inline_keyboard[0][1].callback_data: must be String",
    ),
    "inline button without an action": (
        lambda bot: bot.send_message(
            CHAT, "hi", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("نعم")]])
        ),
        "reply_markup.inline_keyboard[0][0]: exactly one action",
    ),
    "reply keyboard of the wrong shape": (
        raw("sendMessage", chat_id=CHAT, text="hi", reply_markup={"keyboard": ["نعم"]}),
        "reply_markup.keyboard[0]: must be Array of KeyboardButton",
    ),
    "markup of no kind": (
        raw("sendMessage", chat_id=CHAT, text="hi", reply_markup={"buttons": []}),
        "reply_markup: must be InlineKeyboardMarkup or ReplyKeyboardMarkup",
    ),
    "scope of no type": (
        raw("setMyCommands", commands=[{"command": "a", "description": "b"}], scope={"type": "x"}),
        "scope.type: must be one of",
    ),
    "scope missing its chat": (
        raw(
            "setMyCommands", commands=[{"command": "a", "description": "b"}], scope={"type": "chat"}
        ),
        "scope.chat_id: required, missing",
    ),
    "InputMedia missing its media": (
        raw("editMessageMedia", chat_id=CHAT, message_id=1, media={"type": "photo"}),
        "media.media: required, missing",
    ),
    "InputMedia of no type": (
        raw("editMessageMedia", chat_id=CHAT, message_id=1, media={"type": "gif", "media": "x"}),
        "media.type: must be one of",
    ),
    "a file where a string is due": (
        lambda bot: bot.send_message(CHAT, "hi", api_kwargs={"text": InputFile(b"x")}),
        "text: must be String",
    ),
}


@pytest.mark.parametrize("case", MALFORMED.values(), ids=MALFORMED)
async def test_a_malformed_call_fails_the_test_even_when_refusals_are_expected(
    case: tuple[Call, str],
) -> None:
    call, reported = case
    outcome = await run(call, "bad request", "not found")
    assert outcome.verdict is not None, "a malformed call passed"
    assert "MALFORMED" in str(outcome.verdict)
    assert reported in str(outcome.verdict)
    assert "10.1" in str(outcome.verdict)


async def test_malformed_calls_are_answered_as_telegram_does() -> None:
    unknown = await run(MALFORMED["unknown method"][0])
    assert isinstance(unknown.error, EndPointNotFound)  # Telegram: 404 Not Found
    ignored = await run(MALFORMED["unknown parameter"][0])
    assert ignored.error is None  # Telegram ignores what it does not know
    assert ignored.fake.sent_to(CHAT)
    missing = await run(MALFORMED["missing required"][0])
    assert 'parameter "text" is required' in said(missing.error)
    nested = await run(MALFORMED["nested object: missing field"][0])
    assert 'can\'t find field "message_id"' in said(nested.error)
    wrong = await run(MALFORMED["inline button: wrong field type"][0])
    assert isinstance(wrong.error, BadRequest)
    assert not wrong.fake.sent_to(CHAT)
    assert wrong.fake.called("sendMessage")[0].error == "Bad Request: " + (
        "can't parse reply_markup.inline_keyboard[0][1].callback_data: must be String, got 5"
    )


async def test_a_method_the_fake_does_not_play_fails_the_test() -> None:
    outcome = await run(raw("sendDice", chat_id=CHAT))
    assert "method not supported by the fake" in said(outcome.error)
    assert "sendDice (call): the fake does not play it" in str(outcome.verdict)


async def test_well_formed_calls_of_every_shape_pass() -> None:
    async def calls(bot: Bot) -> None:
        markups: list[InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply]
        markups = [
            InlineKeyboardMarkup([[InlineKeyboardButton("نعم", url="https://example.org")]]),
            ReplyKeyboardMarkup([[KeyboardButton("نعم")]], one_time_keyboard=True),
            ReplyKeyboardRemove(),
            ForceReply(input_field_placeholder="اكتب هنا"),
        ]
        for markup in markups:
            await bot.send_message("@association", "نص", reply_markup=markup)
        first = await bot.send_message(
            CHAT,
            "😀" * 2048,  # 4096 UTF-16 code units: the most a text may have
            reply_parameters=ReplyParameters(1, allow_sending_without_reply=True),
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            disable_notification=True,
        )
        await bot.send_photo(CHAT, b"\x89PNG", caption="ب" * 1024, filename="a.png")
        await bot.send_location(CHAT, 26, 43.97)
        await bot.edit_message_text("😀", chat_id=CHAT, message_id=first.message_id)
        commands = [BotCommand("open_tickets_2", "ت" * 256)]
        await bot.set_my_commands(commands, scope=BotCommandScopeChat(-1001), language_code="ar")
        await bot.create_forum_topic(-1001, "ن" * 128)
        await bot.get_updates(offset=1, limit=10, timeout=0, allowed_updates=["message"])

    outcome = await run(calls)
    assert outcome.error is None
    assert outcome.verdict is None
    assert outcome.fake.violations == []


def press(api: FakeBotAPI) -> str:
    query: str = api.callback(CHAT, "t:yes:1", message_id=1)["callback_query"]["id"]
    return query


LIMITS: dict[str, tuple[Call, str]] = {
    "text over 4096": (lambda bot: bot.send_message(CHAT, "a" * 4097), "message is too long"),
    "text over 4096 UTF-16 code units, 2049 characters": (
        lambda bot: bot.send_message(CHAT, "😀" * 2049),
        "message is too long",
    ),
    "empty text": (lambda bot: bot.send_message(CHAT, ""), "message text is empty"),
    "blank text": (lambda bot: bot.send_message(CHAT, " \n "), "message text is empty"),
    "edited text over 4096": (
        lambda bot: bot.edit_message_text("a" * 4097, chat_id=CHAT, message_id=1),
        "message is too long",
    ),
    "caption over 1024": (
        lambda bot: bot.send_photo(CHAT, "file-1", caption="ب" * 1025),
        "message caption is too long",
    ),
    "callback_data over 64 bytes": (
        lambda bot: bot.send_message(
            CHAT,
            "؟",
            reply_markup=InlineKeyboardMarkup.from_button(
                InlineKeyboardButton("نعم", callback_data="ب" * 33)  # 33 characters, 66 bytes
            ),
        ),
        "BUTTON_DATA_INVALID",
    ),
    "empty callback_data": (
        raw(
            "sendMessage",
            chat_id=CHAT,
            text="؟",
            reply_markup={"inline_keyboard": [[{"text": "نعم", "callback_data": ""}]]},
        ),
        "BUTTON_DATA_INVALID",
    ),
    "toast over 200": (
        lambda bot: bot.answer_callback_query("1", "ت" * 201),
        "MESSAGE_TOO_LONG",
    ),
    "topic name over 128": (
        lambda bot: bot.create_forum_topic(-1001, "ن" * 129),
        "topic name is too long",
    ),
    "empty topic name": (
        lambda bot: bot.create_forum_topic(-1001, ""),
        "can't create topic with empty name",
    ),
    "command in capitals": (
        lambda bot: bot.set_my_commands([BotCommand("Open", "التذاكر")]),
        "BOT_COMMAND_INVALID",
    ),
    "command with a dash": (
        lambda bot: bot.set_my_commands([BotCommand("open-all", "التذاكر")]),
        "BOT_COMMAND_INVALID",
    ),
    "command over 32": (
        lambda bot: bot.set_my_commands([BotCommand("a" * 33, "التذاكر")]),
        "BOT_COMMAND_INVALID",
    ),
    "command description over 256": (
        lambda bot: bot.set_my_commands([BotCommand("open", "ت" * 257)]),
        "BOT_COMMAND_DESCRIPTION_INVALID",
    ),
    "empty command description": (
        lambda bot: bot.set_my_commands([BotCommand("open", "")]),
        "command description must be non-empty",
    ),
}


@pytest.mark.parametrize("case", LIMITS.values(), ids=LIMITS)
async def test_a_limit_is_refused_and_fails_the_test_unless_expected(
    case: tuple[Call, str],
) -> None:
    call, refusal = case
    unexpected = await run(call, prepare=press)
    assert refusal.casefold() in said(unexpected.error)
    assert isinstance(unexpected.error, BadRequest)
    assert f"refused {unexpected.fake.violations[0].method}" in str(unexpected.verdict)
    assert refusal in str(unexpected.verdict)

    expected = await run(call, refusal, prepare=press)
    assert refusal.casefold() in said(expected.error)
    assert expected.verdict is None
    [violation] = expected.fake.violations
    assert violation.refusal


# -- scripted errors ---------------------------------------------------------------------------

GROUP, TOPIC = -1001, 7
SEND: Call = lambda bot: bot.send_message(CHAT, "مرحبا")  # noqa: E731
IN_TOPIC: Call = lambda bot: bot.send_message(GROUP, "مرحبا", message_thread_id=TOPIC)  # noqa: E731


async def EDIT(bot: Bot) -> Any:
    sent = await bot.send_message(CHAT, "قديم")
    return await bot.edit_message_text("جديد", chat_id=CHAT, message_id=sent.message_id)


SCRIPTED = {
    "too long": ("sendMessage", TOO_LONG, SEND, BadRequest),
    "not modified": ("editMessageText", NOT_MODIFIED, EDIT, BadRequest),
    "edit not found": ("editMessageText", EDIT_NOT_FOUND, EDIT, BadRequest),
    "thread not found": ("sendMessage", THREAD_NOT_FOUND, IN_TOPIC, BadRequest),
    "topic closed": ("sendMessage", TOPIC_CLOSED, IN_TOPIC, BadRequest),
    "topic deleted": ("sendMessage", TOPIC_DELETED, IN_TOPIC, BadRequest),
    "query too old": (
        "answerCallbackQuery",
        QUERY_TOO_OLD,
        lambda bot: bot.answer_callback_query("1"),
        BadRequest,
    ),
    "no right to create topics": (
        "createForumTopic",
        CANNOT_CREATE_TOPIC,
        lambda bot: bot.create_forum_topic(GROUP, "🎫 1"),
        BadRequest,
    ),
    "no right to manage topics": (
        "reopenForumTopic",
        CANNOT_MANAGE_TOPICS,
        lambda bot: bot.reopen_forum_topic(GROUP, TOPIC),
        BadRequest,
    ),
    "can't parse entities": ("sendMessage", CANT_PARSE_ENTITIES, SEND, BadRequest),
    "blocked": ("sendMessage", BLOCKED, SEND, Forbidden),
    "deactivated": ("sendMessage", DEACTIVATED, SEND, Forbidden),
    "not a member": ("sendMessage", NOT_A_MEMBER, SEND, Forbidden),
    "revoked token": ("sendMessage", UNAUTHORIZED, SEND, InvalidToken),
}


@pytest.mark.parametrize("case", SCRIPTED.values(), ids=SCRIPTED)
async def test_a_scripted_error_is_answered_as_telegram_does_and_is_no_violation(
    case: tuple[str, Answer, Call, type[TelegramError]],
) -> None:
    method, answer, call, kind = case

    async def twice(bot: Bot) -> None:
        with pytest.raises(kind) as refused:
            await call(bot)
        assert answer.description.removeprefix("Bad Request: ").casefold() in said(refused.value)
        await call(bot)  # once only: the next call is not scripted

    def prepare(api: FakeBotAPI) -> None:
        press(api)  # the query "1" that answerCallbackQuery answers
        api.fail(method, *answer)

    outcome = await run(twice, prepare=prepare)
    assert outcome.verdict is None
    assert [c.error for c in outcome.fake.called(method)] == [answer.description, None]


async def test_a_scripted_error_can_carry_its_parameters(fake: FakeBotAPI) -> None:
    fake.fail("sendMessage", *too_many_requests(7))
    fake.fail("sendMessage", *UPGRADED, migrate_to_chat_id=-1002, chat_id=GROUP)
    async with make_bot(fake) as bot:
        with pytest.raises(RetryAfter) as too_fast:
            await bot.send_message(GROUP, "one")
        with pytest.raises(ChatMigrated) as moved:
            await bot.send_message(GROUP, "two")
    assert too_fast.value.retry_after == timedelta(seconds=7)
    assert moved.value.new_chat_id == -1002


async def test_a_scripted_error_can_aim_at_a_topic_a_number_of_times(fake: FakeBotAPI) -> None:
    fake.fail("sendMessage", *TOPIC_CLOSED, chat_id=GROUP, message_thread_id=TOPIC, times=2)
    async with make_bot(fake) as bot:
        await bot.send_message(GROUP, "another topic", message_thread_id=TOPIC + 1)
        await bot.send_message(GROUP, "General")
        for _ in range(2):
            with pytest.raises(BadRequest, match=r"(?i)topic_closed"):
                await bot.send_message(GROUP, "closed", message_thread_id=TOPIC)
        await bot.send_message(GROUP, "reopened", message_thread_id=TOPIC)
    assert len(fake.sent_to(GROUP)) == 3


def test_a_scripted_error_must_be_playable() -> None:
    api = FakeBotAPI()
    with pytest.raises(ValueError, match=r"not a Bot API 10\.1 method"):
        api.fail("sendMesage", *BLOCKED)
    with pytest.raises(ValueError, match="retry_after"):
        api.fail("sendMessage", 429, "Too Many Requests")
    with pytest.raises(ValueError, match="migrate_to_chat_id"):
        api.fail("sendMessage", *UPGRADED)


# -- a chat's state, as Telegram plays it -----------------------------------------------------


async def test_a_closed_topic_refuses_posts_until_reopened(fake: FakeBotAPI) -> None:
    fake.closed_topics.add(TOPIC)
    async with make_bot(fake) as bot:
        with pytest.raises(BadRequest, match=r"(?i)^topic_closed$"):
            await bot.send_message(GROUP, "مغلق", message_thread_id=TOPIC)
        assert await bot.reopen_forum_topic(GROUP, TOPIC)
        await bot.send_message(GROUP, "مفتوح", message_thread_id=TOPIC)
        assert await bot.close_forum_topic(GROUP, TOPIC)
        with pytest.raises(BadRequest, match=r"(?i)^topic_closed$"):
            await bot.send_photo(GROUP, "file-1", message_thread_id=TOPIC)
    assert [c.params["text"] for c in fake.sent_to(GROUP)] == ["مفتوح"]


async def test_a_deleted_topic_is_not_found(fake: FakeBotAPI) -> None:
    fake.deleted_topics.add(TOPIC)
    async with make_bot(fake) as bot:
        with pytest.raises(BadRequest, match=r"^Message thread not found$"):
            await bot.send_message(GROUP, "؟", message_thread_id=TOPIC)
        with pytest.raises(BadRequest, match=r"(?i)^topic_deleted$"):
            await bot.reopen_forum_topic(GROUP, TOPIC)


async def test_an_upgraded_group_answers_with_its_new_id(fake: FakeBotAPI) -> None:
    fake.migrated[GROUP] = -1002
    async with make_bot(fake) as bot:
        for call in (bot.send_message(GROUP, "؟"), bot.get_chat(GROUP)):
            with pytest.raises(ChatMigrated) as moved:
                await call
            assert moved.value.new_chat_id == -1002
        await bot.send_message(-1002, "؟")
    assert fake.called("sendMessage")[0].error == UPGRADED.description
    assert fake.sent_to(-1002)


async def test_a_bot_without_the_right_cannot_make_or_manage_topics(fake: FakeBotAPI) -> None:
    fake.cannot_manage_topics.add(GROUP)
    async with make_bot(fake) as bot:
        with pytest.raises(BadRequest, match=r"^Not enough rights to create a topic$"):
            await bot.create_forum_topic(GROUP, "🎫 1")
        with pytest.raises(BadRequest, match=r"^Not enough rights to manage topics$"):
            await bot.reopen_forum_topic(GROUP, TOPIC)
        await bot.create_forum_topic(-1002, "🎫 1")  # where it has the right


async def test_a_revoked_token_is_unauthorized_for_every_call(fake: FakeBotAPI) -> None:
    bot = make_bot(fake)
    async with bot:
        fake.revoked = True
        for call in (bot.get_me(), bot.send_message(CHAT, "؟"), bot.get_updates()):
            with pytest.raises(InvalidToken, match="Unauthorized"):
                await call
        fake.revoked = False  # so that leaving the Bot (logOut-free shutdown) is clean
    assert {c.error for c in fake.calls[1:-1]} == {"Unauthorized"}


async def test_a_query_answered_too_late_or_never_issued_is_refused(fake: FakeBotAPI) -> None:
    late = fake.callback(CHAT, "t:yes:1", message_id=1, too_old=True)["callback_query"]["id"]
    fresh = fake.callback(CHAT, "t:yes:1", message_id=1)["callback_query"]["id"]
    async with make_bot(fake) as bot:
        for query in (late, "never-issued"):
            with pytest.raises(BadRequest, match=r"^Query is too old and response timeout"):
                await bot.answer_callback_query(query)
        assert await bot.answer_callback_query(fresh, "تم")
