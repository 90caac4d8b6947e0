"""The staff desk in a Telegram group (plain group mode), through the real PTB stack."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot import inbound, jobs
from bot.app import App, open_app
from bot.channels.staff_group import ANONYMOUS_ADMIN, MEMBERSHIP_KEPT, StaffGroup
from bot.channels.telegram import CHANNEL, TelegramChannel
from bot.desk.delivery import STAFF
from bot.desk.desk import StaffInput
from bot.desk.posts import DeskPost, PostKind
from bot.desk.roles import Roles
from bot.serve import Platforms, assemble
from conversations.messages import Incoming
from tests.conftest import VALID_ID, form_answers, rows
from tests.fakes.bot_api import Call, FakeBotAPI
from tests.test_complaints_about_staff import PRESETS, RUDE, SUBJECT, _the_rest

GROUP = -1001
NOURA, STAFFER, SUPERVISOR, COLLEAGUE = 5001, 7001, 7002, 7003


@dataclass
class Desk:
    api: FakeBotAPI
    app: App
    channel: TelegramChannel
    group: StaffGroup

    async def handle(self, update: dict[str, Any]) -> None:
        application = self.channel.application
        await application.process_update(Update.de_json(update, application.bot))

    async def sent(self, chat: int, count: int) -> list[Call]:
        """Wait for `count` messages to `chat`, and for the delivery pass that sent them."""
        await self.api.wait_for(lambda: len(self.api.sent_to(chat)) >= count)
        await self.app.outbox.deliver_due()  # waits for the pass: its posts are remembered
        return self.api.sent_to(chat)

    async def press(self, who: int, label: str, card: Call) -> None:
        buttons = [b for row in card.params["reply_markup"]["inline_keyboard"] for b in row]
        data = next(b["callback_data"] for b in buttons if b["text"] == label)
        message_id, chat = card.result["message_id"], card.params["chat_id"]
        await self.handle(self.api.callback(who, data, message_id=message_id, chat_id=chat))


async def _desk(
    db_path: Path,
    forum: bool,
    limited: bool = True,
    bosses: int | None = None,
    policy: str = "mishkat",
) -> AsyncIterator[Desk]:
    async with FakeBotAPI() as api:
        if forum:
            api.forums.add(GROUP)
        api.members[GROUP] = {STAFFER: "member", COLLEAGUE: "member"}
        channel = TelegramChannel(api.token, api.root, webhook=False, rate_limited=limited)
        roles = Roles.parse("", str(SUPERVISOR))
        group = StaffGroup(channel, GROUP, bosses)
        async with open_app(
            policy, db_path, {CHANNEL: channel}, roles=roles, desk_channel=group
        ) as app:
            site = await assemble(app, Platforms(channel, group=group), None)
            async with site.router.lifespan_context(site):
                yield Desk(api, app, channel, group)


@pytest.fixture
async def desk(db_path: Path) -> AsyncIterator[Desk]:
    async for running in _desk(db_path, forum=False):
        yield running


@pytest.fixture
async def unthrottled(db_path: Path) -> AsyncIterator[Desk]:
    """PTB's own limiter off, so the group's budget is met by Telegram's 429 alone."""
    async for running in _desk(db_path, forum=False, limited=False):
        yield running


@pytest.fixture
async def forum(db_path: Path) -> AsyncIterator[Desk]:
    async for running in _desk(db_path, forum=True):
        yield running


async def _submitted(desk: Desk, chat: int = GROUP) -> Call:
    """A request Noura submits, and its card as it reaches `chat`."""
    lines = [{"text": "ابي اقدم طلب"}, {"text": "1"}, *form_answers("mishkat", "request")]
    lines += [{"text": "1"}, {"text": "1"}]
    for n, line in enumerate(lines):
        said = Incoming(CHANNEL, str(NOURA), f"m{n}", line.get("text", "تخطي"))
        await desk.app.engine.handle(said)
    [card] = await desk.sent(chat, 1)
    return card


async def test_a_request_is_handled_from_the_group_by_buttons_and_replies(desk: Desk) -> None:
    card = await _submitted(desk)
    assert "••••••0008" in card.params["text"]
    assert VALID_ID not in card.params["text"]
    labels = [b["text"] for row in card.params["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["استلام", "إضافة ملاحظة"]

    await desk.press(STAFFER, "استلام", card)
    await desk.api.wait_for(lambda: bool(desk.api.called("editMessageText")))
    [edit] = desk.api.called("editMessageText")
    assert edit.params["message_id"] == card.result["message_id"]
    assert "المسؤول: Noura" in edit.params["text"]  # the staff member's name, not their id
    [full] = await desk.sent(STAFFER, 1)
    assert VALID_ID in full.params["text"]

    claimed = Call("editMessageText", edit.params, None, card.result)
    await desk.press(STAFFER, "طلب معلومات", claimed)
    prompt = (await desk.sent(GROUP, 2))[-1]
    assert prompt.params["reply_markup"]["force_reply"] is True
    question = "كم عدد أطفالك في المدارس؟"
    reply = desk.api.message(STAFFER, question, chat_id=GROUP, reply_to=prompt.result["message_id"])
    await desk.handle(reply)
    await desk.api.wait_for(
        lambda: any(question in c.params.get("text", "") for c in desk.api.sent_to(NOURA))
    )

    await desk.handle(desk.api.message(NOURA, "ثلاثة"))
    thread = (await desk.sent(GROUP, 3))[-1]
    assert thread.params["text"] == "👤 ثلاثة"
    assert thread.params["reply_parameters"]["message_id"] == card.result["message_id"]

    photo = desk.api.message(
        STAFFER,
        None,
        chat_id=GROUP,
        photo=True,
        caption="نموذج",
        reply_to=thread.result["message_id"],
    )
    await desk.handle(photo)
    await desk.api.wait_for(lambda: bool([c for c in desk.api.calls if c.method == "sendPhoto"]))
    [sent_photo] = [c for c in desk.api.calls if c.method == "sendPhoto"]
    assert sent_photo.params["chat_id"] == NOURA

    note = desk.api.message(
        STAFFER, "! اتصلت ولم يرد", chat_id=GROUP, reply_to=card.result["message_id"]
    )
    await desk.handle(note)
    await desk.api.wait_for(
        lambda: any("اتصلت ولم يرد" in c.params.get("text", "") for c in desk.api.sent_to(GROUP))
    )
    assert not any("اتصلت ولم يرد" in c.params.get("text", "") for c in desk.api.sent_to(NOURA))


async def test_an_anonymous_admin_is_asked_to_act_as_themselves(desk: Desk) -> None:
    card = await _submitted(desk)
    await desk.press(ANONYMOUS_ADMIN, "استلام", card)
    [answer] = desk.api.called("answerCallbackQuery")
    assert answer.params["text"].startswith("فضلًا تصرّف باسمك")
    assert answer.params["show_alert"] is True
    assert desk.api.called("editMessageText") == []


async def test_a_beneficiary_typing_a_desk_command_is_refused_politely(desk: Desk) -> None:
    await desk.handle(desk.api.message(NOURA, "/stats"))
    [refusal] = await desk.sent(NOURA, 1)
    assert refusal.params["text"] == "عذرًا، هذه الخدمة لفريق الجمعية فقط."
    assert len(desk.api.sent_to(NOURA)) == 1  # nothing else: no welcome, no menu


async def test_a_supervisor_asks_for_figures_in_the_group_and_gets_them_privately(
    desk: Desk,
) -> None:
    await _submitted(desk)
    await desk.handle(desk.api.message(SUPERVISOR, "/stats@association_bot", chat_id=GROUP))
    [figures] = await desk.sent(SUPERVISOR, 1)
    assert figures.params["text"].startswith("التذاكر المفتوحة حسب النوع والمرحلة:")


async def test_a_supervisor_gets_the_chart_and_the_workbook_as_files(desk: Desk) -> None:
    await _submitted(desk)
    await desk.handle(desk.api.message(SUPERVISOR, "/report month", chat_id=GROUP))
    await desk.handle(desk.api.message(SUPERVISOR, "/export"))
    await desk.sent(SUPERVISOR, 2)
    [photo] = desk.api.called("sendPhoto")
    [sheet] = desk.api.called("sendDocument")
    assert photo.params["chat_id"] == sheet.params["chat_id"] == SUPERVISOR
    assert photo.params["photo"]["filename"].endswith(".png")
    assert sheet.params["document"]["filename"].endswith(".xlsx")


async def test_the_card_says_how_the_person_writes_and_when_they_cannot_be_reached(
    desk: Desk,
) -> None:
    card = await _submitted(desk)
    assert "يتواصل عبر تيليجرام باللغة العربية" in card.params["text"]
    await desk.handle(desk.api.my_chat_member(NOURA, "kicked"))
    await desk.press(STAFFER, "استلام", card)
    await desk.api.wait_for(lambda: bool(desk.api.called("editMessageText")))
    redrawn = desk.api.called("editMessageText")[-1].params["text"]
    assert "⚠️ لم تعد الرسائل تصل إلى المستفيد" in redrawn


async def test_a_confidential_complaint_reaches_the_supervisors_chat_only(db_path: Path) -> None:
    bosses = -1002
    async for desk in _desk(db_path, forum=False, bosses=bosses):
        texts = ["مرحبا", "عندي شكوى", "أوافق", "2", "لم يرد على اتصالي", "تخطي", "تخطي"]
        for n, text in enumerate([*texts, "نعم", "1"]):
            await desk.app.engine.handle(Incoming(CHANNEL, str(NOURA), f"c{n}", text))
        [post] = await desk.sent(bosses, 1)
        assert "🔒" in post.params["text"]
        assert desk.api.sent_to(GROUP) == []


async def test_in_a_forum_each_ticket_has_its_own_topic_both_ways(forum: Desk) -> None:
    card = await _submitted(forum)
    [topic] = forum.api.called("createForumTopic")
    thread = topic.result["message_thread_id"]
    assert topic.params["name"] == f"🎫 {card.params['text'].split()[1]}"
    assert card.params["message_thread_id"] == thread
    said = forum.api.message(STAFFER, "هل ما زلت بحاجة؟", chat_id=GROUP, message_thread_id=thread)
    await forum.handle(said)
    await forum.api.wait_for(
        lambda: any(
            "هل ما زلت بحاجة؟" in c.params.get("text", "") for c in forum.api.sent_to(NOURA)
        )
    )
    await forum.handle(forum.api.message(NOURA, "نعم"))
    answered = (await forum.sent(GROUP, 2))[-1]
    assert answered.params["text"] == "👤 نعم"
    assert answered.params["message_thread_id"] == thread
    assert len(forum.api.called("createForumTopic")) == 1


async def test_two_first_posts_make_one_topic_and_a_deleted_topic_is_made_again(
    forum: Desk,
) -> None:
    first = DeskPost(PostKind.THREAD, "123456", "👤 أولى")
    second = DeskPost(PostKind.THREAD, "123456", "👤 ثانية")
    await asyncio.gather(forum.group.post(STAFF, first), forum.group.post(STAFF, second))
    [topic] = forum.api.called("createForumTopic")
    forum.api.deleted_topics.add(topic.result["message_thread_id"])
    await forum.group.post(STAFF, DeskPost(PostKind.ALERT, "123456", "⏰ متأخرة"))
    topics = forum.api.called("createForumTopic")
    assert len(topics) == 2
    alert = forum.api.sent_to(GROUP)[-1]
    assert alert.params["message_thread_id"] == topics[1].result["message_thread_id"]


async def test_thirty_tickets_in_a_minute_all_reach_a_group_allowed_twenty(
    unthrottled: Desk,
) -> None:
    unthrottled.api.group_budget = 20
    for person in range(30):
        said = Incoming(CHANNEL, str(6000 + person), f"p{person}", "ابي اكلم موظف")
        await unthrottled.app.engine.handle(said)
    await unthrottled.api.wait_for(lambda: len(unthrottled.api.sent_to(GROUP)) >= 20)
    await unthrottled.app.outbox.deliver_due()
    refused = [
        c for c in unthrottled.api.called("sendMessage") if c.error and "Too Many" in c.error
    ]
    assert refused
    unthrottled.api.new_minute()
    unthrottled.app.clock.advance(timedelta(seconds=61))
    await unthrottled.app.outbox.deliver_due()
    cards = [c for c in unthrottled.api.sent_to(GROUP) if c.params["text"].startswith("🎫")]
    assert len({c.params["text"].split()[1] for c in cards}) == 30


async def test_the_desk_commands_are_listed_in_the_staff_chat(desk: Desk) -> None:
    [listed] = [
        c
        for c in desk.api.called("setMyCommands")
        if c.params.get("scope", {}).get("chat_id") == GROUP
    ]
    names = [command["command"] for command in listed.params["commands"]]
    assert names == ["open", "overdue", "ticket", "new", "stats", "find", "survey"]
    assert listed.params["commands"][0]["description"] == "التذاكر المفتوحة"


async def test_a_staff_member_who_never_started_the_bot_is_asked_to_in_the_group(
    desk: Desk,
) -> None:
    card = await _submitted(desk)
    desk.api.fail("sendMessage", 403, "Forbidden: bot can't initiate conversation", chat_id=STAFFER)
    await desk.press(STAFFER, "استلام", card)
    await desk.api.wait_for(
        lambda: any("اضغط «ابدأ»" in c.params["text"] for c in desk.api.sent_to(GROUP))
    )
    asked = [c.params["text"] for c in desk.api.sent_to(GROUP) if "اضغط «ابدأ»" in c.params["text"]]
    assert VALID_ID not in asked[0]


async def test_writing_to_someone_who_blocked_the_bot_tells_the_writer(desk: Desk) -> None:
    card = await _submitted(desk)
    await desk.handle(desk.api.my_chat_member(NOURA, "kicked"))
    await desk.press(STAFFER, "استلام", card)
    await desk.sent(STAFFER, 1)
    to_card = card.result["message_id"]
    await desk.handle(desk.api.message(STAFFER, "هل وصلك؟", chat_id=GROUP, reply_to=to_card))
    told = await desk.sent(STAFFER, 2)
    assert told[-1].params["text"].startswith("حُفظت رسالتك مع التذكرة")


async def test_the_survey_is_answered_by_buttons_and_counted_in_stats(desk: Desk) -> None:
    card = await _submitted(desk)
    shown = card
    for label in ("استلام", "قبول", "تسليم الخدمة"):
        edits = len(desk.api.called("editMessageText"))
        await desk.press(STAFFER, label, shown)
        await desk.api.wait_for(lambda seen=edits: len(desk.api.called("editMessageText")) > seen)
        redrawn = desk.api.called("editMessageText")[-1].params
        shown = Call("editMessageText", redrawn, None, card.result)
    await desk.app.outbox.deliver_due()
    desk.app.clock.advance(timedelta(days=1, minutes=1))
    await jobs.run_due(desk.app)
    invitation = (await desk.sent(NOURA, 1))[-1]
    assert invitation.params["text"].startswith("اكتمل طلبك رقم")
    for label in (
        "نعم، الآن",
        "⭐⭐⭐⭐⭐ ممتاز",
        "⭐⭐⭐⭐ جيد جدًا",
        "⭐⭐⭐⭐⭐ ممتاز",
        "⭐⭐⭐ جيد",
    ):
        count = len(desk.api.sent_to(NOURA))
        await desk.handle(_press(desk, NOURA, label))
        await desk.sent(NOURA, count + 1)
    await desk.handle(desk.api.message(NOURA, "نعم"))
    await desk.handle(desk.api.message(NOURA, "تخطي"))
    await desk.handle(desk.api.message(SUPERVISOR, "/stats", chat_id=GROUP))
    figures = [c.params["text"] for c in await desk.sent(SUPERVISOR, 1)]
    assert any("الرضا: 5 من 5 في 1 تقييم" in text for text in figures)


def _press(desk: Desk, user: int, label: str) -> dict[str, Any]:
    sent = [c for c in desk.api.sent_to(user) if c.params.get("reply_markup")][-1]
    buttons = [b for row in sent.params["reply_markup"]["inline_keyboard"] for b in row]
    data = next(b["callback_data"] for b in buttons if b["text"] == label)
    return desk.api.callback(user, data, message_id=sent.result["message_id"])


async def test_a_reply_to_a_note_stays_internal(desk: Desk) -> None:
    card = await _submitted(desk)
    to_card = card.result["message_id"]
    await desk.handle(desk.api.message(STAFFER, "! اتصلت ولم يرد", chat_id=GROUP, reply_to=to_card))
    note = (await desk.sent(GROUP, 2))[-1]
    assert note.params["text"] == "📝 Noura: اتصلت ولم يرد"
    answer = desk.api.message(
        STAFFER, "سأحاول غدًا", chat_id=GROUP, reply_to=note.result["message_id"]
    )
    await desk.handle(answer)
    later = await desk.sent(GROUP, 3)
    assert later[-1].params["text"] == "📝 Noura: سأحاول غدًا"
    assert not any("سأحاول غدًا" in c.params.get("text", "") for c in desk.api.sent_to(NOURA))


async def test_members_of_the_staff_group_are_staff_by_name_after_a_restart(
    db_path: Path,
) -> None:
    async for desk in _desk(db_path, forum=False):
        card = await _submitted(desk)
        await desk.press(STAFFER, "استلام", card)
        await desk.sent(STAFFER, 1)
    async for desk in _desk(db_path, forum=False):
        await desk.handle(desk.api.message(STAFFER, "/open"))
        [listing] = await desk.sent(STAFFER, 1)
        assert listing.params["text"].startswith("التذاكر المفتوحة: 1")
        assert "Noura" in listing.params["text"]


def _ref(card: Call) -> str:
    return str(card.params["text"].split()[1])


STRANGER, HELPER_BOT, OTHER_GROUP = 8001, 9001, -1009


@pytest.mark.parametrize(
    ("who", "chat"),
    [(NOURA, NOURA), (STRANGER, OTHER_GROUP), (HELPER_BOT, GROUP), (STRANGER, GROUP)],
    ids=["a beneficiary's private chat", "another group", "a bot account", "a non-member"],
)
async def test_a_forged_press_makes_nobody_staff_and_changes_nothing(
    desk: Desk, db_path: Path, caplog: pytest.LogCaptureFixture, who: int, chat: int
) -> None:
    desk.api.bots.add(HELPER_BOT)
    desk.api.members.setdefault(OTHER_GROUP, {})[STRANGER] = "member"
    card = await _submitted(desk)
    ref = _ref(card)
    forged = desk.api.callback(
        who, f"d:claim:{ref}", message_id=card.result["message_id"], chat_id=chat
    )
    await desk.handle(forged)
    await desk.handle(desk.api.message(who, f"/ticket {ref} full"))
    await desk.app.outbox.deliver_due()
    assert not desk.app.desk.roles.is_staff(str(who))
    assert rows(db_path, "SELECT stage, claimed_by FROM tickets") == [("received", None)]
    assert rows(db_path, "SELECT count(*) FROM staff_members") == [(0,)]
    assert desk.api.called("editMessageText") == []
    seen = [c.params.get("text", "") for c in desk.api.sent_to(who)]
    assert not any(VALID_ID in text or "0551234567" in text for text in seen)
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert refused
    assert all(str(who).lstrip("-") not in line for line in refused)  # ids masked


async def test_a_bot_in_the_staff_group_is_never_relayed_to_the_person(desk: Desk) -> None:
    desk.api.bots.add(HELPER_BOT)
    desk.api.members[GROUP][HELPER_BOT] = "member"
    card = await _submitted(desk)
    said = desk.api.message(
        HELPER_BOT, "رسالة آلية", chat_id=GROUP, reply_to=card.result["message_id"]
    )
    await desk.handle(said)
    await desk.app.outbox.deliver_due()
    assert not any("رسالة آلية" in c.params.get("text", "") for c in desk.api.sent_to(NOURA))


async def test_membership_is_asked_of_telegram_and_kept_for_a_while(desk: Desk) -> None:
    card = await _submitted(desk)
    await desk.press(STAFFER, "إضافة ملاحظة", card)
    await desk.handle(desk.api.message(STAFFER, "/open"))
    await desk.sent(STAFFER, 1)
    asked = desk.api.called("getChatMember")
    assert [(c.params["chat_id"], c.params["user_id"]) for c in asked] == [(GROUP, STAFFER)]
    desk.api.members[GROUP][STAFFER] = "left"  # removed from the group
    await desk.handle(desk.api.message(STAFFER, "/open"))
    assert len(await desk.sent(STAFFER, 2)) == 2  # still within the time it is kept
    desk.app.clock.advance(MEMBERSHIP_KEPT)
    await desk.handle(desk.api.message(STAFFER, "/open"))
    refusal = (await desk.sent(STAFFER, 3))[-1]
    assert refusal.params["text"] == "عذرًا، هذه الخدمة لفريق الجمعية فقط."
    assert not desk.app.desk.roles.is_staff(str(STAFFER))


async def test_two_claims_at_once_one_wins_and_the_other_is_told_by_whom(
    desk: Desk, db_path: Path
) -> None:
    card = await _submitted(desk)
    ref = _ref(card)
    presses = [
        desk.api.callback(
            who, f"d:claim:{ref}", message_id=card.result["message_id"], chat_id=GROUP
        )
        for who in (STAFFER, COLLEAGUE)
    ]
    await asyncio.gather(*(desk.handle(press) for press in presses))
    await desk.app.outbox.deliver_due()
    [(owner,)] = rows(db_path, "SELECT claimed_by FROM tickets")
    loser = COLLEAGUE if owner == str(STAFFER) else STAFFER
    answers = {
        c.params["callback_query_id"]: c.params.get("text", "")
        for c in desk.api.called("answerCallbackQuery")
    }
    assert sorted(answers.values()) == [f"التذكرة {ref} استلمها Noura.", "تم."]
    full = [c for c in desk.api.sent_to(int(owner)) if VALID_ID in c.params.get("text", "")]
    assert len(full) == 1
    assert not any(VALID_ID in c.params.get("text", "") for c in desk.api.sent_to(loser))
    told = [c for c in desk.api.sent_to(NOURA) if "قيد الدراسة" in c.params.get("text", "")]
    assert len(told) == 1


async def _person(desk: Desk, said: str | None = None, pressed: str | None = None) -> None:
    """Noura writes or presses a button of the last message; wait for the bot's answer."""
    before = len(desk.api.sent_to(NOURA))
    if pressed:
        sent = [c for c in desk.api.sent_to(NOURA) if c.params.get("reply_markup")][-1]
        markup = sent.params["reply_markup"]["inline_keyboard"]
        data = next(b["callback_data"] for row in markup for b in row if b["text"] == pressed)
        update = desk.api.callback(NOURA, data, message_id=sent.result["message_id"])
    else:
        update = desk.api.message(NOURA, said)
    await desk.handle(update)
    await desk.api.wait_for(lambda: len(desk.api.sent_to(NOURA)) > before)
    await desk.app.outbox.deliver_due()  # the rest of a long answer


@pytest.mark.parametrize("pressed", [True, False], ids=["its button", "words"])
@pytest.mark.parametrize("policy", PRESETS)
async def test_a_complaint_about_staff_on_telegram_reaches_the_supervisor_alone(
    db_path: Path, policy: str, pressed: bool
) -> None:
    async for desk in _desk(db_path, forum=False, policy=policy):
        await _person(desk, "ابي اشتكي")
        await _person(desk, pressed="أوافق")
        if pressed:
            await _person(desk, pressed=SUBJECT)
        else:
            await _person(desk, RUDE)
        for answer in [*_the_rest(policy), "1", "1"]:
            await _person(desk, answer)
        [card] = await desk.sent(SUPERVISOR, 1)
        assert card.params["text"].startswith("🔒")
        assert SUBJECT in card.params["text"]
        assert desk.api.sent_to(GROUP) == []


async def _claimed_and_asked(desk: Desk) -> None:
    """A request claimed by STAFFER, who asked Noura something: she now talks to the team."""
    card = await _submitted(desk)
    ref = _ref(card)
    await desk.handle(desk.api.message(STAFFER, "/open"))  # confirmed a member first
    await desk.app.desk.act(StaffInput(str(STAFFER), "كم عدد أطفالك؟", ref, "claim"))
    await desk.app.desk.act(StaffInput(str(STAFFER), "كم عدد أطفالك؟", ref, "info"))
    await desk.app.outbox.deliver_due()


async def test_a_relay_longer_than_a_message_is_split_and_later_posts_go_on_time(
    desk: Desk,
) -> None:
    await _claimed_and_asked(desk)
    before = len(desk.api.sent_to(GROUP))
    await desk.handle(desk.api.message(NOURA, "ب" * 4096))
    await desk.api.wait_for(lambda: len(desk.api.sent_to(GROUP)) >= before + 2)
    await desk.app.outbox.deliver_due()
    parts = [c.params["text"] for c in desk.api.sent_to(GROUP)[before:] if "ب" in c.params["text"]]
    assert "".join(parts).replace("\n", "") == "👤 " + "ب" * 4096
    assert all(len(part.encode("utf-16-le")) // 2 <= 4096 for part in parts)
    await desk.handle(desk.api.message(NOURA, "وشكرًا"))
    await desk.api.wait_for(
        lambda: any(c.params["text"] == "👤 وشكرًا" for c in desk.api.sent_to(GROUP))
    )


async def test_a_post_telegram_refuses_for_good_is_given_up_alone(
    desk: Desk, db_path: Path
) -> None:
    await _claimed_and_asked(desk)
    desk.api.fail("sendMessage", 400, "Bad Request: wrong file identifier", chat_id=GROUP)
    await desk.handle(desk.api.message(NOURA, "الأولى"))
    await desk.app.outbox.deliver_due()
    await desk.handle(desk.api.message(NOURA, "الثانية"))
    await desk.api.wait_for(
        lambda: any(c.params["text"] == "👤 الثانية" for c in desk.api.sent_to(GROUP))
    )
    [(error,)] = rows(db_path, "SELECT last_error FROM outbox WHERE given_up_at IS NOT NULL")
    assert "wrong file identifier" in error.casefold()
    assert rows(db_path, "SELECT unreachable_at FROM users") == [(None,)]  # Noura still reachable


async def test_a_desk_press_too_old_to_answer_is_still_done(desk: Desk, db_path: Path) -> None:
    card = await _submitted(desk)
    too_old = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    desk.api.fail("answerCallbackQuery", 400, too_old)
    await desk.press(STAFFER, "استلام", card)
    assert rows(db_path, "SELECT claimed_by FROM tickets") == [(str(STAFFER),)]


async def test_the_words_asked_for_are_asked_of_the_one_who_pressed(desk: Desk) -> None:
    card = await _submitted(desk)
    await desk.press(STAFFER, "استلام", card)
    await desk.sent(STAFFER, 1)
    claimed = Call(
        "editMessageText", desk.api.called("editMessageText")[-1].params, None, card.result
    )
    await desk.press(STAFFER, "طلب معلومات", claimed)
    prompt = (await desk.sent(GROUP, 2))[-1]
    assert prompt.params["reply_markup"]["selective"] is True
    [mention] = prompt.params["entities"]
    assert mention["type"] == "text_mention"
    assert mention["user"]["id"] == STAFFER
    text = prompt.params["text"]
    named = text[mention["offset"] : mention["offset"] + mention["length"]]
    assert named == "Noura"


async def test_a_staff_groups_update_stored_by_webhook_is_not_replayed_after_a_restart(
    desk: Desk, db_path: Path
) -> None:
    card = await _submitted(desk)
    note = desk.api.message(STAFFER, "! اتصلت", chat_id=GROUP, reply_to=card.result["message_id"])
    stored = json.dumps(note, ensure_ascii=False)
    assert await inbound.keep(
        desk.app.database, CHANNEL, str(note["update_id"]), stored, desk.app.clock.now()
    )
    await desk.handle(note)  # the desk's handlers stop the others: it is still marked handled
    assert await inbound.pending(desk.app.database, CHANNEL) == []
