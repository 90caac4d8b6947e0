"""`python -m bot run` as a service: serves Telegram and WhatsApp until SIGTERM, then stops
cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import sys
from pathlib import Path

import httpx
from twilio.request_validator import RequestValidator

from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.twilio_api import ACCOUNT, TOKEN, FakeTwilio

ROOT = Path(__file__).resolve().parent.parent
NOURA = 5001


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _run(folder: Path, env: dict[str, str]) -> asyncio.subprocess.Process:
    """`python -m bot run` in `folder`, as a service manager starts it."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=folder,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_run_serves_telegram_until_sigterm_and_stops_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    port = _free_port()
    async with FakeBotAPI() as api:
        env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
        env |= {
            "BOT_TELEGRAM_TOKEN": api.token,
            "BOT_TELEGRAM_API_URL": api.root,
            "BOT_DATABASE": str(db),
            "BOT_PORT": str(port),
        }
        process = await _run(tmp_path, env)
        await api.wait_for(lambda: bool(api.called("getUpdates")), timeout=60)
        api.push(api.message(NOURA, "مرحبا"))
        await api.wait_for(lambda: len(api.sent_to(NOURA)) >= 2, timeout=30)
        async with httpx.AsyncClient() as client:
            health = await client.get(f"http://127.0.0.1:{port}/health")
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), timeout=30)
        stderr = (await process.stderr.read()).decode() if process.stderr else ""
    assert code == 0, stderr
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "outbox": 0, "refused": {}}
    welcome = api.sent_to(NOURA)[0].params["text"]
    assert welcome.startswith("أهلًا وسهلًا بك في جمعية مشكاة")
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        said = connection.execute("SELECT direction, count(*) FROM messages GROUP BY direction")
        assert dict(said.fetchall()) == {"in": 1, "out": 2}
        pending = connection.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
        assert pending.fetchone() == (0,)


async def test_run_serves_telegram_and_whatsapp_together_in_one_process(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    port = _free_port()
    public = "https://bot.example.org"  # what the platforms call; the proxy forwards here:
    local = f"http://127.0.0.1:{port}"
    async with FakeBotAPI() as api, FakeTwilio() as twilio:
        env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
        env |= {
            "BOT_TELEGRAM_TOKEN": api.token,
            "BOT_TELEGRAM_API_URL": api.root,
            "BOT_TELEGRAM_SECRET": "runtime-secret",
            "BOT_TWILIO_ACCOUNT_SID": ACCOUNT,
            "BOT_TWILIO_AUTH_TOKEN": TOKEN,
            "BOT_TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
            "BOT_TWILIO_API_URL": twilio.root,
            "BOT_PUBLIC_URL": public,
            "BOT_DATABASE": str(db),
            "BOT_PORT": str(port),
            "BOT_LOG_LEVEL": "INFO",
        }
        process = await _run(tmp_path, env)
        assert process.stderr
        log = b""
        while b"Application startup complete" not in log:
            line = await asyncio.wait_for(process.stderr.readline(), timeout=60)
            assert line, log.decode()
            log += line
        [webhook] = api.called("setWebhook")
        assert webhook.params["url"] == f"{public}/telegram"
        whatsapp = {
            "MessageSid": "SM" + "7" * 32,
            "From": "whatsapp:+966551234567",
            "To": "whatsapp:+14155238886",
            "Body": "مرحبا",
            "NumMedia": "0",
        }
        signature = RequestValidator(TOKEN).compute_signature(f"{public}/whatsapp", whatsapp)
        async with httpx.AsyncClient(base_url=local) as client:
            telegram = await client.post(
                "/telegram",
                json=api.message(NOURA, "مرحبا"),
                headers={"X-Telegram-Bot-Api-Secret-Token": "runtime-secret"},
            )
            answered = await client.post(
                "/whatsapp", data=whatsapp, headers={"X-Twilio-Signature": signature}
            )
            await api.wait_for(lambda: len(api.sent_to(NOURA)) >= 2, timeout=30)
            await twilio.wait_for(lambda: len(twilio.messages) >= 2, timeout=30)
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), timeout=30)
        rest = (await process.stderr.read()).decode()
    assert code == 0, rest
    assert telegram.status_code == 200
    assert answered.status_code == 200
    assert api.sent_to(NOURA)[0].params["text"].startswith("أهلًا وسهلًا")
    assert (twilio.messages[0].body or "").startswith("أهلًا وسهلًا")
    with sqlite3.connect(db) as connection:
        channels = connection.execute("SELECT channel FROM users ORDER BY channel").fetchall()
        assert channels == [("telegram",), ("whatsapp",)]
