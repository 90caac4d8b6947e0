"""Training the classifier from the corpus the project ships (scikit-learn, once)."""

from __future__ import annotations

from pathlib import Path

from conversations.understanding.features import features
from conversations.understanding.model import Model

DATA = Path(__file__).resolve().parent.parent / "data"
CORPORA = tuple(sorted(DATA.glob("intents-*.tsv")))
"""The training corpora: `intents-train.tsv` to `-train-5` (5,474 messages in every
dialect and style, with "other"); `-train-6` and `-train-7` (what other bodies do, asked
of the association as if it did it, and requests that only name such a programme as the
family's income); `-train-8` (working hours asked every way, and whether the bot is a
person); `-train-9` (a person asked for inside a story of need, complaints that never say
«شكوى», suggestions that name a phone or a branch, long tracking stories, minds changed
inside a message); `-train-10` (pairs told apart: tracking and a new request, how to
apply and applying, a late delivery and a status question, an English course and English
replies, the website and the office); the thirteen held-out sets once spent (`-spent-a`
to `-h`, `-j` and `-l` to `-o`, 11,003); the menu's labels; and the two corpora the
earlier word lists were written from."""
STRENGTH = 30.0
"""Logistic regression's C, chosen by cross-validation on the training corpus only
(bench/understanding.py --choose)."""


def examples(paths: tuple[Path, ...] = CORPORA) -> list[tuple[str, str]]:
    """The (intent, message) pairs of corpora of `intent<TAB>[style<TAB>]message` lines."""
    pairs = []
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        rows = (line.split("\t") for line in lines if line and not line.startswith("#"))
        pairs += [(row[0], row[-1]) for row in rows]
    return pairs


def train(pairs: list[tuple[str, str]], strength: float = STRENGTH) -> Model:
    """A model fitted to `pairs`: TF-IDF over `features`, then a logistic regression."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=2)
    matrix = vectorizer.fit_transform([text for _intent, text in pairs])
    regression = LogisticRegression(C=strength, max_iter=2000)
    regression.fit(matrix, [intent for intent, _text in pairs])
    return Model(
        intents=tuple(str(intent) for intent in regression.classes_),
        index={str(term): int(column) for term, column in vectorizer.vocabulary_.items()},
        idf=vectorizer.idf_.astype(np.float32),
        weights=np.ascontiguousarray(regression.coef_.T, dtype=np.float32),
        bias=regression.intercept_.astype(np.float32),
    )
