"""A normal install runs: catalogues, presets and migrations ship with it, and its command."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_an_installed_bot_answers_in_arabic_away_from_the_checkout(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run([*build, "-w", str(wheels), str(ROOT)], check=True, capture_output=True)
    [wheel] = wheels.glob("beneficiary_bot-*.whl")
    fresh = tmp_path / "fresh"
    venv.create(fresh, with_pip=True)
    [packages] = (fresh / "lib").glob("python3*/site-packages")
    # The dependencies come from the development environment (no network in tests).
    (packages / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    python = fresh / "bin" / "python"
    install = ["-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)]
    subprocess.run([str(python), *install], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "PYTHON"))}
    line = json.dumps({"user": "u1", "text": "مرحبا"}, ensure_ascii=False)
    result = subprocess.run(
        [str(fresh / "bin" / "beneficiary-bot"), "console", "--jsonl", "--db", "x.sqlite3"],
        input=line + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    answers = [json.loads(out) for out in result.stdout.splitlines()]
    assert answers[0]["text"].startswith("أهلًا وسهلًا بك في جمعية مشكاة")
    assert answers[-1]["text"] == "اختر رقمًا، أو اكتب ما تحتاجه."
    located = subprocess.run(
        [str(python), "-c", "import bot, conversations; print(bot.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    )
    assert str(packages) in located.stdout
