"""The command line: the JSON-lines driver end to end, and start-up that explains bad settings."""

from __future__ import annotations

import json
import os
import pty
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent


def bot(
    *args: str, lines: list[Any] | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    feed = "".join(
        (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
        for line in lines or []
    )
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=feed,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean_env, **(env or {})},
        check=False,
        timeout=60,
    )


def test_jsonl_driver_answers_each_line_in_order(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    result = bot(
        "console",
        "--jsonl",
        "--policy",
        "durbah",
        "--db",
        str(db),
        lines=[
            {"user": "u1", "text": "مرحبا"},
            "this is not json",
            {"user": "u1", "text": "متى الرد؟"},
            {"clock": "+3d"},
            {"clock": "tomorrow"},
            {"user": "u1", "attachment": {"kind": "voice", "name": "v.ogg"}},
            {"user": "u1", "attachment": {"kind": "hologram"}},
            {"user": "u2", "location": {"lat": 24.71, "lon": 46.67}},
            {"staff": "s1", "text": "/stats"},
        ],
    )
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("to", "error" if "error" in line else "?") for line in out] == [
        "u1",
        "u1",
        "error",
        "u1",
        "error",
        "u1",
        "error",
        "u2",
        "u2",
        "s1",
    ]
    assert "جمعية دربة" in out[0]["text"]
    assert out[1]["options"][:3] == ["تقديم طلب", "متابعة طلب", "تقديم شكوى"]
    assert "بأسرع وقت ممكن" in out[3]["text"]
    assert "+90m" in out[4]["error"]
    assert "لا أستطيع سماع الرسائل الصوتية هنا" in out[5]["text"]
    assert "photo" in out[6]["error"]
    assert out[9] == {
        "to": "s1",
        "ticket": None,
        "kind": "answer",
        "text": "عذرًا، هذه الخدمة لفريق الجمعية فقط.",
    }


def test_jsonl_driver_reopens_the_same_database_where_it_was(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    bot("console", "--jsonl", "--db", str(db), lines=[{"user": "u1", "text": "English"}])
    result = bot("console", "--jsonl", "--db", str(db), lines=[{"user": "u1", "text": "0"}])
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out == [
        {
            "to": "u1",
            "text": "Choose a number, or write what you need.",
            "options": [
                "Submit a request",
                "Follow a request",
                "File a complaint",
                "Make a suggestion",
                "Volunteer with us",
                "Talk to a person",
                "Procedures and information",
                "العربية",
            ],
        }
    ]


def test_interactive_console_numbers_the_options(tmp_path: Path) -> None:
    result = bot("console", "--db", str(tmp_path / "bot.sqlite3"), lines=["٧", "٤", "0"])
    assert result.returncode == 0, result.stderr
    assert "  7. الإجراءات والمعلومات" in result.stdout
    assert "يمكنك التواصل مع جمعية مشكاة عبر" in result.stdout


def test_run_without_tokens_opens_the_console_on_the_default_preset(tmp_path: Path) -> None:
    keyboard, terminal = pty.openpty()
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**clean_env, "BOT_DATABASE": str(tmp_path / "bot.sqlite3")},
    )
    os.close(terminal)
    os.write(keyboard, b"7\n1\n\x04")
    out, err = process.communicate(timeout=60)
    os.close(keyboard)
    assert process.returncode == 0, err.decode()
    assert "جمعية مشكاة" in out.decode()
    assert "كيف تتعامل جمعية مشكاة مع طلبك" in out.decode()


def test_wrong_settings_stop_start_up_with_one_clear_line(tmp_path: Path) -> None:
    result = bot("run", env={"BOT_POLICY": "nowhere", "BOT_DATABASE": str(tmp_path / "x.sqlite3")})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("configuration error: BOT_POLICY:")
    assert "Traceback" not in result.stderr

    result = bot("run", env={"BOT_LOG_LEVEL": "LOUD"})
    assert result.returncode == 2
    assert result.stderr.startswith("configuration error: BOT_LOG_LEVEL:")


@pytest.mark.parametrize(
    "public_url",
    ["http://bot.example.org", "https://bot.example.org:8080", "https://:443"],
)
def test_a_public_url_telegram_cannot_call_stops_start_up_with_one_line(
    tmp_path: Path, public_url: str
) -> None:
    env = {"BOT_PUBLIC_URL": public_url, "BOT_DATABASE": str(tmp_path / "x.sqlite3")}
    result = bot("run", env={**env, "BOT_TELEGRAM_TOKEN": "123:fake"})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("configuration error: BOT_PUBLIC_URL: ")
    assert "https:// on port 443, 80, 88 or 8443" in result.stderr
    assert not (tmp_path / "x.sqlite3").exists()


@pytest.mark.parametrize("public_url", ["https://bot.example.org", "https://bot.example.org:8443/"])
def test_a_public_url_on_a_webhook_port_is_taken(public_url: str) -> None:
    assert load_settings(public_url=public_url).public_url == public_url.rstrip("/")


def _random_bytes(db: Path) -> None:
    db.write_bytes(random.Random(7).randbytes(40_000))


def _cut_in_half(db: Path) -> None:
    bot("console", "--jsonl", "--db", str(db), lines=[{"user": "u1", "text": "مرحبا"}])
    whole = db.read_bytes()
    db.write_bytes(whole[: len(whole) // 2])


@pytest.mark.parametrize("damage", [_random_bytes, _cut_in_half])
def test_a_damaged_database_stops_start_up_with_one_line_and_is_left_as_it_was(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    db = tmp_path / "bot.sqlite3"
    damage(db)
    damaged = db.read_bytes()
    result = bot("console", "--jsonl", "--db", str(db), lines=[{"user": "u1", "text": "مرحبا"}])
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"cannot start: {db} is not a readable SQLite database: ")
    assert result.stderr.count("\n") == 1
    assert db.read_bytes() == damaged


def test_lines_no_platform_sends_get_one_error_each_and_the_driver_goes_on(tmp_path: Path) -> None:
    hello = {"user": "u1", "text": "مرحبا"}
    refused = [
        '{"user": "u1", "location": {"lat": 999, "lon": -500}}',
        '{"user": "u1", "location": {"lat": NaN, "lon": Infinity}}',
        {"user": "9" * 4000, "text": "مرحبا"},
        {"user": "u1", "id": "9" * 4000, "text": "مرحبا"},
        {"staff": "9" * 4000, "text": "/stats"},
        {"staff": "s1", "ticket": "9" * 4000, "action": "claim"},
        '{"user": "u1", "text": "x", "id": ' + "9" * 5000 + "}",
        "[" * 10_000 + "]" * 10_000,
        {"clock": "+3000000d"},
    ]
    lines: list[Any] = [hello]
    for line in refused:
        lines += [line, hello]
    lines += ['{"user": "u1", "text": "\\ud800"}', '{"user": "u\\udfff", "text": "hi\\ud83d"}']
    result = bot("console", "--jsonl", "--db", str(tmp_path / "bot.sqlite3"), lines=lines)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    errors = [line["error"] for line in out if "error" in line]
    assert len(errors) == len(refused)
    assert not any("internal error" in error for error in errors)
    again = [line for line in out if line.get("text", "").startswith("أهلًا وسهلًا بك.\n")]
    assert len(again) == len(refused)
    not_understood, welcome, menu = out[-3:]
    assert not_understood["text"].startswith("عذرًا، لم أفهم رسالتك. فضلًا اختر من القائمة.")
    assert welcome["to"] == menu["to"] == "u\ufffd"
    assert welcome["text"].startswith("Welcome to Mishkat Association")


def test_the_console_answers_without_loading_the_charts_or_the_chat_platforms(
    tmp_path: Path,
) -> None:
    """The first answer waits for no library it does not use (a third of a second each)."""
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['bot', 'console', '--jsonl', '--db', sys.argv[1]]\n"
        "try:\n"
        "    runpy.run_module('bot', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = {'matplotlib', 'numpy', 'telegram', 'twilio', 'uvicorn'}\n"
        "print(sorted(loaded & set(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "bot.sqlite3")],
        input=json.dumps({"user": "u1", "text": "مرحبا"}, ensure_ascii=False) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    assert json.loads(result.stdout.splitlines()[0])["text"].startswith("أهلًا وسهلًا")
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_telegram_unreachable_at_start_stops_it_with_one_line(tmp_path: Path) -> None:
    env = {
        "BOT_TELEGRAM_TOKEN": "123456789:" + "A" * 35,
        "BOT_TELEGRAM_API_URL": "http://127.0.0.1:9",  # nothing listens there
        "BOT_DATABASE": str(tmp_path / "bot.sqlite3"),
    }
    result = bot("run", env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("cannot start: Telegram cannot be reached")
    assert "Traceback" not in result.stderr
