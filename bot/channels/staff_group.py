"""The staff desk in a Telegram group: cards with buttons, edited in place; threads as replies.

Staff press a card's buttons (an action that needs words asks the one who pressed for
them, with a ForceReply), reply to any post of a ticket to write to its person (a reply
starting with «!», or to a note, is an internal note), and type commands. Data with personal details
goes to a staff member privately. Where each post went is stored, so a restart edits
the same card and a reply to any post finds its ticket. A request a staff member takes
for a person (`/new`) goes on in their private chat: while it is open, what they write
or press there answers it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import replace
from datetime import datetime, timedelta

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    ChatMember,
    ForceReply,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import MessageLimit
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.channels.parts import in_order, size
from bot.channels.telegram import (
    TelegramChannel,
    attachments,
    best_effort,
    keyboard,
    platform_errors,
    pressed_label,
    send_file,
    show_choice,
)
from bot.clock import stamp
from bot.desk import appointments, commands, intake, staff
from bot.desk.cards import ACTION_PREFIX
from bot.desk.delivery import BRANCH, STAFF
from bot.desk.desk import Desk, StaffInput
from bot.desk.posts import SUPERVISORS, DeskPost, PostKind
from bot.desk.stages import Action
from bot.files import Files
from bot.outbox import Shut
from bot.storage.database import Changes, Database
from conversations.i18n import N_
from conversations.messages import Attachment, AttachmentKind
from conversations.validators import masked

log = logging.getLogger(__name__)

ANONYMOUS_ADMIN = 1087968824
"""The user Telegram shows for a group admin who posts anonymously."""
NOTE = "!"
MEMBERSHIP_KEPT = timedelta(minutes=10)
"""How long Telegram's word that someone is, or is not, in the staff group is relied on."""
_IN_GROUP = frozenset({ChatMember.OWNER, ChatMember.ADMINISTRATOR, ChatMember.MEMBER})
_REMEMBER = "INSERT OR REPLACE INTO desk_posts (chat, message_id, ticket, kind) VALUES (?, ?, ?, ?)"
_CARD = "SELECT message_id FROM desk_posts WHERE ticket = ? AND chat = ? AND kind = 'card'"
_POSTED = "SELECT ticket, kind FROM desk_posts WHERE chat = ? AND message_id = ?"
_MEMBER = "INSERT OR REPLACE INTO staff_members (id, name, seen_at) VALUES (?, ?, ?)"
_MEMBERS = "SELECT id, name FROM staff_members"
_TOPIC = "SELECT message_id FROM desk_posts WHERE ticket = ? AND chat = ? AND kind = 'topic'"
_FORGET_TOPIC = "DELETE FROM desk_posts WHERE ticket = ? AND chat = ? AND kind IN ('topic', 'card')"
_TOPIC_GONE = ("thread not found", "topic_deleted")
_READ_VALUE = "SELECT value FROM runtime_values WHERE key = ?"
_WRITE_VALUE = "INSERT OR REPLACE INTO runtime_values (key, value) VALUES (?, ?)"
_MOVED_TO = "telegram chat moved from "
_SET_UP = {STAFF: "staff group", SUPERVISORS: "supervisors chat"}
"""Where `/setup` keeps the chats it set (runtime_values)."""
_NEEDS_TOPICS = N_(
    "⚠️ I cannot open a topic for each ticket: please give me the «Manage topics» right in "
    "this group's admin settings. Until then, each ticket's messages are replies to its card."
)
_PROMPTS = {
    Action.INFO: N_("{who}: reply to this message with the question for {audience} ({ref})."),
    Action.REJECT: N_("{who}: reply to this message with the reason for the rejection ({ref})."),
    Action.NOTE: N_("{who}: reply to this message with the internal note ({ref})."),
    Action.VISIT: N_(
        "{who}: reply to this message with the visit's date and time ({ref}), e.g. 15/3/2026 10:30."
    ),
    Action.CALLED: N_("{who}: reply to this message with what was said on the call ({ref})."),
}
_AS_YOURSELF = N_(
    "Please act as yourself: staff actions are recorded by name "
    "(turn off «remain anonymous» in the group's admin rights)."
)
_START_FIRST = N_(
    "{who}: to receive a ticket's full data, first open a private chat with the bot "
    "and press Start."
)
_DONE = N_("Done.")
_IN_PRIVATE = N_("{who}: I continue with you in our private chat, to take the request.")
UNREADABLE = N_("⚠️ A file did not arrive: too large, or of a kind that cannot be opened.")
_MENU = {
    "open": N_("open tickets"),
    "overdue": N_("overdue tickets"),
    "ticket": N_("a ticket: /ticket REF"),
    "new": N_("take a request for a person"),
    "stats": N_("figures (supervisors)"),
    "find": N_("a person's tickets (supervisors)"),
    "survey": N_("satisfaction (supervisors)"),
}
_COMMANDS = {f"/{name}" for name in (*commands.STAFF, *commands.SUPERVISORS)} | {
    name for name in (*commands.STAFF, *commands.SUPERVISORS)
}


class StaffGroup:
    """The desk channel on Telegram, and the staff's way in from the group."""

    buttons = True
    """Options posted to staff are buttons (a request they take asks with them)."""

    def __init__(
        self,
        telegram: TelegramChannel,
        staff_chat: int | None = None,
        supervisors_chat: int | None = None,
    ) -> None:
        """The chats given in the settings stand; without, `/setup` sets them in chat."""
        self._telegram = telegram
        self._staff_chat = staff_chat
        self._supervisors_chat = supervisors_chat
        self.configured = {STAFF: staff_chat, SUPERVISORS: supervisors_chat}
        """The chats the settings give (they win over `/setup`)."""
        self._branches: dict[str, int] = {}
        """The branches that have their own staff group, and its chat."""
        self._desk: Desk | None = None
        self._files: Files | None = None
        self._forums: dict[int, bool] = {}
        self._topic_locks: dict[str, asyncio.Lock] = {}
        self._from_staff = filters.Chat()
        """The staff chats' ids as updates carry them (a moved group adds its new id)."""
        self._checked: dict[int, tuple[bool, datetime]] = {}
        """Per user, whether Telegram said they are in the staff group, and when."""

    @property
    def _db(self) -> Database:
        if self._desk is None:
            raise RuntimeError("the staff group is not attached to the desk yet")
        return self._desk.db

    # Posts to staff ------------------------------------------------------------------

    async def post(self, to: str, post: DeskPost) -> None:
        """Show `post` in the staff group, the supervisors' chat, or to one staff member."""
        with platform_errors():
            if to == SUPERVISORS and self._supervisors_chat:
                await self._in_group(self._supervisors_chat, post)
            elif to == SUPERVISORS:
                for supervisor in sorted(self._desk.roles.supervising if self._desk else ()):
                    await self._privately(supervisor, post)
            elif to.startswith(BRANCH) and to.removeprefix(BRANCH) in self._branches:
                await self._in_group(self._branches[to.removeprefix(BRANCH)], post)
            elif to == STAFF or to.startswith(BRANCH):
                await self._in_group(self.staff_chat, post)
            else:
                await self._privately(to, post)

    @property
    def staff_chat(self) -> int:
        """The staff group; Shut (posts wait, /health says why) until one is set up."""
        if self._staff_chat is None:
            raise Shut("no staff group yet: add the bot to it and send /setup there")
        return self._staff_chat

    async def use(self, role: str, chat: int) -> None:
        """Work the desk's `role` (STAFF or SUPERVISORS) from `chat` from now on, and after
        a restart: its updates taken, its menu of commands listed."""
        changes = Changes()
        changes.add(_WRITE_VALUE, (_SET_UP[role], str(chat)))
        await self._db.write(changes)
        if role == STAFF:
            self._staff_chat = chat
        else:
            self._supervisors_chat = chat
        self._from_staff.add_chat_ids(chat)
        await self._register_commands()

    async def _in_group(self, chat: int, post: DeskPost) -> None:
        """In a forum, in the ticket's own topic; in a plain group, as a reply to the
        ticket's card. What Telegram says of the chat is followed, then the post is placed:
        the group moved (topics turned on: a new id), the topic was deleted (made anew) or
        closed (reopened), or the bot may not make or reopen topics (then it replies to
        cards, in General, and the admins are told once which right is missing)."""
        try:
            await self._place(chat, post)
            return
        except ChatMigrated as moved:
            chat = await self._moved(chat, moved.new_chat_id)
        except BadRequest as error:
            said = error.message.casefold()
            if post.ticket and any(gone in said for gone in _TOPIC_GONE):
                changes = Changes()
                changes.add(_FORGET_TOPIC, (post.ticket, chat))
                await self._db.write(changes)
            elif post.ticket and "topic_closed" in said:
                await self._reopen(chat, post.ticket)
            elif "not enough rights" in said and await self._forum(chat):
                await self._without_topics(chat)
            else:
                raise
        await self._place(chat, post)

    async def _moved(self, old: int, new: int) -> int:
        """The group became a supergroup with a new id: use it from now on, and after a
        restart, and take staff's updates from it."""
        log.warning("the staff chat moved to a new id (Telegram upgraded the group)")
        if old == self._staff_chat:
            self._staff_chat = new
        elif old == self._supervisors_chat:
            self._supervisors_chat = new
        self._branches = {
            name: new if chat == old else chat for name, chat in self._branches.items()
        }
        self._from_staff.add_chat_ids(new)
        changes = Changes()
        changes.add(_WRITE_VALUE, (f"{_MOVED_TO}{old}", str(new)))
        await self._db.write(changes)
        return new

    async def _reopen(self, chat: int, ticket: str) -> None:
        """Reopen a ticket's topic a staff member closed; a bot without the right to do so
        goes on without topics."""
        topic = await self._db.fetch_one(_TOPIC, (ticket, chat))
        try:
            if topic:
                await self._telegram.application.bot.reopen_forum_topic(chat, int(topic[0]))
        except BadRequest:
            await self._without_topics(chat)

    async def _without_topics(self, chat: int) -> None:
        """The bot may not make topics: reply to cards instead, and tell the admins once."""
        self._forums[chat] = False
        desk = self._desk
        text = desk._(_NEEDS_TOPICS) if desk else _NEEDS_TOPICS
        await self._telegram.application.bot.send_message(chat, text)

    async def _place(self, chat: int, post: DeskPost) -> None:
        """Send the post in parts that fit, each remembered so a reply to any finds the
        ticket; the buttons go with the last part."""
        bot = self._telegram.application.bot
        topic = await self._topic(chat, post.ticket) if await self._forum(chat) else None
        card = await self._card(post.ticket, chat)
        if post.kind is PostKind.CARD and card and await self._edit(chat, card, post):
            return
        reply = ReplyParameters(card, allow_sending_without_reply=True) if card else None
        where = {"message_thread_id": topic} if topic else {"reply_parameters": reply}
        files = tuple(a for a in post.attachments if a.kind is not AttachmentKind.UNREADABLE)
        text = post.text or "—"
        if len(files) < len(post.attachments) and self._desk:
            text += "\n📎 " + self._desk._(UNREADABLE)

        async def part(words: str, last: bool) -> None:
            markup = keyboard(post.options) if last else None
            message = await bot.send_message(chat, words, reply_markup=markup, **where)
            await self._remember(chat, message.message_id, post.ticket, post.kind.value)

        async def attached(attachment: Attachment) -> None:
            local = self._files.path(attachment.ref) if self._files else None
            sent = await send_file(bot, chat, attachment, local, **where)
            await self._remember(chat, sent.message_id, post.ticket, post.kind.value)

        whole = replace(post, text=text, attachments=files)
        await in_order(whole, MessageLimit.MAX_TEXT_LENGTH, part, attached)

    async def _forum(self, chat: int) -> bool:
        """Whether the chat has topics (asked once)."""
        if chat not in self._forums:
            found = await self._telegram.application.bot.get_chat(chat)
            self._forums[chat] = bool(found.is_forum)
        return self._forums[chat]

    async def _topic(self, chat: int, ticket: str | None) -> int | None:
        """The ticket's topic, created once; its name carries no personal data."""
        if not ticket:
            return None
        async with self._topic_locks.setdefault(ticket, asyncio.Lock()):
            row = await self._db.fetch_one(_TOPIC, (ticket, chat))
            if row:
                return int(row[0])
            topic = await self._telegram.application.bot.create_forum_topic(chat, f"🎫 {ticket}")
            thread: int = topic.message_thread_id
            await self._remember(chat, thread, ticket, "topic")
            return thread

    async def _edit(self, chat: int, card: int, post: DeskPost) -> bool:
        """Redraw a card in place; False when it is gone (then a new one is posted)."""
        try:
            await self._telegram.application.bot.edit_message_text(
                post.text, chat_id=chat, message_id=card, reply_markup=keyboard(post.options)
            )
        except BadRequest as error:
            if "not modified" in error.message.casefold():
                return True
            if "not found" in error.message.casefold():
                return False
            raise
        return True

    async def _privately(self, who: str, post: DeskPost) -> None:
        """A private answer; a member who never started the bot is asked to, in the group."""
        bot = self._telegram.application.bot

        async def part(words: str, last: bool) -> None:
            await bot.send_message(
                int(who), words, reply_markup=keyboard(post.options) if last else None
            )

        async def attached(attachment: Attachment) -> None:
            local = self._files.path(attachment.ref) if self._files else None
            await send_file(bot, int(who), attachment, local)

        try:
            await in_order(post, MessageLimit.MAX_TEXT_LENGTH, part, attached)
        except Forbidden:
            desk = self._desk
            text = desk._(_START_FIRST).format(who=desk.roles.name(who)) if desk else who
            await bot.send_message(self.staff_chat, text)

    async def _card(self, ticket: str | None, chat: int) -> int | None:
        row = await self._db.fetch_one(_CARD, (ticket, chat)) if ticket else None
        return int(row[0]) if row else None

    async def _remember(self, chat: int, message_id: int, ticket: str | None, kind: str) -> None:
        if ticket:
            changes = Changes()
            changes.add(_REMEMBER, (chat, message_id, ticket, kind))
            await self._db.write(changes)

    async def _admitted(self, user: User, chat: int | None, what: str) -> bool:
        """Whether `user` may do `what` at the desk from `chat`: a person, not a bot, in the
        staff group or the supervisors' chat (a command, or answering the request they are
        taking, also privately), named by the
        association or a member of the staff group as Telegram confirms. A refusal is
        logged, ids masked."""
        privately = what in {"command", "intake"}
        where = (*self.chats, user.id) if privately else self.chats
        if user.is_bot or chat not in where:
            reason = "a bot" if user.is_bot else "not from the staff chats"
            _refused(what, user, chat, reason)
            return False
        if await self._confirmed(user):
            return True
        _refused(what, user, chat, "not a member of the staff group")
        return False

    async def _confirmed(self, user: User) -> bool:
        """Whether `user` is staff: named, or in the staff group or a branch's as Telegram
        says (asked again once MEMBERSHIP_KEPT has passed); what it says is kept in the
        desk's roles."""
        desk = self._desk
        assert desk is not None
        who, now = str(user.id), desk.clock.now()
        if desk.roles.is_removed(who):
            return False
        if desk.roles.is_named(who):
            await self._call(who, user.full_name)
            return True
        known = self._checked.get(user.id)
        if known and now - known[1] < MEMBERSHIP_KEPT:
            return known[0]
        try:
            in_group = False
            for chat in self.chats:
                in_group = in_group or await self._member(chat, user.id)
        except TelegramError as error:  # not known either way: refused, asked again next time
            log.warning("membership of the staff group not confirmed: %s", error)
            return False
        self._checked[user.id] = (in_group, now)
        if in_group:
            desk.roles.join(who)
            await self._call(who, user.full_name)
        else:
            desk.roles.leave(who)
        return in_group

    async def _member(self, chat: int, user: int) -> bool:
        """Whether Telegram says `user` is in `chat` (a BadRequest says they never were)."""
        try:
            member = await self._telegram.application.bot.get_chat_member(chat, user)
        except BadRequest:
            return False
        return member.status in _IN_GROUP or bool(getattr(member, "is_member", False))

    async def _call(self, who: str, name: str) -> None:
        """Show a staff member by `name`, now and after a restart."""
        desk = self._desk
        if desk is None or desk.roles.names.get(who) == name:
            return
        desk.roles.call(who, name)
        changes = Changes()
        changes.add(_MEMBER, (who, name, stamp(desk.clock.now())))
        await self._db.write(changes)

    @property
    def set_up(self) -> bool:
        """Whether the desk has its staff group."""
        return self._staff_chat is not None

    @property
    def chats(self) -> tuple[int, ...]:
        """The chats the desk is worked from."""
        chats = (self._staff_chat, self._supervisors_chat, *self._branches.values())
        return tuple(chat for chat in chats if chat is not None)

    async def start(self) -> None:
        """Take the chats `/setup` set where the settings give none, follow them where
        Telegram moved them, recall staff members' names and the roles admins gave, then
        list the desk's commands in their menus."""
        for role, key in _SET_UP.items():
            row = await self._db.fetch_one(_READ_VALUE, (key,))
            if row and self.configured[role] is None:
                if role == STAFF:
                    self._staff_chat = int(row[0])
                else:
                    self._supervisors_chat = int(row[0])
        self._from_staff.add_chat_ids(list(self.chats))
        for chat in self.chats:
            row = await self._db.fetch_one(_READ_VALUE, (f"{_MOVED_TO}{chat}",))
            if row:
                await self._moved(chat, int(row[0]))
        desk = self._desk
        if desk:
            for who, name in await self._db.fetch_all(_MEMBERS):
                desk.roles.call(str(who), str(name))
            await appointments.recall(self._db, desk.roles)
        await self._register_commands()

    async def _register_commands(self) -> None:
        """List the desk's commands in the staff chats' menus, in Arabic."""
        desk = self._desk
        commanded = [(name, text) for name, text in _MENU.items()]
        listed = [BotCommand(name, desk._(text) if desk else text) for name, text in commanded]
        bot = self._telegram.application.bot
        for chat in self.chats:
            await bot.set_my_commands(listed, scope=BotCommandScopeChat(chat))
        known = (
            set(desk.roles.names) | desk.roles.named | set(desk.roles.appointed) if desk else set()
        )
        for member in sorted(who for who in known if who.isdigit()):
            with contextlib.suppress(BadRequest, Forbidden):  # never started the bot yet
                await bot.set_my_commands(listed, scope=BotCommandScopeChat(int(member)))

    # Staff's way in ------------------------------------------------------------------

    def attach(self, desk: Desk, files: Files | None = None) -> None:
        """Take staff's presses and messages in the group, and desk commands in private;
        `files` finds the files people sent on WhatsApp, which are kept here."""
        self._desk = desk
        self._files = files
        self._branches = {b.name.ar: b.staff_chat for b in desk.policy.branches if b.staff_chat}
        group = self._from_staff & filters.UpdateType.MESSAGE
        self._from_staff.add_chat_ids(list(self.chats))
        commanded = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & filters.COMMAND
        add = self._telegram.application.add_handler
        add(CallbackQueryHandler(self._on_press, pattern=f"^{ACTION_PREFIX}"), group=-1)
        add(MessageHandler(group, self._on_group_message), group=-1)
        add(MessageHandler(commanded, self._on_private_command), group=-1)
        written = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & ~filters.COMMAND
        add(MessageHandler(written, self._on_private_message), group=-1)

    async def _on_press(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """A card's button: the action, or a request for the words it needs; the press is
        answered afterwards, as far as Telegram still lets (a press can be too old)."""
        query, desk = update.callback_query, self._desk
        if not query or not query.data or not desk:
            return

        async def answer(text: str | None = None, alert: bool = False) -> None:
            with best_effort("answer a press at the desk"):
                await query.answer(text, show_alert=alert)

        if query.from_user.id == ANONYMOUS_ADMIN:
            await answer(desk._(_AS_YOURSELF), alert=True)
            raise ApplicationHandlerStop
        chat = query.message.chat.id if query.message else None
        _prefix, action, ref = [*query.data.split(":", 2), "", ""][:3]
        taking = action == intake.PRESSED
        if not await self._admitted(query.from_user, chat, "intake" if taking else "press"):
            await answer(desk._(staff.NOT_STAFF), alert=True)
            raise ApplicationHandlerStop
        who = str(query.from_user.id)
        if taking:  # ref: the option's code
            said = StaffInput(who, option=ref, id=f"press:{query.id}")
            refusal = await staff.attempt(desk, said)
            if refusal:
                await answer(refusal, alert=True)
            else:
                await show_choice(query, pressed_label(query))
            raise ApplicationHandlerStop
        prompted = action in {asked.value for asked in _PROMPTS}
        if action == Action.VISIT and not desk.visits:
            prompted = False  # an earlier card's button: refused, as typed
        if prompted and isinstance(query.message, Message):
            await self._prompt(query.message, query.from_user, Action(action), ref)
            await answer()
        else:
            refusal = await staff.attempt(desk, StaffInput(who, ticket=ref, action=action))
            await answer(refusal or desk._(_DONE), alert=bool(refusal))
        raise ApplicationHandlerStop

    async def _prompt(self, card: Message, user: User, action: Action, ref: str) -> None:
        """Ask the member who pressed for the action's words, as a reply they must write."""
        desk = self._desk
        assert desk is not None
        name = user.first_name
        text = desk._(_PROMPTS[action]).format(who=name, audience=desk.cards.audience, ref=ref)
        start = size(text[: text.find(name)])  # the mention makes the ForceReply theirs alone
        mention = MessageEntity(MessageEntity.TEXT_MENTION, start, size(name), user=user)
        asked = await card.reply_text(
            text,
            reply_markup=ForceReply(selective=True),
            entities=[mention],
            allow_sending_without_reply=True,
        )
        await self._remember(
            card.chat.id, asked.message_id, ref, f"prompt:{action.value}:{user.id}"
        )

    async def _on_group_message(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """A staff member's message: a command, words asked for, a note, or a reply to a person."""
        message, desk = update.message, self._desk
        if not message or not desk:
            return
        user = message.from_user
        if user and user.is_bot:  # another bot in the group: never staff, never relayed
            raise ApplicationHandlerStop
        if message.sender_chat or not user or user.id == ANONYMOUS_ADMIN:
            await message.reply_text(desk._(_AS_YOURSELF))
            raise ApplicationHandlerStop
        said = await self._understood(message, str(user.id))
        if said:
            admitted = await self._admitted(user, message.chat.id, "message")
            refusal = await staff.attempt(desk, said) if admitted else desk._(staff.NOT_STAFF)
            if refusal:
                await message.reply_text(refusal)
            elif said.text.split()[:1] == [intake.COMMAND]:
                await message.reply_text(desk._(_IN_PRIVATE).format(who=user.first_name))
        raise ApplicationHandlerStop

    async def _understood(self, message: Message, who: str) -> StaffInput | None:
        """What a group message asks of the desk, or None for talk among staff."""
        text = (message.text or message.caption or "").strip()
        if text.startswith("/"):
            return StaffInput(
                who, text=_command(text), id=f"{message.chat.id}:{message.message_id}"
            )
        replied = message.reply_to_message
        topic = message.message_thread_id if message.is_topic_message else None
        places = [replied.message_id] if replied else []
        row = None
        for place in [*places, *([topic] if topic else [])]:
            row = row or await self._db.fetch_one(_POSTED, (message.chat.id, place))
        if row is None:
            return None
        ticket, kind = str(row[0]), str(row[1])
        if kind.startswith("prompt:"):
            _prompt, action, asked = kind.split(":", 2)
            if asked == who:
                return StaffInput(who, text=text, ticket=ticket, action=action)
        if text.startswith(NOTE) or kind == PostKind.NOTE.value:
            note = text.removeprefix(NOTE).strip()
            return StaffInput(who, text=note, ticket=ticket, action=Action.NOTE.value)
        return StaffInput(who, text=text, ticket=ticket, attachments=attachments(message))

    async def _on_private_command(
        self, update: Update, _context: ContextTypes.DEFAULT_TYPE
    ) -> None:
        """A desk command in a private chat: answered to staff, politely refused to others."""
        message, desk = update.message, self._desk
        if not message or not message.from_user or not desk:
            return
        text = _command(message.text or "")
        if text.split()[0] not in _COMMANDS:
            return
        user = message.from_user
        admitted = await self._admitted(user, message.chat.id, "command")
        said = StaffInput(str(user.id), text=text, id=f"{message.chat.id}:{message.message_id}")
        refusal = await staff.attempt(desk, said) if admitted else desk._(staff.NOT_STAFF)
        if refusal:
            await message.reply_text(refusal)
        raise ApplicationHandlerStop

    async def _on_private_message(
        self, update: Update, _context: ContextTypes.DEFAULT_TYPE
    ) -> None:
        """A staff member's private message while they take a request: their answer to it.
        Any other private message is the writer's own chat with the bot."""
        message, desk = update.message, self._desk
        if not message or not message.from_user or not desk:
            return
        user, who = message.from_user, str(message.from_user.id)
        staffed = desk.roles.is_staff(who) or who in desk.roles.names  # names: since a restart
        if not staffed or not await intake.open_for(desk, who):
            return
        said = StaffInput(
            who,
            text=message.text or message.caption or "",
            attachments=attachments(message),
            id=f"{message.chat.id}:{message.message_id}",
        )
        admitted = await self._admitted(user, message.chat.id, "intake")
        refusal = await staff.attempt(desk, said) if admitted else desk._(staff.NOT_STAFF)
        if refusal:
            await message.reply_text(refusal)
        raise ApplicationHandlerStop


def _refused(what: str, user: User, chat: int | None, reason: str) -> None:
    """Log a desk action refused, with the ids masked."""
    where = masked(str(chat), keep=2) if chat is not None else "none"
    log.warning(
        "desk %s refused from user %s in chat %s: %s", what, masked(str(user.id), 2), where, reason
    )


def _command(text: str) -> str:
    """'/stats@association_bot 30' as the desk reads it: '/stats 30'."""
    name, *rest = text.split()
    return " ".join([name.split("@")[0], *rest])
