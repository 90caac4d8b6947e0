"""The model the bot uses: trained once from the shipped corpus, then kept in a cache
file named by what it was trained from (a changed corpus or feature set trains anew)."""

from __future__ import annotations

import hashlib
import logging
import os
from functools import cache
from pathlib import Path

from conversations.understanding import features, training
from conversations.understanding.model import Model

log = logging.getLogger(__name__)


def cache_folder() -> Path:
    """Where trained models are kept: `BOT_CACHE_DIR`, else the user's cache folder."""
    explicit = os.environ.get("BOT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "beneficiary-bot"


def _fingerprint() -> str:
    """What the model depends on: the corpus, the features, the training settings."""
    digest = hashlib.sha256()
    for corpus in training.CORPORA:
        digest.update(corpus.read_bytes())
    for module in (features, training):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


@cache
def model() -> Model:
    """The trained model, from the cache or trained now (a few seconds, once)."""
    path = cache_folder() / f"intents-{_fingerprint()}.npz"
    try:
        return Model.load(path)
    except (OSError, ValueError, KeyError):
        pass
    log.info("training the intent classifier from %s (once)", training.DATA)
    trained = training.train(training.examples())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        trained.save(path)
    except OSError as problem:
        log.warning("the trained classifier could not be cached: %s", problem)
    return trained
