"""Policy files: the presets load, and a broken file is explained problem by problem."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot import policy as policy_files

PRESETS = policy_files.preset_names()


def check_policy(target: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "check-policy", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_five_presets_ship() -> None:
    assert PRESETS == ["atta", "durbah", "khairat-albaha", "mishkat", "women-in-mining"]


@pytest.mark.parametrize("preset", PRESETS)
def test_each_preset_passes_check_policy_with_a_summary(preset: str) -> None:
    result = check_policy(preset)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert "جمعية" in result.stdout


def test_a_broken_file_lists_every_problem_with_its_location(tmp_path: Path) -> None:
    text = policy_files.resolve("mishkat").read_text(encoding="utf-8")
    text = text.replace("period_days = 14", 'period_days = "two weeks"')
    text = text.replace('type = "national_id"', 'type = "passport"', 1)
    text = text.replace("[audience]", "[audience]\ncolour = 'blue'", 1)
    broken = tmp_path / "broken.toml"
    broken.write_text(text, encoding="utf-8")

    result = check_policy(broken)

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any("review.period_days" in line for line in lines)
    assert any("forms.request.fields[2].type" in line for line in lines)
    assert any("audience.colour" in line for line in lines)
    assert lines[-1] == f"3 problem(s) in {broken}"
    assert "Traceback" not in result.stderr


def test_form_rules_are_checked(tmp_path: Path) -> None:
    text = policy_files.resolve("atta").read_text(encoding="utf-8")
    text = text.replace('key = "mobile"', 'key = "full_name"', 1)
    broken = tmp_path / "twice.toml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(policy_files.PolicyError) as caught:
        policy_files.load(str(broken))
    assert [str(p) for p in caught.value.problems] == [
        f"{broken}: forms.request: Value error, field key 'full_name' is used twice"
    ]


def test_invalid_toml_is_reported_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "syntax.toml"
    broken.write_text('welcome = "unterminated\n', encoding="utf-8")
    result = check_policy(broken)
    assert result.returncode == 1
    assert "not valid TOML" in result.stderr
    assert "line 1" in result.stderr


def test_an_unknown_preset_names_the_presets() -> None:
    result = check_policy("no-such-association")
    assert result.returncode == 1
    assert "mishkat" in result.stderr
