"""Train the project's small German and English NER models and write their model cards.

:func:`train_ner` reads the open corpora in ``shared/data/ner`` and splits them into train / dev /
held-out parts (:mod:`ingest.ner_data`, corpora and mix in :mod:`ingest.ner_mix`), trains the spaCy
pipeline of ``ingest/ner/config-{lang}.cfg`` within a step and wall-clock budget (keeping the
checkpoint with the best ORG F1 on the dev part), scores the held-out parts
(:mod:`ingest.ner_scoring`; English also on Universal NER EWT, which is never trained on), and
writes ``model-card.md`` and ``model-card.json`` beside the model (:mod:`ingest.ner_card`).
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.errors import ner_bad_setting, ner_corpus_missing
from ingest.ner_augment import with_replaced_mentions
from ingest.ner_card import ModelCard, written_sections
from ingest.ner_corpora import to_docbin
from ingest.ner_data import TrainingData, collect_data
from ingest.ner_mix import CORPORA, DEFAULT_MIX, CorpusSpec, parse_mix
from ingest.ner_pretrain import pretrain
from ingest.ner_scoring import score_heldout, words_per_second

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["TrainingRun", "config_settings", "train_ner"]

_SPACY_PARTS = ("config.cfg", "meta.json", "tokenizer", "vocab", "tok2vec", "ner")


@dataclass(frozen=True)
class TrainingRun:
    """How far the training loop got: steps done, the step kept, wall-clock and CPU seconds."""

    steps: int
    best_step: int
    seconds: float
    cpu_seconds: float


def config_settings(config: Mapping[str, Any]) -> dict[str, Any]:
    """The model-shaping settings of an interpolated spaCy training config, for the model card.

    Examples
    --------
    >>> cfg = {"training": {"dropout": 0.2, "eval_frequency": 250}, "corpora": {"train": {}}, "components": {
    ...     "tok2vec": {"model": {"embed": {"@architectures": "spacy.MultiHashEmbed.v2", "rows": [10, 5]},
    ...                           "encode": {"width": 96, "depth": 4, "window_size": 1}}},
    ...     "ner": {"model": {"hidden_width": 64}}}}
    >>> config_settings(cfg)["embed"]
    'spacy.MultiHashEmbed.v2(rows=[10, 5])'
    """
    tok2vec = config["components"]["tok2vec"]["model"]
    return {
        "dropout": config["training"]["dropout"],
        "eval_frequency": config["training"]["eval_frequency"],
        "embed": _registered_name(tok2vec["embed"]),
        "tok2vec_width": tok2vec["encode"]["width"],
        "tok2vec_depth": tok2vec["encode"]["depth"],
        "tok2vec_window": tok2vec["encode"]["window_size"],
        "ner_hidden_width": config["components"]["ner"]["model"]["hidden_width"],
        "train_augmenter": _registered_name(config["corpora"]["train"].get("augmenter")),
    }


def _registered_name(block: Mapping[str, Any] | None) -> str | None:
    """``name(arg=value, ...)`` of a config block of a registered function (``None`` stays ``None``).

    Examples
    --------
    >>> _registered_name({"@augmenters": "spacy.lower_case.v1", "level": 0.1})
    'spacy.lower_case.v1(level=0.1)'
    """
    if not block:
        return None
    name = next((v for k, v in block.items() if k.startswith("@")), "?")
    args = ", ".join(f"{k}={v}" for k, v in block.items() if not k.startswith("@"))
    return f"{name}({args})"


def _dir_size(path: Path, exclude: Iterable[str] = ()) -> int:
    skip = set(exclude)
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and p.name not in skip)


def _save_model(nlp: Language, out_dir: Path) -> None:
    """Replace the spaCy files in ``out_dir`` (other files, such as notes, are left alone)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in _SPACY_PARTS:
        p = out_dir / name
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    nlp.to_disk(out_dir)


def _train_loop(
    nlp: Language, training: Mapping[str, Any], optimizer: Any, train_corpus: Any, dev_examples: list[Any],
    *, max_seconds: float, best_dir: Path, say: Callable[[str], None],
) -> TrainingRun:
    """Run spaCy's training loop until its step budget or ``max_seconds``; save the best checkpoint."""
    from spacy.training.loop import create_train_batches, train_while_improving

    def evaluate() -> tuple[float, dict[str, Any]]:
        scores = nlp.evaluate(dev_examples)
        per_type = scores.get("ents_per_type") or {}
        return float((per_type.get("ORG") or {}).get("f", 0.0)), scores

    steps = train_while_improving(
        nlp, optimizer, create_train_batches(nlp, train_corpus, training["batcher"], training["max_epochs"]),
        evaluate, dropout=training["dropout"], accumulate_gradient=training["accumulate_gradient"],
        patience=training["patience"], max_steps=training["max_steps"], eval_frequency=training["eval_frequency"],
        exclude=training["frozen_components"], annotating_components=training["annotating_components"],
        before_update=training["before_update"],
    )
    start, cpu_start = time.monotonic(), time.process_time()
    best_step, last_step, best_score = -1, 0, -1.0

    def checkpoint(step: int, score: float, scores: Mapping[str, Any]) -> None:
        nonlocal best_step, best_score
        best_step, best_score = step, score
        nlp.meta["performance"] = {"dev_org_f": score, "dev_ents_f": scores.get("ents_f", 0.0)}
        with nlp.use_params(optimizer.averages):
            _save_model(nlp, best_dir)

    for _batch, info, is_best in steps:
        last_step = info["step"]
        if is_best is not None:
            say(
                f"step {last_step:>6}  epoch {info['epoch']:>3}  {time.monotonic() - start:>6.0f}s  "
                f"ner loss {info['losses'].get('ner', 0.0):>9.1f}  dev ORG F1 {info['score']:.3f}  "
                f"dev F1 {info['other_scores'].get('ents_f', 0):.3f}"
            )
            if is_best:
                checkpoint(last_step, info["score"], info["other_scores"])
        if time.monotonic() - start >= max_seconds:
            break
    seconds, cpu_seconds = time.monotonic() - start, time.process_time() - cpu_start
    with nlp.use_params(optimizer.averages):
        final_score, final_scores = evaluate()
    if final_score > best_score or best_step < 0:
        say(f"step {last_step:>6}  final  dev ORG F1 {final_score:.3f}")
        checkpoint(last_step, final_score, final_scores)
    return TrainingRun(last_step, best_step, seconds, cpu_seconds)


def _fit(
    lang: str, data: TrainingData, cfg: Path, out_dir: Path, *, seed: int, max_steps: int, max_seconds: float,
    config_overrides: Mapping[str, Any], say: Callable[[str], None],
) -> tuple[TrainingRun, dict[str, Any]]:
    """Train on ``data`` and save the best checkpoint to ``out_dir``; return the run and the resolved config."""
    import spacy
    from spacy.schemas import ConfigSchemaTraining
    from spacy.training.initialize import init_nlp
    from spacy.util import load_config, registry, resolve_dot_names
    from thinc.api import fix_random_seed

    fix_random_seed(seed)
    train = list(data.train)
    random.Random(seed).shuffle(train)
    with tempfile.TemporaryDirectory(prefix="ccg-ner-") as tmp_name:
        tmp = Path(tmp_name)
        vocab = spacy.blank(lang).vocab
        to_docbin(vocab, train).to_disk(tmp / "train.spacy")
        to_docbin(vocab, data.dev or train[:50]).to_disk(tmp / "dev.spacy")
        overrides = {
            "paths.train": str(tmp / "train.spacy"), "paths.dev": str(tmp / "dev.spacy"), "system.seed": seed,
            "training.max_steps": max_steps, "nlp.lang": lang, **dict(config_overrides),
        }
        nlp = init_nlp(load_config(cfg, overrides=overrides, interpolate=False), use_gpu=-1)
        config = nlp.config.interpolate()
        training = registry.resolve(config["training"], schema=ConfigSchemaTraining)
        train_corpus, dev_corpus = resolve_dot_names(config, [training["train_corpus"], training["dev_corpus"]])
        run = _train_loop(
            nlp, training, training["optimizer"], train_corpus, list(dev_corpus(nlp)),
            max_seconds=max_seconds, best_dir=tmp / "best", say=say,
        )
        best = spacy.load(tmp / "best")
        best.meta.update(_meta(lang, data.specs))
        best.config = _without_run_paths(best.config)
        _save_model(best, out_dir)  # before evaluation, so no evaluation text reaches the saved vocabulary
    return run, config


def _without_run_paths(config: Any) -> Any:
    """``config`` with the ``[paths]`` of one training run (temporary files) set to null again.

    Examples
    --------
    >>> from thinc.api import Config
    >>> _without_run_paths(Config({"paths": {"train": "/tmp/x/train.spacy", "vectors": None}}))["paths"]
    {'train': None, 'vectors': None}
    """
    out = config.copy()
    out["paths"] = {key: None for key in config.get("paths", {})}
    return out


def _meta(lang: str, specs: Sequence[CorpusSpec]) -> dict[str, Any]:
    return {
        "name": f"ccg_ner_{lang}",
        "version": "1.0.0",
        "description": f"Cross-Cluster Graph NER ({lang}): ORG, PER, LOC; trained from open data",
        "license": "CC BY 4.0 (trained on CC BY 4.0 corpora; see model-card.md for attribution)",
        "author": "Cross-Cluster Graph project",
        "sources": [{"name": s.title, "license": s.licence, "author": s.citation} for s in specs if s.trainable],
    }


def train_ner(
    lang: str,
    data_dir: Path | str,
    out_dir: Path | str,
    *,
    max_steps: int = 20000,
    max_seconds: float = 840.0,
    max_sentences: int | None = None,
    seed: int = 0,
    corpora: Sequence[str] | None = None,
    config_path: Path | str | None = None,
    config_overrides: Mapping[str, Any] | None = None,
    sample_dir: Path | str | None = None,
    registry_dir: Path | str | None = None,
    fold: tuple[int, int] | None = None,
    pretrain_epochs: int = 0,
    mention_copies: int = 0,
    progress: Callable[[str], None] | None = None,
) -> ModelCard:
    """Train, evaluate and save an NER model for ``lang``; return its card (also written to disk).

    Parameters
    ----------
    lang
        ``de`` or ``en``.
    data_dir
        The ``shared/data/ner`` folder (read in place).
    out_dir
        Model folder; the spaCy files in it are replaced, ``model-card.md``/``.json`` are written (the
        hand-written sections of an existing ``model-card.md`` are kept, see :func:`~ingest.ner_card.written_sections`).
    max_steps, max_seconds
        Training stops at whichever comes first; ``max_seconds`` counts the training loop only
        (conversion before and evaluation after take a few seconds more).
    max_sentences
        Cap on the training sentences of every corpus (and on its dev and held-out parts, a quarter
        of it each), for quick runs.
    seed
        Seed of the splits, the sampling and the training.
    corpora
        The training mix, items ``name[:max_training_sentences][*repeat]`` (see
        :func:`~ingest.ner_mix.parse_mix`; default :data:`~ingest.ner_mix.DEFAULT_MIX`). Held-out
        scores cover every corpus of the language found in ``data_dir`` (corpora outside the mix
        may be absent).
    config_path
        spaCy config (default ``ingest/ner/config-{lang}.cfg``).
    config_overrides
        Extra config overrides, e.g. ``{"training.dropout": 0.2}`` (recorded in the card).
    sample_dir, registry_dir
        The project's sample corpus (``data/sample``, ``*.gold.json`` beside plain-text documents) and
        registry (default: ``registry`` beside ``sample_dir``), for the in-domain corpora ``sample-{lang}``
        (gold actor names) and ``registry-{lang}`` (registry names), split by document, half held out.
        Without ``sample_dir`` they are skipped unless named in the mix.
    fold
        ``(k, n)``: hold out fold ``k`` of ``n`` of every trainable corpus instead of the standard
        held-out part, for cross-validation (:func:`~ingest.ner_data.split_indices`).
    pretrain_epochs
        Epochs of ``spacy pretrain`` on the raw text of :data:`~ingest.ner_pretrain.PRETRAIN_CORPORA`
        before training (0: none); the tok2vec starts from the pretrained weights.
    mention_copies
        Copies of every training sentence that names something, with its names replaced by other
        names of the same label from the training part (:mod:`ingest.ner_augment`; 0: none).
    progress
        Called with one line per evaluation during training.
    """
    import spacy

    if lang not in DEFAULT_MIX:
        raise ner_bad_setting("--lang", f"unknown language {lang!r}; use de or en")
    if max_steps < 1 or max_seconds <= 0:
        raise ner_bad_setting("--max-steps/--max-seconds", "the training budget must be positive")
    if max_sentences is not None and max_sentences < 4:
        raise ner_bad_setting("--max-sentences", "use at least 4 sentences")
    if pretrain_epochs < 0:
        raise ner_bad_setting("--pretrain-epochs", "use 0 (no pretraining) or more")
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    if not data_dir.is_dir():
        raise ner_corpus_missing(data_dir, "data folder")
    default_cfg = Path(__file__).parent / "ner" / f"config-{lang}.cfg"
    cfg = Path(config_path) if config_path else default_cfg
    if not cfg.is_file():
        raise ner_corpus_missing(cfg, "spaCy config")
    mix_items = tuple(corpora if corpora is not None else DEFAULT_MIX[lang])
    say = progress or (lambda _msg: None)
    data = collect_data(
        lang, data_dir, parse_mix(mix_items, lang), spacy.blank(lang).tokenizer, seed=seed,
        max_sentences=max_sentences, sample_dir=Path(sample_dir) if sample_dir is not None else None,
        registry_dir=Path(registry_dir) if registry_dir is not None else None, fold=fold, say=say,
    )
    if mention_copies:
        data.train.extend(with_replaced_mentions(data.train, mention_copies, seed=seed))
    overrides = dict(config_overrides or {})
    with tempfile.TemporaryDirectory(prefix="ccg-ner-pretrain-") as pretrain_dir:
        pretraining = None
        if pretrain_epochs:
            pretraining = pretrain(
                lang, data_dir, cfg, Path(pretrain_dir), epochs=pretrain_epochs, seed=seed, max_sentences=max_sentences,
                sample_dir=Path(sample_dir) if sample_dir is not None else None, config_overrides=overrides, say=say,
            )
            overrides["paths.init_tok2vec"] = str(pretraining.weights)
        run, config = _fit(
            lang, data, cfg, out_dir, seed=seed, max_steps=max_steps, max_seconds=max_seconds,
            config_overrides=overrides, say=say,
        )
    size = _dir_size(out_dir, exclude=("model-card.md", "model-card.json"))
    model = spacy.load(out_dir)
    partial = [name for name in data.heldout if CORPORA[name].partial]
    pooled = [name for name in data.heldout if CORPORA[name].trainable and not CORPORA[name].partial]
    scores = score_heldout(model, data.heldout, partial=partial, pooled=pooled)
    pooled_texts = [" ".join(s.words) for name in pooled for s in data.heldout.get(name, ())]
    settings = {
        "seed": seed,
        "max_steps": max_steps,
        "max_seconds": max_seconds,
        "max_sentences": max_sentences,
        **({"fold": f"{fold[0]}/{fold[1]}"} if fold is not None else {}),
        **(pretraining.settings() if pretraining else {}),
        **({"mention_copies": mention_copies} if mention_copies else {}),
        "cpu_seconds": round(run.cpu_seconds),
        "config": f"ingest/ner/{cfg.name}" if cfg == default_cfg else str(cfg),
        **config_settings(config),
        "spacy_version": spacy.__version__,
        **{f"override {k}": v for k, v in (config_overrides or {}).items()},
    }
    card = ModelCard(
        lang=lang, path=str(out_dir), mix=mix_items, data=data.rows, scores=scores,
        words_per_second=round(words_per_second(model, pooled_texts), 1), size_bytes=size, steps=run.steps,
        best_step=run.best_step, seconds=round(run.seconds, 1), settings=settings,
        sources=[{"name": s.name, "title": s.title, "licence": s.licence, "citation": s.citation} for s in data.specs],
    )
    card_md = out_dir / "model-card.md"
    written = written_sections(card_md.read_text(encoding="utf-8")) if card_md.is_file() else ""
    card_md.write_text(card.to_markdown() + ("\n" + written if written else ""), encoding="utf-8")
    (out_dir / "model-card.json").write_text(card.to_json() + "\n", encoding="utf-8")
    return card
