"""How often form answers are recorded right, on a corpus written apart from the bot.

.venv/bin/python bench/answers.py [--misses]
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot import i18n
from bot import policy as policies
from conversations.understanding.answering import record

CORPORA = [Path("tests/data/answers-heldout.tsv")] + [
    Path(f"tests/data/answers-heldout-{part}.tsv") for part in range(2, 17)
]

if __name__ == "__main__":
    translations = i18n.load_all()
    for corpus in [Path(arg) for arg in sys.argv[1:] if not arg.startswith("--")] or CORPORA:
        figures = record(corpus, policies.load, translations)
        share = figures.right / figures.seen
        print(f"{corpus}: {figures.seen} answers, recorded right {share:.1%}")
        shares = {s: figures.by_style[s] / n for s, n in sorted(figures.styles.items())}
        print("  per style: " + ", ".join(f"{s} {value:.0%}" for s, value in shares.items()))
        if "--misses" in sys.argv:
            print("\n".join(figures.misses))
