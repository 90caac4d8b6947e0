"""Form answers as people give them: ordinals, scores and dates in words, a household
described, the number they write from."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot import i18n
from bot import policy as policies
from conversations import answers, choosing, households, numbers, validators, worded
from conversations.messages import Option
from conversations.text import pick_option
from conversations.understanding.answering import record
from tests.conftest import Drive, say
from tests.test_desk import to

_OPTIONS = [Option("a", "دعم تعليمي"), Option("b", "دورات"), Option("c", "أخرى")]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("الثاني", "b"),
        ("الخيار الاخير", "c"),
        ("the first", "a"),
        ("الأول", "a"),
        ("السابع", None),
        ("آخر واحد", "c"),
        ("ثاني واحد", "b"),
        ("رقم اثنين", "b"),
        ("الثالث لو سمحت", "c"),
    ],
)
def test_an_ordinal_picks_that_option(typed: str, code: str | None) -> None:
    picked = pick_option(typed, _OPTIONS)
    assert (picked.code if picked else None) == code


@pytest.mark.parametrize(
    ("typed", "score"),
    [("اربعه", 4), ("خمس نجوم", 5), ("سيء", 1), ("جيد جدا", 4), ("الخدمة كانت سيئة", 1)],
)
def test_a_score_in_words(typed: str, score: int) -> None:
    assert validators.score(typed) == score


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("مواليد 1990/3/15", date(1990, 3, 15)),
        ("15 مارس 1990", date(1990, 3, 15)),
        ("١ رجب ١٤١٠", date(1990, 1, 27)),
        ("15/3/90", date(1990, 3, 15)),
        ("15/3/05", date(2005, 3, 15)),
    ],
)
def test_a_date_with_a_month_s_name_inside_a_sentence_or_a_two_digit_year(
    typed: str, day: date
) -> None:
    assert validators.day(typed, today=date.today()) == day


def test_a_two_digit_year_still_to_come_is_of_the_last_century() -> None:
    next_year = date.today().year + 1
    assert validators.day(f"1/1/{next_year % 100:02d}", date.today()).year == next_year - 100


@pytest.mark.parametrize(
    ("typed", "count"),
    [
        ("انا وزوجتي و٤ عيال", 6),
        ("انا وامي واخواني الثلاثة", 5),
        ("عايش بروحي", 1),
        ("me, my wife and 3 kids", 5),
        ("٦", None),
        ("عدد افراد اسرتي ٨ بما فيهم انا", 8),
        ("خمسة غيري", 6),
        ("أم وأربعة أطفال، الأب متوفى الله يرحمه", 5),
        ("زوجي وانا وخمس اطفال وام زوجي معنا", 8),
        ("انا و زوجتي و ولد و بنت", 4),
        ("انا وزوجتي ما عندنا عيال", 2),
        ("أنا أرملة وعندي ستة أيتام", 7),
        ("انا وزوجتي والعيال", None),
        ("ام محمد", None),
        ("أنا، زوجتي، أبوي، أمي، وأربعة أطفال", 8),
        ("احنا ٥ من دوني، زوجتي والعيال", 6),
        ("عدد أفراد الأسرة ٧ منهم ٤ طلاب في المدارس", 7),
        ("كنا ستة لكن ولدي الكبير توفى الله يرحمه، الحين خمسة", 5),
        ("أنا وزوجتي فقط، أولادنا كلهم متزوجين ومستقلين", 2),
        ("إحنا أربعة يا أختي", 4),
        ("ماما وبابا وأنا وأختي", 4),
        ("احنا ٣ اخوان ايتام وامنا", 4),
        ("احنا انا وام العيال والعيال", None),
        ("أنا والحرمة وبزرين", 4),
        ("أنا وبنتي الثنتين", 3),
        ("نحن أربعة: أنا وزوجتي وطفلين", 4),
        ("أبوي وأمي وتسعة إحنا", 11),
        ("أمي وأنا وأخواني التوأم", 4),
        ("أنا وأخوي وأختي، أبوي وأمي متوفين الله يرحمهم", 3),
        ("عشرين نفر ساكنين في بيت شعبي واحد", 20),
        ("أنا وزوجي وعيال أختي الأيتام الثلاثة", 5),
        ("انا وزوجتي وعيالي الاربعة وعمتهم", 7),
        ("ساكنة مع أمي وخالتي", 3),
        ("انا وعيالي، ثلاثة بالابتدائي واثنين بالروضة", 6),
        ("انا وزوجتي و٥ عيال (٣ بنات وولدين)", 7),
        ("انا وزوجتي وعندي ١٢ ما بين ولد وبنت", 14),
        ("أنا وأبوي وخمس إخوان وخوات", 7),
        ("انا وزوجتي الاولى وعيالها الثلاثة، والثانية وولدها", 7),
        ("انا وزوجتي وولدنا، والمدام تشتغل", 3),
        ("أنا وأهلي: أبوي وأمي وسبعة إخوان بس ثلاثة متزوجين وطالعين", 7),
        ("كنا ستة بس أختي الكبيرة تزوجت", 5),
        ("خمسة وأنا السادس", 6),
        ("تسعة أفراد مع الوالدة", 9),
        ("أنا وزوجي وطفلين، يعني أربعة", 4),
        ("أنا وزوجتي وأربعة عيال منهم اثنين توأم", 6),
        ("عايشة مع زوجي وعياله الاربعة من زوجته الاولى", 6),
        ("انا وزوجي مسافر يشتغل بالرياض", None),
        ("انا وعيالي الثلاثة وأبوهم مسافر وما يسكن معنا", 4),
        ("انا وزوجتي وعيالي وأحيانا أمي", None),
        ("أنا وأمي وعيالي، بعضهم بالسكن الجامعي", None),
        ("انا وزوجي و2 عيال وحماتي ساكنه معنا", 5),
        ("ارمل وعندي ٦ عيال، ٢ منهم تزوجوا وراحوا بيوتهم والباقي معي", 5),
        ("احنا سبعة غيري في البيت", 8),
        ("اسرة مكونة مني ومن زوجي وسبعة ابناء", 9),
        ("انا وامي العجوز واختي المعاقة", 3),
        ("توأم وثلاث بنات وانا وزوجتي", 7),
        ("أنا وزوجتي وأولادي الستة وابنة أخي اليتيمة", 9),
        ("أعيش أنا وأمي وأخواتي الاثنتين", 4),
        ("انا وزوجي والعيال: محمد وسارة ونورة وعبدالله", 6),
        ("أنا وزوجي وتوأمين وبنت", 5),
        ("انا وجوزي وولادي التلاتة", 5),
        ("أنا ويتيمين أكفلهم ساكنين عندي", 3),
        ("انا وزوجي وعيالي الأربعة وبنت أخوي يتيمة عندنا", 7),
        ("عندي زوجة وأربعة عيال", 6),
        ("عندي ٣ عيال", None),
        ("لدي زوجة وطفلان", 4),
        ("انا وابويا وامي", 3),
        ("انا وبعلي وخمس بزورة", 7),
        ("انا وامرأتي وياهل", 3),
        ("اسكن مع ابوي وزوجة ابوي", 3),
        ("انا + ٣", 4),
    ],
)
def test_a_household_described_is_counted(typed: str, count: int | None) -> None:
    assert households.household(typed) == count


def _misread(question: str, expected: str, typed: str, tmp_path: Path) -> list[str]:
    """How the form misreads one answer to `question` («preset.form.key»): the evaluator's
    miss when it records other than `expected` (a value, or "ASK" to be asked again)."""
    corpus = tmp_path / "answers.tsv"
    lines = f"question\texpected\tstyle\tanswer\n{question}\t{expected}\tinvented\t{typed}\n"
    corpus.write_text(lines, encoding="utf-8")
    return record(corpus, policies.load, TRANSLATIONS).misses


TRANSLATIONS = i18n.load_all()


@pytest.mark.parametrize(
    ("question", "expected", "typed"),
    [
        ("atta.request.family_size", "ASK", "حوالي سبعة"),
        ("atta.request.family_size", "ASK", "ثمانية او يمكن اكثر"),
        ("atta.request.family_size", "5", "خمسةافراد"),
        ("atta.request.family_size", "4", "اربعه اشخاس"),
        ("atta.request.family_size", "13", "ثلاثة عشر شخص"),
        ("atta.request.family_size", "6", "٥.. لا ٦ نسيت امي"),
        ("mishkat.request.family_size", "5", "اربعه... لا لا خمسه مع زوجتي"),
        ("atta.request.monthly_income", "3600", "ثلاثة آلاف... لا لحظة ثلاثة آلاف وستمية"),
        ("atta.survey.overall", "5", "اربعه… لا خمسه"),
        (
            "mishkat.request.mobile",
            "+966545204998",
            "رقم جوالي صفر خمسة أربعة خمسة اثنين صفر أربعة تسعة تسعة ثمانية",
        ),
        (
            "atta.request.national_id",
            "2668026814",
            "رقم إقامتي هو اثنين ستة ستة ثمانية صفر اثنين ستة ثمانية واحد أربعة",
        ),
        ("atta.request.mobile", "+966554230320", "نفس رقم الواتس 0554230320"),
        ("mishkat.request.city", "الأحساء", "الحسا"),
        ("mishkat.request.city", "خميس مشيط", "الخميس"),
        ("atta.request.monthly_income", "6000", "ستتلاف"),
        ("atta.request.monthly_income", "1300", "ثلاطعش مية"),
        ("atta.request.monthly_income", "ASK", "الاف"),
        ("atta.request.monthly_income", "5000", "ارعبة الاف وألف"),
        ("atta.request.monthly_income", "3000", "حوالين الثلاث الاف"),
        ("atta.request.monthly_income", "3700", "٢٥٠٠+١٢٠٠"),
        ("atta.request.monthly_income", "4200", "راتبي ٤٢٠٠ وندفع ايجار ١٨٠٠"),
        ("atta.request.monthly_income", "5000", "راتبي ٤٠٠٠ وزوجتي تاخذ ألف من الضمان"),
        ("atta.request.monthly_income", "0", "انا وزوجي عاطلين"),
        ("atta.request.monthly_income", "2800", "٢٢٠٠.. اقصد ٢٨٠٠"),
        ("atta.request.mobile", "+966551234567", "0551234576 لا غلطت 0551234567"),
    ],
)
def test_an_answer_guessed_corrected_or_spelled_out_is_read_as_a_clerk_would(
    question: str, expected: str, typed: str, tmp_path: Path
) -> None:
    assert _misread(question, expected, typed, tmp_path) == []


@pytest.mark.parametrize(
    ("question", "expected", "typed"),
    [
        ("atta.request.health_condition", "ASK", "وش تقصد؟"),
        ("mishkat.request.details", "ASK", "وش اكتب هنا؟"),
        ("khairat-albaha.complaint.text", "ASK", "قلت لكم فوق"),
        ("atta.request.health_condition", "ASK", "مدري، الدكتور يعرف"),
        ("atta.complaint.text", "ASK", "ههههههه"),
        ("durbah.request.details", "ASK", "asdfgh"),
        ("women-in-mining.survey.comment", "ASK", "jjjjj"),
        (
            "atta.request.health_condition",
            "سكر وضغط، وما ادري وش اكتب غير كذا",
            "سكر وضغط، وما ادري وش اكتب غير كذا",
        ),
        ("atta.request.address", "عنيزة حي الريان شارع ١٢", "عنيزة حي الريان شارع ١٢"),
    ],
)
def test_a_question_back_laughter_or_keys_mashed_are_not_kept_as_the_answer(
    question: str, expected: str, typed: str, tmp_path: Path
) -> None:
    assert _misread(question, expected, typed, tmp_path) == []


@pytest.mark.parametrize(
    ("question", "expected", "typed"),
    [
        ("atta.request.service", "ASK", "أبغى دواء الضغط وكمان كرسي للوالدة"),
        ("atta.request.service", "ASK", "وش الفرق بين الأجهزة الطبية والمساعدة العلاجية؟"),
        ("atta.request.service", "أجهزة طبية", "محتاجين كرسي متحرك مو أدوية"),
        ("atta.request.service", "أدوية", "ابي ادوية السكر لأن المستشفى ما صرفها"),
        ("mishkat.request.service", "مستلزمات وأدوات دراسية", "شنط ودفاتر للمدرسة"),
        ("mishkat.request.service", "دعم تعليمي", "أبي دعمم تعليمي للولد"),
        ("mishkat.request.service", "ASK", "دروس تقوية وشنط مع بعض"),
        ("durbah.request.service", "دورات تدريبية", "training courses please"),
        ("durbah.request.service", "برامج تدريبية", "أبي برنامج تدريبي مو ورشة"),
        ("durbah.request.service", "برامج تدريبية", "مهتمة بالبرامج التدريبية"),
        ("khairat-albaha.request.service", "أخرى", "ابي الغي عضويتي من الجمعية"),
        (
            "women-in-mining.request.employment_status",
            "أعمل في قطاع التعدين",
            "موظفة في شركة تعدين",
        ),
        (
            "women-in-mining.request.employment_status",
            "أعمل في قطاع التعدين",
            "I work at a mining company",
        ),
        ("atta.request.service", "ASK", "ابي ادوية وابي كرسي متحرك لأمي"),
        ("women-in-mining.request.employment_status", "ASK", "أدرس وأشتغل مع بعض"),
        ("women-in-mining.request.employment_status", "ASK", "I work in a bank, not mining"),
        ("women-in-mining.request.education_level", "دبلوم", "دبلوم بعد الثانوية العامة"),
        ("women-in-mining.complaint.subject", "تأخر الرد أو الخدمة", "تأخر الخدمة كثير"),
        ("women-in-mining.complaint.subject", "سلوك أحد الموظفين", "الموظفة كلمتني بأسلوب مو زين"),
        ("women-in-mining.complaint.subject", "ASK", "الموظفة تأخرت في الرد وكمان أسلوبها سيء"),
        ("atta.volunteer.availability", "صباحًا", "الصبح لأن العصر عندي دوام"),
        ("atta.volunteer.availability", "ASK", "كل الأيام إلا الجمعة"),
        ("atta.volunteer.availability", "ASK", "الصبح أو المساء"),
    ],
)
def test_a_choice_is_the_one_meant_or_asked_again(
    question: str, expected: str, typed: str, tmp_path: Path
) -> None:
    assert _misread(question, expected, typed, tmp_path) == []


@pytest.mark.parametrize(
    ("question", "expected", "typed"),
    [
        ("atta.survey.overall", "5", "كل شي مرتب وواضح، ممتاز"),
        ("atta.survey.overall", "4", "four out of five"),
        ("atta.survey.overall", "4", "زينجدا"),
        ("atta.survey.overall", "4", "٤٤"),
        ("atta.survey.overall", "ASK", "تقريبا اربعة ونص"),
        ("atta.survey.overall", "ASK", "بعض الموظفين ممتازين وبعضهم لا"),
        ("atta.survey.overall", "ASK", "سريعة نوعا ما"),
        ("atta.survey.need_met", "ASK", "إذا تواصلتوا معي بكرة"),
        ("atta.survey.need_met", "yes", "لو سمحت نعم"),
        ("atta.survey.need_met", "ASK", "ما ادري والله"),
        ("atta.suggestion.anonymous", "ASK", "ما يهمني والله"),
        ("durbah.request.programme", "ASK", "أي دورة تنفعني"),
        ("durbah.request.programme", "ASK", "لسه ما قررت وش عندكم"),
        ("durbah.request.programme", "أي شي في الإكسل", "أي شي في الإكسل"),
    ],
)
def test_a_rating_yes_or_no_or_wish_hedged_is_asked_again(
    question: str, expected: str, typed: str, tmp_path: Path
) -> None:
    assert _misread(question, expected, typed, tmp_path) == []


@pytest.mark.parametrize(
    ("question", "expected", "typed"),
    [
        ("atta.request.monthly_income", "2750", "ثلاثة آلاف إلا ربع"),
        ("atta.request.monthly_income", "1250", "ألف وربع"),
        ("atta.request.monthly_income", "4200.25", "٤٢٠٠ ريال و٢٥ هللة"),
        ("atta.request.monthly_income", "3000", "ثلاث آلاف، ايه ثلاث آلاف"),
        ("atta.request.monthly_income", "5000", "خمستالاف"),
        ("atta.request.monthly_income", "5300", "الراتب ٤٥٠٠ وبدل سكن ٨٠٠"),
        ("atta.request.monthly_income", "ASK", "راتبي ٣٠٠٠ وما اعرف كم يجيني من الضمان"),
        ("atta.complaint.request_ref", "45120", "رقم الطلب: ٤٥١٢٠ بتاريخ ٣ شوال"),
        ("atta.complaint.request_ref", "45120", "ref-45120"),
        ("atta.complaint.request_ref", "45020", "45O20"),
        ("atta.request.mobile", "+966551234567", "0551234567 0551234567"),
        ("atta.request.full_name", "سارة علي القحطاني", "سارة علي القحطانيي"),
        ("atta.request.full_name", "Sara Ali", "Sara Ali (the applicant)"),
        ("atta.request.full_name", "نورة سعد العتيبي", "اسمي نورة سعد العتيبي يالطيبين"),
        ("atta.request.full_name", "ASK", "اسمي موجود عندكم"),
        ("atta.request.full_name", "ASK", "بنت محمد"),
        ("atta.request.city", "الرياض", "ساكن في الرياظ"),
        ("atta.request.city", "جدة", "جدة عروس البحر"),
        ("atta.request.city", "مكة المكرمة", "ساكنين بمكة"),
        ("atta.request.city", "الأحساء", "ساكنة بالاحسا"),
        ("atta.request.district", "النسيم", "حي النسيم بالرياض"),
        ("atta.request.district", "ASK", "بالقرب من المستشفى"),
        ("atta.request.full_name", "فهد سعد الدوسري", "سجل عندك فهد سعد الدوسري"),
        ("atta.request.full_name", "منى علي الحربي", "تفضلي، منى علي الحربي"),
        ("atta.request.district", "الخالدية", "بيتنا في حي الخالدية"),
        ("atta.request.district", "ASK", "القرية"),
        ("atta.request.city", "حفر الباطن", "حفرالباطن"),
        ("atta.request.city", "الظهران", "الظهرن"),
        ("khairat-albaha.request.membership_number", "2450", "2,450"),
        ("atta.complaint.contact_me", "yes", "نعن"),
    ],
)
def test_a_number_name_or_place_is_kept_as_meant(
    question: str, expected: str, typed: str, tmp_path: Path
) -> None:
    assert _misread(question, expected, typed, tmp_path) == []


async def test_a_household_described_at_family_size_is_counted_and_said_back(
    drive: Drive,
) -> None:
    answers = ["نورة محمد السالم", "1000000008", "0551234567", "بريدة", "تخطي"]
    out = await drive(*say("ابي اقدم طلب", "1", "1", *answers, "انا وزوجي و٤ عيال"))
    assert out[-2]["text"].startswith("فهمت أن عددكم 6.")
    assert out[-1]["text"].startswith("السؤال 8 من 10")


async def test_a_figure_corrected_as_it_is_typed_is_said_back(drive: Drive) -> None:
    answers = ["نورة محمد السالم", "1000000008", "0551234567", "بريدة", "تخطي"]
    out = await drive(*say("ابي اقدم طلب", "1", "1", *answers, "٥.. لا ٦ نسيت امي"))
    assert out[-2]["text"].startswith("سجّلت 6.")
    assert out[-1]["text"].startswith("السؤال 8 من 10")


async def test_on_telegram_the_number_one_writes_from_is_asked_for(drive: Drive) -> None:
    answers = ["نورة محمد السالم", "1000000008"]
    out = await drive(*say("ابي اقدم طلب", "1", "1", *answers, "نفس الرقم"))
    assert out[-2]["text"].startswith("لا يظهر لي رقمك في هذا التطبيق")
    assert out[-1]["text"].startswith("السؤال 4 من 10")


def test_answers_written_apart_from_the_bot_are_mostly_recorded_right() -> None:
    translations = i18n.load_all()
    for name, least in RECORDED_RIGHT.items():
        figures = record(Path(__file__).with_name("data") / name, policies.load, translations)
        assert figures.right / figures.seen >= least, name


RECORDED_RIGHT = {
    "answers-heldout.tsv": 0.99,
    "answers-heldout-2.tsv": 0.98,
    "answers-heldout-3.tsv": 0.98,
    "answers-heldout-4.tsv": 0.97,
    "answers-heldout-5.tsv": 0.96,
    "answers-heldout-6.tsv": 0.97,
    "answers-heldout-7.tsv": 0.97,
    "answers-heldout-8.tsv": 0.98,
    "answers-heldout-9.tsv": 0.9,
    "answers-heldout-10.tsv": 0.89,
    "answers-heldout-11.tsv": 0.94,
    "answers-heldout-12.tsv": 0.93,
    "answers-heldout-13.tsv": 0.94,
    "answers-heldout-14.tsv": 0.95,
    "answers-heldout-15.tsv": 0.94,
    "answers-heldout-16.tsv": 0.96,
}
"""First measured at 70.1%, then (each fresh) 77.8%, 81.5%, 85.4%, 83.5%, 91.2%, 91.5%,
93.2%, 90.9%, 87.3%, 93.2%, 91.6%, 93.8%, 94.0%, 92.2% and 91.8% (94.6% once the 23
made-up national IDs of set 16 that fail their check digit were given a right one);
guarded so they do not fall."""


def _kept(check: Callable[[str], str], typed: str) -> str | None:
    """What a check keeps of an answer; None when it asks again."""
    try:
        return check(typed)
    except validators.Invalid:
        return None


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("معك أبو سلطان، اسمي تركي عايض مطلق الشمري", "تركي عايض مطلق الشمري"),
        ("المهندسة ريم خالد عبدالله السبيعي", "ريم خالد عبدالله السبيعي"),
        ("أنا حصة محمد عبدالرحمن السبيعي والطلب لأولادي", "حصة محمد عبدالرحمن السبيعي"),
        ("انا مازن سعيد الغامدي من بلجرشي", "مازن سعيد الغامدي"),
        ("I am Imran Siddiqui, happy to help", "Imran Siddiqui"),
        ("هلا، اسمي مشعل ضيف الله الغامدي", "مشعل ضيف الله الغامدي"),
        ("وليد خالد العتيبي", "وليد خالد العتيبي"),
        ("معك العم صالح بن عيضه الغامدي", "صالح بن عيضه الغامدي"),
        ("حصه؟ لا حصة سليمان المطيري", "حصة سليمان المطيري"),
        ("Rashid Khan here", "Rashid Khan"),
        ("انا ابو خالد، سليمان خالد العمر", "سليمان خالد العمر"),
        ("اسمى منيره.. اقصد منيرة ناصر الجربوع", "منيرة ناصر الجربوع"),
        ("اكتب يا الغالي: بندر محمد العنزي", "بندر محمد العنزي"),
        ("هيا منصورالشهري", "هيا منصور الشهري"),
        ("منيرة عبدالعزيزالدخيل", "منيرة عبدالعزيز الدخيل"),
        ("أنا فاطمة أحمد الغامدي الله يسعدك", "فاطمة أحمد الغامدي"),
        ("مشعل ضيف الله الغامدي", "مشعل ضيف الله الغامدي"),
        ("نفس اسمي في العضوية", None),
        ("ليش تحتاجون الاسم؟", None),
    ],
)
def test_a_name_is_kept_without_what_was_said_around_it(typed: str, name: str | None) -> None:
    assert _kept(validators.name, typed) == name


@pytest.mark.parametrize(
    ("typed", "place"),
    [
        ("ساكنين بالرس", "الرس"),
        ("ساكنه بعرعر", "عرعر"),
        ("ساكن بريدة", "بريدة"),
        ("القصيم، محافظة المذنب", "المذنب"),
        ("قريب من غابة رغدان، حي الظفير", "الظفير"),
        ("الرياض حي الملز", "الرياض"),
        ("جده يا طويل العمر", "جدة"),
        ("قريب من المستشفى العام", None),
        ("بين جدة ومكة، أتنقل", None),
        ("I live in Al Khobar", "Al Khobar"),
        ("الجبييل", "الجبيل"),
        ("أسكن في حي الفيصلية بالدمام", "الفيصلية"),
        ("أسكن في المدينة المنورة حاليًا", "المدينة المنورة"),
        ("القصيم", None),
        ("في الديرة", None),
        ("فوق عند العقبة", None),
        ("من الباحة نفسها", "الباحة"),
        ("Eastern Province", None),
    ],
)
def test_a_place_is_kept_without_what_was_said_around_it(typed: str, place: str | None) -> None:
    assert _kept(validators.place, typed) == place


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("رقم الطلب ٤٥٨٢١", "45821"),
        ("ref 88213", "88213"),
        ("#4521", "4521"),
        ("رقمالطلب12056", "12056"),
        ("ثلاثمية واثنين وأربعين", "342"),
        ("A-1024", "A-1024"),
        ("ما عندي رقم عضوية", None),
    ],
)
def test_a_reference_inside_a_sentence_or_in_words(typed: str, number: str | None) -> None:
    assert _kept(validators.number, typed) == number


def test_an_id_or_a_mobile_spelled_digit_by_digit_or_with_the_letter_o() -> None:
    spelled = "واحد صفر واحد واحد سبعة اثنين اثنين واحد صفر ثلاثة"
    assert validators.national_id(spelled) == "1011722103"
    assert validators.mobile("05O4418823") == "+966504418823"


@pytest.mark.parametrize(
    ("typed", "score"),
    [
        ("ممتازين", 5),
        ("واضحة جدا وسهلة", 5),
        ("very good", 4),
        ("نص نص", 3),
        ("مقبوول", 2),
        ("بطيئة جدا انتظرت شهر", 1),
        ("الإجراءات مو واضحة أبدا", 1),
        ("أعطيكم أربعة من خمسة", 4),
        ("مهب زين، اثنين", 2),
        ("ما قصرتوا الله يجزاكم خير", 5),
        ("٤ ونص", None),
        ("100%", 5),
        ("واضحة مية بالمية", 5),
        ("ولا شي واضح", 1),
        ("أبطأ جمعية تعاملت معها", 1),
        ("😍😍", 5),
        ("😡", 1),
        ("اعلى درجة", 5),
        ("اقل شي", 1),
        ("تستاهلون الخمسه", 5),
        ("acceptable", 2),
    ],
)
def test_a_rating_described_in_words(typed: str, score: int | None) -> None:
    assert validators.score(typed) == score


@pytest.mark.parametrize(
    ("typed", "anonymous"),
    [
        ("ايه بدون اسم", True),
        ("ما ابي اسمي يطلع", True),
        ("ما عندي مانع تذكرون اسمي", False),
        ("مو مشكلة يظهر", False),
        ("مو فارقه معي", None),
        ("لا تحطون اسمي", True),
        ("لا مانع من ذكر اسمي، أنا معروف", False),
    ],
)
async def test_a_yes_or_no_in_the_question_s_own_words(
    drive: Drive, typed: str, anonymous: bool | None
) -> None:
    out = await drive(*say("ابي اقدم اقتراح", "ياليت تسوون دورات مسائية", typed))
    shown = {True: "دون ذكر الاسم: نعم", False: "دون ذكر الاسم: لا"}
    if anonymous is None:
        assert out[-1]["text"].endswith("هل يُرسل المقترح دون ذكر اسمك؟")
    else:
        assert shown[anonymous] in out[-1]["text"]


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        *(("اي والله ضروري", True), ("ماله داعي", False), ("للأسف ما استفدت منها", False)),
        *(("تمام لبت حاجتي", True), ("ما لبت حاجتي", False)),
    ],
)
def test_a_yes_or_no_said_in_a_few_words(typed: str, said: bool) -> None:
    assert worded.yes_no(typed) is said


async def test_a_year_s_income_is_divided_by_twelve_and_said_back(drive: Drive) -> None:
    answers = ["نورة محمد السالم", "1000000008", "0551234567", "بريدة", "تخطي", "5"]
    out = await drive(*say("ابي اقدم طلب", "1", "1", *answers, "٤٨ ألف في السنة"))
    assert "4000" in out[-2]["text"]
    out = await drive(*say("رجوع", "اقل من ٣٠٠٠"))
    assert out[-2]["text"].startswith("فضلًا اكتب مبلغًا واحدًا")


async def test_a_choice_described_in_words_is_that_choice(drive: Drive) -> None:
    out = await drive(*say("ابي اقدم طلب", "1", "شنط ودفاتر للعيال", "نورة محمد السالم"))
    assert out[-1]["text"].startswith("السؤال 3 من 10")
    out = await drive(*say("رجوع", "رجوع"))
    assert out[-1]["text"].startswith("السؤال 1 من 10")


async def test_a_service_named_in_words_opens_the_request_with_it_chosen(drive: Drive) -> None:
    out = await drive(*say("السلام عليكم", "ابي اجدد عضويتي", "1"), policy="khairat-albaha")
    assert out[-1]["text"].startswith("السؤال 2 من")
    out = await drive(*say("ابي اقدم على كرسي متحرك لابوي", "1", user="u2"), policy="atta")
    assert out[-1]["text"].startswith("السؤال 2 من")


@pytest.mark.parametrize(
    ("typed", "total"),
    [
        ("راتب تقاعد ٤٢٠٠ وضمان ١٨٠٠", 6000),
        ("راتبي ٢٥٠٠ والنفقة ٩٠٠", 3400),
        ("زوجي راتبه ٧٠٠٠ وانا ٣٠٠٠ من وظيفتي", 10000),
        ("معاش التأمينات ٢٣٠٠ وأخوي يساعدنا بألف", 3300),
        ("3500", None),
        ("عندي ٥ عيال وراتبي ٣٠٠٠", None),
        ("راتبين: ٣٨٠٠ و ٤٢٠٠", 8000),
        ("دعم ريف ٥٠٠ وحساب مواطن ٤٠٠ وبس", 900),
        ("ضمان ١٦٠٠ وحساب مواطن ٧٠٠ ودعم من الجمعية الخيرية ٣٠٠", 2600),
    ],
)
def test_incomes_named_one_by_one_are_added_up(typed: str, total: int | None) -> None:
    assert numbers.incomes(typed) == total


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("راتبي الأساسي ٤٨٠٠ مع البدلات يصير ٥٣٥٠", "5350"),
        ("٢٤ ألف بالسنة من الضمان، يعني ألفين بالشهر", "2000"),
        ("800 every 10 days, so 2400 a month", "2400"),
        ("نطلع تقريبًا بخمسة آلاف بالشهر", "5000"),
        ("سبعه الاف ونصص", "7500"),
        ("ثلاثالاف", "3000"),
        ("ألفين ومية من الضمان", "2100"),
        ("اثنا عشر ألفاً وثلاثمائة", "12300"),
        ("حالياً صفر، انقطع راتبي", "0"),
        ("والله ما يوصل ألفين", None),
        ("بين ستة وسبعة", None),
        ("زوجي متوفى وما عندنا دخل نهائياً", "0"),
        ("راتبين، واحد ٤٠٠٠ والثاني ما أعرفه", None),
        ("٣ ٧٥٠", "3750"),  # thousands written apart with a space
        ("6 200 ريال", "6200"),
        ("12 15", None),
        ("والله يا خوي ما يجينا ولا هلله", "0"),
        ("مقطوع الراتب من سنة، ما عندنا شي", "0"),
        ("We have no income", "0"),
        ("ما عندنا شي غير الضمان الفين", "2000"),
        ("٥٠٠ بالاسبوع", None),
        ("٣٠٠٠، لا يوجد غيره", "3000"),
        ("اثنا عشر ألفًا وخمسمائة ريال", "12500"),
        ("ثلاثمائة وخمسون", "350"),
        ("خمستاشر الف", "15000"),
        ("نعيش على مساعدات أهل الخير، ما لنا دخل", "0"),
    ],
)
def test_an_amount_restated_or_written_loosely(typed: str, amount: str | None) -> None:
    [income] = [f for f in policies.load("atta").forms.request.fields if f.key == "monthly_income"]
    assert _kept(lambda said: answers.monthly(income, said), typed) == amount


async def test_incomes_added_up_are_said_back(drive: Drive) -> None:
    answers = ["نورة محمد السالم", "1000000008", "0551234567", "بريدة", "تخطي", "5"]
    out = await drive(*say("ابي اقدم طلب", "1", "1", *answers, "راتبي ٢٥٠٠ والنفقة ٩٠٠"))
    assert out[-2]["text"].startswith("جمعتها لك: 3400 ريال.")


async def test_a_choice_described_in_english_or_by_its_own_words(drive: Drive) -> None:
    out = await drive(*say("ابي اقدم طلب", "1", "medicines", "نورة محمد السالم"), policy="atta")
    assert out[-1]["text"].startswith("السؤال 3 من")
    out = await drive(
        *say("ابي اقدم طلب", "1", "علاج الضغط والسكر الشهري", user="u2"), policy="atta"
    )
    assert out[-1]["text"].startswith("السؤال 2 من")


async def test_a_complaint_of_conduct_that_also_tells_a_delay_is_asked_again_confidentially(
    drive: Drive,
) -> None:
    out = await drive(*say("ابي اشتكي", "1", "الموظف تأخر علي وكان أسلوبه سيء"), desk=True)
    assert out[-1]["text"].startswith("السؤال 1 من 5")
    said = ("الموظف كان أسلوبه سيء", "كلمني بطريقة ما تصير", "تخطي", "تخطي", "لا")
    out = await drive(*say(*said), desk=True)
    assert "موضوع الشكوى: سلوك أحد الموظفين" in out[-1]["text"]
    assert to(out, "staff") == []


async def test_a_changed_mind_about_the_service_changes_it_and_asks_the_question_again(
    drive: Drive,
) -> None:
    out = await drive(*say("ابغى اسجل عيالي في دروس تقوية", "نعم"))
    assert "فهمت من كلامك: الخدمة المطلوبة: دعم تعليمي." in out[-2]["text"]
    out = await drive(*say("لا لحظة ابي شنط مدرسية بدال الدروس"))
    assert out[-2]["text"] == "بكل سرور: الخدمة المطلوبة الآن «مستلزمات وأدوات دراسية»."
    assert out[-1]["text"].startswith("السؤال 2 من 10")


@pytest.mark.parametrize(
    ("preset", "key", "typed", "chosen"),
    [
        ("women-in-mining", "education_level", "دبلم", "دبلوم"),
        ("women-in-mining", "education_level", "Master's degree", "دراسات عليا"),
        ("atta", "service", "أي شي تقدرون عليه جزاكم الله خير", None),
    ],
)
def test_a_choice_typed_one_letter_off(
    preset: str, key: str, typed: str, chosen: str | None
) -> None:
    [field] = [f for f in policies.load(preset).forms.request.fields if f.key == key]
    code = choosing.described(typed, field)
    assert (field.choices[int(code[2:])].ar if code else None) == chosen


async def test_a_choice_by_its_number_in_a_word(drive: Drive) -> None:
    out = await drive(*say("ابي اقدم طلب", "1", "خمسة"))
    assert out[-1]["text"].startswith("السؤال 2 من 10")
