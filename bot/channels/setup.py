"""Setting the desk up from Telegram, without typing a chat id or a user id anywhere.

`/setup` in a group makes it the staff group (`/setup supervisors`: the supervisors' chat),
from an admin: a Telegram user listed in BOT_ADMINS or, while no staff group is set, the
person who first opened the setup link `python -m bot run` prints. It says in Arabic which
of the bot's rights there are missing. `/staff` lists the staff; `/staff add` and `/staff
remove` (in reply to a member's message, or with @username), `/supervisor add` and
`/supervisor remove` are for admins, and take effect at once.
"""

from __future__ import annotations

import logging
import secrets

from telegram import Chat, ChatMemberAdministrator, Message, Update, User
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes, MessageHandler, filters

from bot.channels.staff_group import StaffGroup
from bot.channels.telegram import TelegramChannel
from bot.clock import stamp
from bot.desk import appointments
from bot.desk.delivery import STAFF
from bot.desk.desk import Desk
from bot.desk.posts import CHANNEL as DESK
from bot.desk.posts import SUPERVISORS
from bot.desk.roles import REMOVED, SUPERVISOR, Roles
from bot.desk.roles import STAFF as STAFF_ROLE
from bot.outbox import due_now
from bot.storage.database import Changes
from bot.storage.secrets import kept
from conversations.i18n import N_

log = logging.getLogger(__name__)

_READ_VALUE = "SELECT value FROM runtime_values WHERE key = ?"
_WRITE_VALUE = "INSERT OR REPLACE INTO runtime_values (key, value) VALUES (?, ?)"
_CODE, _OPENER = "setup code", "setup admin"
_SEEN = "INSERT OR REPLACE INTO telegram_usernames (username, id, seen_at) VALUES (?, ?, ?)"
_FOUND = "SELECT id FROM telegram_usernames WHERE username = ?"

_NOT_ADMIN = N_(
    "Only the bot's admins can set it up (BOT_ADMINS, or whoever opened its setup link first)."
)
_ADMIN_NOW = N_(
    "You can set the bot up now: add it to the staff group, make it an admin there with "
    "«Manage topics», and send /setup in the group."
)
_NOT_A_GROUP = N_("Send /setup in the staff group itself, after adding me to it.")
_IN_SETTINGS = N_("The chat for this is set in the settings ({variable}): change it there.")
_SET = {
    STAFF: N_(
        "✅ This group is now the staff group: tickets reach it here, and its members act on them."
    ),
    SUPERVISORS: N_(
        "✅ This group is now the supervisors' chat: confidential tickets reach it here."
    ),
}
_STILL_NEEDED = N_("To work fully here, I still need:")
_NEED_ADMIN = N_("• to be an admin of this group (its settings → Administrators → add the bot);")
_NEED_TOPICS = N_("• the «Manage topics» right, to open a topic for each ticket.")
_WHOM = N_("Reply to a message of the member with {command}, or write {command} @username.")
_UNSEEN = N_(
    "I have not seen @{username} in the staff chats yet: ask them to write there, or reply "
    "to one of their messages with {command}."
)
_NO_BOTS = N_("A bot cannot be staff.")
_NAMED_IN_SETTINGS = N_(
    "{who} is named in the settings (BOT_STAFF or BOT_SUPERVISORS): change it there."
)
_GIVEN = {
    STAFF_ROLE: N_("✅ {who} is staff now."),
    SUPERVISOR: N_("✅ {who} is a supervisor now."),
    REMOVED: N_("✅ {who} is no longer staff, from now on."),
}
_NOT_SUPERVISING = N_("✅ {who} is no longer a supervisor (still staff).")
_LISTED = N_(
    "Staff: {staff}\nSupervisors: {supervisors}\nStaff group members are staff too, unless removed."
)
_VARIABLES = {STAFF: "BOT_TELEGRAM_STAFF_CHAT", SUPERVISORS: "BOT_TELEGRAM_SUPERVISORS_CHAT"}
_CHANGES = {
    ("staff", "add"): STAFF_ROLE,
    ("staff", "remove"): REMOVED,
    ("supervisor", "add"): SUPERVISOR,
    ("supervisor", "remove"): STAFF_ROLE,
}


class DeskSetup:
    """`/setup`, `/staff` and `/supervisor`, for the bot's admins on Telegram."""

    def __init__(
        self, telegram: TelegramChannel, group: StaffGroup, admins: frozenset[str]
    ) -> None:
        self._telegram = telegram
        self._group = group
        self._admins = admins
        self._desk: Desk | None = None
        self._opener: str | None = None
        self._seen: dict[str, str] = {}

    def attach(self, desk: Desk) -> None:
        """Take the setup commands before the desk does, and note who writes where."""
        self._desk = desk
        add = self._telegram.application.add_handler
        private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
        add(MessageHandler(private & filters.Regex(r"^/start \S+$"), self._on_start), group=-3)
        commanded = filters.UpdateType.MESSAGE & filters.Regex(
            r"^/(setup|staff|supervisor)(@\w+)?\b"
        )
        add(MessageHandler(commanded, self._on_command), group=-3)
        add(
            MessageHandler(filters.UpdateType.MESSAGE & filters.ChatType.GROUPS, self._on_seen),
            group=-4,
        )

    @property
    def _on_desk(self) -> Desk:
        if self._desk is None:
            raise RuntimeError("the setup is not attached to the desk yet")
        return self._desk

    async def invitation(self) -> str | None:
        """While no staff group is set: the link whose first opener may set the bot up (made
        once, kept), for `run` to print; None once a staff group is set."""
        db = self._on_desk.db
        opener = await db.fetch_one(_READ_VALUE, (_OPENER,))
        self._opener = str(opener[0]) if opener else None
        if self._group.set_up:
            return None
        code = await kept(db, _CODE, size=12)
        return f"https://t.me/{self._telegram.application.bot.username}?start={code}"

    def _is_admin(self, user: User) -> bool:
        who = str(user.id)
        opened = self._opener == who and not self._group.set_up
        return not user.is_bot and (who in self._admins or opened)

    async def _on_start(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/start CODE` from the setup link: its first opener may set the bot up."""
        message, desk = update.message, self._on_desk
        if not message or not message.from_user or message.from_user.is_bot:
            return
        code = await desk.db.fetch_one(_READ_VALUE, (_CODE,))
        given = (message.text or "").split()[-1]
        if (
            not code
            or self._opener
            or self._group.set_up
            or not secrets.compare_digest(given, str(code[0]))
        ):
            return
        self._opener = str(message.from_user.id)
        changes = Changes()
        changes.add(_WRITE_VALUE, (_OPENER, self._opener))
        await desk.db.write(changes)
        log.warning("the setup link was opened: its opener may now send /setup")
        await message.reply_text(desk._(_ADMIN_NOW))
        raise ApplicationHandlerStop

    async def _on_seen(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Keep who @username is, for `/staff add @username`, in the desk's chats."""
        message = update.message
        user = message.from_user if message else None
        if not message or not user or not user.username or message.chat.id not in self._group.chats:
            return
        name = user.username.casefold()
        if self._seen.get(name) != str(user.id):
            self._seen[name] = str(user.id)
            changes = Changes()
            changes.add(_SEEN, (name, str(user.id), stamp(self._on_desk.clock.now())))
            await self._on_desk.db.write(changes)

    async def _on_command(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        message, desk = update.message, self._on_desk
        if not message or not message.from_user:
            return
        words = (message.text or "").split()
        name = words[0].lstrip("/").split("@")[0]
        user = message.from_user
        if name == "staff" and len(words) == 1:
            if desk.roles.is_staff(str(user.id)) or self._is_admin(user):
                await message.reply_text(self._listing(desk.roles))
            else:
                await message.reply_text(desk._(_NOT_ADMIN))
        elif not self._is_admin(user):
            await message.reply_text(desk._(_NOT_ADMIN))
        elif name == "setup":
            await self._set_up(message, words[1:2] == ["supervisors"])
        else:
            await self._change(message, name, words[1:])
        raise ApplicationHandlerStop

    async def _set_up(self, message: Message, supervisors: bool) -> None:
        """Make the group the staff group (or the supervisors' chat), and say what is missing."""
        desk, chat = self._on_desk, message.chat
        role = SUPERVISORS if supervisors else STAFF
        if chat.type not in {Chat.GROUP, Chat.SUPERGROUP}:
            await message.reply_text(desk._(_NOT_A_GROUP))
            return
        configured = self._group.configured[role]
        if configured is not None and configured != chat.id:
            await message.reply_text(desk._(_IN_SETTINGS).format(variable=_VARIABLES[role]))
            return
        await self._group.use(role, chat.id)
        changes = Changes()
        due_now(changes, DESK, stamp(desk.clock.now()))  # what waited for a staff group goes
        await desk.db.write(changes)
        lines = [desk._(_SET[role])]
        missing = await self._missing(chat)
        if missing:
            lines += [desk._(_STILL_NEEDED), *map(desk._, missing)]
        await message.reply_text("\n".join(lines))

    async def _missing(self, chat: Chat) -> list[str]:
        """The bot's rights the desk needs in `chat` and lacks, as Telegram says them."""
        bot = self._telegram.application.bot
        try:
            member = await bot.get_chat_member(chat.id, bot.id)
            found = await bot.get_chat(chat.id)
        except TelegramError as error:
            log.warning("the bot's rights in the group could not be read: %s", error)
            return [_NEED_ADMIN]
        if member.status != ChatMemberStatus.ADMINISTRATOR:
            return [_NEED_ADMIN, *([_NEED_TOPICS] if found.is_forum else [])]
        topics = isinstance(member, ChatMemberAdministrator) and member.can_manage_topics
        return [_NEED_TOPICS] if found.is_forum and not topics else []

    async def _change(self, message: Message, name: str, words: list[str]) -> None:
        """`/staff add|remove`, `/supervisor add|remove`: of the member replied to, or @named."""
        desk = self._on_desk
        role = _CHANGES.get((name, words[0] if words else ""))
        command = f"/{name} {words[0] if words else 'add'}"
        if role is None:
            await message.reply_text(desk._(_WHOM).format(command=f"/{name} add"))
            return
        whom = await self._whom(message, words[1:], command)
        if whom is None:
            return
        who, shown = whom
        if who in desk.roles.named:
            await message.reply_text(desk._(_NAMED_IN_SETTINGS).format(who=shown))
            return
        if role == STAFF_ROLE and name == "staff" and desk.roles.is_supervisor(who):
            role = SUPERVISOR  # a supervisor is staff already
        by = str(message.from_user.id) if message.from_user else ""
        await appointments.give(desk.db, desk.roles, who, role, by, desk.clock.now())
        demoted = name == "supervisor" and role == STAFF_ROLE
        told = _NOT_SUPERVISING if demoted else _GIVEN[role]
        await message.reply_text(desk._(told).format(who=shown))

    async def _whom(
        self, message: Message, words: list[str], command: str
    ) -> tuple[str, str] | None:
        """The member a change is about, and how to name them; None (told why) if unclear."""
        desk = self._on_desk
        replied = message.reply_to_message.from_user if message.reply_to_message else None
        if replied:
            if replied.is_bot:
                await message.reply_text(desk._(_NO_BOTS))
                return None
            desk.roles.call(str(replied.id), replied.full_name)
            return str(replied.id), replied.full_name
        named = words[0].lstrip("@").casefold() if words and words[0].startswith("@") else ""
        if not named:
            await message.reply_text(desk._(_WHOM).format(command=command))
            return None
        row = await desk.db.fetch_one(_FOUND, (named,))
        if row is None:
            await message.reply_text(desk._(_UNSEEN).format(username=named, command=command))
            return None
        return str(row[0]), f"@{named}"

    def _listing(self, roles: Roles) -> str:
        """Who is staff and who supervises, by name."""
        _ = self._on_desk._
        staff = sorted(
            roles.name(w) for w in {*roles.named, *roles.appointed} if not roles.is_supervisor(w)
        )
        bosses = sorted(roles.name(w) for w in roles.supervising)
        return _(_LISTED).format(
            staff="، ".join(staff) or "—", supervisors="، ".join(bosses) or "—"
        )
