"""A trained classifier as weights: reading one message costs a few dozen microseconds
and needs numpy only (scikit-learn is needed to train it, see `training`)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from conversations.understanding.features import features

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


@dataclass(frozen=True)
class Model:
    """TF-IDF weights of each feature, and a linear score per intent."""

    intents: tuple[str, ...]
    index: dict[str, int]
    idf: NDArray[np.float32]
    weights: NDArray[np.float32]
    """One row per feature, one column per intent."""
    bias: NDArray[np.float32]

    def read(self, text: str) -> list[tuple[str, float]]:
        """Every intent with its probability for `text`, likeliest first (none when the
        message shares no feature with the corpus)."""
        import numpy as np

        counts = Counter(self.index[f] for f in features(text) if f in self.index)
        if not counts:
            return []
        rows = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = 1 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        values = tf * self.idf[rows]
        values /= np.linalg.norm(values)
        scores = values @ self.weights[rows] + self.bias
        chances = np.exp(scores - scores.max())
        chances /= chances.sum()
        ranked = np.argsort(-chances)
        return [(self.intents[i], float(chances[i])) for i in ranked]

    def save(self, path: Path) -> None:
        """Write the model to `path` (numpy's .npz), atomically."""
        import numpy as np

        terms = sorted(self.index, key=self.index.__getitem__)
        partial = path.with_suffix(".partial.npz")
        np.savez(
            partial,
            intents=np.array(json.dumps(self.intents)),
            terms=np.array(json.dumps(terms, ensure_ascii=False)),
            idf=self.idf,
            weights=self.weights,
            bias=self.bias,
        )
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> Model:
        """The model saved at `path`."""
        import numpy as np

        with np.load(path) as saved:
            terms: list[str] = json.loads(str(saved["terms"]))
            return cls(
                intents=tuple(json.loads(str(saved["intents"]))),
                index={term: row for row, term in enumerate(terms)},
                idf=saved["idf"],
                weights=saved["weights"],
                bias=saved["bias"],
            )
