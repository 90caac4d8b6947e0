"""Requests staff take for a person: /new, how the request came, the policy's request form
typed by the staff member, and a ticket that is the person's on WhatsApp."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import VALID_ID, Drive, form_answers, rows
from tests.test_branches import _with_branches
from tests.test_desk import staff, to
from tests.test_whatsapp import GROUP, NOURA, STAFFER, TEMPLATE, WhatsApp, _whatsapp

PERSON = f"whatsapp:{NOURA}"  # the mobile the answers give, «٠٥٥ ١٢٣ ٤٥٦٧»
AGREED, CONFIRMED, DECLARED = "موافق", "✅ البيانات صحيحة", "أقرّ ووافق"


def typed(*texts: str, who: str = "s1") -> list[dict[str, Any]]:
    """A staff member typing `texts` in turn."""
    return [staff(who, text) for text in texts]


def answers(policy: str = "mishkat") -> list[dict[str, Any]]:
    """The person's answers to the preset's request form, as the staff member types them."""
    return [
        {"staff": "s1", **{k: v for k, v in line.items() if k != "user"}}
        for line in form_answers(policy, "request")
    ]


def taken(channel: str, updates: str = "نعم", policy: str = "mishkat") -> list[dict[str, Any]]:
    """A whole intake by `channel`, the person answering `updates` about WhatsApp."""
    return [
        *typed("/new", channel, AGREED),
        *answers(policy),
        *typed(updates, CONFIRMED, DECLARED),
    ]


def ref_of(out: list[dict[str, Any]]) -> str:
    match = re.search(r"برقم (\d{6,})", to(out, "s1")[-1]["text"])
    assert match, to(out, "s1")[-1]["text"]
    return match[1]


def tickets(db: Path) -> list[dict[str, Any]]:
    columns = ("ref", "user_key", "channel", "taken_by", "quiet", "branch", "data")
    found = rows(db, f"SELECT {', '.join(columns)} FROM tickets")
    return [dict(zip(columns, row, strict=True)) for row in found]


def whatsapp_outbox(db: Path) -> list[str]:
    """The texts waiting to go to the person on WhatsApp."""
    sent = rows(
        db, f"SELECT payload FROM outbox WHERE channel = 'whatsapp' AND recipient = '{NOURA}'"
    )
    return [json.loads(payload)["text"] for (payload,) in sent]


@pytest.mark.parametrize(
    ("label", "channel", "said"),
    [
        ("مقابلة", "interview", "مقابلة"),
        ("2", "phone", "اتصال هاتفي"),
    ],
)
async def test_a_request_taken_for_a_person_is_theirs_on_whatsapp(
    drive: Drive, db_path: Path, label: str, channel: str, said: str
) -> None:
    out = await drive(*taken(label), desk=True)
    answered = to(out, "s1")
    assert answered[0]["text"].startswith("تسجيل طلب نيابةً عن المستفيد")
    assert answered[0]["options"] == ["مقابلة", "اتصال هاتفي", "خطاب", "مكتب فرعي"]
    assert answered[1]["text"].startswith("اقرأ على المستفيد إشعار حماية البيانات")
    assert answered[1]["options"] == ["موافق", "غير موافق"]
    assert "اسأل المستفيد: يُرجى كتابة الاسم الكامل" in answered[4]["text"]
    assert "اكتب إجابة المستفيد." in answered[4]["text"]
    assert answered[-3]["text"].startswith("راجع البيانات مع صاحب الطلب:")
    assert "••••••0008" in answered[-3]["text"]
    assert answered[-2]["text"].startswith("اقرأ الإقرار على المستفيد")
    ref = ref_of(out)
    done = answered[-1]["text"]
    assert f"({said})" in done
    assert "سيُرفع طلبك للجنة البحث" in done  # the policy's own "what next", to tell them
    assert "على واتساب من الرقم ••••••4567" in done
    assert "\u200e/new\u200f" in done

    [ticket] = tickets(db_path)
    assert (ticket["ref"], ticket["user_key"], ticket["channel"]) == (ref, PERSON, channel)
    assert (ticket["taken_by"], ticket["quiet"]) == ("s1", 0)
    data = json.loads(ticket["data"])
    assert data["national_id"] == VALID_ID
    assert "updates_on_whatsapp" not in data
    [card] = to(out, "staff", "card")
    assert f"سجّله: s1 · {said}" in card["text"]
    assert rows(db_path, "SELECT actor, action FROM ticket_events") == [("s1", "submitted")]
    assert rows(db_path, "SELECT user_key, purpose, agreed FROM consents") == [
        (PERSON, "request", 1)
    ]
    assert rows(db_path, "SELECT count(*) FROM messages WHERE user_key = 'intake:s1'") == [(0,)]
    [told] = whatsapp_outbox(db_path)
    assert told.startswith(f"تم استلام طلبك ✅\nرقم الطلب: {ref}")


async def test_a_letter_keeps_its_scan_with_the_attachments(drive: Drive, db_path: Path) -> None:
    scan = {"staff": "s1", "attachment": {"kind": "photo", "name": "letter.jpg"}}
    out = await drive(
        *typed("/new", "خطاب", AGREED),
        scan,
        *typed("تم"),
        *answers(),
        *typed("نعم", CONFIRMED, DECLARED),
        desk=True,
    )
    asked = [line["text"] for line in to(out, "s1")]
    assert any(text.startswith("السؤال 1 من 12\nأرسل خطاب المستفيد ممسوحًا") for text in asked)
    ref_of(out)
    [ticket] = tickets(db_path)
    assert ticket["channel"] == "letter"
    names = [file["name"] for file in json.loads(ticket["data"])["documents"]]
    assert names == ["letter.jpg", "id.jpg"]


async def test_at_a_branch_office_the_branch_chosen_files_it(
    drive: Drive, db_path: Path, tmp_path: Path
) -> None:
    policy = _with_branches(tmp_path)
    out = await drive(
        *typed("/new", "مكتب فرعي"),
        *typed("فرع الرياض", AGREED),  # the city given is بريدة: the branch chosen wins
        *answers(policy),
        *typed("نعم", CONFIRMED, DECLARED),
        policy=policy,
        desk=True,
    )
    assert to(out, "s1")[1]["text"] == "أي مكتب فرعي؟"
    assert to(out, "s1")[1]["options"] == ["فرع القصيم", "فرع الرياض"]
    ref_of(out)
    [ticket] = tickets(db_path)
    assert (ticket["channel"], ticket["branch"]) == ("branch", "فرع الرياض")
    assert "الفرع: فرع الرياض" in to(out, "staff", "card")[0]["text"]


async def test_an_interview_goes_to_the_branch_of_the_persons_city(
    drive: Drive, db_path: Path, tmp_path: Path
) -> None:
    policy = _with_branches(tmp_path)
    out = await drive(*taken("مقابلة", policy=policy), policy=policy, desk=True)
    ref_of(out)
    assert tickets(db_path)[0]["branch"] == "فرع القصيم"


async def test_only_staff_take_requests(drive: Drive, db_path: Path) -> None:
    out = await drive(*typed("/new", "1", who="u9"), desk=True)
    assert [line["text"] for line in to(out, "u9")] == ["عذرًا، هذه الخدمة لفريق الجمعية فقط."] * 2
    assert rows(db_path, "SELECT count(*) FROM conversations") == [(0,)]
    out = await drive(*typed("/new", who="s2"), desk=True)  # a supervisor is staff too
    assert to(out, "s2")[0]["text"].startswith("تسجيل طلب نيابةً عن المستفيد")


async def test_a_person_who_does_not_agree_leaves_nothing(drive: Drive, db_path: Path) -> None:
    out = await drive(*typed("/new", "مقابلة", "غير موافق"), desk=True)
    ended = to(out, "s1")[-1]
    assert ended["text"].startswith("لم يوافق المستفيد، فلم يُحفظ شيء.")
    assert "options" not in ended
    for table in ("tickets", "consents", "outbox WHERE channel = 'whatsapp'"):
        assert rows(db_path, f"SELECT count(*) FROM {table}") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM messages WHERE user_key = 'intake:s1'") == [(0,)]
    assert rows(db_path, "SELECT user_key FROM users") == [("intake:s1",)]
    out = await drive(*typed("1"), desk=True)  # the intake is over: words are not answers
    assert to(out, "s1")[0]["text"].startswith("الأوامر:")


async def test_cancelling_deletes_what_was_typed(drive: Drive, db_path: Path) -> None:
    out = await drive(
        *typed("/new", "مقابلة", AGREED, "1", "نورة محمد السالم", "إلغاء", "نعم"), desk=True
    )
    asked, cancelled = to(out, "s1")[-2:]
    assert asked["text"] == "هل تريد إلغاء النموذج وحذف ما أدخلته؟"
    assert cancelled["text"].startswith("تم الإلغاء، وحُذف ما أدخلته.")
    assert "\u200e/new\u200f" in cancelled["text"]
    assert "options" not in cancelled  # no person's menu for staff
    assert rows(db_path, "SELECT count(*) FROM tickets") == [(0,)]
    [(state,)] = rows(db_path, "SELECT state FROM conversations WHERE user_key = 'intake:s1'")
    assert "نورة" not in state
    assert rows(db_path, "SELECT count(*) FROM messages WHERE user_key = 'intake:s1'") == [(0,)]


async def test_put_aside_it_waits_for_new(drive: Drive) -> None:
    out = await drive(*typed("/new", "مقابلة", AGREED, "1", "القائمة", "نورة"), desk=True)
    aside, words = to(out, "s1")[-2:]
    assert aside["text"].startswith("حُفظت الإجابات؛ اكتب \u200e/new\u200f للعودة إليها.")
    assert "options" not in aside
    assert words["text"].startswith("الأوامر:")  # put aside, words are not answers
    out = await drive(*typed("/new", "أكمل من حيث توقفت"), desk=True)
    resume, question = to(out, "s1")
    assert resume["text"].startswith("بدأت «طلب دعم مستفيد» من قبل.")
    assert "يُرجى كتابة الاسم الكامل" in question["text"]


async def test_going_back_from_the_notice_asks_again_how_it_came(drive: Drive) -> None:
    out = await drive(*typed("/new", "مقابلة", "رجوع", "3"), desk=True)
    again, letter = to(out, "s1")[-2:]
    assert again["text"] == "كيف ورد طلب المستفيد؟"
    assert letter["text"].startswith("اقرأ على المستفيد إشعار حماية البيانات")


async def test_a_restart_goes_on_where_the_staff_member_was(drive: Drive, db_path: Path) -> None:
    lines = taken("مقابلة")
    await drive(*lines[:6], desk=True)
    out = await drive(*typed("/new"), desk=True)  # after a restart: where they were
    where, question = to(out, "s1")
    assert where["text"] == "أنت تسجّل طلبًا الآن؛ وهذا ما وصلت إليه."
    assert "يُرجى كتابة رقم الجوال" in question["text"]
    mine = await drive({"user": "s1", "text": "مرحبا"})  # their own chat is apart from it
    assert "تقديم طلب" in mine[-1]["options"]
    out = await drive(*lines[6:], desk=True)
    ref = ref_of(out)
    assert tickets(db_path)[0]["ref"] == ref


async def test_the_person_gets_nothing_on_whatsapp_when_they_did_not_agree(
    drive: Drive, db_path: Path
) -> None:
    out = await drive(*taken("مقابلة", updates="لا"), desk=True)
    ref = ref_of(out)
    assert "لا يرغب في رسائل واتساب" in to(out, "s1")[-1]["text"]
    [ticket] = tickets(db_path)
    assert (ticket["user_key"], ticket["quiet"]) == (PERSON, 1)  # still theirs
    assert "📵 لا يرغب المستفيد في رسائل واتساب" in to(out, "staff", "card")[0]["text"]
    out = await drive(
        staff("s1", action="claim", ticket=ref),
        staff("s1", "متى يناسبك الاتصال؟", ref),
        desk=True,
    )
    assert to(out, "s1")[-1]["text"].startswith("لا يرغب المستفيد في رسائل واتساب عن التذكرة")
    assert whatsapp_outbox(db_path) == []


@pytest.fixture
async def wa(db_path: Path) -> AsyncIterator[WhatsApp]:
    async for running in _whatsapp(db_path, TEMPLATE):
        yield running


async def _privately(wa: WhatsApp, text: str | None = None, **media: Any) -> str:
    """The staff member writes to the bot privately; the bot's last private message."""
    await wa.handle(wa.api.message(STAFFER, text, **media))
    await wa.app.outbox.deliver_due()
    return str(wa.api.sent_to(STAFFER)[-1].params["text"])


async def _press(wa: WhatsApp, label: str) -> str:
    """The staff member presses `label` under the bot's last private message."""
    last = wa.api.sent_to(STAFFER)[-1]
    buttons = [button for row in last.params["reply_markup"]["inline_keyboard"] for button in row]
    [data] = [button["callback_data"] for button in buttons if button["text"] == label]
    await wa.handle(wa.api.callback(STAFFER, data, message_id=last.result["message_id"]))
    await wa.app.outbox.deliver_due()
    return str(wa.api.sent_to(STAFFER)[-1].params["text"])


async def test_on_telegram_and_whatsapp_the_person_hears_and_follows(wa: WhatsApp) -> None:
    await wa.handle(wa.api.message(STAFFER, "/new", chat_id=GROUP))
    await wa.app.outbox.deliver_due()
    assert "أكمل معك تسجيل الطلب في المحادثة الخاصة" in wa.api.sent_to(GROUP)[-1].params["text"]
    assert wa.api.sent_to(STAFFER)[-1].params["text"].startswith("تسجيل طلب نيابةً عن")
    await _press(wa, "اتصال هاتفي")
    [marked] = wa.api.called("editMessageText")  # the press shows under its question
    assert marked.params["text"].endswith("\n\n✔️ اتصال هاتفي")
    assert "inline_keyboard" not in str(marked.params.get("reply_markup"))
    await _press(wa, AGREED)
    for line in form_answers("mishkat", "request"):
        if "attachment" in line:
            await _privately(wa, photo=True)
        else:
            await _privately(wa, line["text"])
    await _press(wa, "نعم")
    await _press(wa, CONFIRMED)
    done = await _press(wa, DECLARED)
    ref = re.findall(r"برقم (\d{6,})", done)[0]
    [template] = wa.twilio.sent_to(NOURA)  # outside the 24-hour window: the update template
    assert template.content_sid == TEMPLATE
    assert json.loads(template.variables or "{}") == {"1": ref}

    await wa.say("السلام عليكم")  # the window opens: the reference follows in full
    assert any(text.startswith(f"تم استلام طلبك ✅\nرقم الطلب: {ref}") for text in wa.replies())
    await wa.say(ref)
    assert ref in wa.replies()[-1]
    assert "تم الاستلام" in wa.replies()[-1]
    await wa.say("بياناتي")
    await wa.choose("الاطلاع على ما يُحفظ عني")
    assert ref in wa.replies()[-1]
    assert "الاسم: نورة محمد السالم" in wa.replies()[-1]

    cards = [call for call in wa.api.sent_to(GROUP) if call.params.get("reply_markup")]
    claim = wa.api.callback(
        STAFFER, f"d:claim:{ref}", message_id=cards[-1].result["message_id"], chat_id=GROUP
    )
    await wa.handle(claim)
    await wa.app.outbox.deliver_due()
    assert wa.replies()[-1].endswith(f"طلبك رقم {ref} قيد الدراسة الآن.")  # updates follow
