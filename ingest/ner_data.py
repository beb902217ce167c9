"""Reading the NER corpora into train / dev / held-out parts for :func:`ingest.ner_training.train_ner`.

Every corpus is split deterministically (the split depends on the seed and the corpus, never on the
training mix), by sentence or, for SmartData and the in-domain sample, by document, so that no
document has sentences on both sides. :func:`collect_data` reads every corpus of a language and
assembles the training mix.
"""

from __future__ import annotations

import gzip
import json
import random
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.errors import ner_bad_setting, ner_corpus_malformed, ner_corpus_missing
from ingest.ner_corpora import TaggedSentence, map_tags, parse_columns, parse_germeval, parse_uner, parse_wikigold
from ingest.ner_mix import (
    CORPORA,
    DEV_FRACTION,
    HELDOUT_FRACTION,
    MAX_DEV_SENTENCES,
    MAX_HELDOUT_SENTENCES,
    CorpusSpec,
)
from ingest.ner_spans import (
    gold_actor_names,
    name_sentences,
    parse_registry_names,
    parse_smartdata,
    smartdata_sentences,
)

__all__ = ["TrainingData", "Unit", "available", "collect_data", "load_units", "part_caps", "split_indices"]

Unit = tuple[TaggedSentence, ...]
"""A unit of splitting: one sentence, or all sentences of one document (SmartData)."""


@dataclass
class TrainingData:
    """The training mix, the pooled dev part and the held-out part of every scored corpus."""

    train: list[TaggedSentence] = field(default_factory=list)
    dev: list[TaggedSentence] = field(default_factory=list)
    heldout: dict[str, list[TaggedSentence]] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)  # one per corpus, for the model card
    specs: list[CorpusSpec] = field(default_factory=list)  # the corpora trained or evaluated on


def split_indices(
    sizes: Sequence[int],
    *,
    seed: int,
    key: str,
    heldout_fraction: float = HELDOUT_FRACTION,
    dev_fraction: float = DEV_FRACTION,
    max_heldout: int = MAX_HELDOUT_SENTENCES,
    max_dev: int = MAX_DEV_SENTENCES,
    fold: tuple[int, int] | None = None,
) -> tuple[list[int], list[int], list[int]]:
    """Split units of ``sizes`` sentences into ``(train, dev, heldout)`` index lists.

    The units are shuffled with a seed derived from ``seed`` and ``key``; the held-out part gets
    ``heldout_fraction`` of the sentences (at most ``max_heldout``), then the dev part
    ``dev_fraction`` (at most ``max_dev``); the rest is training data. The split of a corpus
    depends only on the seed and its key, never on the training mix.

    ``fold=(k, n)`` is for cross-validation: the held-out part grows to at least ``1/n`` of the
    sentences and starts ``k/n`` of the way through the shuffled units, so the held-out parts of
    folds ``0 .. n-1`` do not overlap (unless ``max_heldout`` or ``heldout_fraction`` are above ``1/n``).

    Examples
    --------
    >>> split_indices([1] * 10, seed=0, key="x", heldout_fraction=0.2, dev_fraction=0.1)
    ([3, 7, 5, 0, 2, 8, 1], [4], [9, 6])
    >>> [split_indices([1] * 10, seed=0, key="x", dev_fraction=0.1, fold=(k, 5))[2] for k in range(5)]
    [[9, 6], [4, 3], [7, 5], [0, 2], [8, 1]]
    """
    order = list(range(len(sizes)))
    random.Random(seed * 1_000_003 + zlib.crc32(key.encode("utf-8"))).shuffle(order)
    if fold is not None:
        k, n = fold
        if not 0 <= k < n:
            raise ner_bad_setting("--fold", f"fold {k} of {n}: use 0 <= K < N")
        start = round(len(order) * k / n)
        order = order[start:] + order[:start]
        heldout_fraction = max(heldout_fraction, 1 / n)
    total = sum(sizes)
    want_held = min(max_heldout, round(total * heldout_fraction))
    want_dev = min(max_dev, round(total * dev_fraction))
    held: list[int] = []
    dev: list[int] = []
    train: list[int] = []
    n_held = n_dev = 0
    for i in order:
        if n_held < want_held:
            held.append(i)
            n_held += sizes[i]
        elif n_dev < want_dev:
            dev.append(i)
            n_dev += sizes[i]
        else:
            train.append(i)
    return train, dev, held


def _read_text(path: Path, corpus: str) -> str:
    if not path.is_file():
        raise ner_corpus_missing(path, corpus)
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                return fh.read()
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise ner_corpus_malformed(path, str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc


def _sample_documents(sample_dir: Path, lang: str) -> list[tuple[Path, str, tuple[str, ...]]]:
    """``(text file, text, gold names)`` of the plain-text sample documents in ``lang``, sorted."""
    docs = []
    for gold in sorted(sample_dir.glob("*.gold.json")):
        stem = gold.name[: -len(".gold.json")]
        texts = [p for p in (sample_dir / f"{stem}.txt", sample_dir / f"{stem}.md") if p.is_file()]
        if not texts:
            continue  # html/pdf/docx need the ingest readers; plain text is enough here
        try:
            raw = gold.read_text(encoding="utf-8")
            meta = json.loads(raw)
            names = gold_actor_names(raw)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ner_corpus_malformed(gold, f"{type(exc).__name__}: {exc}") from exc
        if meta.get("language") != lang:
            continue
        docs.append((texts[0], _read_text(texts[0], "sample"), names))
    return docs


def _registry_names(registry_dir: Path) -> tuple[str, ...]:
    names: list[str] = []
    for csv_name in ("actors.csv", "clusters.csv"):
        path = registry_dir / csv_name
        try:
            names.extend(parse_registry_names(_read_text(path, "registry")))
        except (ValueError, KeyError) as exc:
            raise ner_corpus_malformed(path, f"{type(exc).__name__}: {exc}") from exc
    return tuple(dict.fromkeys(names))


def load_units(
    spec: CorpusSpec,
    data_dir: Path,
    tokenize: Callable[[str], Any],
    *,
    sample_dir: Path | None = None,
    registry_dir: Path | None = None,
) -> list[Unit]:
    """Read one corpus into splitting units with tags mapped to :data:`TARGET_LABELS`.

    The in-domain corpora (``root == "sample"``) read ``sample_dir`` (and ``registry_dir``).
    """
    if spec.root == "sample":
        if sample_dir is None or not sample_dir.is_dir():
            raise ner_corpus_missing(sample_dir or "data/sample", spec.name)
        names = _registry_names(registry_dir or sample_dir.parent / "registry") if spec.reader == "registry" else ()
        units_s: list[Unit] = []
        for _path, text, gold_names in _sample_documents(sample_dir, spec.lang):
            sents = name_sentences(text, gold_names if spec.reader == "gold" else names, tokenize)
            units_s.append(tuple(sents))  # one unit per document, in _sample_documents order
        return units_s
    units: list[Unit] = []
    for rel in spec.files:
        path = data_dir / rel
        text = _read_text(path, spec.name)
        try:
            if spec.reader == "smartdata":
                for doc in parse_smartdata(text):
                    sents = tuple(smartdata_sentences(doc, tokenize, spec.label_map))
                    if sents:
                        units.append(sents)
                continue
            if spec.reader == "germeval":
                sents = parse_germeval(text)
            elif spec.reader == "uner":
                sents = parse_uner(text)
            elif spec.reader == "wikigold":
                sents = parse_wikigold(text)
            elif spec.reader == "columns-tab":
                sents = parse_columns(text, separator="\t")
            elif spec.reader == "columns-space":
                sents = parse_columns(text, separator=" ")
            else:  # pragma: no cover - CORPORA is fixed
                raise ner_bad_setting("reader", f"unknown reader {spec.reader!r}")
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise ner_corpus_malformed(path, f"{type(exc).__name__}: {exc}") from exc
        if not sents:
            raise ner_corpus_malformed(path, "no sentences")
        units.extend((TaggedSentence(s.words, map_tags(s.tags, spec.label_map)),) for s in sents)
    return units


def _flatten(units: Iterable[Unit]) -> list[TaggedSentence]:
    return [s for u in units for s in u]


def _entity_counts(sentences: Iterable[TaggedSentence]) -> dict[str, int]:
    c: Counter[str] = Counter()
    for s in sentences:
        c.update(label for _, _, label in s.entities())
    return dict(sorted(c.items()))


def part_caps(max_sentences: int | None) -> tuple[int, int]:
    """The most sentences of a held-out and of a dev part: a quarter of ``max_sentences`` in a quick run.

    Examples
    --------
    >>> part_caps(None), part_caps(200)
    ((1000, 300), (50, 50))
    """
    if max_sentences is None:
        return MAX_HELDOUT_SENTENCES, MAX_DEV_SENTENCES
    return max(2, max_sentences // 4), max(2, max_sentences // 4)


def available(spec: CorpusSpec, data_dir: Path, sample_dir: Path | None) -> bool:
    """Whether the files of ``spec`` are there (the sample folder for the in-domain corpora)."""
    if spec.root == "sample":
        return sample_dir is not None and sample_dir.is_dir()
    return all((data_dir / rel).is_file() for rel in spec.files)


def collect_data(
    lang: str,
    data_dir: Path,
    mix: Sequence[tuple[str, int | None, int]],
    tokenize: Callable[[str], Any],
    *,
    seed: int,
    max_sentences: int | None = None,
    sample_dir: Path | None = None,
    registry_dir: Path | None = None,
    fold: tuple[int, int] | None = None,
    say: Callable[[str], None] = lambda _msg: None,
) -> TrainingData:
    """Split every corpus of ``lang`` and assemble the training mix (items of :func:`~ingest.ner_mix.parse_mix`).

    Corpora outside the mix are read for their held-out part only and may be absent; a quick run
    (``max_sentences``) skips the evaluation-only corpora and caps every part; ``fold=(k, n)`` holds
    out fold ``k`` of ``n`` of every trainable corpus (see :func:`split_indices`).
    """
    caps_held, caps_dev = part_caps(max_sentences)
    mixed = {name: cap for name, cap, _ in mix}
    repeats = {name: rep for name, _, rep in mix}
    out = TrainingData()
    for name, spec in CORPORA.items():
        if spec.lang != lang and name not in mixed:  # a corpus of another language only as training data
            continue
        in_mix = name in mixed
        if not in_mix and not spec.trainable and max_sentences is not None:
            continue
        if not in_mix and (not spec.evaluate or not available(spec, data_dir, sample_dir)):
            if spec.evaluate:
                say(f"{name}: not found, skipped")
            continue
        units = load_units(spec, data_dir, tokenize, sample_dir=sample_dir, registry_dir=registry_dir)
        documents: list[str] = []
        if spec.trainable:
            tr_i, dv_i, ho_i = split_indices(
                [len(u) for u in units], seed=seed, key=spec.split_key or name,
                heldout_fraction=spec.heldout_fraction, dev_fraction=spec.dev_fraction,
                max_heldout=caps_held, max_dev=caps_dev, fold=fold,
            )
            tr, dv, ho = ([units[i] for i in part] for part in (tr_i, dv_i, ho_i))
            if spec.root == "sample" and in_mix and sample_dir is not None:
                paths = [p.name for p, _t, _n in _sample_documents(sample_dir, lang)]
                documents = sorted(paths[i] for i in tr_i)
        else:
            tr, dv, ho = [], [], units
        tr_s = _flatten(tr)
        limit = min(x for x in (mixed.get(name), max_sentences, len(tr_s)) if x is not None)
        tr_s = tr_s[:limit] if in_mix else []
        dv_s, ho_s = _flatten(dv), _flatten(ho)
        if max_sentences is not None:
            ho_s = ho_s[:caps_held]
        out.train.extend(tr_s * repeats.get(name, 1))
        if in_mix:  # checkpoints are chosen on the dev parts of the corpora trained on
            out.dev.extend(dv_s)
        if spec.evaluate and spec.lang == lang:
            out.heldout[name] = ho_s
        if in_mix or not spec.trainable:
            out.specs.append(spec)
        out.rows.append(
            {
                "name": name,
                "role": "train" if in_mix else ("evaluation only" if not spec.trainable else "held-out only"),
                "train_sentences": len(tr_s),
                "train_tokens": sum(len(s.words) for s in tr_s),
                "train_entities": _entity_counts(tr_s),
                "dev_sentences": len(dv_s) if in_mix else 0,
                "heldout_sentences": len(ho_s) if spec.evaluate else 0,
                **({"documents": documents} if documents else {}),
            }
        )
        say(f"{name}: train {len(tr_s)}, dev {len(dv_s)}, held-out {len(ho_s)} sentences")
    if not out.train:
        raise ner_bad_setting("--corpus", "the training mix has no sentences")
    return out
