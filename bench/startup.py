"""How long a person waits for the bot's first answer after it starts, beside a bare interpreter.

Each run is a new process on a new database: `python -m bot console --jsonl` reads «مرحبا»,
answers, and exits. The figure is the median of RUNS, the ratio that over `python -c pass`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 15
HELLO = '{"user": "u1", "text": "مرحبا"}\n'


def median_seconds(command: list[str], stdin: str = "") -> float:
    """The median wall time of RUNS runs of `command`, each on a fresh database."""
    times = []
    for run in range(RUNS):
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            done = subprocess.run(
                [part.replace("{db}", str(Path(folder) / f"{run}.sqlite3")) for part in command],
                input=stdin,
                capture_output=True,
                text=True,
                check=True,
            )
            times.append(time.perf_counter() - started)
            assert "أهلًا" in done.stdout or not stdin, done.stdout
    return statistics.median(times)


def main() -> None:
    bare = median_seconds([sys.executable, "-c", "pass"])
    answer = median_seconds(
        [sys.executable, "-m", "bot", "console", "--jsonl", "--db", "{db}"], HELLO
    )
    print(f"bare interpreter      {bare * 1000:6.0f} ms")
    print(f"first answer          {answer * 1000:6.0f} ms  ({answer / bare:.1f}x)")


if __name__ == "__main__":
    main()
