"""Pretraining the NER model's tok2vec on raw text of the corpora (``spacy pretrain``, characters objective).

The labelled German data is small, and most names in held-out text were never seen in training.
Before the NER is trained, the tok2vec layer learns to predict the first and last characters of
every word from its context on the raw text of the training parts of :data:`PRETRAIN_CORPORA`
(about 2.2 million German words), so that the hash embeddings of words that only occur in raw text
are trained too. :func:`pretrain_tok2vec` writes the weights that
:func:`ingest.ner_training.train_ner` loads through ``[initialize] init_tok2vec``.

Only the training parts of the standard split (seed, no fold) are read, never a held-out or dev
part, and never GermEval: GermEval is the yardstick of the cross-validation
(``benchmarks/ner_folds.py``), so keeping its text out lets one pretraining serve every fold.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.errors import ner_bad_setting
from ingest.ner_data import available, load_units, part_caps, split_indices
from ingest.ner_mix import CORPORA

__all__ = ["PRETRAIN_CORPORA", "Pretraining", "PretrainingText", "pretrain", "pretrain_tok2vec", "pretraining_text"]

PRETRAIN_CORPORA: Mapping[str, tuple[str, ...]] = {
    "de": ("ler", "smartdata", "sample-de"),
    "en": ("btc", "wnut17", "wikigold", "sample-en"),
}
"""Corpora whose training parts (standard split) are the raw text of pretraining, per language."""


@dataclass(frozen=True)
class PretrainingText:
    """Sentences of raw text (words joined by spaces) and the corpora they came from."""

    sentences: tuple[str, ...]
    corpora: tuple[str, ...]

    @property
    def words(self) -> int:
        """Number of whitespace-separated words."""
        return sum(len(s.split()) for s in self.sentences)


def pretraining_text(
    lang: str,
    data_dir: Path,
    tokenize: Callable[[str], Any],
    *,
    seed: int,
    sample_dir: Path | None = None,
    max_sentences: int | None = None,
) -> PretrainingText:
    """The sentences of the training parts of :data:`PRETRAIN_CORPORA` of ``lang`` found in ``data_dir``.

    ``max_sentences`` caps the sentences of every corpus (quick runs).
    """
    sentences: list[str] = []
    used: list[str] = []
    for name in PRETRAIN_CORPORA.get(lang, ()):
        spec = CORPORA[name]
        if not available(spec, data_dir, sample_dir):
            continue
        units = load_units(spec, data_dir, tokenize, sample_dir=sample_dir)
        max_heldout, max_dev = part_caps(max_sentences)  # the split train_ner makes of the same run
        train, _dev, _held = split_indices(
            [len(u) for u in units], seed=seed, key=spec.split_key or name,
            heldout_fraction=spec.heldout_fraction, dev_fraction=spec.dev_fraction,
            max_heldout=max_heldout, max_dev=max_dev,
        )
        part = [" ".join(s.words) for i in train for s in units[i]]
        sentences.extend(part[:max_sentences] if max_sentences is not None else part)
        used.append(name)
    if not sentences:
        raise ner_bad_setting("--pretrain-epochs", f"no raw text for pretraining: none of {', '.join(PRETRAIN_CORPORA.get(lang, ()))} found")
    return PretrainingText(tuple(sentences), tuple(used))


def pretrain_tok2vec(
    config_path: Path,
    text: Sequence[str],
    work_dir: Path,
    *,
    lang: str,
    epochs: int,
    seed: int,
    config_overrides: Mapping[str, Any] | None = None,
) -> Path:
    """Pretrain the tok2vec of ``config_path`` on ``text`` for ``epochs`` epochs; return the weights file.

    The config's ``[pretraining]`` section sets the objective; ``work_dir`` receives the raw text as
    JSONL and spaCy's ``model{N}.bin`` files.
    """
    from spacy.training.pretrain import pretrain
    from spacy.util import load_config

    if epochs < 1:
        raise ner_bad_setting("--pretrain-epochs", "use at least 1 epoch")
    work_dir.mkdir(parents=True, exist_ok=True)
    raw = work_dir / "raw.jsonl"
    with raw.open("w", encoding="utf-8") as fh:
        for sentence in text:
            fh.write(json.dumps({"text": sentence}, ensure_ascii=False) + "\n")
    overrides = {
        **dict(config_overrides or {}), "paths.raw_text": str(raw), "pretraining.max_epochs": epochs,
        "system.seed": seed, "nlp.lang": lang, "paths.init_tok2vec": None,
    }
    config = load_config(config_path, overrides=overrides, interpolate=False).interpolate()
    pretrain(config, work_dir, silent=True, skip_last=True)
    return work_dir / f"model{epochs - 1}.bin"


@dataclass(frozen=True)
class Pretraining:
    """The weights a pretraining run wrote, what it read and how long it took."""

    weights: Path
    text: PretrainingText
    epochs: int
    seconds: float

    def settings(self) -> dict[str, Any]:
        """The pretraining's entries of a model card's settings."""
        return {
            "pretrain_epochs": self.epochs, "pretrain_corpora": ",".join(self.text.corpora),
            "pretrain_sentences": len(self.text.sentences), "pretrain_words": self.text.words,
            "pretrain_seconds": round(self.seconds),
        }


def pretrain(
    lang: str,
    data_dir: Path,
    config_path: Path,
    work_dir: Path,
    *,
    epochs: int,
    seed: int,
    sample_dir: Path | None = None,
    max_sentences: int | None = None,
    config_overrides: Mapping[str, Any] | None = None,
    say: Callable[[str], None] = lambda _msg: None,
) -> Pretraining:
    """Pretrain the tok2vec of ``config_path`` on the :func:`pretraining_text` of ``lang``, in ``work_dir``."""
    import spacy

    text = pretraining_text(lang, data_dir, spacy.blank(lang).tokenizer, seed=seed, sample_dir=sample_dir, max_sentences=max_sentences)
    say(f"pretraining tok2vec: {epochs} epochs on {len(text.sentences)} sentences, {text.words} words ({', '.join(text.corpora)})")
    started = time.monotonic()
    weights = pretrain_tok2vec(
        config_path, text.sentences, work_dir, lang=lang, epochs=epochs, seed=seed, config_overrides=config_overrides,
    )
    return Pretraining(weights, text, epochs, time.monotonic() - started)
