"""What a person means depends on what they were asked: the pending question reads its
answer first, and words inside sentences pick no page."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Drive, rows, say
from tests.test_desk import staff, submit, to


async def test_a_first_message_of_one_digit_opens_that_menu_item(drive: Drive) -> None:
    out = await drive(*say("1"))
    assert out[-1]["text"].startswith("ستجمع جمعية مشكاة")  # the request form's consent
    assert not any("نسأل الله" in line["text"] for line in out)


async def test_a_number_at_a_number_question_is_the_answer_not_the_offered_person(
    drive: Drive,
) -> None:
    answers = ["نورة محمد السالم", "1000000008", "0551234567", "بريدة", "تخطي"]
    out = await drive(*say("ابي اقدم طلب", "1", "1", *answers, "كثير", "ما ادري", "1"), desk=True)
    assert out[-2]["options"] == ["التحدث مع موظف"]  # offered after two answers it could not use
    assert out[-1]["text"].startswith("السؤال 8 من 10")
    assert not [line for line in out if line.get("to") == "staff"]


async def test_words_inside_sentences_pick_no_page(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "في الحقيقة عندي سؤال", "رقم هويتي هو 1000000008"))
    replies = [line["text"] for line in out[2:]]
    assert not any(text.startswith("حقوق المستفيد") for text in replies)
    assert not any("يمكنك التواصل" in text for text in replies)


async def test_asking_for_the_association_s_number_still_gets_the_channels(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "وش رقم الجمعيه"))
    assert "يمكنك التواصل مع جمعية مشكاة عبر" in out[-1]["text"]


@pytest.mark.parametrize("enough", ["خلاص", "تمام", "ok", "هذا كل شيء", "تخطي"])
async def test_at_the_attachments_the_files_received_are_kept_however_one_says_enough(
    drive: Drive, enough: str
) -> None:
    photo = {"user": "u1", "attachment": {"kind": "photo", "name": "a.jpg"}}
    voice = {"user": "u1", "attachment": {"kind": "voice", "name": "a.ogg"}}
    out = await drive(
        *say("ابي اشتكي", "موافق", "1", "الخدمة بطيئة"),
        photo,
        voice,  # refused: files only
        *say(enough, "تخطي", "نعم"),
    )
    assert "3. المرفقات: 1 ملف" in out[-1]["text"]


async def test_a_conversation_claimed_says_someone_is_with_you_not_a_request(drive: Drive) -> None:
    out = await drive(*say("ابي اكلم موظف"), desk=True)
    ref = to(out, "staff", "card")[0]["ticket"]
    out = await drive(staff("s1", action="claim", ticket=ref), desk=True)
    [told] = to(out, "u1")
    assert told["text"].endswith(f"أحد موظفي الجمعية معك الآن في هذه المحادثة ({ref}).")
    assert "طلبك" not in told["text"]


async def test_a_sentence_at_a_yes_no_question_is_asked_again_never_a_staff_chat(
    drive: Drive,
) -> None:
    wish = "ياليت تسوون دورات مسائية للامهات الموظفات"
    out = await drive(*say("ابي اقدم اقتراح", "موافق", "دورات مسائية", wish), desk=True)
    assert to(out, "staff") == []
    assert out[-1]["text"].endswith("هل يُرسل المقترح دون ذكر اسمك؟")


async def test_talking_with_the_team_words_go_to_them_and_a_menu_label_serves_it(
    drive: Drive,
) -> None:
    out = await drive(*say("ابي اكلم موظف"), desk=True)
    ref = to(out, "staff", "card")[0]["ticket"]
    await drive(
        staff("s1", action="claim", ticket=ref), staff("s1", "كيف نقدر نساعدك؟", ref), desk=True
    )
    out = await drive(*say("مساعدة", "ابي اعرف متى يوصلني الرد"), desk=True)
    assert [line["text"] for line in to(out, "staff", "thread")] == [
        "👤 مساعدة",
        "👤 ابي اعرف متى يوصلني الرد",
    ]
    out = await drive(*say("متابعة طلب"), desk=True)
    assert to(out, "staff", "thread") == []
    assert to(out, "u1")[0]["text"].startswith("طلباتك:")


@pytest.mark.parametrize(
    ("typed", "score"), [("5", 5), ("٥", 5), ("ممتاز", 5), ("٥ من ٥", 5), ("⭐⭐⭐⭐", 4), ("3", 3)]
)
async def test_a_score_at_the_survey_invitation_is_its_first_answer(
    drive: Drive, db_path: Path, typed: str, score: int
) -> None:
    ref, _out = await submit(drive)
    await drive(
        staff("s1", action="claim", ticket=ref),
        staff("s1", action="accept", ticket=ref),
        staff("s1", action="delivered", ticket=ref),
    )
    invitation = await drive({"clock": "+1d"})
    assert invitation[0]["text"].startswith(f"اكتمل طلبك رقم {ref}")
    out = await drive(*say(typed))
    assert out[-1]["text"].startswith("السؤال 2 من")
    await drive(*say("5", "5", "4", "نعم", "تخطي"))
    scores = rows(db_path, "SELECT score FROM survey_answers WHERE question = 'overall'")
    assert scores == [(score,)]


async def test_someone_who_left_at_the_summary_hears_of_the_unsent_form_and_may_finish_it(
    drive: Drive,
) -> None:
    answers = ["نورة محمد السالم", "1000000008", "0551234567", "بريدة", "تخطي", "5", "3500"]
    out = await drive(*say("ابي اقدم طلب", "1", "1", *answers, "تخطي", "تخطي"))
    assert out[-1]["text"].startswith("فضلًا راجع بياناتك:")
    out = await drive(*say("القائمة", "وين وصل طلبي"))
    assert out[-1]["text"].startswith("لم يصلنا منك شيء بعد، لكنك بدأت:")
    assert "«طلب دعم مستفيد»" in out[-1]["text"]
    out = await drive(*say("1"))
    assert out[-1]["text"].startswith("بدأت «طلب دعم مستفيد» من قبل.")


async def test_a_question_at_the_summary_is_answered_and_the_summary_shown_again(
    drive: Drive,
) -> None:
    answers = ["نورة محمد السالم", "1000000008", "0551234567", "بريدة", "تخطي", "5", "3500"]
    await drive(*say("ابي اقدم طلب", "1", "1", *answers, "تخطي", "تخطي"))
    out = await drive(*say("متى يوصلني الرد؟"))
    assert "لا تقل عن أسبوعين" in out[0]["text"]
    assert out[-1]["text"].startswith("فضلًا راجع بياناتك:")


async def test_changing_an_earlier_answer_mid_form_asks_it_again_then_goes_on(
    drive: Drive,
) -> None:
    out = await drive(*say("ابي اقدم طلب", "1", "1", "نورة محمد السالم"))
    assert out[-1]["text"].startswith("السؤال 3 من 10")
    out = await drive(*say("لحظة، أريد تغيير نوع الخدمة"))
    assert out[-1]["text"].startswith("السؤال 1 من 10")
    out = await drive(*say("2"))
    assert out[-1]["text"].startswith("السؤال 3 من 10")  # back where the person was
    out = await drive(*say("ابي اعدل اجابتي"))
    assert out[-1]["options"] == ["الخدمة المطلوبة", "الاسم"]  # only the answers given


async def test_a_request_just_sent_may_be_withdrawn_and_its_team_is_told(drive: Drive) -> None:
    ref, _out = await submit(drive)
    out = await drive(*say("أريد إلغاء الطلب الذي قدمته"))
    assert out[-1]["text"].startswith(f"هل تريد سحب {ref}")
    out = await drive(*say("نعم"), desk=True)
    [note] = to(out, "staff", "thread")
    assert "يطلب المستفيد سحب" in note["text"]
    assert to(out, "u1")[0]["text"].startswith(f"أبلغنا الفريق برغبتك في سحب {ref}")


async def test_withdrawing_with_nothing_open_says_so(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "ابي اسحب شكوتي"), desk=True)
    assert to(out, "staff") == []
    assert out[-1]["text"].startswith("ليس لديك طلب مفتوح")


async def test_free_text_keeps_its_digits_as_typed(drive: Drive, db_path: Path) -> None:
    answers = ["نورة محمد السالم", "1000000008", "0551234567", "بريدة", "تخطي", "5", "3500"]
    out = await drive(*say("ابي اقدم طلب", "1", "1", *answers, "عندي ٣ أطفال في المدرسة", "تخطي"))
    assert "9. تفاصيل إضافية: عندي ٣ أطفال في المدرسة" in out[-1]["text"]
    await drive(*say("1", "1"))
    [(data,)] = rows(db_path, "SELECT data FROM tickets")
    assert "عندي ٣ أطفال في المدرسة" in data


async def test_no_documents_at_an_english_consent_is_not_a_refusal(drive: Drive) -> None:
    out = await drive(*say("hello", "3", "no documents"))
    assert out[-1]["options"] == ["I agree", "I do not agree"]
    assert not any("kept none of your data" in line["text"] for line in out)


async def test_a_kunya_alone_is_not_a_full_name(drive: Drive) -> None:
    out = await drive(*say("ابي اقدم طلب", "1", "1", "ام محمد"))
    assert out[-1]["text"].startswith("السؤال 2 من 10")
    out = await drive(*say("أم محمد السالم"))
    assert out[-1]["text"].startswith("السؤال 3 من 10")


async def test_a_wish_to_talk_to_staff_is_honoured_whatever_else_it_says(drive: Drive) -> None:
    out = await drive(*say("ابي اكلم موظف الخدمة سيئة"), desk=True)
    assert to(out, "staff", "card")[0]["text"].startswith("🎫")
    assert "على تواصل مع فريق" in to(out, "u1")[-1]["text"]


async def test_a_changed_mind_is_no_suggestion(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "غيرت رايي ابي اقدم"))
    assert out[-1]["text"].startswith("ستجمع جمعية مشكاة")  # the request form's consent
    out = await drive(*say("القائمة", "4", "غيرت رأيي ابي اقدم"), desk=True)
    assert out[-1]["text"].startswith("ستجمع جمعية مشكاة")
    assert to(out, "staff") == []
