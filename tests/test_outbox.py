"""Replies leave through the outbox: retried when the platform fails, never out of order."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta
from pathlib import Path

from bot import outbox
from bot.app import App, open_app
from bot.clock import stamp
from bot.desk import posts
from bot.desk.posts import DeskPost, PostKind
from bot.storage.database import Changes
from conversations.messages import Incoming
from tests.conftest import Recorder


async def test_a_failed_send_is_retried_after_back_off_and_delivered_once(
    recorder_app: tuple[App, Recorder], db_path: Path
) -> None:
    app, recorder = recorder_app
    recorder.failures = 1
    await app.engine.handle(Incoming("console", "u1", "m1", "مرحبا"))

    assert await app.outbox.deliver_due() == 0
    assert recorder.sent == []
    assert await app.outbox.deliver_due() == 0  # not due yet: backing off

    app.clock.advance(outbox.backoff(1))
    assert await app.outbox.deliver_due() == 2
    assert await app.outbox.deliver_due() == 0
    assert "جمعية مشكاة" in recorder.sent[0][1].text
    with sqlite3.connect(db_path) as db:
        rows = db.execute(
            "SELECT attempts, sent_at IS NOT NULL, last_error FROM outbox ORDER BY id"
        ).fetchall()
    assert rows[0] == (2, 1, "ConnectionError: platform unavailable")
    assert rows[1] == (1, 1, None)


async def test_a_person_never_gets_a_later_reply_before_an_earlier_one(
    recorder_app: tuple[App, Recorder],
) -> None:
    app, recorder = recorder_app
    recorder.failures = 1
    await app.engine.handle(Incoming("console", "u1", "m1", "مرحبا"))
    await app.outbox.deliver_due()
    recorder.failures = 0
    await app.engine.handle(Incoming("console", "u2", "m2", "مرحبا"))
    await app.outbox.deliver_due()
    assert {to for to, _ in recorder.sent} == {"u2"}

    app.clock.advance(timedelta(minutes=1))
    await app.outbox.deliver_due()
    u1 = [reply.text for to, reply in recorder.sent if to == "u1"]
    assert "جمعية مشكاة" in u1[0]
    assert u1[1].startswith("اختر رقمًا")


async def test_an_outage_of_hours_loses_nothing(
    recorder_app: tuple[App, Recorder], db_path: Path
) -> None:
    app, recorder = recorder_app
    recorder.failures = 10**6
    await app.engine.handle(Incoming("console", "u1", "m1", "مرحبا"))
    for _ in range(30):  # three hours of a platform that answers nothing
        await app.outbox.deliver_due()
        app.clock.advance(timedelta(minutes=6))
    recorder.failures = 0
    app.clock.advance(outbox.LONGEST_WAIT)
    assert await app.outbox.deliver_due() == 2
    with sqlite3.connect(db_path) as db:
        given_up = db.execute("SELECT count(*) FROM outbox WHERE given_up_at IS NOT NULL")
        assert given_up.fetchone() == (0,)


class DeskRecorder:
    def __init__(self) -> None:
        self.posts: list[tuple[str, DeskPost]] = []

    async def post(self, to: str, post: DeskPost) -> None:
        self.posts.append((to, post))


async def test_a_reply_failing_for_days_is_given_up_and_staff_are_told(db_path: Path) -> None:
    person, desk = Recorder(), DeskRecorder()
    async with open_app("mishkat", db_path, {"console": person}, desk_channel=desk) as app:
        await app.engine.handle(Incoming("console", "u1", "m1", "ابي اكلم موظف"))
        await app.outbox.deliver_due()
        [(_, card)] = desk.posts
        person.failures = 10**6
        await app.engine.handle(Incoming("console", "u1", "m2", "متى تردون؟"))
        for _ in range(12 * 24 * 2 + 1):  # two days, every five minutes
            app.clock.advance(timedelta(minutes=5))
            await app.outbox.deliver_due()
    alerts = [post for _, post in desk.posts if post.kind is PostKind.ALERT]
    assert [alert.ticket for alert in alerts] == [card.ticket]
    assert alerts[0].text.startswith(f"⚠️ تعذّر إيصال رسالة إلى المستفيد (التذكرة {card.ticket})")
    assert "طوال يومين رغم تكرار المحاولة" in alerts[0].text  # why, in staff's words
    assert "ConnectionError" not in alerts[0].text  # the platform's own: the log only


async def test_a_person_who_blocked_the_bot_is_given_up_at_once(
    recorder_app: tuple[App, Recorder], db_path: Path
) -> None:
    app, recorder = recorder_app
    recorder.failures = 1
    recorder.error = outbox.PermanentFailure("Forbidden: bot was blocked by the user")
    await app.engine.handle(Incoming("console", "u1", "m1", "مرحبا"))
    await app.outbox.deliver_due()
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT attempts, given_up_at IS NOT NULL, last_error FROM outbox")
        first = rows.fetchone()
    assert first == (1, 1, "PermanentFailure: Forbidden: bot was blocked by the user")


async def test_two_delivery_passes_at_once_send_each_reply_once_and_in_order(
    recorder_app: tuple[App, Recorder],
) -> None:
    app, recorder = recorder_app
    await app.engine.handle(Incoming("console", "u1", "m1", "مرحبا"))
    recorder.gate = asyncio.Event()
    passes = [asyncio.create_task(app.outbox.deliver_due()) for _ in range(3)]
    recorder.gate.set()
    assert sum(await asyncio.gather(*passes)) == 2
    texts = [reply.text for _, reply in recorder.sent]
    assert len(texts) == 2
    assert "جمعية مشكاة" in texts[0]


class Slow:
    """A channel that hangs until let go."""

    def __init__(self) -> None:
        self.go = asyncio.Event()
        self.sent: list[str] = []

    async def send(self, recipient: str, _message: object) -> None:
        await self.go.wait()
        self.sent.append(recipient)


class Quick(Recorder):
    """A channel that says when both of a greeting's replies went out."""

    def __init__(self) -> None:
        super().__init__()
        self.both = asyncio.Event()

    async def send(self, recipient: str, reply: object) -> None:
        await super().send(recipient, reply)
        if len(self.sent) == 2:
            self.both.set()


async def test_a_slow_channel_never_holds_back_another(db_path: Path) -> None:
    slow, quick = Slow(), Quick()
    async with open_app("mishkat", db_path, {"console": quick, "slow": slow}) as app:
        await app.engine.handle(Incoming("slow", "s1", "m1", "مرحبا"))
        await app.engine.handle(Incoming("console", "u1", "m2", "مرحبا"))
        passing = asyncio.create_task(app.outbox.deliver_due())
        await asyncio.wait_for(quick.both.wait(), timeout=10)
        assert slow.sent == []
        slow.go.set()
        await passing
    assert slow.sent == ["s1", "s1"]


async def test_replies_for_a_channel_not_served_here_stay_queued(db_path: Path) -> None:
    async with open_app("mishkat", db_path, {"console": Recorder()}) as app:
        await app.engine.handle(Incoming("whatsapp", "p1", "m1", "مرحبا"))
        for _ in range(3):
            await app.outbox.deliver_due()
            app.clock.advance(timedelta(days=3))
    with sqlite3.connect(db_path) as db:
        waiting = db.execute(
            "SELECT count(*) FROM outbox WHERE channel = 'whatsapp'"
            " AND sent_at IS NULL AND given_up_at IS NULL AND attempts = 0"
        )
        assert waiting.fetchone() == (2,)


async def test_a_persons_messages_waiting_for_one_thread_go_out_as_one_post(
    db_path: Path,
) -> None:
    desk = DeskRecorder()
    async with open_app("mishkat", db_path, {"console": Recorder()}, desk_channel=desk) as app:
        await app.engine.handle(Incoming("console", "u1", "m1", "ابي اكلم موظف"))
        for n in range(2, 6):
            await app.engine.handle(Incoming("console", "u1", f"m{n}", f"سطر {n}"))
        await app.outbox.deliver_due()
    threads = [post for _, post in desk.posts if post.kind is PostKind.THREAD]
    assert [post.text for post in threads] == ["👤 سطر 2\n👤 سطر 3\n👤 سطر 4\n👤 سطر 5"]


async def test_a_card_changed_while_waiting_is_drawn_once(db_path: Path) -> None:
    desk = DeskRecorder()
    async with open_app("mishkat", db_path, {"console": Recorder()}, desk_channel=desk) as app:
        await app.engine.handle(Incoming("console", "u1", "m1", "ابي اكلم موظف"))
        [ticket] = await app.engine.tickets.mine("console:u1")
        changes = Changes()
        for _ in range(2):
            redraw = DeskPost(PostKind.CARD, ticket.ref)
            outbox.enqueue(changes, posts.CHANNEL, posts.GROUP, redraw, stamp(app.clock.now()))
        await app.database.write(changes)
        await app.outbox.deliver_due()
    assert [post.kind for _, post in desk.posts] == [PostKind.CARD]


class _SlowFor:
    """A platform where one chat is slow to accept (a bad connection), the others not."""

    def __init__(self, slow: str) -> None:
        self.slow = slow
        self.release = asyncio.Event()
        self.sent: list[tuple[str, str]] = []
        self.others_done = asyncio.Event()

    async def send(self, recipient: str, reply: object) -> None:
        if recipient == self.slow:
            await self.release.wait()
        self.sent.append((recipient, getattr(reply, "text", "")))
        if sum(1 for who, _text in self.sent if who != self.slow) == 4:
            self.others_done.set()


async def test_one_slow_chat_never_holds_back_the_others(db_path: Path) -> None:
    platform = _SlowFor("slow")
    async with open_app("mishkat", db_path, {"console": platform}) as app:
        for who in ("slow", "a", "b"):
            await app.engine.handle(Incoming("console", who, "m1", "مرحبا"))
        passing = asyncio.create_task(app.outbox.deliver_due())
        await platform.others_done.wait()  # a and b were answered while "slow" waits
        assert {who for who, _text in platform.sent} == {"a", "b"}
        platform.release.set()
        assert await passing == 6
    slow = [text for who, text in platform.sent if who == "slow"]
    assert slow[0].startswith("أهلًا وسهلًا")  # and in order for the slow one too
    assert len(slow) == 2


async def test_a_reply_goes_out_as_soon_as_its_turn_commits(
    recorder_app: tuple[App, Recorder], db_path: Path
) -> None:
    app, recorder = recorder_app
    await app.outbox.deliver_due()  # the start-up pass: nothing was waiting
    await app.engine.handle(Incoming("console", "u1", "m1", "مرحبا"))
    await app.outbox.settle()  # no pass over the table: handed over from memory
    assert [to for to, _reply in recorder.sent] == ["u1", "u1"]
    with sqlite3.connect(db_path) as db:
        marked = db.execute("SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL").fetchone()
    assert marked == (2,)


async def test_after_a_failure_later_replies_wait_behind_the_failed_one(
    recorder_app: tuple[App, Recorder],
) -> None:
    app, recorder = recorder_app
    await app.outbox.deliver_due()
    recorder.failures = 1
    await app.engine.handle(Incoming("console", "u1", "m1", "مرحبا"))
    await app.outbox.settle()
    await app.engine.handle(Incoming("console", "u1", "m2", "1"))
    await app.engine.handle(Incoming("console", "u2", "m3", "مرحبا"))
    await app.outbox.settle()
    assert {to for to, _reply in recorder.sent} == {"u2"}  # u1's wait; u2 is not held up

    app.clock.advance(outbox.backoff(1))
    await app.outbox.deliver_due()
    u1 = [reply.text for to, reply in recorder.sent if to == "u1"]
    assert "جمعية مشكاة" in u1[0]
    assert u1[1].startswith("اختر رقمًا")
    assert len(u1) > 2
    await app.engine.handle(Incoming("console", "u1", "m4", "القائمة"))
    await app.outbox.settle()  # all caught up: straight from memory again
    assert recorder.sent[-1][0] == "u1"


async def test_a_slow_chat_never_holds_back_replies_sent_from_memory(db_path: Path) -> None:
    platform = _SlowFor("slow")
    async with open_app("mishkat", db_path, {"console": platform}) as app:
        await app.outbox.deliver_due()
        for who in ("slow", "a", "b"):
            await app.engine.handle(Incoming("console", who, "m1", "مرحبا"))
        await platform.others_done.wait()
        assert {who for who, _text in platform.sent} == {"a", "b"}
        platform.release.set()
        await app.outbox.settle()
    assert [who for who, _text in platform.sent].count("slow") == 2


class _Stuck:
    """A platform where one chat hangs for good and another fails once, then works."""

    def __init__(self) -> None:
        self.failed_once = False
        self.retried = asyncio.Event()
        self.sent: list[str] = []

    async def send(self, recipient: str, _reply: object) -> None:
        if recipient == "stuck":
            await asyncio.Event().wait()
        if recipient == "u1" and not self.failed_once:
            self.failed_once = True
            raise ConnectionError("platform unavailable")
        self.sent.append(recipient)
        if recipient == "u1":
            self.retried.set()


async def test_a_retry_goes_out_while_another_chat_is_still_being_served(db_path: Path) -> None:
    platform = _Stuck()
    async with open_app("mishkat", db_path, {"console": platform}) as app:
        await app.outbox.deliver_due()  # the start-up pass
        running = asyncio.create_task(app.outbox.run())
        await app.engine.handle(Incoming("console", "stuck", "m1", "مرحبا"))
        await app.engine.handle(Incoming("console", "u1", "m2", "مرحبا"))
        app.clock.advance(outbox.backoff(1))
        app.outbox.wake.set()
        await platform.retried.wait()  # the stuck chat never finished, and held nobody up
        running.cancel()
    assert "u1" in platform.sent
