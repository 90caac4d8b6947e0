"""What Telegram says of the staff group is followed, and never stalls the desk: a group
upgraded to a new id, a topic closed by staff, a bot without the right to make topics."""

from __future__ import annotations

from pathlib import Path

from bot.desk.delivery import STAFF
from bot.desk.desk import StaffInput
from bot.desk.posts import DeskPost, PostKind
from tests.conftest import rows
from tests.test_staff_group import GROUP, NOURA, STAFFER, _claimed_and_asked, _desk

MOVED = -1002


def _thread(ref: str, text: str) -> DeskPost:
    return DeskPost(PostKind.THREAD, ref, text)


async def test_a_group_upgraded_to_a_new_id_is_followed_now_and_after_a_restart(
    db_path: Path,
) -> None:
    async for desk in _desk(db_path, forum=False):
        desk.api.migrated[GROUP] = MOVED
        await desk.group.post(STAFF, _thread("123456", "👤 أولى"))
        assert [c.params["text"] for c in desk.api.sent_to(MOVED)] == ["👤 أولى"]
        said = desk.api.message(STAFFER, "/open", chat_id=MOVED)
        desk.api.members[MOVED] = {STAFFER: "member"}
        await desk.handle(said)
        await desk.app.outbox.deliver_due()
        assert desk.api.sent_to(STAFFER)  # staff's commands in the new group are taken
    async for desk in _desk(db_path, forum=False):
        desk.api.migrated[GROUP] = MOVED
        await desk.group.post(STAFF, _thread("123456", "👤 ثانية"))
        assert [c.params["text"] for c in desk.api.sent_to(MOVED)] == ["👤 ثانية"]
        assert desk.api.sent_to(GROUP) == []


async def test_a_topic_staff_closed_is_reopened_for_the_post(db_path: Path) -> None:
    async for desk in _desk(db_path, forum=True):
        await desk.group.post(STAFF, _thread("123456", "👤 أولى"))
        [topic] = desk.api.called("createForumTopic")
        thread = topic.result["message_thread_id"]
        desk.api.closed_topics.add(thread)
        await desk.group.post(STAFF, _thread("123456", "👤 ثانية"))
        [reopened] = desk.api.called("reopenForumTopic")
        assert reopened.params["message_thread_id"] == thread
        last = desk.api.sent_to(GROUP)[-1]
        assert (last.params["text"], last.params["message_thread_id"]) == ("👤 ثانية", thread)


async def test_a_closed_topic_the_bot_may_not_reopen_sends_the_post_to_general(
    db_path: Path,
) -> None:
    async for desk in _desk(db_path, forum=True):
        await desk.group.post(STAFF, _thread("123456", "👤 أولى"))
        [topic] = desk.api.called("createForumTopic")
        desk.api.closed_topics.add(topic.result["message_thread_id"])
        desk.api.cannot_manage_topics.add(GROUP)
        await desk.group.post(STAFF, _thread("123456", "👤 ثانية"))
        last = desk.api.sent_to(GROUP)[-1]
        assert last.params["text"] == "👤 ثانية"
        assert "message_thread_id" not in last.params


async def test_without_the_topics_right_posts_reply_to_cards_and_admins_are_told_once(
    db_path: Path,
) -> None:
    async for desk in _desk(db_path, forum=True):
        desk.api.cannot_manage_topics.add(GROUP)
        await desk.group.post(STAFF, _thread("123456", "👤 أولى"))
        await desk.group.post(STAFF, _thread("654321", "👤 ثانية"))
        texts = [c.params["text"] for c in desk.api.sent_to(GROUP)]
        told = [text for text in texts if "«إدارة المواضيع»" in text]
        assert len(told) == 1
        assert "👤 أولى" in texts
        assert texts[-1] == "👤 ثانية"
        assert rows(db_path, "SELECT count(*) FROM desk_posts WHERE kind = 'topic'") == [(0,)]


async def test_a_message_telegram_refuses_for_good_is_told_on_the_ticket_and_the_next_goes(
    db_path: Path,
) -> None:
    async for desk in _desk(db_path, forum=False):
        await _claimed_and_asked(desk)
        ref = str(rows(db_path, "SELECT ref FROM tickets")[0][0])
        desk.api.fail("sendMessage", 400, "Bad Request: wrong file identifier", chat_id=NOURA)
        await desk.app.desk.relay(StaffInput(str(STAFFER), "الرسالة الأولى", ref))
        await desk.app.outbox.deliver_due()
        await desk.app.desk.relay(StaffInput(str(STAFFER), "الرسالة الثانية", ref))
        await desk.app.outbox.deliver_due()
        to_noura = [c.params["text"] for c in desk.api.sent_to(NOURA)]
        assert any("الرسالة الثانية" in text for text in to_noura)
        alerts = [c.params["text"] for c in desk.api.sent_to(GROUP) if "⚠️" in c.params["text"]]
        assert len(alerts) == 1
        assert ref in alerts[0]
        assert rows(db_path, "SELECT unreachable_at FROM users") == [(None,)]


async def test_two_closed_topics_the_bot_may_not_reopen_both_go_on_in_general(
    db_path: Path,
) -> None:
    async for desk in _desk(db_path, forum=True):
        for ref in ("123456", "654321"):
            await desk.group.post(STAFF, _thread(ref, f"👤 أولى {ref}"))
        for topic in desk.api.called("createForumTopic"):
            desk.api.closed_topics.add(topic.result["message_thread_id"])
        desk.api.cannot_manage_topics.add(GROUP)
        for ref in ("123456", "654321"):
            await desk.group.post(STAFF, _thread(ref, f"👤 ثانية {ref}"))
        later = [c for c in desk.api.sent_to(GROUP) if "ثانية" in c.params["text"]]
        assert [c.params["text"] for c in later] == ["👤 ثانية 123456", "👤 ثانية 654321"]
        assert all("message_thread_id" not in c.params for c in later)
        told = [c for c in desk.api.sent_to(GROUP) if "«إدارة المواضيع»" in c.params["text"]]
        assert len(told) == 1
