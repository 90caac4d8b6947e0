"""How well first messages are understood, on corpora written apart from the bot.

    .venv/bin/python bench/understanding.py [CORPUS.tsv ...] [--misses] [--choose]

Each line of a corpus is `intent<TAB>style<TAB>message`. A message is served right when
the bot reads the intent it was written for; a message about something the association
does not do ("other") is served right when it is routed to no service. Prints the share
served right overall, per style and per intent, the share asked "which of two?", the
share of "other" routed to a service, and of service messages routed to the wrong one.
`--misses` lists the misreadings (read them only after the figure is reported).
`--choose` picks the classifier's strength by cross-validation on the training corpora.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from conversations.understanding import scoring, training
from conversations.understanding.features import features
from conversations.understanding.trained import model

DEFAULT = [Path(f"tests/data/intents-heldout-{part}.tsv") for part in "ikpqr"]


def report(path: Path, misses: bool) -> None:
    figures = scoring.score(scoring.corpus(path))
    share = figures.share
    print(f"{path}: {figures.messages} messages")
    print(f"  served right: {share(figures.right, figures.messages):.1%}")
    print(f"  asked which of two was meant: {share(figures.asked, figures.messages):.1%}")
    print(f"  other routed to a service: {share(figures.other_routed, figures.others):.1%}")
    wrong = share(figures.wrong_service, figures.services)
    print(f"  service messages to the wrong service: {wrong:.1%}")
    styles = figures.style_shares().items()
    print("  per style:  " + ", ".join(f"{style} {value:.0%}" for style, value in styles))
    intents = figures.intent_shares().items()
    print("  per intent: " + ", ".join(f"{intent} {value:.0%}" for intent, value in intents))
    if misses:
        print("\n".join(figures.misses))


def cost() -> None:
    """What reading one message costs, once the model is loaded."""
    trained = model()
    messages = [text for _i, _s, text in scoring.corpus(DEFAULT[0])]
    started = time.perf_counter()
    for text in messages:
        trained.read(text)
    each = (time.perf_counter() - started) / len(messages) * 1000
    print(f"classifying one message: {each:.3f} ms ({len(trained.index)} features)")


def choose() -> None:
    """Five-fold cross-validation on the training corpora, for each strength C."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score
    from sklearn.pipeline import make_pipeline

    pairs = training.examples()
    texts, labels = [text for _i, text in pairs], [intent for intent, _t in pairs]
    for strength in (1.0, 3.0, 10.0, 30.0, 100.0):
        pipeline = make_pipeline(
            TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=2),
            LogisticRegression(C=strength, max_iter=2000),
        )
        scores = cross_val_score(pipeline, texts, labels, cv=5)
        print(f"C={strength:<6} cross-validated accuracy {scores.mean():.1%}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--choose" in args:
        choose()
        sys.exit()
    for path in [Path(arg) for arg in args if not arg.startswith("--")] or DEFAULT:
        report(path, "--misses" in args)
    cost()
