"""`python -m bot run` as a service: serves Telegram until SIGTERM, then stops cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import sys
from pathlib import Path

import httpx

from tests.fakes.bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parent.parent
NOURA = 5001


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


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
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=tmp_path,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
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
    assert health.json() == {"status": "ok", "outbox": 0}
    welcome = api.sent_to(NOURA)[0].params["text"]
    assert welcome.startswith("أهلًا وسهلًا بك في جمعية مشكاة")
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        said = connection.execute("SELECT direction, count(*) FROM messages GROUP BY direction")
        assert dict(said.fetchall()) == {"in": 1, "out": 2}
        pending = connection.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
        assert pending.fetchone() == (0,)
