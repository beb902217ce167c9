"""Train, evaluate and document the project's small German and English NER models.

:func:`train_ner` reads the open corpora in ``shared/data/ner`` (see :mod:`ingest.ner_corpora`),
splits every corpus deterministically into train / dev / held-out parts, trains the spaCy pipeline
of ``ingest/ner/config-{lang}.cfg`` within a step and wall-clock budget (keeping the checkpoint with
the best ORG F1 on the dev part), evaluates per-label precision / recall / F1 on the held-out parts
(English also on Universal NER EWT, which is never trained on), measures words/s and the size on
disk, and writes ``model-card.md`` and ``model-card.json`` beside the model.
"""

from __future__ import annotations

import gzip
import json
import random
import shlex
import shutil
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.errors import ner_bad_setting, ner_corpus_malformed, ner_corpus_missing
from ingest.ner_corpora import (
    GERMEVAL_LABELS,
    LER_LABELS,
    SMARTDATA_LABELS,
    TARGET_LABELS,
    UPPER_LABELS,
    WNUT_LABELS,
    TaggedSentence,
    gold_actor_names,
    map_tags,
    name_sentences,
    parse_columns,
    parse_germeval,
    parse_registry_names,
    parse_smartdata,
    parse_uner,
    parse_wikigold,
    smartdata_sentences,
    to_docbin,
)

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "CORPORA",
    "DEFAULT_MIX",
    "CorpusSpec",
    "LabelScore",
    "ModelCard",
    "comparison_table",
    "parse_mix",
    "score_entities",
    "split_indices",
    "split_units",
    "train_ner",
    "words_per_second",
]

Unit = tuple[TaggedSentence, ...]
"""A unit of splitting: one sentence, or all sentences of one document (SmartData)."""


@dataclass(frozen=True)
class CorpusSpec:
    """Where a corpus lives under the data folder, how to read it, and how to cite it."""

    name: str
    lang: str
    files: tuple[str, ...]
    reader: str
    label_map: Mapping[str, str]
    title: str
    citation: str
    licence: str
    trainable: bool = True
    root: str = "data"  # "data": under data_dir; "sample": the project's sample corpus folder
    heldout_fraction: float = 0.15
    dev_fraction: float = 0.05
    partial: bool = False  # only ORG is annotated (in-domain sample); scored on ORG only
    split_key: str = ""  # corpora with the same key get the same document split
    evaluate: bool = True  # False: its held-out part is not gold (registry-labelled) and is not scored


_CC_BY = "CC BY 4.0"
CORPORA: Mapping[str, CorpusSpec] = {
    s.name: s
    for s in (
        CorpusSpec(
            "germeval", "de", ("germeval2014/NER-de-test.tsv",), "germeval", GERMEVAL_LABELS,
            "GermEval 2014 NER, test split (German Wikipedia and news)",
            "Benikova, Biemann, Reznicek: NoSta-D Named Entity Annotation for German: Guidelines and "
            "Dataset. LREC 2014.",
            _CC_BY,
        ),
        CorpusSpec(
            "smartdata", "de", ("smartdata/v1_train.json.gz", "smartdata/v1_test.json.gz"), "smartdata",
            SMARTDATA_LABELS,
            "DFKI SmartData Corpus v1 (German news, tweets, traffic reports; companies)",
            "Schiersch et al.: A German Corpus for Fine-Grained Named Entity Recognition and Relation "
            "Extraction of Traffic and Industry Events. LREC 2018.",
            "CC BY 4.0 (README of DFKI-NLP/smartdata-corpus; note that the per-annotation provenance "
            "fields inside the JSON say 'Research use only')",
        ),
        CorpusSpec(
            "ler", "de",
            tuple(f"german-ler/courts/{c}.conll.gz" for c in ("bag", "bfh", "bgh", "bpatg", "bsg", "bverfg", "bverwg")),
            "columns-space", LER_LABELS,
            "German LER, Legal Entity Recognition (decisions of German federal courts)",
            "Leitner, Rehm, Moreno-Schneider: Fine-grained Named Entity Recognition in Legal Documents. "
            "SEMANTiCS 2019; A Dataset of German Legal Documents for Named Entity Recognition. LREC 2020.",
            _CC_BY,
        ),
        CorpusSpec(
            "btc", "en", tuple(f"en-btc/{s}.conll" for s in "abefgh"), "columns-tab", UPPER_LABELS,
            "Broad Twitter Corpus (English tweets)",
            "Derczynski, Bontcheva, Roberts: Broad Twitter Corpus: A Diverse Named Entity Recognition "
            "Resource. COLING 2016.",
            _CC_BY,
        ),
        CorpusSpec(
            "wnut17", "en",
            ("en-wnut17/wnut17train.conll", "en-wnut17/emerging.dev.conll", "en-wnut17/emerging.test.annotated"),
            "columns-tab", WNUT_LABELS,
            "WNUT-2017 Emerging and Rare Entities (English social media)",
            "Derczynski, Nichols, van Erp, Limsopatham: Results of the WNUT2017 Shared Task on Novel and "
            "Emerging Entity Recognition. W-NUT 2017.",
            _CC_BY,
        ),
        CorpusSpec(
            "wikigold", "en", ("en-wikigold/wikigold.conll.txt",), "wikigold", UPPER_LABELS,
            "wikigold (English Wikipedia)",
            "Balasuriya, Ringland, Nothman, Murphy, Curran: Named Entity Recognition in Wikipedia. "
            "People's Web Workshop 2009; Nothman et al.: Learning multilingual named entity recognition "
            "from Wikipedia. Artificial Intelligence 194, 2013.",
            _CC_BY,
        ),
        CorpusSpec(
            "uner-test", "en", ("en-uner-ewt/en_ewt-ud-test.iob2",), "uner", UPPER_LABELS,
            "Universal NER English-EWT, test split (web text) - evaluation only",
            "Mayhew et al.: Universal NER: A Gold-Standard Multilingual Named Entity Recognition "
            "Benchmark. NAACL 2024.",
            "CC BY-SA 4.0 (evaluation only, not trained on)",
            trainable=False,
        ),
        CorpusSpec(
            "uner-dev", "en", ("en-uner-ewt/en_ewt-ud-dev.iob2",), "uner", UPPER_LABELS,
            "Universal NER English-EWT, dev split (web text) - evaluation only",
            "Mayhew et al.: Universal NER: A Gold-Standard Multilingual Named Entity Recognition "
            "Benchmark. NAACL 2024.",
            "CC BY-SA 4.0 (evaluation only, not trained on)",
            trainable=False,
        ),
        *(
        CorpusSpec(
            f"sample-{lang}", lang, ("*.gold.json",), "gold", {"ORG": "ORG"},
            f"Project sample corpus, {lang} documents of data/sample with their gold actor lists "
            "(every occurrence of a gold name or alias labelled ORG; other capitalised tokens unannotated)",
            "Cross-Cluster Graph project, data/sample/*.gold.json",
            "the project's own",
            root="sample", heldout_fraction=0.5, dev_fraction=0.0, partial=True, split_key=f"sample-{lang}",
        )
        for lang in ("de", "en")
    ),
    *(
        CorpusSpec(
            f"registry-{lang}", lang, ("*.gold.json",), "registry", {"ORG": "ORG"},
            f"Project sample corpus, {lang} documents of data/sample labelled automatically with the registry's "
            "actor and cluster names and aliases (data/registry)",
            "Cross-Cluster Graph project, data/registry/*.csv",
            "the project's own",
            root="sample", heldout_fraction=0.5, dev_fraction=0.0, partial=True, split_key=f"sample-{lang}",
            evaluate=False,
        )
        for lang in ("de", "en")
    ),
    )
}
"""The corpora under ``shared/data/ner`` by name (paths relative to the data folder)."""

DEFAULT_MIX: Mapping[str, tuple[str, ...]] = {
    "de": ("germeval*2", "smartdata", "ler:6000", "sample-de"),
    "en": ("btc", "wnut17", "wikigold", "sample-en"),
}
"""The training mix of the shipped models (``name`` or ``name:max_training_sentences``)."""

HELDOUT_FRACTION = 0.15
DEV_FRACTION = 0.05
MAX_HELDOUT_SENTENCES = 1000
MAX_DEV_SENTENCES = 300


@dataclass(frozen=True)
class LabelScore:
    """Exact-span precision, recall and F1 of one label (``support`` = gold entities)."""

    precision: float
    recall: float
    f1: float
    support: int
    predicted: int


@dataclass
class ModelCard:
    """What :func:`train_ner` trained and measured; rendered as ``model-card.md``."""

    lang: str
    path: str
    mix: tuple[str, ...]
    data: list[dict[str, Any]]
    scores: dict[str, dict[str, LabelScore]]
    words_per_second: float
    size_bytes: int
    steps: int
    best_step: int
    seconds: float
    settings: dict[str, Any]
    sources: list[dict[str, str]] = field(default_factory=list)

    @property
    def card_path(self) -> Path:
        """The ``model-card.md`` beside the model."""
        return Path(self.path) / "model-card.md"

    def org(self, eval_set: str = "heldout") -> LabelScore | None:
        """The ORG score on one evaluation set (``heldout`` = all held-out parts together)."""
        return self.scores.get(eval_set, {}).get("ORG")

    def to_json(self) -> str:
        """Serialise to JSON (for comparing runs)."""
        return json.dumps(asdict(self), indent=1, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ModelCard:
        """Read a card written by :meth:`to_json`."""
        raw = json.loads(text)
        raw["scores"] = {k: {lab: LabelScore(**s) for lab, s in v.items()} for k, v in raw["scores"].items()}
        raw["mix"] = tuple(raw["mix"])
        return cls(**raw)

    def to_markdown(self) -> str:
        """Render the model card."""
        lang_name = {"de": "German", "en": "English"}.get(self.lang, self.lang)
        s = self.settings
        lines = [
            f"# ccg NER model ({lang_name}): ORG, PER, LOC",
            "",
            "Small CPU named-entity model trained by the Cross-Cluster Graph project from open data, "
            "used to find organisations that neither the registry nor the rules know. "
            f"Load with `spacy.load(\"{Path(self.path).name}\")` (spaCy {s.get('spacy_version', '3.8')}).",
            "",
            "## Scores",
            "",
            "Exact-span precision / recall / F1 on held-out parts that were never trained on "
            f"(deterministic split, seed {s.get('seed')}). `heldout` pools the held-out parts of all corpora "
            "of the language.",
            "",
            "| evaluation set | label | precision | recall | F1 | gold entities |",
            "|---|---|---:|---:|---:|---:|",
        ]
        ordered = sorted(self.scores.items(), key=lambda kv: kv[0] != "heldout")  # pooled set first
        for eval_set, by_label in ordered:
            for label in (*TARGET_LABELS, "ALL"):
                sc = by_label.get(label)
                if sc is None:
                    continue
                lines.append(
                    f"| {eval_set} | {label} | {sc.precision:.3f} | {sc.recall:.3f} | {sc.f1:.3f} | {sc.support} |"
                )
        lines += [
            "",
            "## Size and speed",
            "",
            f"- size on disk: {self.size_bytes / 1e6:.1f} MB",
            f"- speed: {self.words_per_second:,.0f} words per CPU second (tokeniser + tok2vec + ner on the "
            "held-out sentences, one process, batch size 256)",
            "",
            "## Training",
            "",
            f"- pipeline: `spacy.blank(\"{self.lang}\")` + tok2vec (hash embeddings of NORM/PREFIX/SUFFIX/SHAPE, "
            "no static vectors, no lookup tables) + ner; config "
            f"`ingest/ner/config-{self.lang}.cfg`",
            f"- mix: {', '.join(self.mix)}",
            f"- steps: {self.steps} in {self.seconds:.0f} s wall-clock ({s.get('cpu_seconds', '?')} s CPU on a shared "
            f"machine); kept the checkpoint of step {self.best_step} "
            "(best ORG F1 on the dev part)",
            f"- settings: {', '.join(f'{k}={v}' for k, v in sorted(s.items()))}",
            "- reproduce: `ccg train-ner --lang "
            f"{self.lang} --data ../shared/data/ner --out DIR --max-steps {s.get('max_steps')} "
            f"--max-seconds {s.get('max_seconds'):g}"
            + (f" --max-sentences {s['max_sentences']}" if s.get("max_sentences") else "")
            + "".join(f" --corpus {shlex.quote(m)}" for m in self.mix)
            + "` (the wall-clock budget makes the step count depend on the machine)",
            "",
            "## Data",
            "",
            "Organisation-like labels map to ORG, person and location labels to PER and LOC; all other labels "
            "(MISC, OTH, laws, dates, products, ...) to O. See `ingest/ner_corpora.py` for each corpus's map.",
            "",
            "| corpus | role | train sentences | train tokens | dev sentences | held-out sentences | train entities |",
            "|---|---|---:|---:|---:|---:|---|",
        ]
        for d in self.data:
            ents = ", ".join(f"{k} {v}" for k, v in sorted(d.get("train_entities", {}).items()))
            lines.append(
                f"| {d['name']} | {d['role']} | {d['train_sentences']} | {d['train_tokens']} | "
                f"{d['dev_sentences']} | {d['heldout_sentences']} | {ents} |"
            )
        for d in self.data:
            if d.get("documents"):
                lines += [
                    "",
                    f"In-domain training documents of `{d['name']}` (evaluate the NER's effect on ingest on the "
                    f"other sample documents only): {', '.join(d['documents'])}.",
                ]
        lines += ["", "## Licences and attribution", ""]
        for src in self.sources:
            lines.append(f"- **{src['name']}**: {src['title']}. Licence: {src['licence']}. Cite: {src['citation']}")
        lines += [
            "",
            "The corpora are read in place from `shared/data/ner` and are not part of the repository; the model "
            "stores only weights and the token strings seen in training (`vocab/strings.json`).",
            "",
        ]
        return "\n".join(lines)


def score_entities(
    gold: Sequence[Iterable[tuple[int, int, str]]],
    predicted: Sequence[Iterable[tuple[int, int, str]]],
    labels: Sequence[str] = TARGET_LABELS,
) -> dict[str, LabelScore]:
    """Exact-span precision, recall and F1 per label and micro-averaged over ``labels`` (``ALL``).

    Examples
    --------
    >>> g = [[(0, 1, "ORG"), (3, 5, "PER")], [(1, 2, "ORG")]]
    >>> p = [[(0, 1, "ORG"), (3, 4, "PER")], [(1, 2, "ORG"), (4, 5, "ORG")]]
    >>> s = score_entities(g, p)
    >>> round(s["ORG"].precision, 3), s["ORG"].recall, s["PER"].f1, s["ORG"].support
    (0.667, 1.0, 0.0, 2)
    """
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for g_doc, p_doc in zip(gold, predicted, strict=True):
        g_set = {e for e in g_doc if e[2] in labels}
        p_set = {e for e in p_doc if e[2] in labels}
        for e in g_set:
            n_gold[e[2]] += 1
            n_gold["ALL"] += 1
        for e in p_set:
            n_pred[e[2]] += 1
            n_pred["ALL"] += 1
        for e in g_set & p_set:
            tp[e[2]] += 1
            tp["ALL"] += 1
    out: dict[str, LabelScore] = {}
    for label in (*labels, "ALL"):
        p = tp[label] / n_pred[label] if n_pred[label] else 0.0
        r = tp[label] / n_gold[label] if n_gold[label] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[label] = LabelScore(p, r, f, n_gold[label], n_pred[label])
    return out


def split_indices(
    sizes: Sequence[int],
    *,
    seed: int,
    key: str,
    heldout_fraction: float = HELDOUT_FRACTION,
    dev_fraction: float = DEV_FRACTION,
    max_heldout: int = MAX_HELDOUT_SENTENCES,
    max_dev: int = MAX_DEV_SENTENCES,
) -> tuple[list[int], list[int], list[int]]:
    """Split units of ``sizes`` sentences into ``(train, dev, heldout)`` index lists.

    The units are shuffled with a seed derived from ``seed`` and ``key``; the held-out part gets
    ``heldout_fraction`` of the sentences (at most ``max_heldout``), then the dev part
    ``dev_fraction`` (at most ``max_dev``); the rest is training data. The split of a corpus
    depends only on the seed and its key, never on the training mix.

    Examples
    --------
    >>> split_indices([1] * 10, seed=0, key="x", heldout_fraction=0.2, dev_fraction=0.1)
    ([3, 7, 5, 0, 2, 8, 1], [4], [9, 6])
    """
    order = list(range(len(sizes)))
    random.Random(seed * 1_000_003 + zlib.crc32(key.encode("utf-8"))).shuffle(order)
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


def split_units(
    units: Sequence[Unit],
    *,
    seed: int,
    key: str,
    heldout_fraction: float = HELDOUT_FRACTION,
    dev_fraction: float = DEV_FRACTION,
    max_heldout: int = MAX_HELDOUT_SENTENCES,
    max_dev: int = MAX_DEV_SENTENCES,
) -> tuple[list[Unit], list[Unit], list[Unit]]:
    """Split ``units`` into ``(train, dev, heldout)`` with :func:`split_indices`.

    Examples
    --------
    >>> units = [(TaggedSentence((str(i),), ("O",)),) for i in range(20)]
    >>> train, dev, held = split_units(units, seed=0, key="x", heldout_fraction=0.2, dev_fraction=0.1)
    >>> len(train), len(dev), len(held)
    (14, 2, 4)
    >>> split_units(units, seed=0, key="x", heldout_fraction=0.2, dev_fraction=0.1)[2] == held
    True
    """
    parts = split_indices(
        [len(u) for u in units], seed=seed, key=key, heldout_fraction=heldout_fraction,
        dev_fraction=dev_fraction, max_heldout=max_heldout, max_dev=max_dev,
    )
    train, dev, held = ([units[i] for i in part] for part in parts)
    return train, dev, held


def parse_mix(mix: Sequence[str], lang: str) -> list[tuple[str, int | None, int]]:
    """Parse training-mix items ``name[:max_sentences][*repeat]`` and check them against :data:`CORPORA`.

    ``*repeat`` up-samples a corpus (its training sentences are used ``repeat`` times per epoch).

    Examples
    --------
    >>> parse_mix(["germeval*2", "ler:5000"], "de")
    [('germeval', None, 2), ('ler', 5000, 1)]
    """
    out: list[tuple[str, int | None, int]] = []
    for item in mix:
        head, _, repeat = item.partition("*")
        name, _, cap = head.partition(":")
        spec = CORPORA.get(name)
        if spec is None or spec.lang != lang or not spec.trainable:
            known = ", ".join(n for n, s in CORPORA.items() if s.lang == lang and s.trainable)
            raise ner_bad_setting("--corpus", f"unknown training corpus {name!r} for {lang}; use one of {known}")
        if (cap and not cap.isdigit()) or (repeat and not (repeat.isdigit() and int(repeat) >= 1)):
            raise ner_bad_setting("--corpus", f"{item!r}: use NAME, NAME:MAX_SENTENCES or NAME*REPEAT")
        out.append((name, int(cap) if cap else None, int(repeat) if repeat else 1))
    return out


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


def _predict(nlp: Language, sentences: Sequence[TaggedSentence]) -> list[list[tuple[int, int, str]]]:
    from spacy.tokens import Doc

    docs = (Doc(nlp.vocab, words=list(s.words)) for s in sentences)
    return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(docs, batch_size=256)]


def evaluate_sentences(
    nlp: Language, sentences: Sequence[TaggedSentence], labels: Sequence[str] = TARGET_LABELS
) -> dict[str, LabelScore]:
    """Run ``nlp`` on the gold tokenisation of ``sentences`` and score its entities."""
    return score_entities([s.entities() for s in sentences], _predict(nlp, sentences), labels)


def words_per_second(nlp: Language, texts: Sequence[str], *, rounds: int = 2) -> float:
    """Words (tokens) per CPU second of the whole pipeline on ``texts`` (best of ``rounds``).

    CPU time of this process, not wall-clock time, so that other jobs on a shared machine do not
    change the figure.
    """
    best = 0.0
    for _ in range(rounds):
        start = time.process_time()
        n = sum(len(doc) for doc in nlp.pipe(texts, batch_size=256))
        elapsed = time.process_time() - start
        best = max(best, n / elapsed if elapsed > 0 else 0.0)
    return best


def _dir_size(path: Path, exclude: Iterable[str] = ()) -> int:
    skip = set(exclude)
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and p.name not in skip)


def _save_model(nlp: Language, out_dir: Path) -> None:
    """Replace the spaCy files in ``out_dir`` (other files, such as notes, are left alone)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in ("config.cfg", "meta.json", "tokenizer", "vocab", "tok2vec", "ner"):
        p = out_dir / name
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    nlp.to_disk(out_dir)


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
        Model folder; the spaCy files in it are replaced, ``model-card.md``/``.json`` are written.
    max_steps, max_seconds
        Training stops at whichever comes first; ``max_seconds`` counts the training loop only
        (conversion before and evaluation after take a few seconds more).
    max_sentences
        Cap on the training sentences of every corpus (and on its dev and held-out parts, a quarter
        of it each), for quick runs.
    seed
        Seed of the splits, the sampling and the training.
    corpora
        The training mix, items ``name[:max_training_sentences][*repeat]`` (see :func:`parse_mix`;
        default :data:`DEFAULT_MIX`). Held-out scores cover every corpus of the language found in
        ``data_dir`` (corpora outside the mix may be absent).
    config_path
        spaCy config (default ``ingest/ner/config-{lang}.cfg``).
    config_overrides
        Extra config overrides, e.g. ``{"training.dropout": 0.2}`` (recorded in the card).
    sample_dir, registry_dir
        The project's sample corpus (``data/sample``, ``*.gold.json`` beside plain-text documents) and
        registry (default: ``registry`` beside ``sample_dir``), for the in-domain corpora ``sample-{lang}``
        (gold actor names) and ``registry-{lang}`` (registry names), split by document, half held out.
        Without ``sample_dir`` they are skipped unless named in the mix.
    progress
        Called with one line per evaluation during training.
    """
    import spacy
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import create_train_batches, train_while_improving
    from spacy.util import load_config, registry, resolve_dot_names
    from spacy.schemas import ConfigSchemaTraining
    from thinc.api import fix_random_seed

    if lang not in DEFAULT_MIX:
        raise ner_bad_setting("--lang", f"unknown language {lang!r}; use de or en")
    if max_steps < 1 or max_seconds <= 0:
        raise ner_bad_setting("--max-steps/--max-seconds", "the training budget must be positive")
    if max_sentences is not None and max_sentences < 4:
        raise ner_bad_setting("--max-sentences", "use at least 4 sentences")
    data_dir = Path(data_dir)
    out_dir = Path(out_dir)
    if not data_dir.is_dir():
        raise ner_corpus_missing(data_dir, "data folder")
    cfg = Path(config_path) if config_path else Path(__file__).parent / "ner" / f"config-{lang}.cfg"
    if not cfg.is_file():
        raise ner_corpus_missing(cfg, "spaCy config")
    mix = parse_mix(corpora if corpora is not None else DEFAULT_MIX[lang], lang)
    sample_path = Path(sample_dir) if sample_dir is not None else None
    registry_path = Path(registry_dir) if registry_dir is not None else None
    say = progress or (lambda _msg: None)

    tokenizer = spacy.blank(lang).tokenizer
    caps_held = MAX_HELDOUT_SENTENCES if max_sentences is None else max(2, max_sentences // 4)
    caps_dev = MAX_DEV_SENTENCES if max_sentences is None else max(2, max_sentences // 4)
    mixed = {name: cap for name, cap, _ in mix}
    repeats = {name: rep for name, _, rep in mix}
    train: list[TaggedSentence] = []
    dev: list[TaggedSentence] = []
    heldout: dict[str, list[TaggedSentence]] = {}
    data_rows: list[dict[str, Any]] = []
    used_specs: list[CorpusSpec] = []
    for name, spec in CORPORA.items():
        if spec.lang != lang:
            continue
        in_mix = name in mixed
        if not in_mix and not spec.trainable and max_sentences is not None:
            continue  # quick runs skip the evaluation-only corpora
        if spec.root == "sample":
            available = sample_path is not None and sample_path.is_dir()
        else:
            available = all((data_dir / rel).is_file() for rel in spec.files)
        if not in_mix and (not available or not spec.evaluate):
            if not available:
                say(f"{name}: not found, skipped")
            continue  # a corpus only used for evaluation may be absent
        units = load_units(spec, data_dir, tokenizer, sample_dir=sample_path, registry_dir=registry_path)
        documents: list[str] = []
        if spec.trainable:
            tr_i, dv_i, ho_i = split_indices(
                [len(u) for u in units], seed=seed, key=spec.split_key or name,
                heldout_fraction=spec.heldout_fraction, dev_fraction=spec.dev_fraction,
                max_heldout=caps_held, max_dev=caps_dev,
            )
            tr, dv, ho = ([units[i] for i in part] for part in (tr_i, dv_i, ho_i))
            if spec.root == "sample" and in_mix and sample_path is not None:
                paths = [p.name for p, _t, _n in _sample_documents(sample_path, lang)]
                documents = sorted(paths[i] for i in tr_i)
        else:
            tr, dv, ho = [], [], units
        tr_s = _flatten(tr)
        cap = mixed.get(name)
        limit = min(x for x in (cap, max_sentences, len(tr_s)) if x is not None)
        tr_s = tr_s[:limit] if in_mix else []
        dv_s, ho_s = _flatten(dv), _flatten(ho)
        if max_sentences is not None:
            ho_s = ho_s[:caps_held]
        train.extend(tr_s * repeats.get(name, 1))
        dev.extend(dv_s)
        if spec.evaluate:
            heldout[name] = ho_s
        if in_mix or not spec.trainable:
            used_specs.append(spec)
        data_rows.append(
            {
                "name": name,
                "role": "train" if in_mix else ("evaluation only" if not spec.trainable else "held-out only"),
                "train_sentences": len(tr_s),
                "train_tokens": sum(len(s.words) for s in tr_s),
                "train_entities": _entity_counts(tr_s),
                "dev_sentences": len(dv_s),
                "heldout_sentences": len(ho_s) if spec.evaluate else 0,
                **({"documents": documents} if documents else {}),
            }
        )
        say(f"{name}: train {len(tr_s)}, dev {len(dv_s)}, held-out {len(ho_s)} sentences")
    if not train:
        raise ner_bad_setting("--corpus", "the training mix has no sentences")

    fix_random_seed(seed)
    random.Random(seed).shuffle(train)
    with tempfile.TemporaryDirectory(prefix="ccg-ner-") as tmp_name:
        tmp = Path(tmp_name)
        vocab = spacy.blank(lang).vocab
        to_docbin(vocab, train).to_disk(tmp / "train.spacy")
        to_docbin(vocab, dev or train[:50]).to_disk(tmp / "dev.spacy")
        overrides = {
            "paths.train": str(tmp / "train.spacy"),
            "paths.dev": str(tmp / "dev.spacy"),
            "system.seed": seed,
            "training.max_steps": max_steps,
            "nlp.lang": lang,
            **dict(config_overrides or {}),
        }
        config = load_config(cfg, overrides=overrides, interpolate=False)
        nlp = init_nlp(config, use_gpu=-1)
        config = nlp.config.interpolate()
        T = registry.resolve(config["training"], schema=ConfigSchemaTraining)
        train_corpus, dev_corpus = resolve_dot_names(config, [T["train_corpus"], T["dev_corpus"]])
        optimizer = T["optimizer"]
        dev_examples = list(dev_corpus(nlp))

        def evaluate() -> tuple[float, dict[str, Any]]:
            scores = nlp.evaluate(dev_examples)
            per_type = scores.get("ents_per_type") or {}
            return float((per_type.get("ORG") or {}).get("f", 0.0)), scores

        steps = train_while_improving(
            nlp,
            optimizer,
            create_train_batches(nlp, train_corpus, T["batcher"], T["max_epochs"]),
            evaluate,
            dropout=T["dropout"],
            accumulate_gradient=T["accumulate_gradient"],
            patience=T["patience"],
            max_steps=T["max_steps"],
            eval_frequency=T["eval_frequency"],
            exclude=T["frozen_components"],
            annotating_components=T["annotating_components"],
            before_update=T["before_update"],
        )
        best_dir = tmp / "best"
        start = time.monotonic()
        cpu_start = time.process_time()
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
                loss = info["losses"].get("ner", 0.0)
                say(
                    f"step {last_step:>6}  epoch {info['epoch']:>3}  {time.monotonic() - start:>6.0f}s  "
                    f"ner loss {loss:>9.1f}  dev ORG F1 {info['score']:.3f}  dev F1 {info['other_scores'].get('ents_f', 0):.3f}"
                )
                if is_best:
                    checkpoint(last_step, info["score"], info["other_scores"])
            if time.monotonic() - start >= max_seconds:
                break
        seconds = time.monotonic() - start
        cpu_seconds = time.process_time() - cpu_start
        with nlp.use_params(optimizer.averages):
            final_score, final_scores = evaluate()
        if final_score > best_score or best_step < 0:
            say(f"step {last_step:>6}  final  dev ORG F1 {final_score:.3f}")
            checkpoint(last_step, final_score, final_scores)

        best = spacy.load(best_dir)
        best.meta.update(
            {
                "name": f"ccg_ner_{lang}",
                "version": "1.0.0",
                "description": f"Cross-Cluster Graph NER ({lang}): ORG, PER, LOC; trained from open data",
                "license": "CC BY 4.0 (trained on CC BY 4.0 corpora; see model-card.md for attribution)",
                "author": "Cross-Cluster Graph project",
                "sources": [
                    {"name": s.title, "license": s.licence, "author": s.citation} for s in used_specs if s.trainable
                ],
            }
        )
        _save_model(best, out_dir)  # before evaluation, so no evaluation text reaches the saved vocabulary
    size = _dir_size(out_dir, exclude=("model-card.md", "model-card.json"))
    model = spacy.load(out_dir)
    scores: dict[str, dict[str, LabelScore]] = {}
    pooled: list[TaggedSentence] = []
    for name, sents in heldout.items():
        if not sents:
            continue
        spec = CORPORA[name]
        if spec.partial:
            scores[name] = {"ORG": evaluate_sentences(model, sents, labels=("ORG",))["ORG"]}
            continue  # only organisations are annotated: not pooled
        scores[name] = evaluate_sentences(model, sents)
        if spec.trainable:
            pooled.extend(sents)
    scores = {"heldout": evaluate_sentences(model, pooled), **scores}
    wps = words_per_second(model, [" ".join(s.words) for s in pooled])
    settings = {
        "seed": seed,
        "max_steps": max_steps,
        "max_seconds": max_seconds,
        "max_sentences": max_sentences,
        "cpu_seconds": round(cpu_seconds),
        "dropout": config["training"]["dropout"],
        "eval_frequency": config["training"]["eval_frequency"],
        "tok2vec_width": config["components"]["tok2vec"]["model"]["encode"]["width"],
        "hash_rows": list(config["components"]["tok2vec"]["model"]["embed"]["rows"]),
        "spacy_version": spacy.__version__,
        **{f"override {k}": v for k, v in (config_overrides or {}).items()},
    }
    card = ModelCard(
        lang=lang,
        path=str(out_dir),
        mix=tuple(item for item in (corpora if corpora is not None else DEFAULT_MIX[lang])),
        data=data_rows,
        scores=scores,
        words_per_second=round(wps, 1),
        size_bytes=size,
        steps=last_step,
        best_step=best_step,
        seconds=round(seconds, 1),
        settings=settings,
        sources=[
            {"name": s.name, "title": s.title, "licence": s.licence, "citation": s.citation} for s in used_specs
        ],
    )
    (out_dir / "model-card.md").write_text(card.to_markdown(), encoding="utf-8")
    (out_dir / "model-card.json").write_text(card.to_json() + "\n", encoding="utf-8")
    return card


def comparison_table(cards: Sequence[ModelCard], eval_sets: Sequence[str] | None = None) -> str:
    """A markdown table of ORG precision/recall/F1 of several runs (one row per run).

    Examples
    --------
    >>> c = ModelCard("de", "m", ("germeval",), [], {"heldout": {"ORG": LabelScore(0.5, 0.4, 0.444, 9, 7)}},
    ...               1000.0, 1, 10, 10, 1.0, {})
    >>> print(comparison_table([c]))
    | training mix | steps | heldout ORG P / R / F1 |
    |---|---:|---|
    | germeval | 10 | 0.500 / 0.400 / 0.444 |
    """
    sets = list(eval_sets) if eval_sets else list(dict.fromkeys(k for c in cards for k in c.scores))
    head = "| training mix | steps | " + " | ".join(f"{s} ORG P / R / F1" for s in sets) + " |"
    rule = "|---|---:|" + "---|" * len(sets)
    rows = [head, rule]
    for c in cards:
        cells = []
        for s in sets:
            sc = c.org(s)
            cells.append(f"{sc.precision:.3f} / {sc.recall:.3f} / {sc.f1:.3f}" if sc else "-")
        rows.append(f"| {' + '.join(c.mix)} | {c.steps} | " + " | ".join(cells) + " |")
    return "\n".join(rows)



COMPARISON_HEADING = "## Data mixes compared"


def with_comparison(card_markdown: str, table: str, note: str = "") -> str:
    """Return ``card_markdown`` with its data-mix comparison section set to ``table`` (and ``note``).

    Examples
    --------
    >>> md = with_comparison("# card\\n", "| a |")
    >>> md.count(COMPARISON_HEADING), with_comparison(md, "| b |").count("| a |")
    (1, 0)
    """
    head, _, rest = card_markdown.partition(COMPARISON_HEADING)
    tail = ""
    if rest:
        nxt = rest.find("\n## ")
        tail = rest[nxt + 1 :] if nxt >= 0 else ""
    section = f"{COMPARISON_HEADING}\n\n{note.strip()}\n\n{table.strip()}\n\n" if note else f"{COMPARISON_HEADING}\n\n{table.strip()}\n\n"
    return head.rstrip("\n") + "\n\n" + section + tail
