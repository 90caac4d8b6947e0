"""What staff read is in Arabic: kinds, apps, failed deliveries, colleagues by name; visits
only where the policy has them, rescheduled ones naming the time they replace, on a
12-hour clock."""

from __future__ import annotations

import json
import logging
import re
from io import StringIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bot import i18n
from bot.app import open_app
from bot.channels import console
from bot.clock import Clock
from bot.desk.roles import Roles
from bot.desk.stages import Action
from bot.outbox import Away, PermanentFailure, Refused
from conversations import dates, notices
from conversations.kinds import Kind, traits
from conversations.messages import Incoming
from tests.conftest import Drive, Recorder, rows, say
from tests.days import after, written
from tests.test_desk import staff, submit, to
from tests.test_outbox import DeskRecorder
from tests.test_staff_group import GROUP, NOURA, STAFFER, _desk, _submitted

LATIN = re.compile("[A-Za-z]")
ATTA = "atta"
"""A preset whose policy has field visits (mishkat's has none)."""
VISIT = "جدولة زيارة"
"""The «schedule a visit» button, as staff read it."""


@pytest.fixture
def named(db_path: Path, clock: Clock) -> Drive:
    """`drive`, with staff known by name as the staff group learns them from Telegram:
    s1 is «نورة», s3 «سعد» (staff), s2 «خالد» (a supervisor)."""

    async def run(
        *lines: dict[str, Any], policy: str = "mishkat", desk: bool = False
    ) -> list[dict[str, Any]]:
        roles = Roles.parse(staff="s1,s3", supervisors="s2")
        for who, name in (("s1", "نورة"), ("s3", "سعد"), ("s2", "خالد")):
            roles.call(who, name)
        out = StringIO()
        sender = console.JsonLinesSender(out, db_path.parent)
        channel = console.JsonLinesDesk(out, db_path.parent)
        async with open_app(
            policy, db_path, {console.CHANNEL: sender}, clock, roles, channel
        ) as app:
            for line in lines:
                await console.handle_line(app, json.dumps(line, ensure_ascii=False), out)
        said = [json.loads(raw) for raw in out.getvalue().splitlines()]
        return said if desk else [line for line in said if "kind" not in line]

    return run


def _ar(message: str) -> str:
    return i18n.load_all()["ar"].gettext(message)


# Kinds of ticket ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_of_ticket_has_an_arabic_name_for_staff(kind: Kind) -> None:
    arabic = i18n.load_all()["ar"].gettext(traits(kind).label)
    assert arabic != traits(kind).label
    assert not LATIN.search(arabic)


def test_the_privacy_kind_reads_as_privacy_and_an_unknown_kind_as_stored() -> None:
    assert i18n.load_all()["ar"].gettext(traits(Kind.PRIVACY).label) == "خصوصية"
    assert traits("from_a_newer_version").label == "from_a_newer_version"


async def test_a_correction_of_personal_data_is_a_privacy_ticket_on_its_card(
    drive: Drive,
) -> None:
    await submit(drive)
    out = await drive(*say("بياناتي", "تصحيح بياناتي", "اسم الحي تغير إلى النرجس"), desk=True)
    [card] = [line for line in to(out, "staff", "card") if "خصوصية" in line["text"]]
    assert card["text"].splitlines()[0].startswith(f"🎫 {card['ticket']} · خصوصية · ")
    assert "privacy" not in card["text"]
    listing = to(await drive(staff("s1", "/open"), desk=True), "s1")[-1]["text"]
    assert f"{card['ticket']} · خصوصية · تم الاستلام" in listing
    stats = to(await drive(staff("s2", "/stats"), desk=True), "s2")[-1]["text"]
    assert "• خصوصية · تم الاستلام: 1" in stats
    assert not LATIN.search(stats)


# The app, in the workbook and the digest ---------------------------------------------


def _cells(path: str) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(path, read_only=False)
    return {
        sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }


async def test_the_workbook_names_the_app_and_the_kind_in_arabic(named: Drive) -> None:
    ref, _ = await submit(named)
    await named(
        staff("s1", action="claim", ticket=ref),
        staff("s1", action="accept", ticket=ref),
        staff("s1", action="delivered", ticket=ref),
    )
    await named({"clock": "+1d"})
    await named(*say("نعم", "5", "5", "4", "5", "نعم", "تخطي"))
    out = await named(staff("s2", "/export 30"), desk=True)
    [document] = to(out, "s2")[-1]["attachments"]
    sheets = _cells(document["file"])
    header, row = sheets["الطلبات"]
    ticket = dict(zip(header, row, strict=True))
    assert (ticket["التطبيق"], ticket["النوع"], ticket["المستلِم"]) == ("وحدة التحكم", "طلب", "نورة")
    header, *answers = sheets["إجابات الاستبانة"]
    assert answers
    assert {dict(zip(header, row, strict=True))["التطبيق"] for row in answers} == {"وحدة التحكم"}
    words = [cell for sheet in sheets.values() for row in sheet for cell in row]
    assert not [cell for cell in words if isinstance(cell, str) and LATIN.search(cell)]


async def test_the_weekly_digest_reads_in_arabic(drive: Drive) -> None:
    await submit(drive)
    await drive({"clock": "+1m"})
    week = await drive({"clock": "+7d"}, desk=True)
    [digest] = [line for line in week if line.get("to") == "supervisors"]
    assert digest["text"].startswith("📊 الأسبوع من")
    assert not LATIN.search(digest["text"])


# Delivery failures -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (Refused("Bad Request: wrong file identifier"), "رفض وحدة التحكم هذه الرسالة نفسها"),
        (PermanentFailure("Forbidden: user is deactivated"), "لم يعد يستقبل الرسائل"),
        (Away("Forbidden: bot was blocked by the user"), "حظر البوت على وحدة التحكم"),
    ],
    ids=["refused", "gone", "blocked"],
)
async def test_a_message_that_did_not_reach_the_person_is_told_to_staff_in_arabic(
    db_path: Path, caplog: pytest.LogCaptureFixture, error: Exception, said: str
) -> None:
    person, desk = Recorder(), DeskRecorder()
    async with open_app("mishkat", db_path, {"console": person}, desk_channel=desk) as app:
        await app.engine.handle(Incoming("console", "u1", "m1", "ابي اكلم موظف"))
        await app.outbox.deliver_due()
        [(_, card)] = desk.posts
        person.error, person.failures = error, 1
        with caplog.at_level(logging.INFO):
            await app.engine.handle(Incoming("console", "u1", "m2", "متى تردون؟"))
            await app.outbox.deliver_due()
    [alert] = [post.text for _, post in desk.posts if post.kind == "alert"]
    assert alert.startswith(f"⚠️ تعذّر إيصال رسالة إلى المستفيد (التذكرة {card.ticket}): ")
    assert said in alert
    assert not LATIN.search(alert)  # the platform's own words are not shown to staff ...
    assert str(error) in caplog.text  # ... but kept in the log


# Staff by name -----------------------------------------------------------------------


async def test_colleagues_are_named_on_the_card_the_thread_the_history_and_refusals(
    named: Drive,
) -> None:
    out = await named(*say("مرحبا", "ابي اكلم موظف", "عندي سؤال"), desk=True)
    ref = to(out, "staff", "card")[0]["ticket"]
    out = await named(
        staff("s1", action="claim", ticket=ref),
        staff("s1", "اتصلت ولم يرد", ref, "note"),
        staff("s3", action="close", ticket=ref),
        staff("s3", f"/ticket {ref}"),
        desk=True,
    )
    assert "المسؤول: نورة" in to(out, "staff", "card")[0]["text"]
    assert to(out, "staff", "note")[0]["text"] == "📝 نورة: اتصلت ولم يرد"
    refusal, history = (line["text"] for line in to(out, "s3", "answer"))
    assert refusal == f"التذكرة {ref} استلمها نورة."
    assert "نورة · ملاحظة داخلية — اتصلت ولم يرد" in history
    assert "s1" not in history


async def test_a_colleague_asked_to_start_the_bot_is_named_not_numbered(db_path: Path) -> None:
    async for desk in _desk(db_path, forum=False):
        card = await _submitted(desk)
        never = "Forbidden: bot can't initiate conversation"
        desk.api.fail("sendMessage", 403, never, chat_id=STAFFER)
        await desk.press(STAFFER, "استلام", card)
        await desk.api.wait_for(lambda api=desk.api: bool(_asked_to_start(api.sent_to(GROUP))))
        [asked] = _asked_to_start(desk.api.sent_to(GROUP))
        assert asked.startswith("Noura: ")
        assert str(STAFFER) not in asked


def _asked_to_start(posts: list[Any]) -> list[str]:
    return [post.params["text"] for post in posts if "اضغط «ابدأ»" in post.params["text"]]


# Visits only where the policy has them ---------------------------------------------------


async def test_without_field_visits_no_visit_is_offered_and_a_typed_one_is_refused_kindly(
    drive: Drive, db_path: Path, clock: Clock
) -> None:
    ref, _ = await submit(drive)
    await drive(staff("s1", action="claim", ticket=ref))
    typed = f"{written(after(clock, 10))} 10:30"
    out = await drive(staff("s1", typed, ref, "visit"), desk=True)
    [refusal] = to(out, "s1", "answer")
    assert refusal["text"] == (
        f"لا تنص سياسة الجمعية على زيارات ميدانية، فلا يمكن تحديد موعد زيارة للتذكرة {ref}. "
        "الممكن: «طلب معلومات»، «قبول»، «رفض»، «إضافة ملاحظة»."
    )
    assert to(out, "u1") == []
    assert to(out, "staff") == []
    assert rows(db_path, "SELECT stage, visit_at FROM tickets") == [("claimed", None)]
    out = await drive(staff("s1", "", ref, "fly"), desk=True)
    assert "زيارة" not in to(out, "s1", "answer")[0]["text"]


async def test_the_visit_button_is_on_cards_only_where_the_policy_has_field_visits(
    drive: Drive, db_path: Path
) -> None:
    ref, _ = await submit(drive)
    await drive(staff("s1", action="claim", ticket=ref))
    for policy, offered in (("mishkat", False), (ATTA, True)):
        async with open_app(policy, db_path, {console.CHANNEL: Recorder()}) as app:
            ticket = await app.engine.tickets.get(ref)
            assert ticket is not None
            labels = [option.label for option in app.desk.cards.actions(ticket)]
        assert (VISIT in labels) is offered, policy
        assert labels[:2] == ["طلب معلومات", VISIT if offered else "قبول"]


async def test_an_earlier_cards_visit_button_is_refused_without_asking_for_a_time(
    db_path: Path,
) -> None:
    async for desk in _desk(db_path, forum=False):
        card = await _submitted(desk)
        ref = card.params["text"].split()[1]
        pressed = desk.api.callback(
            STAFFER,
            f"d:{Action.VISIT.value}:{ref}",
            message_id=card.result["message_id"],
            chat_id=GROUP,
        )
        await desk.handle(pressed)
        [answer] = desk.api.called("answerCallbackQuery")
        assert answer.params["text"].startswith("لا تنص سياسة الجمعية على زيارات ميدانية")
        assert answer.params["show_alert"] is True
        assert not any(
            c.params.get("reply_markup", {}).get("force_reply") for c in desk.api.sent_to(GROUP)
        )
        assert not [c for c in desk.api.sent_to(NOURA) if "زيارة" in c.params.get("text", "")]


# Visit times, and a visit moved ----------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "arabic", "english"),
    [
        (10, 30, "10:30 صباحًا", "10:30 am"),
        (16, 0, "4:00 مساءً", "4:00 pm"),
        (12, 5, "12:05 مساءً", "12:05 pm"),
        (0, 15, "12:15 صباحًا", "12:15 am"),
        (23, 59, "11:59 مساءً", "11:59 pm"),
    ],
)
def test_a_time_of_day_reads_on_a_twelve_hour_clock(
    clock: Clock, hour: int, minute: int, arabic: str, english: str
) -> None:
    at = clock.now().replace(hour=hour, minute=minute)
    translations = i18n.load_all()
    assert notices.clock(at, translations["ar"].gettext) == arabic
    assert notices.clock(at, translations["en"].gettext) == english


async def test_a_rescheduled_visit_names_the_time_it_replaces_to_the_person_and_to_staff(
    named: Drive, clock: Clock
) -> None:
    ref, _ = await submit(named, policy=ATTA)
    first, moved = after(clock, 20), after(clock, 21)
    out = await named(
        staff("s1", action="claim", ticket=ref),
        staff("s1", f"{written(first, 'hijri')} 10:30", ref, "visit"),
        policy=ATTA,
        desk=True,
    )
    earlier = f"{dates.both(first, 'ar', _ar)} الساعة 10:30 صباحًا"
    assert to(out, "u1")[-1]["text"] == (
        f"جمعية عطاء:\nحُدد موعد زيارة ميدانية بخصوص طلبك رقم {ref} يوم {earlier}."
    )
    assert to(out, "staff", "thread")[-1]["text"] == (
        f"📅 حدد نورة موعد زيارة ميدانية يوم {earlier}."
    )
    typed = f"{written(moved, 'hijri', 'arabic')} 16:00"
    out = await named(staff("s1", typed, ref, "visit"), policy=ATTA, desk=True)
    [notice] = to(out, "u1")
    later = f"{dates.both(moved, 'ar', _ar)} الساعة 4:00 مساءً"
    assert notice["text"] == (
        f"جمعية عطاء:\nتغيّر موعد الزيارة الميدانية الخاصة بطلبك رقم {ref} إلى يوم {later}، "
        f"بدلًا من الموعد السابق ({earlier})."
    )
    [thread] = to(out, "staff", "thread")
    assert thread["text"] == f"📅 نقل نورة موعد الزيارة الميدانية من {earlier} إلى {later}."
    [card] = to(out, "staff", "card")
    assert f"الزيارة الميدانية: {later}" in card["text"]
    assert earlier not in card["text"]

    out = await named(staff("s1", "", ref, "cancel_visit"), policy=ATTA, desk=True)
    assert to(out, "staff", "thread")[0]["text"] == (
        f"📅 ألغى نورة الزيارة الميدانية التي كانت محددة يوم {later}."
    )
    assert "الزيارة الميدانية:" not in to(out, "staff", "card")[0]["text"]
    again = f"{written(after(clock, 22))} 9:15"
    out = await named(staff("s1", again, ref, "visit"), policy=ATTA)
    assert to(out, "u1")[0]["text"].startswith("جمعية عطاء:\nحُدد موعد زيارة ميدانية")  # anew
    assert "9:15 صباحًا" in to(out, "u1")[0]["text"]
    out = await named(staff("s1", f"/ticket {ref}"), policy=ATTA, desk=True)
    history = to(out, "s1", "answer")[0]["text"]
    assert f"نورة · تم تحديد موعد زيارة ميدانية — {later}" in history


async def test_a_visit_after_one_that_took_place_is_a_new_visit_not_a_move(
    drive: Drive, clock: Clock
) -> None:
    ref, _ = await submit(drive, policy=ATTA)
    soon = after(clock, 2)
    await drive(
        staff("s1", action="claim", ticket=ref),
        staff("s1", f"{written(soon)} 11:00", ref, "visit"),
        policy=ATTA,
    )
    await drive({"clock": "+3d"}, policy=ATTA)
    later = after(clock, 5)
    out = await drive(staff("s1", f"{written(later)} 11:00", ref, "visit"), policy=ATTA, desk=True)
    [notice] = to(out, "u1")
    assert "حُدد موعد زيارة ميدانية" in notice["text"]
    assert "بدلًا من" not in notice["text"]
    assert to(out, "staff", "thread")[0]["text"].startswith("📅 حدد s1 موعد زيارة ميدانية")


async def test_a_decision_takes_the_visit_off_the_card(drive: Drive, clock: Clock) -> None:
    ref, _ = await submit(drive, policy=ATTA)
    await drive(
        staff("s1", action="claim", ticket=ref),
        staff("s1", f"{written(after(clock, 3))} 13:30", ref, "visit"),
        policy=ATTA,
    )
    out = await drive(staff("s1", action="accept", ticket=ref), policy=ATTA, desk=True)
    assert "الزيارة الميدانية:" not in to(out, "staff", "card")[0]["text"]
    assert to(out, "staff", "thread") == []  # accepting is not cancelling the visit
    assert "أُلغيت" not in to(out, "u1")[0]["text"]


async def test_a_person_writing_in_english_reads_the_visit_on_a_twelve_hour_clock(
    drive: Drive, clock: Clock
) -> None:
    ref, _ = await submit(drive, policy=ATTA)
    await drive(*say("english"), policy=ATTA)
    first, moved = after(clock, 10), after(clock, 11)
    await drive(
        staff("s1", action="claim", ticket=ref),
        staff("s1", f"{written(first)} 10:30", ref, "visit"),
        policy=ATTA,
    )
    out = await drive(staff("s1", f"{written(moved)} 16:00", ref, "visit"), policy=ATTA)
    [notice] = to(out, "u1")
    english = i18n.load_all()["en"].gettext
    assert notice["text"].endswith(
        f"has been moved to {dates.both(moved, 'en', english)} at 4:00 pm. "
        f"This replaces the earlier time, {dates.both(first, 'en', english)} at 10:30 am."
    )
    assert not re.search("[\u0600-\u06ff]", notice["text"].split(":\n", 1)[1])
