"""First starts that work: the systemd unit and .env.example agree, a container with no
tokens stays up and its /health says what is missing, the image runs as a numeric user,
and the command says its version."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import httpx
import pytest

from bot import init, unconfigured
from bot.__main__ import main
from bot.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "deploy" / "beneficiary-bot.service"
MISSING = ["BOT_TELEGRAM_TOKEN or BOT_TWILIO_ACCOUNT_SID or BOT_WEB_CHAT=1"]


def _unit() -> dict[str, list[str]]:
    """The unit's [Service] settings, each name with its values in order."""
    found: dict[str, list[str]] = {}
    for line in UNIT.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", ";")):
            name, value = line.split("=", 1)
            found.setdefault(name.strip(), []).append(value.strip())
    return found


def _set_by(text: str) -> dict[str, str]:
    """The variables an env file sets (its comments left out)."""
    lines = (line.strip() for line in text.splitlines())
    pairs = (line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
    return {name: value for name, value in pairs}


def _clean(monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The settings of a machine where nothing was configured."""
    for name in list(os.environ):
        if name.startswith("BOT_"):
            monkeypatch.delenv(name)
    return load_settings(_env_file=None)


def test_the_unit_keeps_the_database_in_its_own_state_directory() -> None:
    unit = _unit()
    [state] = unit["StateDirectory"]
    environment = dict(value.split("=", 1) for value in unit["Environment"])
    for name in ("BOT_DATABASE", "BOT_BACKUP_FOLDER"):
        assert environment[name].startswith((f"%S/{state}/", f"/var/lib/{state}/")), name
    assert "strict" in unit["ProtectSystem"]
    # The .env beside the checkout is the one the bot reads too (policy.toml beside it).
    [env_file] = unit["EnvironmentFile"]
    assert Path(env_file).parent == Path(unit["WorkingDirectory"][0])


def test_env_example_sets_nothing_the_unit_sets() -> None:
    # systemd: a variable from EnvironmentFile= wins over Environment=, whatever the order.
    unit = {value.split("=", 1)[0] for value in _unit()["Environment"]}
    example = _set_by((ROOT / ".env.example").read_text(encoding="utf-8"))
    assert unit
    assert not unit & example.keys()
    assert "BOT_ADMINS" in example


def test_a_dot_env_from_init_sets_nothing_the_unit_sets() -> None:
    unit = {value.split("=", 1)[0] for value in _unit()["Environment"]}
    written = init.Answers(policy="policy.toml", telegram_token="1:" + "a" * 35).env()
    assert not unit & _set_by(written).keys()


def test_the_image_runs_as_the_numeric_user_it_creates() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    [user] = re.findall(r"^USER (\S+)$", dockerfile, re.MULTILINE)
    uid = re.search(r"useradd .*--uid (\d+)", dockerfile)
    assert uid
    assert user.split(":")[0] == uid[1]
    assert user.replace(":", "").isdigit()


async def test_health_says_what_is_missing_with_503(monkeypatch: pytest.MonkeyPatch) -> None:
    app = unconfigured.create(unconfigured.missing(_clean(monkeypatch)))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
        response = await client.get("/health")
        assert response.status_code == 503
        assert response.json() == {"status": "unconfigured", "missing": MISSING}
        assert (await client.get("/telegram")).status_code == 404


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_run_in_a_container_with_no_tokens_stays_up_until_sigterm(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    env |= {"BOT_DATABASE": str(tmp_path / "bot.sqlite3"), "BOT_PORT": str(port)}
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
    assert process.stderr
    line = (await asyncio.wait_for(process.stderr.readline(), timeout=60)).decode()
    assert "nothing to serve: set BOT_TELEGRAM_TOKEN or BOT_TWILIO_ACCOUNT_SID" in line
    assert f"/health answers, 503, on 127.0.0.1:{port}" in line
    async with httpx.AsyncClient() as client:
        response = await client.get(f"http://127.0.0.1:{port}/health", timeout=30)
    assert response.status_code == 503
    assert json.loads(response.text)["missing"] == MISSING
    process.send_signal(signal.SIGTERM)
    rest = await asyncio.wait_for(process.stderr.read(), timeout=60)
    assert await process.wait() == 0, rest.decode()
    assert not (tmp_path / "bot.sqlite3").exists()


def test_version_is_the_installed_one(capsys: pytest.CaptureFixture[str]) -> None:
    version = metadata.version("beneficiary-bot")
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"beneficiary-bot {version}\n"
    command = Path(sys.executable).with_name("beneficiary-bot")
    if command.exists():
        result = subprocess.run(
            [str(command), "--version"], capture_output=True, text=True, check=True, timeout=60
        )
        assert result.stdout == f"beneficiary-bot {version}\n"
