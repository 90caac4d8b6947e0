"""`python -m bot policy import`: an association's own policy document becomes a draft
policy file that passes check-policy, with the document's facts in its own words and a
TODO for what it does not state.

The five seed documents (tests/data/policies/, those the presets were written from) give
their presets' facts as text, as Word files and as PDFs; variants written from a seed
(another name, another period, sections moved, headings gone, noise) give theirs.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import arabic_reshaper
import docx
import matplotlib
import pytest
from bidi import get_display
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from bot import policy as policy_files
from bot.__main__ import main
from conversations.policy import Policy
from conversations.text import normalise

SEEDS = Path(__file__).parent / "data" / "policies"
PRESETS = {
    "000_1d96b29296474a63.txt": "mishkat",
    "001_36956f9969a4dda3.txt": "atta",
    "002_af3af39b5b13d226.txt": "women-in-mining",
    "003_42c6bcdfe67222e2.txt": "durbah",
    "004_66b68d0bb18d4733.txt": "khairat-albaha",
}
MISHKAT = (SEEDS / "000_1d96b29296474a63.txt").read_text(encoding="utf-8")
MISHKAT_HEADINGS = [
    "تمهيد:",
    "الهدف العام:",
    "الأهداف التفصيلية:",
    "القنوات المستخدمة للتواصل مع المستفيدين:-",
    "الأدوات المتاحة لموظف علاقات المستفيدين للتواصل مع المستفيدين :",
    "ويتم التعامل مع المستفيد على مختلف المستويات لإنهاء معاملاته بالشكل التالي :-",
]
TWO_WEEKS = "خلال مدة لا تقل عن أسبوعين"


def words(text: str) -> str:
    """A text as its letters and digits: spaces, punctuation, tatweel and the spellings
    of one letter (أ إ ا) do not count."""
    return "".join(normalise(text).split())


def facts(policy: Policy) -> dict[str, object]:
    """What an import must get right, texts compared by their words."""
    association, review = policy.association, policy.review
    kind = "not less than" if review.minimum_period else "within"
    return {
        "name": association.name.ar,
        "registration": words(association.registration.ar),
        "approval": words(association.approval.ar) if association.approval else None,
        "audience": "members" if "العمومية" in policy.audience.plural.ar else "beneficiaries",
        "review period": (review.period_days, kind) if review.period_days else "soonest",
        "field visits": review.field_visits,
        "periodic review": review.periodic_review_days is not None,
        "objectives' sub-items": [len(objective.items) for objective in policy.objectives],
        "channels": [words(channel.text.ar) for channel in policy.channels],
        "procedure steps": len(policy.procedure),
        "rights": len(policy.rights),
        "contacts": (association.phones, association.emails, association.website),
    }


def preset_facts(seed: str) -> dict[str, object]:
    """The facts of the preset written from `seed`. Atta's preset reviews permanent files
    every 180 days, a period its document does not state: the draft leaves a TODO."""
    found = facts(policy_files.load(PRESETS[seed]))
    return found | {"periodic review": False} if PRESETS[seed] == "atta" else found


def imported(document: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Policy, str, str]:
    """Import `document` on the command line: the policy read back from the file written
    (as check-policy reads it), its TOML, and what was said on stderr."""
    out = document.with_suffix(".toml")
    assert main(["policy", "import", str(document), "-o", str(out)]) == 0
    return policy_files.load(str(out)), out.read_text(encoding="utf-8"), capsys.readouterr().err


def as_word(text: str, path: Path) -> Path:
    """The document as Word paragraphs: '#' lines as headings, '**' lines in bold, '-'
    lines as list items (indented ones as sub-items), typed markers («١)») kept."""
    document = docx.Document()
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            document.add_heading(stripped.lstrip("# "), level=2)
        elif stripped.startswith("- "):
            style = "List Bullet 2" if line.startswith("  ") else "List Bullet"
            document.add_paragraph(stripped[2:], style=style)
        elif stripped:
            document.add_paragraph().add_run(stripped.strip("*")).bold = stripped[:2] == "**"
    document.save(str(path))
    return path


def as_pdf(text: str, path: Path) -> Path:
    """The document drawn on A4 pages as a word processor would: Arabic shaped and laid
    right to left (so the PDF holds it in visual order), long lines wrapped."""
    lines = [wrapped for line in text.splitlines() for wrapped in textwrap.wrap(line, 90)]
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(path) as pdf:
        for start in range(0, len(lines), 50):
            page = Figure(figsize=(8.27, 11.69))
            for row, line in enumerate(lines[start : start + 50]):
                shown = get_display(arabic_reshaper.reshape(line.replace("**", "")))
                page.text(0.95, 0.97 - row * 0.019, shown.lstrip("# "), ha="right", fontsize=7)
            pdf.savefig(page)
    return path


@pytest.mark.parametrize("seed", sorted(PRESETS))
def test_each_seed_document_gives_its_presets_facts(
    seed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / seed
    document.write_text((SEEDS / seed).read_text(encoding="utf-8"), encoding="utf-8")
    policy, toml, stderr = imported(document, capsys)
    assert facts(policy) == preset_facts(seed)
    assert "no review period" not in toml + stderr
    assert toml.count("# TODO: ") == stderr.count("TODO (") > 0


@pytest.mark.parametrize("seed", sorted(PRESETS))
def test_each_seed_as_a_word_document_gives_its_presets_facts(
    seed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (SEEDS / seed).read_text(encoding="utf-8")
    policy, _, _ = imported(as_word(text, tmp_path / "policy.docx"), capsys)
    assert facts(policy) == preset_facts(seed)


@pytest.mark.parametrize("seed", sorted(PRESETS))
def test_each_seed_as_a_pdf_with_visual_order_arabic_gives_its_presets_facts(
    seed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (SEEDS / seed).read_text(encoding="utf-8")
    policy, _, _ = imported(as_pdf(text, tmp_path / "policy.pdf"), capsys)
    assert facts(policy) == preset_facts(seed)


def test_a_word_letterhead_in_a_table_and_numbered_headings_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    letterhead, body = MISHKAT.split("\n\nتمهيد:", 1)
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "\n".join(line for line in letterhead.splitlines() if line.strip())
    table.cell(0, 1).text = "Mishkat Association"
    for line in ("تمهيد:" + body).splitlines():
        if line in MISHKAT_HEADINGS:
            number = MISHKAT_HEADINGS.index(line) + 1
            document.add_paragraph(f"{number}- {line}", style="List Number")
        elif line.strip():
            document.add_paragraph(line.strip().removeprefix("- "))
    document.save(str(tmp_path / "policy.docx"))
    policy, _, _ = imported(tmp_path / "policy.docx", capsys)
    assert facts(policy) == preset_facts("000_1d96b29296474a63.txt")


def _moved(text: str) -> str:
    """Mishkat's sections in another order: procedure (with the approval), channels,
    goal, tools, objectives, preamble."""
    pattern = "|".join(re.escape(heading) for heading in MISHKAT_HEADINGS)
    preface, *blocks = re.split(f"^(?={pattern}$)", text, flags=re.MULTILINE)
    preamble, goal, objectives, channels, tools, procedure = blocks
    return "\n".join([preface, procedure, channels, goal, tools, objectives, preamble])


def _without_headings(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line not in MISHKAT_HEADINGS)


_DASHED = re.compile(r"^- (?:[١-٩]\) )?")


def _numbered_in_arabic_indic(text: str) -> str:
    """Every list item marked «١-», «٢)», «٣.» or «•» instead of '-' or «- ١)»."""
    lines, number = [], 0
    for line in text.splitlines():
        if line.startswith("- "):
            number += 1
            digits = str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
            marker = [f"{digits}-", f"{digits})", f"{digits}.", "•"][number % 4]
            line = f"{marker} {_DASHED.sub('', line)}"
        lines.append(line)
    return "\n".join(lines)


def _scanned(text: str) -> str:
    """OCR noise: tatweel, stray and doubled spaces, repeated punctuation, invisible
    marks, and an English word or two."""
    for clean, noisy in (
        ("المقابلة.", "المقـــابلة.."),
        ("الاتصالات الهاتفية.", "الاتصالات  الهاتفيـة،،"),
        ("الخطابات.", "الخطـا بات"),
        ("القنوات المستخدمة", "Channels: القنو ات  المستخدمة"),
        ("الأهداف التفصيلية:", "Objectives الأهـداف التفصيلية ::"),
        ("استقبال المستفيد", "استقبال\u200c  المستفيد"),
        ("الهدف العام:", "الهدف العام : :"),
    ):
        text = text.replace(clean, noisy)
    return text


MISHKAT_CHANNELS = facts(policy_files.load("mishkat"))["channels"]
VARIANTS: dict[str, tuple[Callable[[str], str], dict[str, object]]] = {
    "another association": (
        lambda text: text.replace("مشكاة", "النور"),
        {"name": "جمعية النور للخدمات التعليمية والتثقيفية"},
    ),
    "ten working days": (
        lambda text: text.replace(TWO_WEEKS, "خلال عشرة أيام عمل"),
        {"review period": (10, "within")},
    ),
    "three weeks at least": (
        lambda text: text.replace(TWO_WEEKS, "مدة لا تقل عن ثلاثة أسابيع"),
        {"review period": (21, "not less than")},
    ),
    "one channel fewer": (
        lambda text: text.replace("- ٦) خدمة التطوع.\n", ""),
        {"channels": [c for c in MISHKAT_CHANNELS if c != words("خدمة التطوع.")]},
    ),
    "sections moved": (_moved, {}),
    "no headings": (_without_headings, {}),
    "arabic-indic numbers": (_numbered_in_arabic_indic, {}),
    "ocr noise": (_scanned, {}),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_variant_of_a_seed_gives_the_variants_facts(
    variant: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change, changed_facts = VARIANTS[variant]
    text = change(MISHKAT)
    assert text != MISHKAT
    document = tmp_path / "policy.txt"
    document.write_text(text, encoding="utf-8")
    policy, _, _ = imported(document, capsys)
    assert facts(policy) == preset_facts("000_1d96b29296474a63.txt") | changed_facts


def test_working_days_are_kept_as_stated_and_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "policy.txt"
    document.write_text(MISHKAT.replace(TWO_WEEKS, "خلال عشرة أيام عمل"), encoding="utf-8")
    _, toml, stderr = imported(document, capsys)
    assert "# TODO: «أيام عمل»: 10 working days" in toml
    assert "TODO (review): «أيام عمل»: 10 working days" in stderr


def test_a_document_with_no_review_period_gets_a_todo_and_no_period(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "policy.txt"
    document.write_text(MISHKAT.replace(f" {TWO_WEEKS}", ""), encoding="utf-8")
    policy, toml, stderr = imported(document, capsys)
    assert policy.review.period_days is None
    assert not policy.review.minimum_period
    assert "period_days =" not in toml
    assert "# TODO: the document states no review period" in toml
    assert "TODO (review): the document states no review period" in stderr


def test_field_visits_and_periodic_review_come_from_the_procedure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "atta.txt"
    document.write_text(
        (SEEDS / "001_36956f9969a4dda3.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    policy, toml, stderr = imported(document, capsys)
    assert policy.review.field_visits
    assert policy.review.periodic_review_days is None  # «بصورة دورية» states no period
    assert "# TODO: permanent files are reviewed periodically" in toml
    assert "TODO (review): permanent files are reviewed periodically" in stderr
    stated = document.read_text(encoding="utf-8").replace("بصورة دورية", "كل ستة أشهر بصورة دورية")
    document.write_text(stated, encoding="utf-8")
    assert imported(document, capsys)[0].review.periodic_review_days == 180


def test_members_get_the_member_service_request_form_and_their_own_consent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "khairat.txt"
    document.write_text(
        (SEEDS / "004_66b68d0bb18d4733.txt").read_text(encoding="utf-8").replace("خيرات", "نماء"),
        encoding="utf-8",
    )
    policy, _, _ = imported(document, capsys)
    request = policy.forms.request
    assert request.title.ar == "طلب خدمة عضو"
    assert request.consent is not None
    assert request.consent.ar.startswith("ستجمع جمعية نماء الباحة")
    assert request.consent.en is None  # the preset's English names Khairat Al-Baha
    assert policy.audience.singular.ar == "عضو الجمعية العمومية"
    assert "خيرات" not in document.with_suffix(".toml").read_text(encoding="utf-8")


def test_without_an_output_file_the_draft_goes_to_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "policy.md"
    document.write_text(MISHKAT, encoding="utf-8")
    assert main(["policy", "import", str(document)]) == 0
    out = capsys.readouterr()
    assert facts(policy_files.parse(out.out, "stdout")) == facts(policy_files.load("mishkat"))
    assert "TODO (forms)" in out.err
    assert "TODO (" not in out.out  # the TODO lines for people go to stderr only


def test_a_document_missing_required_facts_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "minutes.txt"
    document.write_text("محضر اجتماع مجلس الإدارة\nناقش المجلس الميزانية.\n", encoding="utf-8")
    out = tmp_path / "draft.toml"
    assert main(["policy", "import", str(document), "-o", str(out)]) == 1
    stderr = capsys.readouterr().err
    assert "not found: the association's name" in stderr
    assert "not found: the channels" in stderr
    assert "nothing written" in stderr
    assert not out.exists()


def test_an_unsupported_or_unreadable_document_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "policy.rtf").write_text("{\\rtf1}", encoding="utf-8")
    (tmp_path / "policy.docx").write_text("not a zip", encoding="utf-8")
    (tmp_path / "policy.pdf").write_text("not a pdf", encoding="utf-8")
    assert main(["policy", "import", str(tmp_path / "policy.rtf")]) == 1
    assert "only .txt, .md, .docx and .pdf" in capsys.readouterr().err
    assert main(["policy", "import", str(tmp_path / "policy.docx")]) == 1
    assert "not a readable Word document" in capsys.readouterr().err
    assert main(["policy", "import", str(tmp_path / "policy.pdf")]) == 1
    assert "not a readable PDF" in capsys.readouterr().err
