"""How often form answers are recorded right, on a corpus written apart from the bot.

.venv/bin/python bench/answers.py [--misses]
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot import i18n
from bot import policy as policies
from conversations.understanding.answering import record

CORPUS = Path("tests/data/answers-heldout.tsv")

if __name__ == "__main__":
    figures = record(CORPUS, policies.load, i18n.load_all())
    print(f"{CORPUS}: {figures.seen} answers, recorded right {figures.right / figures.seen:.1%}")
    shares = {s: figures.by_style[s] / n for s, n in sorted(figures.styles.items())}
    print("  per style: " + ", ".join(f"{style} {share:.0%}" for style, share in shares.items()))
    if "--misses" in sys.argv:
        print("\n".join(figures.misses))
