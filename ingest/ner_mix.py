"""The NER corpora the project knows and the training mix: where each corpus lives, how to cite it.

:data:`CORPORA` names every corpus under ``shared/data/ner`` (and the project's own in-domain sample),
with its reader, label map, licence and citation; :data:`DEFAULT_MIX` is the training mix of the
shipped models and :func:`parse_mix` reads mix items given on the command line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ingest.errors import ner_bad_setting
from ingest.ner_corpora import (
    GERMEVAL_LABELS,
    LER_LABELS,
    SMARTDATA_LABELS,
    UPPER_LABELS,
    WNUT_LABELS,
)

__all__ = [
    "CORPORA",
    "DEFAULT_MIX",
    "DEV_FRACTION",
    "HELDOUT_FRACTION",
    "MAX_DEV_SENTENCES",
    "MAX_HELDOUT_SENTENCES",
    "CorpusSpec",
    "parse_mix",
]


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



def _in_domain(lang: str, reader: str) -> CorpusSpec:
    """The sample documents of ``lang``, organisations labelled from the gold files or the registry."""
    gold = reader == "gold"
    return CorpusSpec(
        f"sample-{lang}" if gold else f"registry-{lang}", lang, ("*.gold.json",), reader, {"ORG": "ORG"},
        f"Project sample corpus, {lang} documents of data/sample with their gold actor lists (every occurrence "
        "of a gold name or alias labelled ORG; other capitalised tokens unannotated)" if gold else
        f"Project sample corpus, {lang} documents of data/sample labelled automatically with the registry's "
        "actor and cluster names and aliases (data/registry)",
        f"Cross-Cluster Graph project, {'data/sample/*.gold.json' if gold else 'data/registry/*.csv'}",
        "the project's own",
        # half of the documents held out, split alike for both labellings; registry labels are not gold
        root="sample", heldout_fraction=0.5, dev_fraction=0.0, partial=True, split_key=f"sample-{lang}", evaluate=gold,
    )


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
        *(
            CorpusSpec(
                f"uner-{split}", "en", (f"en-uner-ewt/en_ewt-ud-{split}.iob2",), "uner", UPPER_LABELS,
                f"Universal NER English-EWT, {split} split (web text) - evaluation only",
                "Mayhew et al.: Universal NER: A Gold-Standard Multilingual Named Entity Recognition "
                "Benchmark. NAACL 2024.",
                "CC BY-SA 4.0 (evaluation only, not trained on)",
                trainable=False,
            )
            for split in ("test", "dev")
        ),
        *(_in_domain(lang, reader) for reader in ("gold", "registry") for lang in ("de", "en")),
    )
}
"""The corpora under ``shared/data/ner`` by name (paths relative to the data folder)."""

DEFAULT_MIX: Mapping[str, tuple[str, ...]] = {
    "de": ("germeval*2", "smartdata", "ler:6000", "sample-de", "wikigold"),
    "en": ("btc", "wnut17", "wikigold", "sample-en"),
}
"""The training mix of the shipped models (``name`` or ``name:max_training_sentences``)."""

HELDOUT_FRACTION = 0.15
DEV_FRACTION = 0.05
MAX_HELDOUT_SENTENCES = 1000
MAX_DEV_SENTENCES = 300


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
        if spec is None or not spec.trainable or (spec.lang != lang and spec.root == "sample"):
            known = ", ".join(n for n, s in CORPORA.items() if s.trainable and (s.lang == lang or s.root != "sample"))
            raise ner_bad_setting("--corpus", f"unknown training corpus {name!r} for {lang}; use one of {known}")
        if (cap and not cap.isdigit()) or (repeat and not (repeat.isdigit() and int(repeat) >= 1)):
            raise ner_bad_setting("--corpus", f"{item!r}: use NAME, NAME:MAX_SENTENCES or NAME*REPEAT")
        out.append((name, int(cap) if cap else None, int(repeat) if repeat else 1))
    return out
