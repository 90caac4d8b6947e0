"""Telegram private chats, with python-telegram-bot as the transport only.

Updates (polled, or fed from the webhook in `bot.web`) become `Incoming` messages for
the engine; replies leave through the outbox and are rendered here: options as inline
keyboards, long text split on paragraphs, files by their `file_id`. Started and
stopped by the runtime's lifespan (`bot.serve`), never on its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
from collections.abc import Awaitable, Callable, Iterator
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatMemberStatus, MessageLimit
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.channels import Unreachable
from bot.channels.parts import in_order, size
from bot.channels.telegram_sending import AiohttpRequest, Pacer, retry_seconds
from bot.files import Files
from bot.i18n import load_all
from bot.outbox import Away, PermanentFailure, Refused, Retry, Shut
from conversations.i18n import LANGUAGES, N_
from conversations.messages import Attachment, AttachmentKind, Incoming, Option, Reply, pin

log = logging.getLogger(__name__)
os.environ.setdefault("PTB_TIMEDELTA", "1")  # RetryAfter.retry_after as a timedelta, as in PTB 23

CHANNEL = "telegram"
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, "my_chat_member"]
_COMMANDS = {"start": "القائمة", "menu": "القائمة", "help": "مساعدة"}
_DESCRIPTIONS = {
    "ar": {"start": "البداية", "menu": "القائمة الرئيسية", "help": "مساعدة"},
    "en": {"start": "Start", "menu": "Main menu", "help": "Help"},
}
PERSON_PRESS = r"^(?!d:)"
"""Buttons people press; `d:` buttons are staff's (see bot.channels.staff_group)."""
_LONG_LABEL = 18
"""Labels longer than this get a row each; shorter ones go two to a row."""
_GONE = ("chat not found", "user is deactivated", "bot was blocked", "bot can't initiate")
_REMOVED = ("not a member", "was kicked")
"""What Telegram says when the bot was taken out of a group (the staff group)."""

Handle = Callable[[Incoming], Awaitable[object]]
Reachable = Callable[[str, bool, str], Awaitable[None]]
Handled = Callable[[int], Awaitable[None]]


def keyboard(options: tuple[Option, ...]) -> InlineKeyboardMarkup | None:
    """Options as buttons carrying their short ASCII code, never their label."""
    if not options:
        return None
    buttons = [InlineKeyboardButton(option.label, callback_data=option.code) for option in options]
    width = 1 if any(len(option.label) > _LONG_LABEL for option in options) else 2
    return InlineKeyboardMarkup([buttons[i : i + width] for i in range(0, len(buttons), width)])


def attachments(message: Message) -> tuple[Attachment, ...]:
    """The files of a message, each referred to by its file_id."""
    found: list[Attachment] = []
    if message.photo:
        found.append(Attachment(AttachmentKind.PHOTO, "photo.jpg", message.photo[-1].file_id))
    if message.document:
        name = message.document.file_name or "document"
        found.append(Attachment(AttachmentKind.DOCUMENT, name, message.document.file_id))
    for media, kind, name in (
        (message.voice, AttachmentKind.VOICE, "voice.ogg"),
        (message.audio, AttachmentKind.VOICE, "audio"),
        (message.video, AttachmentKind.VIDEO, "video.mp4"),
        (message.video_note, AttachmentKind.VIDEO, "video.mp4"),
        (message.sticker, AttachmentKind.STICKER, "sticker"),
    ):
        if media:
            found.append(Attachment(kind, name, media.file_id))
    return tuple(found)


def incoming(message: Message) -> Incoming:
    """A private message as the dialogue reads it; /start, /menu and /help are words."""
    text = message.text or message.caption or ""
    command = text.split()[0].lstrip("/").split("@")[0] if text.startswith("/") else ""
    if command in _COMMANDS:
        text = _COMMANDS[command]
    if message.contact:
        text = message.contact.phone_number
    location = message.location
    return Incoming(
        channel=CHANNEL,
        user=str(message.chat.id),
        message_id=str(message.message_id),
        text=text,
        attachments=attachments(message),
        location=pin(location.latitude, location.longitude) if location else None,
        language=(message.from_user.language_code or "") if message.from_user else "",
    )


async def send_file(
    bot: Bot, chat: int, attachment: Attachment, local: Path | None = None, **extra: Any
) -> Message:
    """Send a file by the method for its kind: one Telegram holds (its file_id), or a
    `local` one kept here (uploaded)."""
    ref: str | Path = local or attachment.ref
    kind = attachment.kind
    if kind is AttachmentKind.PHOTO:
        return await bot.send_photo(chat, ref, **extra)
    if kind is AttachmentKind.VOICE:
        return await bot.send_voice(chat, ref, **extra)
    if kind is AttachmentKind.VIDEO:
        return await bot.send_video(chat, ref, **extra)
    if kind is AttachmentKind.STICKER:
        return await bot.send_sticker(chat, ref, **extra)
    return await bot.send_document(chat, ref, **extra)


@contextlib.contextmanager
def platform_errors() -> Iterator[None]:
    """Telegram's answers as the outbox reads them, by what they mean: wait and retry (429,
    5xx, the network), never this recipient (blocked, gone), or never this message (any
    other 400: retrying cannot fix it, so it must not hold up the ones after it)."""
    try:
        yield
    except RetryAfter as error:
        raise Retry(timedelta(seconds=retry_seconds(error)), str(error)) from error
    except InvalidToken as error:
        raise Shut(error.message, everywhere=True) from error
    except Forbidden as error:
        said = error.message.casefold()
        if "blocked by the user" in said:
            raise Away(error.message) from error
        if any(removed in said for removed in _REMOVED):
            raise Shut(error.message) from error
        raise PermanentFailure(error.message) from error
    except BadRequest as error:
        if any(reason in error.message.casefold() for reason in _GONE):
            raise PermanentFailure(error.message) from error
        raise Refused(error.message) from error


_EARLIER = N_("That button belongs to an earlier question: please answer the latest one.")


@cache
def _earlier(lang: str | None) -> str:
    """The toast for a button of an earlier question, in the person's app language."""
    translations = load_all()
    return translations.get(lang or "", translations[LANGUAGES[0]]).gettext(_EARLIER)


@contextlib.contextmanager
def best_effort(what: str) -> Iterator[None]:
    """What is only for show (answering a press, editing its keyboard) may fail: a press
    too old to answer, a message gone or unchanged. The person's choice is already taken."""
    try:
        yield
    except TelegramError as error:
        log.info("could not %s: %s", what, error)


def pressed_label(query: CallbackQuery) -> str:
    """The text of the button pressed."""
    markup = query.message.reply_markup if isinstance(query.message, Message) else None
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == query.data:
                return button.text
    return ""


async def show_choice(query: CallbackQuery, label: str) -> None:
    """Answer a press and replace its keyboard by the choice, under its question, as far
    as Telegram still lets (a press can be too old to answer)."""
    message = query.message if isinstance(query.message, Message) else None
    with best_effort("answer a press"):
        await query.answer()
    with best_effort("show the choice under its question"):
        if message and message.text and size(message.text) + size(label) < 4000:
            await query.edit_message_text(f"{message.text}\n\n✔️ {label}", reply_markup=None)
        elif message:
            await query.edit_message_reply_markup(reply_markup=None)


class _Told(Application[Any, Any, Any, Any, Any, Any]):
    """PTB's application, telling `handled` of each update once its handlers are done, also
    when one stopped the rest (ApplicationHandlerStop, as the staff group's do): after a
    restart, only updates not handled are replayed."""

    handled: Handled | None = None

    async def process_update(self, update: object) -> None:
        await super().process_update(update)
        if self.handled and isinstance(update, Update):
            await self.handled(update.update_id)


class TelegramChannel:
    """One bot's private chats: updates in, replies out."""

    buttons = True
    """Options are buttons here, not numbered lines: the texts say so (see Sender)."""

    def __init__(self, token: str, api_url: str, webhook: bool, rate_limited: bool = True) -> None:
        """`rate_limited` keeps to Telegram's limits (see `Pacer`); only a benchmark of
        the stack's own cost, or a test of Telegram's answer to a flood, turns it off."""
        builder = (
            Application.builder()
            .token(token)
            .base_url(f"{api_url}/bot")
            .base_file_url(f"{api_url}/file/bot")
            .request(AiohttpRequest())
            .get_updates_request(AiohttpRequest(connections=1))
            .concurrent_updates(True)
            .application_class(_Told)
        )
        if webhook:
            builder = builder.updater(None)
        self.application: Application[Any, Any, Any, Any, Any, Any] = (
            builder.rate_limiter(Pacer()).build() if rate_limited else builder.build()
        )
        self._handle: Handle | None = None
        self._reachable: Reachable | None = None
        self._files: Files | None = None
        self.away: set[int] = set()
        """Chats whose person blocked the bot: their messages wait until they come back."""
        self._buttons: dict[int, int] = {}
        """Per chat, the message whose buttons answer the question asked now (since start)."""

    def attach(
        self, handle: Handle, reachable: Reachable, handled: Handled, files: Files | None = None
    ) -> None:
        """Route updates: messages and presses to `handle`, blocks and unblocks to
        `reachable`; then tell `handled` the update's id (after its turn committed).
        `files` finds the files the bot keeps itself (a copy of a person's data)."""
        self._handle = handle
        self._reachable = reachable
        self._files = files
        private = filters.ChatType.PRIVATE
        add = self.application.add_handler
        add(MessageHandler(filters.UpdateType.MESSAGE & private, self._on_message))
        add(MessageHandler(filters.UpdateType.EDITED_MESSAGE & private, self._on_edited))
        add(CallbackQueryHandler(self._on_press, pattern=PERSON_PRESS))
        add(ChatMemberHandler(self._on_member, ChatMemberHandler.MY_CHAT_MEMBER))
        if isinstance(self.application, _Told):
            self.application.handled = handled

    async def check(self) -> None:
        """Ask Telegram who the bot is (getMe) before anything starts; Unreachable, in one
        line, when it refuses the token or cannot be reached."""
        bot = self.application.bot
        try:
            await bot.initialize()
        except InvalidToken:
            await bot.shutdown()
            raise Unreachable(
                "Telegram refuses BOT_TELEGRAM_TOKEN (check it with @BotFather)"
            ) from None
        except TelegramError as error:
            await bot.shutdown()
            raise Unreachable(f"Telegram cannot be reached: {error}") from None

    async def start(self, webhook_url: str | None = None, secret: str | None = None) -> None:
        """Connect (getMe), register commands, then take updates by webhook or by polling."""
        app = self.application
        await app.initialize()
        for lang, names in _DESCRIPTIONS.items():
            commands = [BotCommand(name, text) for name, text in names.items()]
            await app.bot.set_my_commands(
                commands, scope=BotCommandScopeAllPrivateChats(), language_code=lang
            )
        if webhook_url:
            await app.bot.set_webhook(
                webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
            )
        elif app.updater:
            await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        await app.start()

    async def stop(self) -> None:
        """Stop taking updates and finish the ones being handled (sending still works)."""
        app = self.application
        if app.updater and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()

    async def close(self) -> None:
        """Close the connection to the Bot API (after the last replies went out)."""
        await self.application.shutdown()

    async def feed(self, data: dict[str, Any]) -> None:
        """Hand an update received by webhook to the handlers."""
        await self.application.update_queue.put(Update.de_json(data, self.application.bot))

    async def download(self, attachment: Attachment, folder: Path) -> Path:
        """Bring a file Telegram holds (a staff member's photo) into `folder`, newly named."""
        name = f"{secrets.token_hex(8)}-{Path(attachment.name or 'file').name}"
        await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
        with platform_errors():
            found = await self.application.bot.get_file(attachment.ref)
            path: Path = await found.download_to_drive(folder / name)
            return path

    async def send(self, recipient: str, reply: Reply) -> None:
        """Deliver one reply; raise Retry or PermanentFailure as the platform answers."""
        bot, chat = self.application.bot, int(recipient)

        async def text(part: str, last: bool) -> None:
            with self._leaves(chat), platform_errors():
                markup = keyboard(reply.options) if last else None
                sent = await bot.send_message(chat, part, reply_markup=markup)
            if markup:
                self._buttons[chat] = sent.message_id

        async def file(attachment: Attachment) -> None:
            local = self._files.path(attachment.ref) if self._files else None
            with self._leaves(chat), platform_errors():
                await send_file(bot, chat, attachment, local)

        await in_order(reply, MessageLimit.MAX_TEXT_LENGTH, text, file)

    @contextlib.contextmanager
    def _leaves(self, chat: int) -> Iterator[None]:
        """Note a chat whose person turned out to be away."""
        try:
            yield
        except Away:
            self.away.add(chat)
            raise

    async def _back(self, chat: int) -> None:
        """The person of an away chat wrote or unblocked: reachable again, and what was kept
        for them goes out first, in order."""
        if chat in self.away and self._reachable:
            self.away.discard(chat)
            await self._reachable(str(chat), True, "")

    async def _on_message(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """A new message in a private chat; a question answered by typing loses its buttons."""
        message = update.message
        if not message or not self._handle:
            return
        await self._back(message.chat.id)
        answered = self._buttons.pop(message.chat.id, None)
        await self._handle(incoming(message))
        if answered:
            with best_effort("remove the buttons of a question answered by typing"):
                await self.application.bot.edit_message_reply_markup(
                    message.chat.id, answered, reply_markup=None
                )

    async def _on_edited(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """An edited message: told once, kindly, to send a new one (never replayed)."""
        message = update.edited_message
        if message and self._handle:
            edited = Incoming(
                channel=CHANNEL,
                user=str(message.chat.id),
                message_id=f"edit:{message.message_id}",
                edited=True,
            )
            await self._handle(edited)

    async def _on_press(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button pressed: the choice taken first; then, as far as Telegram lets, the press
        answered and the keyboard replaced by the choice. A button of an earlier question
        is not applied to the one asked now: a toast says so."""
        query = update.callback_query
        if not query or not query.data or not self._handle:
            return
        label = pressed_label(query)
        message = query.message if isinstance(query.message, Message) else None
        chat = message.chat.id if message else query.from_user.id
        live = self._buttons.get(chat)
        if message and live is not None and message.message_id != live:
            with best_effort("answer a press of an earlier question"):
                await query.answer(_earlier(query.from_user.language_code))
            with best_effort("remove the buttons of an earlier question"):
                await query.edit_message_reply_markup(reply_markup=None)
            return
        self._buttons.pop(chat, None)
        await self._back(chat)
        await self._handle(
            Incoming(
                channel=CHANNEL,
                user=str(chat),
                message_id=f"press:{query.id}",
                text=label,
                option=query.data,
            )
        )
        await show_choice(query, label)

    async def _on_member(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """The person blocked or unblocked the bot: keep whether they can be reached."""
        member = update.my_chat_member
        if not member or not self._reachable or member.chat.type != "private":
            return
        status = member.new_chat_member.status
        blocked = status in {ChatMemberStatus.BANNED, ChatMemberStatus.LEFT}
        if blocked:
            self.away.add(member.chat.id)
        else:
            self.away.discard(member.chat.id)
        await self._reachable(str(member.chat.id), not blocked, "blocked the bot")
