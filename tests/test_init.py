"""`python -m bot init`: the questions in Arabic or English, a wrong answer asked again
with its reason, the .env written (0600, never over another unless --force, secrets never
shown), the association's own document imported, and the next step said."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest

from bot import init
from bot import policy as policy_files
from bot.__main__ import main
from bot.settings import load_settings

SEEDS = Path(__file__).parent / "data" / "policies"
MISHKAT_DOCUMENT = SEEDS / "000_1d96b29296474a63.txt"
TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1"
SID = "AC" + "0123456789abcdef" * 2
AUTH = "fedcba9876543210" * 2


class Operator:
    """Someone at the terminal answering in turn; everything shown to them is kept."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.shown: list[str] = []

    def ask(self, prompt: str) -> str:
        self.shown.append(prompt)
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)

    def say(self, text: str) -> None:
        self.shown.append(text)

    @property
    def screen(self) -> str:
        return "\n".join(self.shown)


def _init(folder: Path, *answers: str, force: bool = False) -> tuple[int, Operator]:
    operator = Operator(*answers)
    status = init.run(folder, force=force, ask=operator.ask, say=operator.say)
    return status, operator


def _env(folder: Path) -> dict[str, str]:
    lines = (folder / ".env").read_text(encoding="utf-8").splitlines()
    pairs = (line.split("=", 1) for line in lines if line and not line.startswith("#"))
    return dict(pairs)


def test_arabic_is_the_default_and_a_preset_with_telegram_is_a_dot_env(tmp_path: Path) -> None:
    # language (default), the second preset, the token, no WhatsApp, two admins
    status, operator = _init(tmp_path, "", "1", TOKEN, "", "12345678، ٨٧٦٥٤٣٢١")
    assert status == 0
    assert "جمعية عطاء الصحية (atta)" in operator.screen
    env = _env(tmp_path)
    assert env["BOT_POLICY"] == "atta"
    assert env["BOT_TELEGRAM_TOKEN"] == TOKEN
    assert env["BOT_ADMINS"] == "12345678,87654321"
    assert env["BOT_TWILIO_ACCOUNT_SID"] == ""
    assert stat.S_IMODE((tmp_path / ".env").stat().st_mode) == 0o600
    assert TOKEN not in operator.screen
    assert "أضف البوت إلى مجموعة الموظفين" in operator.screen
    assert "«إدارة المواضيع»" in operator.screen
    assert "أرسل ‎/setup في تلك المجموعة" in operator.screen
    settings = load_settings(_env_file=tmp_path / ".env")
    assert settings.policy == "atta"
    assert settings.serves


def test_a_choice_may_be_its_words_and_yes_or_no_in_arabic(tmp_path: Path) -> None:
    status, operator = _init(tmp_path, "العربية", "2", TOKEN, "لا", "")
    assert status == 0
    assert "اكتب رقمًا" not in operator.screen  # «لا» was taken, not asked again
    env = _env(tmp_path)
    assert env["BOT_POLICY"] == "durbah"
    assert env["BOT_TWILIO_ACCOUNT_SID"] == ""


def test_a_token_that_is_not_botfathers_is_asked_again_with_the_reason(tmp_path: Path) -> None:
    status, operator = _init(tmp_path, "2", "4", "123456789:short", TOKEN, "", "")
    assert status == 0
    assert "That does not look like a @BotFather token" in operator.screen
    prompts = [shown for shown in operator.shown if shown.startswith("The Telegram bot token")]
    assert len(prompts) == 2
    assert _env(tmp_path)["BOT_TELEGRAM_TOKEN"] == TOKEN
    assert "123456789:short" not in operator.screen
    # no admins yet: the step says what /setup needs
    assert "once your Telegram user id is in BOT_ADMINS" in operator.screen


def test_whatsapp_and_the_phone_line_are_asked_checked_and_written(tmp_path: Path) -> None:
    status, operator = _init(
        tmp_path,
        "2",  # English
        "mishkat",
        "",  # no Telegram for now
        "1",  # WhatsApp: yes
        "SK123",
        SID,
        "not-a-token",
        AUTH,
        "+966 55 123 4567",
        "http://bot.example.org",
        "https://bot.example.org/",
        "1",  # the phone line too
    )
    assert status == 0
    screen = operator.screen
    assert "The SID is AC and then 32 characters" in screen
    assert "The Auth Token is 32 characters" in screen
    assert "It starts with https://" in screen
    assert AUTH not in screen
    env = _env(tmp_path)
    assert env["BOT_TWILIO_ACCOUNT_SID"] == SID
    assert env["BOT_TWILIO_AUTH_TOKEN"] == AUTH
    assert env["BOT_TWILIO_WHATSAPP_FROM"] == "whatsapp:+966551234567"
    assert env["BOT_PUBLIC_URL"] == "https://bot.example.org"
    assert env["BOT_TWILIO_VOICE"] == "1"
    assert "BOT_ADMINS" in env  # there, empty: admins are Telegram ids
    assert "https://bot.example.org/whatsapp" in screen
    assert "https://bot.example.org/voice" in screen
    assert "The staff desk is a Telegram group" in screen
    settings = load_settings(_env_file=tmp_path / ".env")
    assert settings.twilio_voice
    assert settings.twilio_whatsapp_from == "whatsapp:+966551234567"


def test_the_associations_own_document_becomes_policy_toml_beside_the_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, operator = _init(tmp_path, "2", str(MISHKAT_DOCUMENT), "", "")
    assert status == 0
    assert "Imported the policy of «جمعية مشكاة للخدمات التعليمية والتثقيفية»" in operator.screen
    assert "TODO (forms): copied from the preset «mishkat»" in operator.screen
    assert "python -m bot check-policy policy.toml" in operator.screen
    assert _env(tmp_path)["BOT_POLICY"] == "policy.toml"
    assert "# TODO" in (tmp_path / "policy.toml").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check-policy", "policy.toml"]) == 0
    assert "جمعية مشكاة" in capsys.readouterr().out
    assert load_settings(_env_file=tmp_path / ".env").policy == "policy.toml"


def test_a_document_no_policy_can_be_drafted_from_is_explained_and_asked_again(
    tmp_path: Path,
) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("السلام عليكم\nنرجو الإفادة.\n", encoding="utf-8")
    status, operator = _init(tmp_path / "bot", "", str(letter), "٣", "", "")
    assert status == 0
    assert "تعذّر إعداد سياسة من هذه الوثيقة:" in operator.screen
    assert _env(tmp_path / "bot")["BOT_POLICY"] == "khairat-albaha"
    assert not (tmp_path / "bot" / "policy.toml").exists()


def test_a_policy_file_is_named_beside_the_env_or_by_its_full_path(tmp_path: Path) -> None:
    preset = policy_files.resolve("durbah")
    beside = tmp_path / "ours.toml"
    beside.write_text(preset.read_text(encoding="utf-8"), encoding="utf-8")
    assert _init(tmp_path, "", f"'{beside}'", "", "")[0] == 0
    assert _env(tmp_path)["BOT_POLICY"] == "ours.toml"

    elsewhere = tmp_path / "elsewhere"
    status, operator = _init(elsewhere, "2", str(tmp_path / "missing.toml"), str(beside), "", "")
    assert status == 0
    assert f"There is no file at {tmp_path / 'missing.toml'}." in operator.screen
    assert _env(elsewhere)["BOT_POLICY"] == str(beside)


def test_a_policy_file_with_problems_is_refused_with_the_first(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('welcome = "أهلًا"\n', encoding="utf-8")
    status, operator = _init(tmp_path, "2", str(broken), "5", "", "")
    assert status == 0
    assert "This file has" in operator.screen
    assert f"python -m bot check-policy {broken}" in operator.screen
    assert _env(tmp_path)["BOT_POLICY"] == "women-in-mining"


def test_an_existing_env_is_never_overwritten_without_force(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("BOT_POLICY=atta\n", encoding="utf-8")
    env.chmod(0o644)
    status, operator = _init(tmp_path, "", "1", "", "")
    assert status == 1
    assert "already has a .env; nothing changed" in operator.screen
    assert "python -m bot init --force" in operator.screen
    assert env.read_text(encoding="utf-8") == "BOT_POLICY=atta\n"
    assert len(operator.answers) == 4  # nothing was asked

    status, _ = _init(tmp_path, "", "4", "", "", force=True)
    assert status == 0
    assert _env(tmp_path)["BOT_POLICY"] == "mishkat"
    assert stat.S_IMODE(env.stat().st_mode) == 0o600


def test_stopping_half_way_writes_nothing(tmp_path: Path) -> None:
    status, operator = _init(tmp_path, "2", str(MISHKAT_DOCUMENT))  # then Ctrl-D
    assert status == 1
    assert operator.shown[-1] == "Stopped; nothing was written."
    assert list(tmp_path.iterdir()) == []


def test_with_no_platform_the_next_step_is_the_console(tmp_path: Path) -> None:
    status, operator = _init(tmp_path, "2", "1", "", "")
    assert status == 0
    assert f"cd {tmp_path} && python -m bot run" in operator.screen
    assert "opens the chat in this terminal" in operator.screen
    assert "/setup" not in operator.screen


def test_a_wrong_choice_says_which_numbers_are_there(tmp_path: Path) -> None:
    status, operator = _init(tmp_path, "3", "2", "9", "1", "", "maybe", "2")
    assert status == 0
    assert "1 أو 2 / 1 or 2" in operator.screen
    assert "Type a number from the list" in operator.screen
    assert "Type a number from 1 to 2." in operator.screen
    assert _env(tmp_path)["BOT_POLICY"] == "atta"


def test_the_command_writes_into_the_folder_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"2\n4\n{TOKEN}\n\n42\n"))
    assert main(["init", "--dir", str(tmp_path / "assoc")]) == 0
    out = capsys.readouterr().out
    assert "Wrote" in out
    assert "Send /setup in that group from an admin's account." in out
    assert TOKEN not in out
    assert _env(tmp_path / "assoc")["BOT_ADMINS"] == "42"


def test_both_languages_say_everything() -> None:
    assert init.TEXT["ar"].keys() == init.TEXT["en"].keys()
