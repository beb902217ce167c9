"""Cross-validate NER training setups on the same folds, to compare them with less noise than one split.

One held-out part of GermEval has about 160 gold organisations, so one standard error of its ORG F1
is about 0.04: two setups cannot be told apart on it. This script trains each setup once per fold
(``train_ner(fold=(k, n))``: every trainable corpus holds out its fold ``k`` of ``n``, so the
GermEval folds together cover the whole corpus), writes each model card to ``OUT/SETUP-foldK.json``
and prints, per setup, the ORG scores of every evaluation set pooled over its runs (counts summed,
then P / R / F1), their mean and spread over runs, and the paired per-run differences to the
baselines ``probe``, ``previous`` and ``shipped``. Setups:

- ``probe``: GermEval alone with spaCy's default efficiency settings (encoder width 96, hash rows
  5000/1000/2500/2500, dropout 0.1), 3,700 steps (what five minutes of training gives on this machine);
- ``shipped``: the shipped mix (GermEval twice, SmartData, 6,000 LER sentences, the in-domain sample,
  English wikigold) and ``ingest/ner/config-de.cfg`` (encoder width 128, 16,000 hash rows), 5,000 steps;
- ``previous``: ``shipped`` with the encoder of the previous model (:data:`NARROW`: width 96, 20,000
  hash rows). Every setup below also has that encoder;
- ``german``: the German corpora of the mix alone (without wikigold);
- ``char``: ``german`` with character embeddings (:data:`CHARACTER_EMBED`: NORM plus the first and
  last 4 bytes of each word) and dropout 0.3;
- ``pretrained``: ``german`` with the tok2vec pretrained for 4 epochs on raw text
  (:mod:`ingest.ner_pretrain`; never GermEval, so one pretraining, cached in ``OUT``, serves every fold);
- ``wiki3``: ``german`` plus wikigold three times;
- ``english``: ``previous`` plus the other English training corpora (BTC, WNUT-17);
- ``longer``: ``previous`` with 8,000 steps;
- ``mentions``: ``previous`` plus one copy of every training sentence that names something, its names
  replaced by other names of the same label (:mod:`ingest.ner_augment`);
- ``misc``: ``previous`` with a fourth label, ``MISC``, for the other names of GermEval (``OTH``: events,
  works, products) and wikigold, instead of ``O``;
- ``deep``: ``previous`` with 6 encoder layers instead of 4;
- ``beam``: ``previous`` with spaCy's beam-search NER (``beam_ner``, beam width 4) instead of the greedy one;
- ``wider``: ``shipped`` with encoder width 160 and 12,000 hash rows (about 14 MB);
- ``decay``: ``shipped`` with a learning rate that rises to 0.002 over 250 steps, then falls linearly
  to 0 at step 5,000 (:data:`LINEAR_DECAY`), instead of a constant 0.001;
- ``dropout3``: ``shipped`` with dropout 0.3 instead of 0.2;
- ``longer128``: ``shipped`` with 8,000 steps (``longer`` with the shipped encoder).

A run that is already in ``OUT`` is not trained again, so folds can be spread over processes
(``--fold``) and the table printed at the end (``--report``). Step budgets, not seconds, bound
every run, so the figures do not depend on the machine's load.

Usage::

    .venv/bin/python benchmarks/ner_folds.py --out /tmp/ner-folds --setup probe --setup shipped
    .venv/bin/python benchmarks/ner_folds.py --out /tmp/ner-folds --setup shipped --fold 3   # one run
    .venv/bin/python benchmarks/ner_folds.py --out /tmp/ner-folds --setup probe --repeat 1   # other folds
    .venv/bin/python benchmarks/ner_folds.py --out /tmp/ner-folds --report
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from ingest.ner_mix import DEFAULT_MIX  # noqa: E402
from ingest.ner_scoring import prf  # noqa: E402


@dataclass(frozen=True)
class Setup:
    """One way of training: the mix, the step budget, the config and its overrides."""

    corpora: tuple[str, ...]
    max_steps: int
    embed: Mapping[str, Any] | None = None  # replaces the embedding block of ingest/ner/config-de.cfg
    overrides: Mapping[str, Any] = field(default_factory=dict)
    pretrain_epochs: int = 0  # one pretraining serves every fold: its text is fold-independent
    mention_copies: int = 0
    extra_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # corpus -> labels mapped besides its own


CHARACTER_EMBED = {
    "@architectures": "spacy.CharacterEmbed.v2", "width": 96, "rows": 20000, "nM": 64, "nC": 8,
    "include_static_vectors": False, "feature": "NORM",
}
"""NORM plus the first and last 4 bytes of each word, instead of the NORM/PREFIX/SUFFIX/SHAPE hash embeddings."""

GERMAN_MIX = ("germeval*2", "smartdata", "ler:6000", "sample-de")
"""The mix of the German model before English wikigold joined it."""

NARROW: Mapping[str, Any] = {
    "components.tok2vec.model.encode.width": 96, "components.tok2vec.model.embed.rows": [10000, 2500, 5000, 2500],
}
"""The encoder width and hash rows of the German model before its encoder was widened to 128 (with 16,000 rows)."""

BEAM = {
    "components.ner.factory": "beam_ner", "components.ner.beam_width": 4,
    "components.ner.beam_density": 0.01, "components.ner.beam_update_prob": 0.5,
}

LINEAR_DECAY: Mapping[str, Any] = {"@schedules": "warmup_linear.v1", "warmup_steps": 250, "total_steps": 5000, "initial_rate": 0.002}
"""Learning rate rising to 0.002 over 250 steps, then falling linearly to 0 at step 5,000 (instead of a constant 0.001)."""

SETUPS: Mapping[str, Setup] = {
    "probe": Setup(
        ("germeval",), 3700,
        overrides={"training.dropout": 0.1, "components.tok2vec.model.encode.width": 96,
                   "components.tok2vec.model.embed.rows": [5000, 1000, 2500, 2500]},
    ),
    "german": Setup(GERMAN_MIX, 5000, overrides=NARROW),
    "previous": Setup(DEFAULT_MIX["de"], 5000, overrides=NARROW),
    "shipped": Setup(DEFAULT_MIX["de"], 5000),
    "char": Setup(GERMAN_MIX, 5000, CHARACTER_EMBED, {**NARROW, "training.dropout": 0.3}),
    "pretrained": Setup(GERMAN_MIX, 5000, overrides=NARROW, pretrain_epochs=4),
    "wiki3": Setup((*GERMAN_MIX, "wikigold*3"), 5000, overrides=NARROW),
    "english": Setup((*DEFAULT_MIX["de"], "btc", "wnut17"), 5000, overrides=NARROW),
    "longer": Setup(DEFAULT_MIX["de"], 8000, overrides=NARROW),
    "mentions": Setup(DEFAULT_MIX["de"], 5000, overrides=NARROW, mention_copies=1),
    "misc": Setup(DEFAULT_MIX["de"], 5000, overrides=NARROW,
                  extra_labels={"germeval": {"OTH": "MISC"}, "wikigold": {"MISC": "MISC"}}),
    "deep": Setup(DEFAULT_MIX["de"], 5000, overrides={**NARROW, "components.tok2vec.model.encode.depth": 6}),
    "beam": Setup(DEFAULT_MIX["de"], 5000, overrides={**NARROW, **BEAM}),
    "wider": Setup(DEFAULT_MIX["de"], 5000, overrides={
        "components.tok2vec.model.encode.width": 160, "components.tok2vec.model.embed.rows": [6000, 1500, 3000, 1500],
    }),
    "decay": Setup(DEFAULT_MIX["de"], LINEAR_DECAY["total_steps"], overrides={"training.optimizer.learn_rate": LINEAR_DECAY}),
    "dropout3": Setup(DEFAULT_MIX["de"], 5000, overrides={"training.dropout": 0.3}),
    "longer128": Setup(DEFAULT_MIX["de"], 8000),
}


def config_path(name: str, setup: Setup, out: Path) -> Path:
    """The spaCy config of ``setup``: the shipped one, or (with its own embedding) a copy written to ``out``."""
    from spacy.util import load_config

    shipped = REPOSITORY / "ingest" / "ner" / "config-de.cfg"
    if setup.embed is None:
        return shipped
    config = load_config(shipped, interpolate=False)
    config["components"]["tok2vec"]["model"]["embed"] = dict(setup.embed)
    path = out / f"config-de-{name}.cfg"
    config.to_disk(path)
    return path


def pretrained_weights(name: str, setup: Setup, data_dir: Path, out: Path) -> Path:
    """The tok2vec weights of ``setup``'s pretraining, made once and kept in ``out``."""
    from ingest.ner_pretrain import pretrain

    config = config_path(name, setup, out)
    weights = out / f"tok2vec-{name}-{setup.pretrain_epochs}.bin"
    if not weights.is_file():
        with tempfile.TemporaryDirectory(prefix="ccg-ner-pretrain-") as work:
            run = pretrain(
                "de", data_dir, config, Path(work), epochs=setup.pretrain_epochs, seed=0,
                sample_dir=REPOSITORY / "data" / "sample", config_overrides=setup.overrides,
                say=lambda msg: print(msg, flush=True),
            )
            weights.write_bytes(run.weights.read_bytes())
    return weights


@contextmanager
def extra_labels(extra: Mapping[str, Mapping[str, str]]) -> Iterator[None]:
    """Within the block, the corpora named in ``extra`` also map the labels given there (e.g. ``OTH`` to ``MISC``)."""
    from ingest.ner_mix import CORPORA

    registry = cast(dict[str, Any], CORPORA)
    shipped = {corpus: registry[corpus] for corpus in extra}
    try:
        for corpus, labels in extra.items():
            registry[corpus] = replace(shipped[corpus], label_map={**shipped[corpus].label_map, **labels})
        yield
    finally:
        registry.update(shipped)


def card_name(name: str, fold: int, repeat: int = 0) -> str:
    """File name of the card of one run: ``SETUP-foldK.json``, or ``SETUP-rR-foldK.json`` in repetition R > 0.

    Examples
    --------
    >>> card_name("probe", 3), card_name("probe", 3, repeat=1)
    ('probe-fold3.json', 'probe-r1-fold3.json')
    """
    return f"{name}-fold{fold}.json" if repeat == 0 else f"{name}-r{repeat}-fold{fold}.json"


def run_fold(name: str, setup: Setup, fold: int, folds: int, data_dir: Path, out: Path, repeat: int = 0) -> Path:
    """Train ``setup`` on fold ``fold`` of ``folds`` unless its card is in ``out``; return the card's path.

    Repetition ``repeat`` seeds the splits and the training with ``repeat``: another partition into folds.
    """
    from ingest.ner_training import train_ner

    card_path = out / card_name(name, fold, repeat)
    if card_path.is_file():
        return card_path
    overrides = dict(setup.overrides)
    if setup.pretrain_epochs:
        overrides["paths.init_tok2vec"] = str(pretrained_weights(name, setup, data_dir, out))
    with tempfile.TemporaryDirectory(prefix="ccg-ner-fold-") as model_dir, extra_labels(setup.extra_labels):
        card = train_ner(
            "de", data_dir, model_dir, max_steps=setup.max_steps, max_seconds=1e9, corpora=setup.corpora,
            config_path=config_path(name, setup, out), config_overrides=overrides,
            sample_dir=REPOSITORY / "data" / "sample", fold=(fold, folds), mention_copies=setup.mention_copies,
            seed=repeat, progress=lambda msg: print(f"[{name} r{repeat} {fold}/{folds}] {msg}", flush=True),
        )
        card_path.write_text((Path(model_dir) / "model-card.json").read_text(encoding="utf-8"), encoding="utf-8")
    print(f"[{name} r{repeat} {fold}/{folds}] {card.steps} steps, {card.seconds:.0f} s", flush=True)
    return card_path


def org_counts(card: Mapping[str, Any]) -> dict[str, tuple[int, int, int]]:
    """``(true positives, predicted, gold)`` of ORG per evaluation set of a model card's JSON."""
    out = {}
    for eval_set, labels in card["scores"].items():
        org = labels.get("ORG")
        if org:
            tp = round(org["recall"] * org["support"])
            out[eval_set] = (tp, org["predicted"], org["support"])
    return out


def mean_sd(values: Sequence[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (0 for one value).

    Examples
    --------
    >>> mean_sd([0.4, 0.5, 0.6])
    (0.5, 0.1)
    """
    m = sum(values) / len(values)
    sd = math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1)) if len(values) > 1 else 0.0
    return round(m, 10), round(sd, 10)


BASELINES = ("probe", "previous", "shipped")
"""Every other setup is compared with these, fold by fold."""


Fold = tuple[int, int]
"""``(repetition, fold)``: one run of a setup."""

_CARD = re.compile(r"(?P<name>.+?)(?:-r(?P<repeat>\d+))?-fold(?P<fold>\d+)")


def read_cards(out: Path) -> dict[str, dict[Fold, dict[str, tuple[int, int, int]]]]:
    """ORG counts per setup, run and evaluation set, from the cards (:func:`card_name`) in ``out``."""
    cards: dict[str, dict[Fold, dict[str, tuple[int, int, int]]]] = {}
    for path in sorted(out.glob("*-fold*.json")):
        match = _CARD.fullmatch(path.stem)
        if match:
            run = (int(match["repeat"] or 0), int(match["fold"]))
            cards.setdefault(match["name"], {})[run] = org_counts(json.loads(path.read_text(encoding="utf-8")))
    return cards


def paired_differences(setup: Mapping[Fold, Mapping], baseline: Mapping[Fold, Mapping], eval_set: str) -> list[float]:
    """F1 of ``setup`` minus F1 of ``baseline`` on ``eval_set``, for every run both have.

    Examples
    --------
    >>> a = {(0, 0): {"g": (5, 10, 10)}, (0, 1): {"g": (6, 10, 10)}}
    >>> b = {(0, 0): {"g": (4, 10, 10)}}
    >>> [round(d, 2) for d in paired_differences(a, b, "g")]
    [0.1]
    """
    return [prf(*setup[k][eval_set])[2] - prf(*baseline[k][eval_set])[2]
            for k in sorted(setup) if k in baseline and eval_set in setup[k] and eval_set in baseline[k]]


def paired_t(differences: Sequence[float], test_fraction: float = 0.0) -> float:
    """Paired t of ``differences``, with Nadeau and Bengio's correction for overlapping training sets.

    Runs of cross-validation share most of their training data, so their differences are not
    independent; the variance of the mean is ``(1 / J + test / train) * s^2`` instead of ``s^2 / J``
    (Nadeau and Bengio, "Inference for the generalization error", Machine Learning 52, 2003).
    ``test_fraction`` 0 gives the plain paired t.

    Examples
    --------
    >>> d = [0.05, 0.03, 0.04, 0.06, 0.02]
    >>> round(paired_t(d), 2), round(paired_t(d, 0.2), 2)
    (5.66, 3.77)
    >>> paired_t([0.01], 0.2)
    0.0
    """
    m, sd = mean_sd(differences)
    if len(differences) < 2 or sd == 0:
        return 0.0
    return m / math.sqrt((1 / len(differences) + test_fraction / (1 - test_fraction)) * sd**2)


def summarise(cards: Mapping[str, Mapping[Fold, Mapping[str, tuple[int, int, int]]]]) -> dict[str, dict[str, Any]]:
    """Per setup and evaluation set: pooled P/R/F1, gold count, F1 per fold, mean, sd, paired differences."""
    results: dict[str, dict[str, Any]] = {}
    for name in [n for n in SETUPS if n in cards] + sorted(n for n in cards if n not in SETUPS):
        by_fold = cards[name]
        for eval_set in sorted({s for counts in by_fold.values() for s in counts}):
            counts = [c[eval_set] for c in by_fold.values() if eval_set in c]
            tp, pred, gold = (sum(c[i] for c in counts) for i in range(3))
            f1s = [prf(*c)[2] for c in counts]
            m, sd = mean_sd(f1s)
            row: dict[str, Any] = {"pooled": prf(tp, pred, gold), "gold": gold, "fold_f1": f1s, "mean": m, "sd": sd}
            for base in BASELINES:
                if base != name and base in cards:
                    row[f"minus_{base}"] = paired_differences(by_fold, cards[base], eval_set)
            results.setdefault(name, {})[eval_set] = row
    return results


def difference_cell(differences: Sequence[float] | None) -> str:
    """Mean paired difference and on how many runs it is positive, as the tables show it (empty without runs).

    Examples
    --------
    >>> difference_cell([0.05, -0.01, 0.02]), difference_cell(None)
    ('+0.020 (2/3)', '')
    """
    if not differences:
        return ""
    return f"{sum(differences) / len(differences):+.3f} ({sum(d > 0 for d in differences)}/{len(differences)})"


def report(out: Path, folds: int) -> dict[str, dict[str, Any]]:
    """Print the table of every setup found in ``out`` (last line: the figures as JSON) and return the figures."""
    results = summarise(read_cards(out))
    print(f"ORG, {folds}-fold cross-validation; a run is one fold of one repetition (pooled = counts summed over "
          "the runs; minus X = mean paired F1 difference to X, and on how many runs it is positive)")
    diff_heads = "".join(f"{'minus ' + b:>18}" for b in BASELINES)
    print(f"{'setup':<11}{'set':<12}{'runs':>6}{'gold':>6}{'pooled P':>10}{'R':>7}{'F1':>7}{'mean F1':>9}{'sd':>7}{diff_heads}")
    for name, sets in results.items():
        for eval_set, row in sets.items():
            p, r, f = row["pooled"]
            cells = ""
            for base in BASELINES:
                diffs = row.get(f"minus_{base}")
                cells += f"{difference_cell(diffs):>18}"
            print(f"{name:<11}{eval_set:<12}{len(row['fold_f1']):>6}{row['gold']:>6}{p:>10.3f}{r:>7.3f}{f:>7.3f}"
                  f"{row['mean']:>9.3f}{row['sd']:>7.3f}{cells}")
    print("germeval ORG F1, paired differences (runs, mean, sd, t, t corrected for the overlap of training sets)")
    for name, sets in results.items():
        for base in BASELINES:
            diffs = sets.get("germeval", {}).get(f"minus_{base}")
            if diffs and len(diffs) > 1:
                m, sd = mean_sd(diffs)
                print(f"  {name} minus {base}: {len(diffs)} runs, {m:+.3f}, sd {sd:.3f}, t {paired_t(diffs):.2f}, "
                      f"corrected {paired_t(diffs, 1 / folds):.2f}")
    print(json.dumps(results, sort_keys=True))
    return results


def markdown_table(results: Mapping[str, Mapping[str, Any]], eval_sets: Sequence[str] = ("germeval", "heldout", "sample-de")) -> str:
    """The figures of :func:`summarise` as a markdown table for a model card (pooled P / R / F1, folds).

    Examples
    --------
    >>> r = {"probe": {"germeval": {"pooled": (0.5, 0.4, 0.444), "fold_f1": [0.4, 0.5], "gold": 9}}}
    >>> print(markdown_table(r, ["germeval"]))
    | setup | runs | germeval ORG P / R / F1 (gold) | germeval: minus probe (runs better) | germeval: minus previous (runs better) | germeval: minus shipped (runs better) |
    |---|---:|---|---|---|---|
    | probe | 2 | 0.500 / 0.400 / 0.444 (9) | | | |
    """
    head = "| setup | runs | " + " | ".join(
        [f"{s} ORG P / R / F1 (gold)" for s in eval_sets]
        + [f"{eval_sets[0]}: minus {b} (runs better)" for b in BASELINES]
    ) + " |"
    rows = [head, "|---|---:|" + "---|" * (len(eval_sets) + len(BASELINES))]
    for name, sets in results.items():
        cells = []
        for eval_set in eval_sets:
            row = sets.get(eval_set)
            cells.append("{:.3f} / {:.3f} / {:.3f} ({})".format(*row["pooled"], row["gold"]) if row else "-")
        first = sets.get(eval_sets[0], {})
        for base in BASELINES:
            diffs = first.get(f"minus_{base}")
            cells.append(difference_cell(diffs))
        runs = len(first.get("fold_f1", ()))
        rows.append(f"| {name} | {runs} | " + " | ".join(cells) + " |")
    return re.sub(r"\|  (?=\|)", "| ", "\n".join(rows))  # empty cells as "| |"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder of the model cards of the runs")
    parser.add_argument("--setup", action="append", choices=sorted(SETUPS), default=[], help="setup to train")
    parser.add_argument("--folds", type=int, default=5, help="number of folds (default 5)")
    parser.add_argument("--fold", type=int, action="append", help="train only this fold (repeatable)")
    parser.add_argument("--repeat", type=int, default=0,
                        help="repetition: another partition into folds, splits and training seeded with it (default 0)")
    parser.add_argument("--data", type=Path, default=REPOSITORY.parent / "shared" / "data" / "ner")
    parser.add_argument("--report", action="store_true", help="only print the table of the runs in --out")
    parser.add_argument("--markdown", action="store_true", help="also print the table as markdown (for a model card)")
    args = parser.parse_args(argv)
    if args.folds < 2 or any(not 0 <= k < args.folds for k in args.fold or ()):
        parser.error(f"--fold must be between 0 and {args.folds - 1}, and --folds at least 2")
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.report:
        for name in args.setup:
            for k in args.fold if args.fold is not None else range(args.folds):
                run_fold(name, SETUPS[name], k, args.folds, args.data, args.out, repeat=args.repeat)
    results = report(args.out, args.folds)
    if args.markdown:
        print(markdown_table(results))


if __name__ == "__main__":
    main()
