"""Setting the desk up in chat (`/setup`, `/staff`, `/supervisor`), through the real PTB
stack and the fake Bot API: no chat id or user id typed anywhere."""

from __future__ import annotations

import contextlib
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import open_app
from bot.channels.setup import DeskSetup
from bot.channels.staff_group import StaffGroup
from bot.channels.telegram import CHANNEL, TelegramChannel
from bot.desk.roles import Roles
from bot.serve import Platforms, assemble
from conversations.messages import Incoming
from tests.conftest import form_answers, rows
from tests.fakes.bot_api import FakeBotAPI
from tests.test_staff_group import COLLEAGUE, GROUP, NOURA, STAFFER, Desk

ADMIN, STRANGER, HELPER_BOT = 6001, 8001, 9001
OTHER_GROUP = -1005


class Setting(Desk):
    """The desk before it is set up, its setup beside it."""

    setup: DeskSetup
    printed: str
    """What starting the bot printed."""

    async def said(self, who: int, text: str, chat: int | None = None, **more: int) -> str:
        """`who` writes `text` (in `chat`, privately by default); the bot's answers there."""
        where = chat if chat is not None else who
        before = len(self.api.sent_to(where))
        await self.handle(self.api.message(who, text, chat_id=chat, **more))
        await self.app.outbox.deliver_due()
        answers = self.api.sent_to(where)[before:]
        return "\n".join(str(answer.params["text"]) for answer in answers)


async def _setting(
    db_path: Path, chat: int | None = None, admins: frozenset[str] = frozenset()
) -> AsyncIterator[Setting]:
    async with FakeBotAPI() as api:
        api.members[GROUP] = {STAFFER: "member", ADMIN: "member"}
        api.usernames[COLLEAGUE] = "Colleague_Sara"
        channel = TelegramChannel(api.token, api.root, webhook=False)
        group = StaffGroup(channel, chat)
        setup = DeskSetup(channel, group, admins)
        roles = Roles()
        async with open_app(
            "mishkat", db_path, {CHANNEL: channel}, roles=roles, desk_channel=group
        ) as app:
            site = await assemble(app, Platforms(channel, group=group, setup=setup), None)
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                lifespan = site.router.lifespan_context(site)
                await lifespan.__aenter__()
            try:
                running = Setting(api, app, channel, group)
                running.setup, running.printed = setup, printed.getvalue()
                yield running
            finally:
                await lifespan.__aexit__(None, None, None)


@pytest.fixture
async def fresh(db_path: Path) -> AsyncIterator[Setting]:
    async for running in _setting(db_path):
        yield running


async def _request(desk: Setting) -> None:
    lines = [{"text": "ابي اقدم طلب"}, {"text": "1"}, *form_answers("mishkat", "request")]
    for n, line in enumerate([*lines, {"text": "1"}, {"text": "1"}]):
        await desk.app.engine.handle(
            Incoming(CHANNEL, str(NOURA), f"m{n}", line.get("text", "تخطي"))
        )


async def test_the_first_to_open_the_setup_link_sets_up_the_staff_group(fresh: Setting) -> None:
    link = await fresh.setup.invitation()
    assert link is not None
    assert f"No staff group is set up yet. Open {link} in Telegram" in fresh.printed
    code = link.rsplit("=", 1)[1]

    assert (await fresh.said(STRANGER, "/setup", GROUP)).startswith("إعداد البوت لمسؤوليه فقط")
    await _request(fresh)  # a request before the staff group exists: its card waits
    assert not any("🎫" in c.params.get("text", "") for c in fresh.api.sent_to(GROUP))

    assert (await fresh.said(ADMIN, "/start wrong-code")).startswith("أهلًا وسهلًا")
    assert (await fresh.said(ADMIN, f"/start {code}")).startswith("يمكنك إعداد البوت الآن")
    late = await fresh.said(STRANGER, f"/start {code}")  # the link is spent: an ordinary start
    assert late.startswith("أهلًا وسهلًا")

    done = await fresh.said(ADMIN, "/setup", GROUP)
    assert done.startswith("✅ أصبحت هذه المجموعة مجموعة الموظفين")
    assert "أن أكون مشرفًا في هذه المجموعة" in done  # the bot is not an admin there yet
    await fresh.api.wait_for(
        lambda: any("🎫" in c.params.get("text", "") for c in fresh.api.sent_to(GROUP))
    )
    assert await fresh.setup.invitation() is None
    refused = await fresh.said(ADMIN, "/setup", OTHER_GROUP)  # the opener's turn has passed
    assert refused.startswith("إعداد البوت لمسؤوليه فقط")


async def test_the_staff_group_set_in_chat_stays_after_a_restart(db_path: Path) -> None:
    async for desk in _setting(db_path, admins=frozenset({str(ADMIN)})):
        await desk.said(ADMIN, "/setup", GROUP)
    async for desk in _setting(db_path):
        assert await desk.setup.invitation() is None
        await _request(desk)
        [card] = await desk.sent(GROUP, 1)
        assert "🎫" in card.params["text"]


async def test_setup_says_which_of_the_bots_rights_are_missing(db_path: Path) -> None:
    async for desk in _setting(db_path, admins=frozenset({str(ADMIN)})):
        desk.api.forums.add(GROUP)
        desk.api.members[GROUP][desk.api.bot_id] = "administrator"
        told = await desk.said(ADMIN, "/setup", GROUP)
        assert "صلاحية «إدارة المواضيع»" in told
        assert "مشرفًا" not in told
        desk.api.rights[(GROUP, desk.api.bot_id)] = {"can_manage_topics": True}
        told = await desk.said(ADMIN, "/setup", GROUP)
        assert told.startswith("✅ أصبحت هذه المجموعة مجموعة الموظفين")
        assert "ما زلت أحتاج" not in told
        told = await desk.said(ADMIN, "/setup supervisors", OTHER_GROUP)
        assert told.startswith("✅ أصبحت هذه المجموعة محادثة المشرفين")


async def test_a_chat_in_the_settings_wins_over_setup(db_path: Path) -> None:
    async for desk in _setting(db_path, chat=GROUP, admins=frozenset({str(ADMIN)})):
        told = await desk.said(ADMIN, "/setup", OTHER_GROUP)
        assert told.startswith("المحادثة المخصصة لهذا محددة في الإعدادات (BOT_TELEGRAM_STAFF_CHAT)")


async def test_admins_add_and_remove_staff_and_removal_is_at_once(db_path: Path) -> None:
    admins = frozenset({str(ADMIN)})
    async for desk in _setting(db_path, chat=GROUP, admins=admins):
        assert (await desk.said(STRANGER, "/staff add @colleague_sara", GROUP)).startswith(
            "إعداد البوت لمسؤوليه فقط"
        )
        unseen = await desk.said(ADMIN, "/staff add @colleague_sara", GROUP)
        assert unseen.startswith("لم أرَ @colleague_sara في محادثات الموظفين بعد")
        hello = desk.api.message(COLLEAGUE, "السلام عليكم", chat_id=GROUP)
        await desk.handle(hello)  # she writes in the group: her username is known now
        assert (await desk.said(COLLEAGUE, "/open")).startswith(
            "عذرًا، هذه الخدمة لفريق الجمعية فقط."
        )
        added = await desk.said(ADMIN, "/staff add @Colleague_Sara", GROUP)
        assert added == "✅ @colleague_sara أصبح من الموظفين."
        assert (await desk.said(COLLEAGUE, "/open")).startswith("التذاكر المفتوحة: 0")

        assert (await desk.said(STAFFER, "/open")).startswith("التذاكر المفتوحة: 0")
        his = desk.api.message(STAFFER, "تمام", chat_id=GROUP)
        await desk.handle(his)
        removed = await desk.said(
            ADMIN, "/staff remove", GROUP, reply_to=his["message"]["message_id"]
        )
        assert removed == "✅ Noura لم يعد من الموظفين، من الآن."
        assert (await desk.said(STAFFER, "/open")).startswith("عذرًا، هذه الخدمة لفريق الجمعية فقط.")

        boss = desk.api.message(COLLEAGUE, "حاضر", chat_id=GROUP)
        await desk.handle(boss)
        made = await desk.said(
            ADMIN, "/supervisor add", GROUP, reply_to=boss["message"]["message_id"]
        )
        assert made == "✅ Noura أصبح من المشرفين."
        listing = await desk.said(ADMIN, "/staff", GROUP)
        assert "المشرفون: Noura" in listing

        desk.api.bots.add(HELPER_BOT)
        bot = desk.api.message(HELPER_BOT, "beep", chat_id=GROUP)
        await desk.handle(bot)
        refused = await desk.said(ADMIN, "/staff add", GROUP, reply_to=bot["message"]["message_id"])
        assert refused == "لا يمكن أن يكون بوتٌ من الموظفين."
    async for desk in _setting(db_path, chat=GROUP, admins=admins):  # kept across a restart
        assert (await desk.said(STAFFER, "/open")).startswith("عذرًا، هذه الخدمة لفريق الجمعية فقط.")
        assert desk.app.desk.roles.is_supervisor(str(COLLEAGUE))
    assert rows(db_path, "SELECT count(*) FROM desk_roles") == [(2,)]
