"""People as they really write: courtesy, their own yes and no, sense checks, English, a person."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bot import policy as policy_files
from tests.conftest import Drive, form_answers, rows, say
from tests.test_answers_kept import _upto
from tests.test_desk import staff, submit, to
from tests.test_requests import AGREE, START

ARABIC = re.compile("[\u0600-\u06ff]")
PERSON = "التحدث مع موظف"


def texts(out: list[dict[str, Any]]) -> list[str]:
    return [line["text"] for line in out]


# Courtesy -------------------------------------------------------------------


async def test_a_greeting_is_returned_then_the_menu(drive: Drive) -> None:
    await drive(*say("مرحبا"))
    out = await drive(*say("السلام عليكم ورحمة الله"))
    assert out[0]["text"].startswith("وعليكم السلام ورحمة الله وبركاته.")
    assert out[0]["options"][0] == "تقديم طلب"
    assert "لم أفهم" not in out[0]["text"]


async def test_a_first_salam_is_returned_before_the_welcome(drive: Drive) -> None:
    out = await drive(*say("السلاام عليكم"))
    assert out[0]["text"].startswith(
        "وعليكم السلام ورحمة الله وبركاته.\nأهلًا وسهلًا بك في جمعية مشكاة"
    )


async def test_thanks_in_the_middle_of_a_form_is_answered_and_the_question_repeated(
    drive: Drive,
) -> None:
    out = await drive(*START, AGREE, *_upto("city"), *say("الله يعطيكم العافية"))
    assert out[-2]["text"] == "العفو، يسعدنا خدمتك."
    assert out[-1]["text"].startswith("السؤال 5 من 10")


async def test_a_farewell_is_wished_well(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "مع السلامة"))
    assert out[-1]["text"] == "في أمان الله، ونحن في خدمتك متى احتجت إلينا."


async def test_a_greeting_with_a_wish_returns_the_greeting_and_serves_the_wish(
    drive: Drive,
) -> None:
    out = await drive(*say("مرحبا", "السلام عليكم ابي اقدم شكوى"))
    assert out[-2]["text"] == "وعليكم السلام ورحمة الله وبركاته."
    assert out[-1]["text"].startswith("ستحفظ جمعية مشكاة ما تكتبه في شكواك")


async def test_a_story_of_need_is_met_warmly_and_offered_the_form(drive: Drive) -> None:
    out = await drive(*say("انا ارملة وعندي ٣ اطفال وما عندي دخل ومحتاجة مساعدة"))
    assert out[-1]["text"].startswith("نسأل الله أن ييسر أمرك، ونحن هنا لمساعدتك.")
    assert out[-1]["options"] == ["تقديم طلب", PERSON, "القائمة الرئيسية"]
    out = await drive(*say("نعم"))
    assert out[-1]["text"].startswith("ستجمع جمعية مشكاة اسمك")


# Yes and no in the person's words ---------------------------------------------


@pytest.mark.parametrize("yes", ["ايه", "اكيد", "أوكي", "تمام", "ok", "👍", "نعم موافق"])
async def test_consent_in_the_persons_own_words(drive: Drive, yes: str) -> None:
    out = await drive(*START, *say(yes))
    assert out[-1]["text"].startswith("السؤال 1 من 10")


async def test_every_two_way_question_takes_yes_and_no_in_words(
    drive: Drive, db_path: Path
) -> None:
    await drive(*START, *say("اكيد"), *form_answers("mishkat", "request"))
    out = await drive(*say("إلغاء", "لا"))
    assert out[-1]["text"].startswith("فضلًا راجع بياناتك:")
    out = await drive(*say("تمام", "موافق"))
    assert out[-1]["text"].startswith("تم استلام طلبك ✅")
    assert len(rows(db_path, "SELECT ref FROM tickets")) == 1


async def test_why_at_the_consent_question_is_answered_with_the_purpose(drive: Drive) -> None:
    out = await drive(*START, *say("ليش تبون بياناتي؟"))
    assert out[-2]["text"].startswith("يشترط نظام حماية البيانات الشخصية موافقتك")
    assert out[-1]["text"].startswith("ستجمع جمعية مشكاة اسمك")
    assert out[-1]["options"] == ["أوافق", "لا أوافق"]


# Answers checked for sense ------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "typed", "problem"),
    [
        ("full_name", "نورة", "فضلًا اكتب الاسم الكامل بالحروف"),
        ("full_name", "2", "هذا السؤال يحتاج إلى إجابة"),
        ("full_name", "تخطي", "هذا السؤال يحتاج إلى إجابة"),
        ("city", "12345", "فضلًا اكتب اسم المكان بالحروف."),
        ("monthly_income", "كثير", "فضلًا اكتب المبلغ بالريال، مثل: 3500"),
    ],
)
async def test_answers_that_make_no_sense_are_explained(
    drive: Drive, key: str, typed: str, problem: str
) -> None:
    out = await drive(*START, AGREE, *_upto(key), *say(typed))
    assert out[-2]["text"].startswith(problem)


async def test_numbers_are_read_from_words_and_phrases(drive: Drive) -> None:
    await drive(*START, AGREE, *_upto("family_size"), *say("ستة", "3000 ريال شهريا"))
    out = await drive(*say("تخطي", "تخطي"))
    assert "عدد أفراد الأسرة: 6" in out[-1]["text"]
    assert "3,000 ريال" in out[-1]["text"]


async def test_markup_is_dropped_and_a_long_answer_is_kept_in_part(
    drive: Drive, db_path: Path
) -> None:
    out = await drive(*START, AGREE, *_upto("city"), *say("*بريدة*"))
    told = "نحتاج مساعدة في الإيجار " * 110
    out = await drive(*say("تخطي", "5", "0", told, "تخطي", "1", "1"))
    assert "إجابتك طويلة، فاحتفظت بأول 2000 حرف منها." in texts(out)
    [(data,)] = rows(db_path, "SELECT data FROM tickets")
    assert '"city": "بريدة"' in data
    assert '"details": "' + told[:2000].rstrip() + '"' in data


# A person after repeated misunderstanding ----------------------------------------


async def test_two_misses_at_the_same_question_offer_a_person(drive: Drive) -> None:
    out = await drive(*START, AGREE, *_upto("family_size"), *say("ما ادري"))
    assert PERSON not in out[-1]["options"]
    out = await drive(*say("كثير"))
    assert out[-1]["options"][-1] == PERSON
    out = await drive(*say(PERSON), desk=True)
    assert to(out, "u1")[-1]["text"].startswith("أنت الآن على تواصل مع فريق جمعية مشكاة")


async def test_misses_at_the_menu_keep_its_one_offer_of_a_person(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "بلابلا", "ققق"))
    assert out[-1]["options"].count(PERSON) == 1
    await drive({"user": "u1", "attachments": [{"kind": "voice"}]})
    out = await drive({"user": "u1", "attachments": [{"kind": "sticker"}]})
    assert out[-1]["options"].count(PERSON) == 1


@pytest.mark.parametrize("words", ["ابي احد يساعدني", "ما فهمت", "ابي اكلم موظف"])
async def test_asking_for_a_person_works_from_inside_a_form(drive: Drive, words: str) -> None:
    out = await drive(*START, AGREE, *_upto("city"), *say(words))
    assert out[-1]["text"].startswith("أنت الآن على تواصل مع فريق جمعية مشكاة")
    out = await drive(*say("عندي سؤال عن الدعم"))
    assert out[-1]["text"].startswith("وصلت رسالتك إلى فريق الجمعية.")
    assert "سيرد عليك أحد الموظفين هنا في أقرب وقت ممكن." in out[-1]["text"]


async def test_the_first_message_to_a_person_says_the_policys_working_hours(
    drive: Drive, tmp_path: Path
) -> None:
    own = tmp_path / "own.toml"
    preset = policy_files.resolve("mishkat").read_text(encoding="utf-8")
    own.write_text(
        preset.replace(
            "[association]\n", '[association]\nworking_hours = "من الأحد إلى الخميس، 8 ص - 3 م"\n'
        ),
        encoding="utf-8",
    )
    out = await drive(*say("مرحبا", "ابي اكلم موظف", "سؤال"), policy=str(own))
    assert "يرد الموظفون في أوقات الدوام: من الأحد إلى الخميس، 8 ص - 3 م." in out[-1]["text"]


# English and beyond ---------------------------------------------------------------


async def test_english_from_first_message_to_reference_with_no_arabic(drive: Drive) -> None:
    out = await drive(
        *say("Hi, I want to apply for support", "I agree", "3", "Sara Ahmed", "1000000008"),
        *say("0551234567", "Riyadh", "skip", "five", "0", "skip", "skip", "yes", "yes"),
        *say("track my request", "what papers do I need?", "thanks"),
    )
    for reply in out:
        assert not ARABIC.search(reply["text"]), reply["text"]
        assert not any(ARABIC.search(option) for option in reply["options"][:-1])
    assert "Reference number:" in texts(out)[-4]


async def test_the_person_can_switch_back_to_arabic(drive: Drive) -> None:
    out = await drive(*say("hello", "العربية"))
    assert out[-1]["text"].startswith("I will speak with you in English.") is False
    assert out[-1]["options"][0] == "تقديم طلب"


@pytest.mark.parametrize(
    ("arabizi", "start"),
    [("salam", "وعليكم السلام"), ("3ndi shakwa", "أهلًا وسهلًا بك"), ("abi atlob musa3ada", "أهلًا")],
)
async def test_arabizi_is_answered_in_arabic(drive: Drive, arabizi: str, start: str) -> None:
    out = await drive(*say(arabizi))
    assert out[0]["text"].startswith(start)


# Questions people ask ---------------------------------------------------------------


async def test_papers_are_what_the_request_form_asks_to_attach(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "وش الاوراق المطلوبة؟"))
    assert "صورة الهوية أو الشهادات والمستندات الدراسية" in out[-1]["text"]
    assert "اللائحة الأساسية للجمعية" not in out[-1]["text"]


async def test_where_are_you_gives_the_address_the_policy_has(drive: Drive) -> None:
    out = await drive(*say("وين مقركم؟"), policy="atta")
    assert out[-1]["text"].startswith("مقر جمعية عطاء: القصيم - عثيرة")
    out = await drive(*say("وين مقركم؟"))
    assert out[-1]["text"].startswith("لم تنشر الجمعية عنوانها.")


async def test_services_are_the_request_forms_choices(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "وش الخدمات اللي تقدمونها؟"))
    for service in ("دعم تعليمي", "مستلزمات وأدوات دراسية", "إرشاد تعليمي"):
        assert f"• {service}" in out[-1]["text"]


async def test_a_phone_number_not_published_is_answered_honestly(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "عطوني رقمكم"))
    assert out[-1]["text"].startswith("لم تنشر الجمعية رقم هاتف.")
    out = await drive(*say("عطوني رقمكم"), policy="atta")
    assert "☎ 0509994514" in out[-1]["text"]


# Wording per kind and audience ---------------------------------------------------------


async def test_a_complaint_is_followed_in_the_feminine(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "عندي شكوى", "أوافق", "3", "تأخر الرد", "تخطي", "تخطي", "نعم"))
    out = await drive(*say("1"))
    assert "يمكنك متابعتها في أي وقت" in out[-1]["text"]


async def test_members_are_named_as_members_on_the_desk(drive: Drive) -> None:
    ref, _ = await submit(drive, policy="khairat-albaha")
    out = await drive(
        staff("s1", action="claim", ticket=ref),
        staff("s1", "رقم العضوية؟", ref, "info"),
        policy="khairat-albaha",
        desk=True,
    )
    assert "بانتظار رد عضو الجمعية العمومية" in to(out, "staff", "card")[-1]["text"]


async def test_a_womens_association_addresses_women(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "بلابلا"), policy="women-in-mining")
    assert out[-1]["text"].endswith("اختاري رقمًا، أو اكتبي ما تحتاجينه.")
    assert "فضلًا اختاري من القائمة" in out[-1]["text"]


async def test_a_fresh_card_names_the_complaint_once_with_its_subject(drive: Drive) -> None:
    out = await drive(
        *say("مرحبا", "عندي شكوى", "أوافق", "3", "تأخر الرد", "تخطي", "تخطي", "نعم", "1"),
        desk=True,
    )
    [card] = to(out, "staff", "card")
    head = card["text"].splitlines()[0]
    assert head.count("شكوى") == 1
    assert "موضوع الشكوى: تأخر الرد أو الخدمة" in card["text"]
    assert "وردت الآن" in card["text"]


async def test_empty_figures_are_said_in_words_and_yes_no_as_shares(drive: Drive) -> None:
    out = await drive(staff("s2", "/stats"), staff("s2", "/survey 7"), desk=True)
    assert "لا توجد تذاكر مفتوحة." in out[0]["text"]
    assert "لا توجد تقييمات في هذه المدة." in out[1]["text"]
    ref, _ = await submit(drive)
    await drive(*(staff("s1", "", ref, action) for action in ("claim", "accept", "delivered")))
    await drive({"clock": "+1d"}, *say("نعم", "5", "5", "5", "5", "نعم", "تخطي"))
    out = await drive(staff("s2", "/survey 7"), desk=True)
    assert "• تلبية الحاجة: 100% أجابوا بنعم (1)" in out[0]["text"]


# Surprises found trying it as people would ------------------------------------------


async def test_a_person_answering_in_whole_sentences_gets_through(
    drive: Drive, db_path: Path
) -> None:
    await drive(*say("السلام عليكم ابغى اسجل عندكم عشان الحقائب المدرسية"))
    out = await drive(
        *say(
            "نعم اوافق على الشروط", "ابي مستلزمات وادوات دراسية للعيال", "اسمي نوره عبدالله السالم"
        ),
        *say("رقم هويتي هو ١٠٠٠٠٠٠٠٠٨", "رقم جوالي 0551234567 واتساب", "اسكن في الرياض"),
        *say("ماعندي", "احنا اربعة", "دخلي من الضمان حوالي ٢٥٠٠ ريال", "لا", "تم"),
    )
    summary = out[-1]["text"]
    for shown in (
        "الخدمة المطلوبة: مستلزمات وأدوات دراسية",
        "الاسم: نوره عبدالله السالم",
        "المدينة: الرياض",
        "الحي: —",
        "عدد أفراد الأسرة: 4",
        "2,500 ريال",
        "تفاصيل إضافية: —",
        "المرفقات: —",
    ):
        assert shown in summary


async def test_a_voice_note_is_answered_as_one(drive: Drive) -> None:
    out = await drive({"user": "u1", "attachment": {"kind": "voice", "name": "v.ogg"}})
    assert out[-1]["text"].startswith("لا أستطيع سماع الرسائل الصوتية هنا.")


async def test_a_complaint_about_staff_after_two_misses_stays_a_complaint(
    drive: Drive, db_path: Path
) -> None:
    voice = {"user": "u1", "attachment": {"kind": "voice", "name": "v.ogg"}}
    await drive(*say("مرحبا", "عندي شكوى", "أوافق", "2"), voice, voice)
    out = await drive(*say("الموظف ما رد على اتصالاتي"))
    assert out[-1]["text"].startswith("السؤال 3 من 5")


async def test_a_photo_sent_to_the_team_shows_as_a_file_in_the_thread(drive: Drive) -> None:
    await drive(*say("مرحبا", "ابي اكلم موظف"))
    out = await drive({"user": "u1", "attachment": {"kind": "photo", "name": "x.jpg"}}, desk=True)
    [posted] = to(out, "staff", "thread")
    assert posted["text"] == "👤 📎"
    assert posted["attachments"] == [{"kind": "photo", "name": "x.jpg"}]


async def test_a_form_answer_mentioning_english_is_an_answer(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "ابي اتطوع", "أوافق", "سارة أحمد", "0551234567", "جدة"))
    out = await drive(*say("تدريس اللغة الانجليزية للطالبات"))
    assert out[-1]["text"].startswith("السؤال 5 من 5")


@pytest.mark.parametrize("unsure", ["ماادري", "ما أدري", "مدري", "لا أعرف"])
async def test_i_do_not_know_skips_an_optional_question(drive: Drive, unsure: str) -> None:
    answers = ["نورة محمد السالم", "١٠٠٠٠٠٠٠٠٨", "٠٥٥١٢٣٤٥٦٧", "بريدة"]
    await drive(*START, AGREE, *say("3", *answers))
    out = await drive(*say(unsure))
    assert out[-1]["text"].startswith("السؤال 7 من 10")
    summary = await drive(*say("5", "3500", "تخطي", "تخطي"))
    assert unsure not in summary[-1]["text"]
